import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { analyzeRuns } from '../../../src/analysis/index.js';
import { blobs, fingerprint, mlp } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs();
});
afterAll(() => tf.dispose([data.x, data.y]));

describe('lrFind(..., { repeats })', () => {
  it('range-tests the same state with other batch orders and answers from the median curve', async () => {
    const model = mlp(tf.train.adam(1e-3));
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const result = await lrFind(model, data, { startLr: 1e-5, endLr: 10, numIt: 40, repeats: 3, seed: 7, confirm: false });
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    const { repeats } = result;
    expect(repeats!.runs).toHaveLength(3);
    expect(repeats!.runs[0]).toBe(result.run);
    expect(repeats!.runs.map((r) => [r.meta.seed, r.meta.repeat])).toEqual([[7, 1], [8, 2], [9, 3]]);
    // other batch orders: the raw losses differ after the first batches
    expect(Array.from(repeats!.runs[1].losses.slice(0, 10))).not.toEqual(Array.from(repeats!.runs[0].losses.slice(0, 10)));
    const expected = analyzeRuns(repeats!.runs, { numIt: 40 });
    expect(result.analysis.choice).toEqual(expected.analysis.choice);
    expect(repeats!.spreadDecades).toBe(expected.spreadDecades);
    expect(result.analysis.choice.confidenceReason).toMatch(/3 runs combined/);
    model.dispose();
  });

  it('refuses a repeat count that is not an integer in [1, 100]', async () => {
    const model = mlp(tf.train.sgd(0.1));
    for (const bad of [0, 1.5, 101, Number.NaN]) {
      await expect(lrFind(model, data, { repeats: bad })).rejects.toThrow(/lrFind: repeats must be an integer in \[1, 100\]/);
    }
    model.dispose();
  });
});
