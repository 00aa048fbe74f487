import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { accumulatingStep } from '../../../src/backends/tfjs/accumulate.js';
import { blobs, fingerprint, mlp, OPTIMIZERS } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs();
});
afterAll(() => tf.dispose([data.x, data.y]));

/** A seeded MLP without BatchNormalization (which normalizes each small batch on its own). */
function plain(optimizer: tf.Optimizer, seed = 3): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [8], units: 16, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed }), kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return model;
}

describe('lrFind({ accumulate: k })', () => {
  it('k batches of 16 per step record the losses of single batches of 16·k (same examples, same updates)', async () => {
    for (const [k, make] of [[2, () => tf.train.sgd(0.01)], [4, () => tf.train.adam(0.001)]] as const) {
      const small = plain(make());
      const large = plain(make());
      const options = { startLr: 1e-3, endLr: 1e-1, numIt: 12, stopDiv: false, shuffle: false, confirm: false };
      const a = await lrFind(small, data, { ...options, batchSize: 16, accumulate: k });
      const b = await lrFind(large, data, { ...options, batchSize: 16 * k });
      expect(a.run.meta).toMatchObject({ accumulate: k, batchSize: 16 });
      expect(b.run.meta.accumulate).toBeUndefined();
      expect(Array.from(a.run.lrs)).toEqual(Array.from(b.run.lrs));
      a.run.losses.forEach((loss, i) => expect(Math.abs(loss - b.run.losses[i]) / b.run.losses[i]).toBeLessThan(1e-5));
      // and it is not what one batch of 16 per step gives
      const c = await lrFind(plain(make()), data, { ...options, batchSize: 16 });
      expect(c.run.losses.some((loss, i) => Math.abs(loss - b.run.losses[i]) / b.run.losses[i] > 1e-3)).toBe(true);
      small.dispose();
      large.dispose();
    }
  });

  it("one batch through the accumulating step is trainOnBatch's step, bit for bit (loss, regularizer, update)", async () => {
    const a = plain(tf.train.adam(0.01));
    const b = plain(tf.train.adam(0.01));
    const batch = { xs: data.x.slice(0, 32), ys: data.y.slice(0, 32) };
    const step = accumulatingStep(a, a.optimizer, async () => batch, 1, (lr) => ((a.optimizer as unknown as { learningRate: number }).learningRate = lr));
    for (let i = 0; i < 3; i++) {
      const lossA = await step(0.01);
      const lossB = (await b.trainOnBatch(batch.xs, batch.ys)) as number;
      expect(lossA).toBe(lossB);
    }
    a.weights.forEach((w, i) => expect(Array.from(w.read().dataSync())).toEqual(Array.from(b.weights[i].read().dataSync())));
    tf.dispose([batch.xs, batch.ys]);
    a.dispose();
    b.dispose();
  });

  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    it(`restores weights and ${name}'s whole state bit for bit with accumulate: 3, with no tensor leaked`, async () => {
      const model = mlp(make());
      for (const warmed of [false, true]) {
        if (warmed) await model.trainOnBatch(data.x.slice(0, 16), data.y.slice(0, 16));
        const before = fingerprint(model);
        const tensors = tf.memory().numTensors;
        const { run } = await lrFind(model, data, { startLr: 1e-3, endLr: 1e3, numIt: 12, batchSize: 16, accumulate: 3 });
        expect(run.lrs.length).toBeGreaterThan(1);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(fingerprint(model)).toEqual(before);
      }
      model.dispose();
    });
  }

  it('rejects a bad accumulate', async () => {
    const model = mlp(tf.train.sgd(0.01));
    await expect(lrFind(model, data, { accumulate: 0 })).rejects.toThrow(/^lrFind: accumulate must be an integer >= 1 \(got 0\)$/);
    await expect(lrFind(model, data, { accumulate: 1.5 })).rejects.toThrow(RangeError);
    model.dispose();
  });
});
