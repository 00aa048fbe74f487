import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { fingerprint } from './helpers.js';

const B = 4;
let data: { x: tf.Tensor3D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = tf.tidy(() => {
    const x = tf.randomNormal([16, 3, 2], 0, 1, 'float32', 5) as tf.Tensor3D;
    return { x, y: tf.sum(x, 1) as tf.Tensor2D };
  });
});
afterAll(() => tf.dispose([data.x, data.y]));

function statefulModel(kind: 'simpleRNN' | 'lstm'): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers[kind]({ units: 3, stateful: true, batchInputShape: [B, 3, 2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return model;
}

function statesOf(model: tf.LayersModel): string[] {
  const layer = model.layers[0] as unknown as { states_: tf.Tensor[] | null };
  return (layer.states_ ?? []).map((t) => Buffer.from(t.dataSync().buffer).toString('base64'));
}

describe('lrFind on a model with stateful RNN layers', () => {
  for (const kind of ['simpleRNN', 'lstm'] as const) {
    it(`${kind}: the layer's states are restored bit for bit, with the weights, and no tensor leaks`, async () => {
      const model = statefulModel(kind);
      // states carried over from earlier batches (not zeros)
      await model.trainOnBatch(data.x.slice(0, B), data.y.slice(0, B));
      await model.trainOnBatch(data.x.slice(B, B), data.y.slice(B, B));
      const states = statesOf(model);
      expect(states.length).toBe(kind === 'lstm' ? 2 : 1);
      const before = fingerprint(model);
      const tensors = tf.memory().numTensors;
      const { run } = await lrFind(model, data, { batchSize: B, confirm: false, numIt: 8, stopDiv: false });
      expect(run.lrs.length).toBe(8);
      expect(statesOf(model)).toEqual(states);
      expect(fingerprint(model)).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensors);
      model.dispose();
    });
  }

  it('with confirm trials (each trial starts from the saved states)', async () => {
    const model = statefulModel('lstm');
    await model.trainOnBatch(data.x.slice(0, B), data.y.slice(0, B));
    const states = statesOf(model);
    const tensors = tf.memory().numTensors;
    await lrFind(model, data, { batchSize: B, numIt: 8, stopDiv: false, confirm: { candidates: 2, budget: 12, validationData: { x: data.x.slice(0, B), y: data.y.slice(0, B) } } });
    expect(statesOf(model)).toEqual(states);
    expect(tf.memory().numTensors).toBe(tensors + 2); // the two slices above
    model.dispose();
  });
});
