/**
 * No tensor leaks when training throws: at the first step, mid-test, during the restore, during a confirm trial,
 * with gradient accumulation, in the backend check and inside a callback's fit — `tf.memory().numTensors` ends where
 * it started, and the model is restored bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isLrfindError } from '../../../src/errors.js';
import { lrFind, lrFinderCallback, useBackend } from '../../../src/backends/tfjs/index.js';
import { releaseFailedTape } from '../../../src/backends/tfjs/tape.js';
import { blobs, fingerprint } from './helpers.js';

/** A pass-through layer that throws on its `at`-th call (forward passes of training and evaluation alike). */
class Bomb extends tf.layers.Layer {
  static className = 'LrfindTestBomb';
  calls = 0;
  at = Infinity;
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (++this.calls === this.at) throw new Error('bomb');
    return tf.relu(x);
  }
}
tf.serialization.registerClass(Bomb);

function bombModel(at: number, optimizer: tf.Optimizer = tf.train.adam(0.01)): { model: tf.LayersModel; bomb: Bomb } {
  const bomb = new Bomb({});
  bomb.at = at;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [8], units: 6, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      bomb,
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return { model, bomb };
}

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  // cpu: no backend check before the test, so the bomb's call count is the test's own
  await useBackend('cpu');
  data = blobs(64);
});
afterAll(() => tf.dispose([data.x, data.y]));

async function expectNoLeak(at: number, options: Parameters<typeof lrFind>[2], message: RegExp, optimizer?: tf.Optimizer): Promise<void> {
  const { model, bomb } = bombModel(Infinity, optimizer);
  await model.trainOnBatch(data.x.slice(0, 16), data.y.slice(0, 16));
  bomb.calls = 0;
  bomb.at = at;
  const before = fingerprint(model);
  const tensors = tf.memory().numTensors;
  const error = await lrFind(model, data, { batchSize: 16, confirm: false, ...options }).catch((e: unknown) => e);
  expect(isLrfindError(error) && error.code).toBe('E_TRAINING');
  expect((error as Error).message).toMatch(message);
  expect(bomb.calls).toBe(at);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(fingerprint(model)).toEqual(before);
  model.dispose();
}

describe('lrFind leaks no tensor when training throws', () => {
  it('at the first step', async () => {
    await expectNoLeak(1, { numIt: 10 }, /^lrFind: step 0 .*bomb/);
  });

  it('mid-test', async () => {
    await expectNoLeak(6, { numIt: 10 }, /^lrFind: step 5 .*bomb/);
  });

  it('mid-test, with plain SGD', async () => {
    await expectNoLeak(4, { numIt: 10 }, /^lrFind: step 3 .*bomb/, tf.train.sgd(0.01));
  });

  it('mid-test, with gradient accumulation', async () => {
    await expectNoLeak(5, { numIt: 10, accumulate: 2 }, /^lrFind: step 2 .*bomb/);
  });

  it('during a confirm trial', async () => {
    // 10 range-test steps, then the trials' steps: the 13th forward pass is in the first trial
    await expectNoLeak(13, { numIt: 10, stopDiv: false, confirm: { candidates: 2, budget: 20 } }, /^lrFind: the trial at lr .*bomb/);
  });

  it('during the restore: the snapshot is freed, every other part is put back, the error surfaces', async () => {
    const { model } = bombModel(Infinity);
    await model.trainOnBatch(data.x.slice(0, 16), data.y.slice(0, 16));
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    let armed = false;
    const original = tf.Variable.prototype.assign;
    const spy = vi.spyOn(tf.Variable.prototype, 'assign').mockImplementation(function (this: tf.Variable, value: tf.Tensor) {
      if (armed) {
        armed = false;
        throw new Error('assign failed');
      }
      original.call(this, value);
    });
    try {
      const error = await lrFind(model, data, {
        batchSize: 16,
        confirm: false,
        numIt: 5,
        onProgress: ({ step }) => {
          if (step === 5) armed = true; // the next assign is the restore's first
        },
      }).catch((e: unknown) => e);
      expect((error as Error).message).toBe('assign failed');
    } finally {
      spy.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(tensors);
    // the first weight could not be put back; every other one and the optimizer's state were
    const after = fingerprint(model);
    const differ = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    expect(differ).toEqual([`w:${model.weights[0].name}`]);
    model.dispose();
  });

  it('inside a lrFinderCallback fit (restore() after fit threw): only what fit itself leaks remains', async () => {
    // what a plain fit that throws leaks of its own (its batch slices), the tape's leftovers freed
    const { model: plain, bomb: plainBomb } = bombModel(Infinity);
    await plain.trainOnBatch(data.x.slice(0, 16), data.y.slice(0, 16)); // Adam's slots: state, not a leak
    plainBomb.at = plainBomb.calls + 4;
    const start = tf.memory().numTensors;
    await expect(plain.fit(data.x, data.y, { batchSize: 16, epochs: 1, verbose: 0 })).rejects.toThrow('bomb');
    releaseFailedTape();
    const fitOwn = tf.memory().numTensors - start;
    plain.dispose();
    const { model, bomb } = bombModel(4);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors + fitOwn;
    const finder = lrFinderCallback({ numIt: 10 });
    try {
      await expect(model.fit(data.x, data.y, { batchSize: 16, epochs: 3, verbose: 0, callbacks: [finder] })).rejects.toThrow('bomb');
    } finally {
      finder.restore();
    }
    expect(bomb.calls).toBe(4);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(fingerprint(model)).toEqual(before);
    model.dispose();
  });

  it('in the backend check before the test (wasm)', async () => {
    await useBackend('wasm');
    try {
      const { model } = bombModel(1);
      const tensors = tf.memory().numTensors;
      const error = await lrFind(model, data, { batchSize: 16, confirm: false, numIt: 5 }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^lrFind: the model cannot train on this data: bomb/);
      expect(tf.memory().numTensors).toBe(tensors);
      model.dispose();
    } finally {
      await useBackend('cpu');
    }
  });
});
