/** Unclear or unvalidated inputs of the tfjs drivers: each refused with a typed error, before anything is touched. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lrFind, lrFinderCallback, useBackend } from '../../../src/backends/tfjs/index.js';
import { blobs, fingerprint, mlp } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('cpu');
  data = blobs(32);
});
afterAll(() => tf.dispose([data.x, data.y]));

/** lrFind must reject with `error` and leave the model and the tensor count as they were, no step taken. */
async function refused(options: Parameters<typeof lrFind>[2], error: Error | RegExp, input: Parameters<typeof lrFind>[1] = data): Promise<void> {
  const model = mlp(tf.train.adam(0.01), 8, 3, 41);
  await model.trainOnBatch(data.x.slice(0, 8), data.y.slice(0, 8));
  const before = fingerprint(model);
  const tensors = tf.memory().numTensors;
  let steps = 0;
  await expect(lrFind(model, input, { numIt: 10, confirm: false, ...options, onProgress: () => void steps++ })).rejects.toThrow(error);
  expect(steps).toBe(0);
  expect(fingerprint(model)).toEqual(before);
  expect(tf.memory().numTensors).toBe(tensors);
  model.dispose();
}

const dataset = (): tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }> =>
  tf.data.zip({ xs: tf.data.array(tf.unstack(data.x)), ys: tf.data.array(tf.unstack(data.y)) }).batch(8) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;

describe('lrFind refuses unclear inputs at once', () => {
  it('a tf.data.Dataset as validationData', async () => {
    const ds = dataset();
    await refused(
      { validationData: ds as never },
      new TypeError('lrFind: validationData must be { x, y } tensors, not a tf.data.Dataset (got a tf.data.Dataset); take a few of its batches into tensors'),
    );
    await refused({ confirm: { validationData: ds as never } }, /^lrFind: confirm\.validationData must be \{ x, y \} tensors, not a tf\.data\.Dataset/);
  });

  it('validationData that is not tensors', async () => {
    await refused({ validationData: { x: [1, 2], y: 3 } as never }, new TypeError('lrFind: validationData must be { x, y } tensors (got an object)'));
  });

  it('a disposed tensor as data, validation data or confirm data', async () => {
    const x = data.x.clone();
    x.dispose();
    await refused({}, new TypeError('lrFind: data.x is a disposed tensor (got a tensor of shape [32,8], disposed); pass live tensors'), { x, y: data.y });
    const y = data.y.clone();
    y.dispose();
    await refused({ validationData: { x: data.x, y } }, /^lrFind: validationData\.y is a disposed tensor \(got a tensor of shape \[32,3\], disposed\)/);
    await refused({ confirm: { validationData: { x: [x] as never, y: data.y } } }, /^lrFind: confirm\.validationData\.x\[0\] is a disposed tensor/);
  });

  it('numIt: 1', async () => {
    await refused({ numIt: 1 }, new RangeError('lrFind: numIt must be >= 2 — a range test sweeps from startLr to endLr, and one step tests one lr (got 1)'));
  });

  it('trial steps <= 0 or fractional, before the range test', async () => {
    await refused({ confirm: { steps: 0 } }, new RangeError('lrFind: confirm.steps must be an integer >= 1 (got 0)'));
    await refused({ confirm: { steps: -2 } }, new RangeError('lrFind: confirm.steps must be an integer >= 1 (got -2)'));
    await refused({ confirm: { steps: 1.5 } }, new RangeError('lrFind: confirm.steps must be an integer >= 1 (got 1.5)'));
    await refused({ confirm: { budget: 0.5 } }, new RangeError('lrFind: confirm.budget must be an integer >= 1 (got 0.5)'));
  });

  it('lrFinderCallback refuses numIt: 1', () => {
    expect(() => lrFinderCallback({ numIt: 1 })).toThrow(
      new RangeError('lrFinderCallback: numIt must be >= 2 — a range test sweeps from startLr to endLr, and one step tests one lr (got 1)'),
    );
  });
});
