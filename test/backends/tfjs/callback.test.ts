import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lrFinderCallback, lrFindLoop, useBackend } from '../../../src/backends/tfjs/index.js';
import { scheduleLrs } from '../../../src/recorder/index.js';
import { blobs, fingerprint, mlp } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs();
});
afterAll(() => tf.dispose([data.x, data.y]));

describe('lrFinderCallback (inside model.fit)', () => {
  it('runs numIt batches across epochs at the scheduled lrs, then restores exactly', async () => {
    const model = mlp(tf.train.momentum(0.01, 0.9));
    await model.trainOnBatch(data.x.slice(0, 16), data.y.slice(0, 16));
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const finder = lrFinderCallback({ startLr: 1e-4, endLr: 1e-1, numIt: 10, stopDiv: false });
    expect(finder.epochsFor(128, 32)).toBe(3);
    const seen: number[] = [];
    await model.fit(data.x, data.y, {
      batchSize: 32,
      epochs: finder.epochsFor(128, 32),
      verbose: 0,
      callbacks: [finder, new tf.CustomCallback({ onBatchEnd: () => void seen.push((model.optimizer as unknown as { learningRate: number }).learningRate) })],
    });
    const { run, analysis } = finder.result!;
    expect(run.lrs.length).toBe(10);
    expect(seen).toEqual(Array.from(scheduleLrs({ startLr: 1e-4, endLr: 1e-1, numIt: 10 })));
    expect(Array.from(run.lrs)).toEqual(seen);
    expect(run.stopReason).toBe('completed');
    expect(run.meta).toMatchObject({ optimizer: 'Momentum', batchSize: 32, numIt: 10, backend: 'wasm' });
    expect(analysis.points).toBe(10);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('records the examples and batches per epoch fit trains on, so a full-batch fit is known to be one', async () => {
    const epochFacts = async (fitArgs: tf.ModelFitArgs): Promise<Record<string, unknown>> => {
      const model = mlp(tf.train.sgd(0.01));
      const finder = lrFinderCallback({ numIt: 6, stopDiv: false });
      await model.fit(data.x, data.y, { ...fitArgs, epochs: 6, verbose: 0, callbacks: [finder] });
      model.dispose();
      const { trainExamples, batchesPerEpoch } = finder.result!.run.meta;
      return { trainExamples, batchesPerEpoch, reason: finder.result!.analysis.choice.confidenceReason };
    };
    // 128 rows at batch 128: every step sees the whole set
    const full = await epochFacts({ batchSize: 128 });
    expect(full).toMatchObject({ trainExamples: 128, batchesPerEpoch: 1 });
    expect(full.reason).toMatch(/full batch/);
    // validationSplit: fit trains on the first 96 rows, in 3 batches of 32 (the last one kept whole)
    const split = await epochFacts({ batchSize: 32, validationSplit: 0.25 });
    expect(split).toMatchObject({ trainExamples: 96, batchesPerEpoch: 3 });
    expect(split.reason).not.toMatch(/full batch/);
    expect(await epochFacts({ batchSize: 40 })).toMatchObject({ trainExamples: 128, batchesPerEpoch: 4 });
  });

  it('records the batches per epoch of fitDataset, and no example count (a dataset does not say)', async () => {
    const model = mlp(tf.train.adam(0.001));
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(data.x)), ys: tf.data.array(tf.unstack(data.y)) }).batch(32).repeat() as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const finder = lrFinderCallback({ numIt: 6, stopDiv: false });
    await model.fitDataset(ds, { epochs: 2, batchesPerEpoch: 4, verbose: 0, callbacks: [finder] });
    expect(finder.result!.run.meta.batchesPerEpoch).toBe(4);
    expect(finder.result!.run.meta.trainExamples).toBeUndefined();
    model.dispose();
  });

  it('works inside fitDataset too', async () => {
    const model = mlp(tf.train.adam(0.001));
    const before = fingerprint(model);
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(data.x)), ys: tf.data.array(tf.unstack(data.y)) }).batch(32) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const finder = lrFinderCallback({ numIt: 10, stopDiv: false });
    await model.fitDataset(ds, { epochs: 5, verbose: 0, callbacks: [finder] });
    expect(finder.result!.run.lrs.length).toBe(10);
    expect(fingerprint(model)).toEqual(before);
    model.dispose();
  });

  it('stops fit on divergence and restores', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 7, 'meanSquaredError');
    const before = fingerprint(model);
    const finder = lrFinderCallback({ startLr: 1e-2, endLr: 1e8, numIt: 100 });
    await model.fit(data.x, data.y, { batchSize: 16, epochs: finder.epochsFor(128, 16), verbose: 0, callbacks: [finder] });
    expect(['diverged', 'non-finite']).toContain(finder.result!.run.stopReason);
    expect(finder.result!.run.lrs.length).toBeLessThan(100);
    expect(fingerprint(model)).toEqual(before);
    model.dispose();
  });

  it('stops on abort with the partial run, restored', async () => {
    const model = mlp(tf.train.adam(0.001));
    const before = fingerprint(model);
    const ac = new AbortController();
    const finder = lrFinderCallback({ numIt: 100, signal: ac.signal, onProgress: (p) => p.step === 3 && ac.abort() });
    await model.fit(data.x, data.y, { batchSize: 16, epochs: finder.epochsFor(128, 16), verbose: 0, callbacks: [finder] });
    expect(finder.result!.run.stopReason).toBe('aborted');
    expect(finder.result!.run.lrs.length).toBe(3);
    expect(fingerprint(model)).toEqual(before);
    model.dispose();
  });

  it('restore() in a finally undoes a fit that threw', async () => {
    const model = mlp(tf.train.adam(0.001));
    const before = fingerprint(model);
    const finder = lrFinderCallback({ numIt: 50 });
    let batches = 0;
    const bomb = new tf.CustomCallback({
      onBatchEnd: () => {
        if (++batches === 4) throw new Error('boom');
      },
    });
    try {
      await expect(model.fit(data.x, data.y, { batchSize: 16, epochs: 10, verbose: 0, callbacks: [finder, bomb] })).rejects.toThrow('boom');
      expect(fingerprint(model)).not.toEqual(before);
    } finally {
      finder.restore();
    }
    expect(fingerprint(model)).toEqual(before);
    finder.restore(); // idempotent
    model.dispose();
  });
});

describe('lrFindLoop with a from-scratch tfjs training step', () => {
  it('range-tests a hand-written optimizer.minimize loop', async () => {
    const w = tf.variable(tf.zeros([8, 3]));
    const opt = tf.train.sgd(0.01);
    const tensors = tf.memory().numTensors;
    const { run } = await lrFindLoop((lr) => {
      opt.setLearningRate(lr);
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(data.y, tf.matMul(data.x, w)), true)!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    }, { startLr: 1e-3, endLr: 1e3, numIt: 60 });
    expect(run.losses[0]).toBeCloseTo(Math.log(3), 5); // zero weights: uniform softmax
    expect(['diverged', 'non-finite']).toContain(run.stopReason);
    expect(tf.memory().numTensors).toBe(tensors);
    w.dispose();
    opt.dispose();
  });
});
