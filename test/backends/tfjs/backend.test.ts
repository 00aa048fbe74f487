import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLrfindError } from '../../../src/errors.js';
import { ensureTrainable, lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { architectureKey } from '../../../src/backends/tfjs/backend.js';
import { fingerprint, mlp, blobs } from './helpers.js';

function convnet(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return model;
}

function images(n = 64): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomUniform([n, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = tf.oneHot(tf.cast(tf.greater(tf.mean(x, [1, 2, 3]), 0.5), 'int32'), 2).toFloat() as tf.Tensor2D;
    return { x, y };
  });
}

beforeAll(() => {
  tf.env().set('PROD', true);
});
afterEach(async () => {
  await useBackend('wasm');
});

describe('useBackend', () => {
  it('auto picks wasm in Node without tfjs-node, and named backends switch', async () => {
    expect(await useBackend('auto')).toBe('wasm');
    expect(await useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await useBackend('wasm')).toBe('wasm');
  });

  it('a backend that is not installed is an E_OPTION error naming the package; an unknown name a RangeError', async () => {
    const error = await useBackend('tensorflow').catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_OPTION');
    expect((error as Error).message).toMatch(/tensorflow backend is not available here \(is @tensorflow\/tfjs-node installed\?\)/);
    await expect(useBackend('tpu' as 'cpu')).rejects.toThrow(RangeError);
  });
});

describe('backend fallback before training', () => {
  it('a convnet on wasm (no Conv2DBackpropFilter) falls back to cpu with one notice, then runs the whole test', async () => {
    await useBackend('wasm');
    const model = convnet();
    const { x, y } = images();
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const notices: string[] = [];
    const { run } = await lrFind(model, { x, y }, { numIt: 12, batchSize: 16, confirm: false, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([
      'lrfind: the wasm backend has no Conv2DBackpropFilter kernel, so this model cannot train on it; using cpu instead',
    ]);
    expect(run.meta.backend).toBe('cpu');
    expect(run.lrs.length).toBe(12);
    // the test ran on cpu; the global backend is what it was before lrFind
    expect(tf.getBackend()).toBe('wasm');
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('an MLP stays on wasm, silently; cpu is never probed', async () => {
    const model = mlp(tf.train.sgd(0.01));
    const { x, y } = blobs(32);
    const notices: string[] = [];
    expect(await ensureTrainable(model, x, y, { onNotice: (m) => notices.push(m) })).toEqual({ backend: 'wasm', fellBack: false });
    await useBackend('cpu');
    const before = fingerprint(model);
    expect(await ensureTrainable(model, x, y)).toEqual({ backend: 'cpu', fellBack: false });
    expect(fingerprint(model)).toEqual(before);
    expect(notices).toEqual([]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('the probe leaves the model exactly as it was', async () => {
    const model = convnet();
    const { x, y } = images(8);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    await ensureTrainable(model, x, y, { onNotice: () => {} });
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a fresh model of an architecture already checked skips the probe: the cache key ignores instance names only', () => {
    const build = (units = 5, optimizer: tf.Optimizer = tf.train.sgd(0.1), loss = 'categoricalCrossentropy'): tf.Sequential => {
      const m = tf.sequential({
        layers: [tf.layers.dense({ inputShape: [6], units, activation: 'relu' }), tf.layers.dense({ units: 2, activation: 'softmax' })],
      });
      m.compile({ optimizer, loss });
      return m;
    };
    const models = [build(), build(), build(7), build(5, tf.train.adam(0.1)), build(5, tf.train.sgd(0.1), 'meanSquaredError')];
    expect(models[0].layers[0].name).not.toBe(models[1].layers[0].name);
    const [a, b, wider, adam, mse] = models.map(architectureKey);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(wider).not.toBe(a);
    expect(adam).not.toBe(a);
    expect(mse).not.toBe(a);
    for (const m of models) m.dispose();
  });
});
