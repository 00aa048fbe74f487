import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLrfindError } from '../../../src/errors.js';
import { lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { scheduleLrs, type Run } from '../../../src/recorder/index.js';
import { blobs, fingerprint, mlp, OPTIMIZERS, positionalFingerprint } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs();
});
afterAll(() => tf.dispose([data.x, data.y]));

/** Train `steps` batches so the optimizer has slots and a non-zero iteration count. */
async function warm(model: tf.LayersModel, steps = 3): Promise<void> {
  for (let i = 0; i < steps; i++) await model.trainOnBatch(data.x.slice(i * 16, 16), data.y.slice(i * 16, 16));
}

describe('lrFind (tfjs, wasm backend)', () => {
  it('trains at the scheduled lrs and records raw losses, times and metadata', async () => {
    const model = mlp(tf.train.sgd(0.05));
    const { run, analysis } = await lrFind(model, data, { startLr: 1e-4, endLr: 1e-1, numIt: 20, stopDiv: false, confirm: false });
    expect(run.stopReason).toBe('completed');
    expect(Array.from(run.lrs)).toEqual(Array.from(scheduleLrs({ startLr: 1e-4, endLr: 1e-1, numIt: 20 })));
    expect(run.losses.length).toBe(20);
    expect(run.losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    expect(run.smoothedLosses!.length).toBe(20);
    expect(run.times!.every((t, i) => i === 0 || t >= run.times![i - 1])).toBe(true);
    expect(run.meta).toMatchObject({
      schedule: 'exp', startLr: 1e-4, endLr: 1e-1, numIt: 20, batchSize: 32, optimizer: 'SGD', backend: 'wasm',
      seed: 0, shuffle: true, trainableLayers: ['hidden7', 'bn7', 'head7'], frozenLayers: [],
      trainExamples: 128, batchesPerEpoch: 4, // with the default trials, the range test trains on the 102 not held back
    });
    expect(run.meta.frozen).toBeUndefined();
    expect(analysis.points).toBe(20);
    model.dispose();
  });

  it('the lr each step trains with is the scheduled one (linear schedule, read inside the optimizer)', async () => {
    const model = mlp(tf.train.sgd(0.05));
    const seen: number[] = [];
    const opt = model.optimizer as unknown as { applyGradients: (g: unknown) => void; learningRate: number };
    const apply = opt.applyGradients.bind(opt);
    opt.applyGradients = (g) => {
      seen.push(opt.learningRate);
      apply(g);
    };
    await lrFind(model, data, { startLr: 0.01, endLr: 0.1, numIt: 10, schedule: 'linear', stopDiv: false, confirm: false });
    const probe = seen.length - 10; // ensureTrainable's check step on wasm comes first
    expect(seen.slice(probe)).toEqual(Array.from(scheduleLrs({ startLr: 0.01, endLr: 0.1, numIt: 10, schedule: 'linear' })));
    model.dispose();
  });

  it('stops on divergence with plain SGD and a huge lr range', async () => {
    const model = mlp(tf.train.sgd(0.01));
    const { run } = await lrFind(model, data, { startLr: 1e-3, endLr: 1e4, numIt: 60 });
    expect(['diverged', 'non-finite']).toContain(run.stopReason);
    expect(run.lrs.length).toBeLessThan(60);
    model.dispose();
  });

  it('stops at the first NaN / Infinity loss (MSE, stopDiv off)', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 7, 'meanSquaredError');
    const { run } = await lrFind(model, data, { startLr: 1e-2, endLr: 1e8, numIt: 80, stopDiv: false });
    expect(run.stopReason).toBe('non-finite');
    expect(Number.isFinite(run.losses[run.losses.length - 1])).toBe(false);
    expect(Array.from(run.losses.slice(0, -1)).every(Number.isFinite)).toBe(true);
    model.dispose();
  });

  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    it(`restores weights and ${name}'s whole state bit for bit, fresh and warmed, with no tensor leaked`, async () => {
      const model = mlp(make());
      for (const warmed of [false, true]) {
        if (warmed) await warm(model);
        const before = fingerprint(model);
        const tensors = tf.memory().numTensors;
        const { run } = await lrFind(model, data, { startLr: 1e-3, endLr: 1e3, numIt: 25 });
        expect(run.lrs.length).toBeGreaterThan(1);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(fingerprint(model)).toEqual(before);
      }
      model.dispose();
    });
  }

  it('the fingerprint sees one training step (so the restore tests can fail)', async () => {
    const model = mlp(tf.train.adam(0.001));
    const before = fingerprint(model);
    await warm(model, 1);
    const after = fingerprint(model);
    for (const key of Object.keys(before).filter((k) => k.startsWith('w:'))) expect(after[key]).not.toEqual(before[key]);
    expect(after.iterations).toBe(1);
    model.dispose();
  });

  it('restores exactly when the loss turns NaN', async () => {
    const model = mlp(tf.train.momentum(0.01, 0.9), 8, 3, 7, 'meanSquaredError');
    await warm(model);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const { run } = await lrFind(model, data, { startLr: 1e-2, endLr: 1e9, numIt: 80, stopDiv: false });
    expect(run.stopReason).toBe('non-finite');
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('restores exactly when the caller aborts (E_ABORTED with the partial run)', async () => {
    const model = mlp(tf.train.adam(0.001));
    await warm(model);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const ac = new AbortController();
    const error = await lrFind(model, data, {
      numIt: 50,
      signal: ac.signal,
      onProgress: (p) => p.step === 6 && ac.abort(),
    }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_ABORTED');
    const run = (error as { details: { run: Run } }).details.run;
    expect(run.lrs.length).toBe(6);
    expect(run.stopReason).toBe('aborted');
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('restores exactly when training throws mid-run (E_TRAINING)', async () => {
    const model = mlp(tf.train.rmsprop(0.001));
    await warm(model);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    // a dataset whose 6th batch fails: 5 real steps have changed the weights by then
    const dataset = tf.data.generator(function* () {
      for (let i = 0; ; i++) {
        if (i === 5) throw new Error('disk on fire');
        yield tf.tidy(() => ({ xs: data.x.slice((i % 4) * 32, 32), ys: data.y.slice((i % 4) * 32, 32) }));
      }
    }) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const error = await lrFind(model, dataset, { numIt: 30, confirm: false }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_TRAINING');
    expect((error as Error).message).toMatch(/^lrFind: step 5 .*disk on fire/);
    expect((error as { details: { run: Run } }).details.run.lrs.length).toBe(5);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('leaves the model training exactly as if lrFind had never run (Adam)', async () => {
    const a = mlp(tf.train.adam(0.01), 8, 3, 3);
    const b = mlp(tf.train.adam(0.01), 8, 3, 3);
    b.setWeights(a.getWeights());
    await warm(a);
    await warm(b);
    await lrFind(a, data, { numIt: 20 });
    for (const m of [a, b]) await warm(m, 4);
    // the whole fingerprint: iteration count, every weight (head bias included), every Adam slot
    const fa = positionalFingerprint(a);
    const fb = positionalFingerprint(b);
    expect(Object.keys(fa).filter((k) => k.startsWith('o:') && k.includes(':', 2)).length).toBeGreaterThanOrEqual(2 * a.trainableWeights.length);
    expect(fa).toEqual(fb);
    a.dispose();
    b.dispose();
  });

  it('does not leak tensors over many runs', async () => {
    const model = mlp(tf.train.adam(0.001));
    const tensors = tf.memory().numTensors;
    for (let r = 0; r < 15; r++) await lrFind(model, data, { numIt: 8, seed: r });
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('takes a tf.data.Dataset of batches and cycles it for as many epochs as numIt needs', async () => {
    const model = mlp(tf.train.sgd(0.01));
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(data.x)), ys: tf.data.array(tf.unstack(data.y)) }).batch(40) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const tensors = tf.memory().numTensors;
    const { run } = await lrFind(model, ds, { startLr: 1e-4, endLr: 1e-2, numIt: 12, stopDiv: false });
    expect(run.lrs.length).toBe(12); // 128 examples in batches of 40: 4 batches per pass, 3 passes
    expect(run.meta.batchSize).toBe(40);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('records which layers are frozen, leaves trainable flags alone, and recommends one lr for the head', async () => {
    const model = mlp(tf.train.adam(0.001));
    model.layers[0].trainable = false;
    model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
    const flags = model.layers.map((l) => l.trainable);
    const { run, analysis } = await lrFind(model, data, { numIt: 30 });
    expect(model.layers.map((l) => l.trainable)).toEqual(flags);
    expect(run.meta).toMatchObject({ frozen: true, frozenLayers: ['hidden7'], trainableLayers: ['bn7', 'head7'] });
    expect(analysis.choice.name).toBe('lrfind.recommended');
    expect(analysis.choice.reason).toMatch(/^frozen body/);
    const unfrozen = await lrFind(model, data, { numIt: 30, frozen: false });
    expect(unfrozen.run.meta.frozen).toBe(false);
    expect(unfrozen.analysis.choice.name).toBe('lrfind.slice');
    model.dispose();
  });

  it('records a validation loss per step when given validation data', async () => {
    const model = mlp(tf.train.sgd(0.01));
    const { run } = await lrFind(model, data, { numIt: 5, validationData: { x: data.x.slice(0, 20), y: data.y.slice(0, 20) }, stopDiv: false });
    expect(run.valLosses!.length).toBe(5);
    expect(run.valLosses!.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    model.dispose();
  });

  it('rejects a non-model, an uncompiled model, bad data and bad options', async () => {
    await expect(lrFind({} as tf.LayersModel, data)).rejects.toThrow(/lrFind: model must be a tf.LayersModel/);
    const raw = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 3 })] });
    await expect(lrFind(raw, data)).rejects.toThrow(/must be compiled first/);
    const model = mlp(tf.train.sgd(0.01));
    await expect(lrFind(model, { x: [1, 2], y: [1] } as unknown as { x: tf.Tensor; y: tf.Tensor })).rejects.toThrow(TypeError);
    await expect(lrFind(model, { x: data.x, y: data.y.slice(0, 10) })).rejects.toThrow(/same number of examples \(got 128 and 10\)/);
    await expect(lrFind(model, data, { batchSize: 0 })).rejects.toThrow(/batchSize must be an integer >= 1 \(got 0\)/);
    await expect(lrFind(model, data, { startLr: -1 })).rejects.toThrow(/startLr must be a finite number > 0 \(got -1\)/);
    const wrong = await lrFind(model, { x: tf.zeros([4, 5]), y: tf.zeros([4, 3]) }).catch((e: unknown) => e);
    expect(isLrfindError(wrong) && wrong.code).toBe('E_TRAINING');
    expect((wrong as Error).message).toMatch(/^lrFind: .*expected a batch of elements where each example has shape \[8\]/);
    raw.dispose();
    model.dispose();
  });
});

describe('lrFind with named (dict) inputs, as model.fit takes them', () => {
  /** A two-input functional model: inputs `a` (5 features) and `b` (3), concatenated into a softmax head. */
  function twoInputs(): tf.LayersModel {
    const a = tf.input({ shape: [5], name: 'a' });
    const b = tf.input({ shape: [3], name: 'b' });
    const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const hidden = tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(joined);
    const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: out });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    return model;
  }
  const split = () => ({ a: data.x.slice([0, 0], [-1, 5]), b: data.x.slice([0, 5], [-1, 3]) });

  it('{ x: { a, b }, y } tensors: the run is recorded, the model restored, nothing leaks', async () => {
    const model = twoInputs();
    const x = split();
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const { run } = await lrFind(model, { x, y: data.y }, { numIt: 12, batchSize: 16, validationData: { x, y: data.y } });
    expect(run.losses.length).toBeGreaterThan(5);
    expect(run.valLosses?.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(fingerprint(model)).toEqual(before);
    tf.dispose([x.a, x.b]);
    model.dispose();
  });

  it('a tf.data.Dataset of { xs: { a, b }, ys } batches', async () => {
    const model = twoInputs();
    const x = split();
    const ds = tf.data
      .zip({ xs: tf.data.zip({ a: tf.data.array(tf.unstack(x.a)), b: tf.data.array(tf.unstack(x.b)) }), ys: tf.data.array(tf.unstack(data.y)) })
      .batch(32) as unknown as tf.data.Dataset<{ xs: tf.NamedTensorMap; ys: tf.Tensor }>;
    const tensors = tf.memory().numTensors;
    const { run } = await lrFind(model, ds, { numIt: 10 });
    expect(run.losses.length).toBeGreaterThan(5);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([x.a, x.b]);
    model.dispose();
  });

  it('refuses a bad dataset element without leaking the tensors it held', async () => {
    const model = twoInputs();
    const x = split();
    const ds = tf.data.generator(function* () {
      for (let i = 0; i < 3; i++) yield { xs: { a: x.a.slice(0, 8), b: 'not a tensor' }, ys: data.y.slice(0, 8) };
    }) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const tensors = tf.memory().numTensors;
    await expect(lrFind(model, ds, { numIt: 5 })).rejects.toThrow(/dataset elements must be \{ xs, ys \} tensors/);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([x.a, x.b]);
    model.dispose();
  });

  it('names that are not the model\'s inputs fail as training errors, restoring the model, leaking nothing', async () => {
    const model = twoInputs();
    const x = split();
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const error = await lrFind(model, { x: { a: x.a, c: x.b }, y: data.y }, { numIt: 5 }).catch((e: unknown) => e);
    expect(isLrfindError(error) || error instanceof Error).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(fingerprint(model)).toEqual(before);
    tf.dispose([x.a, x.b]);
    model.dispose();
  });
});
