import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { oneCycleFromAnalysis } from '../../../src/schedules/index.js';
import { blobs, mlp } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs(120);
});
afterAll(() => tf.dispose([data.x, data.y]));

/** The data with each example's index written into its first feature: what a batch holds can be read back. */
function tagged(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = data.x.arraySync().map((row, i) => [i, ...row.slice(1)]);
  return { x: tf.tensor2d(x), y: data.y.clone() };
}

/** Record which examples `model` trains on and which it is evaluated on. */
function spy(model: tf.LayersModel): { trained: Set<number>; evaluated: Set<number> } {
  const trained = new Set<number>();
  const evaluated = new Set<number>();
  const ids = (x: tf.Tensor | tf.Tensor[]): number[] => (x as tf.Tensor2D).slice([0, 0], [-1, 1]).dataSync() as unknown as number[];
  const train = model.trainOnBatch.bind(model);
  model.trainOnBatch = (x, y) => {
    for (const id of ids(x as tf.Tensor)) trained.add(Math.round(id));
    return train(x, y);
  };
  const evaluate = model.evaluate.bind(model);
  model.evaluate = (x, y, args) => {
    for (const id of ids(x as tf.Tensor)) evaluated.add(Math.round(id));
    return evaluate(x, y, args);
  };
  return { trained, evaluated };
}

const SMALL = { startLr: 1e-4, endLr: 100, numIt: 20, batchSize: 16 } as const;

describe('lrFind: the one answer, measured by default', () => {
  it('runs the confirm trials by default and answers with their lr, inside its range', async () => {
    const model = mlp(tf.train.adam(0.001));
    const result = await lrFind(model, data, SMALL);
    expect(result.confirmation).toBeDefined();
    expect(result.confirmation?.basis).toBe('held-back');
    expect(result.answer).toBe(result.analysis.answer);
    expect(result.answer?.basis).toBe('measured');
    expect(result.answer?.lr).toBe(result.confirmation?.lr);
    const [lo, hi] = result.answer!.range;
    expect(lo).toBeLessThanOrEqual(result.answer!.lr);
    expect(result.answer!.lr).toBeLessThanOrEqual(hi);
    // the schedules read the same answer, from the result or from the analysis
    expect(oneCycleFromAnalysis(result, { totalSteps: 50 }).schedule && oneCycleFromAnalysis(result, { totalSteps: 50 })).toMatchObject({ maxLr: result.answer!.lr });
    model.dispose();
  });

  it('confirm: false answers with the range-test estimate', async () => {
    const model = mlp(tf.train.adam(0.001));
    const result = await lrFind(model, data, { ...SMALL, confirm: false });
    expect(result.confirmation).toBeUndefined();
    expect(result.answer?.basis ?? 'range test').toBe('range test');
    model.dispose();
  });

  it('never trains on the held-back slice: not in the range test, not in any trial', async () => {
    const { x, y } = tagged();
    const model = mlp(tf.train.adam(0.001));
    const seen = spy(model);
    const result = await lrFind(model, { x, y }, SMALL);
    expect(result.confirmation?.basis).toBe('held-back');
    // the trials were measured on a fifth of the examples, and nothing ever trained on one of them
    expect(seen.evaluated.size).toBe(24);
    expect(seen.trained.size).toBeGreaterThan(0);
    expect([...seen.evaluated].filter((id) => seen.trained.has(id))).toEqual([]);
    expect(seen.trained.size + seen.evaluated.size).toBeLessThanOrEqual(120);
    // the run records what the range test trained on: the examples not held back
    expect(result.run.meta).toMatchObject({ trainExamples: 96, batchesPerEpoch: 6 });
    model.dispose();
    tf.dispose([x, y]);
  });

  it('never trains on the held-back batches of a dataset either', async () => {
    const { x, y } = tagged();
    const dataset = tf.data.zip({ xs: tf.data.array(x.unstack()), ys: tf.data.array(y.unstack()) }).batch(10) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const model = mlp(tf.train.adam(0.001));
    const seen = spy(model);
    const result = await lrFind(model, dataset, { ...SMALL, batchSize: undefined });
    expect(result.confirmation?.basis).toBe('held-back');
    expect([...seen.evaluated].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i)); // the first 2 batches
    expect([...seen.evaluated].filter((id) => seen.trained.has(id))).toEqual([]);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('data too small to hold any back: the default trials step aside with a notice; asked-for ones throw', async () => {
    const tiny = { x: data.x.slice(0, 1), y: data.y.slice(0, 1) };
    const model = mlp(tf.train.sgd(0.01));
    const notices: string[] = [];
    const result = await lrFind(model, tiny, { ...SMALL, numIt: 5, onNotice: (m) => notices.push(m) });
    expect(result.confirmation).toBeUndefined();
    expect(notices).toEqual([expect.stringMatching(/^lrFind: no confirm trials: lrFind: too few examples \(1\) to hold back 1/)]);
    await expect(lrFind(model, tiny, { ...SMALL, numIt: 5, confirm: true })).rejects.toThrow(/too few examples/);
    model.dispose();
    tf.dispose([tiny.x, tiny.y]);
  });

  it('its run serialises with arrays: JSON.stringify(result.run)', async () => {
    const model = mlp(tf.train.sgd(0.01));
    const { run } = await lrFind(model, data, { ...SMALL, confirm: false });
    const doc = JSON.parse(JSON.stringify(run)) as { lrs: unknown; losses: unknown; smoothedLosses: unknown; times: unknown };
    for (const key of ['lrs', 'losses', 'smoothedLosses', 'times'] as const) expect(Array.isArray(doc[key]), key).toBe(true);
    expect(doc.lrs).toEqual(Array.from(run.lrs));
    expect(run.lrs).toBeInstanceOf(Float64Array);
    model.dispose();
  });

  it('puts the global backend back as it was, and prints no tfjs banner from its own probe (fresh process)', () => {
    const script = `
      import * as tf from '@tensorflow/tfjs';
      import '@tensorflow/tfjs-backend-wasm';
      import { lrFind } from './dist/backends/tfjs/index.js';
      await tf.setBackend('wasm');
      const model = tf.sequential({ layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }),
        tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' }) ] });
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
      const x = tf.randomNormal([40, 6, 6, 1], 0, 1, 'float32', 1);
      const y = tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, (_, i) => i % 2), 'int32'), 2).toFloat();
      const r = await lrFind(model, { x, y }, { numIt: 8, batchSize: 8, onNotice: () => {} });
      console.log(JSON.stringify({ backend: tf.getBackend(), ran: r.run.meta.backend }));
    `;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('../../..', import.meta.url).pathname, encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).not.toMatch(/Hi, looks like/);
    expect(JSON.parse(out.stdout)).toEqual({ backend: 'wasm', ran: 'cpu' });
  });
});
