import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discriminativeLrs, DiscriminativeLrCallback, scheduleCallback, useBackend } from '../../../src/backends/tfjs/index.js';
import { oneCycleSchedule } from '../../../src/schedules/index.js';
import { blobs, mlp } from './helpers.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
});

// A linear two-layer model ŷ = x·W1·W2 (no bias, no activation) with the mean squared error: its gradients by hand
// are dŷ = 2(ŷ − y)/N, dW2 = (x·W1)ᵀ·dŷ, dW1 = xᵀ·(dŷ·W2ᵀ).
const X = [[1, 2, -1], [0.5, -1, 2], [-2, 0.3, 1], [1.5, 1, 0.2]];
const Y = [[1], [-0.5], [0.7], [2]];
const W1 = [[0.2, -0.4], [0.1, 0.3], [-0.5, 0.25]];
const W2 = [[0.6], [-0.3]];

type M = number[][];
const matmul = (a: M, b: M): M => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: M): M => a[0].map((_, j) => a.map((r) => r[j]));
function gradients(w1: M, w2: M): [M, M] {
  const h = matmul(X, w1);
  const yhat = matmul(h, w2);
  const d = yhat.map((r, i) => [(2 * (r[0] - Y[i][0])) / X.length]);
  return [matmul(transpose(X), matmul(d, transpose(w2))), matmul(transpose(h), d)];
}
const zip = (a: M, b: M, f: (x: number, y: number) => number): M => a.map((r, i) => r.map((v, j) => f(v, b[i][j])));

function linearModel(optimizer: tf.Optimizer): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 2, useBias: false, weights: [tf.tensor2d(W1)], name: 'body' }),
      tf.layers.dense({ units: 1, useBias: false, weights: [tf.tensor2d(W2)], name: 'head' }),
    ],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

function expectClose(actual: tf.Tensor, expected: M, tol = 2e-6): void {
  const a = actual.arraySync() as M;
  a.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i][j])))));
}

describe('discriminativeLrs: each group trains at its own lr', () => {
  const x = tf.tensor2d(X);
  const y = tf.tensor2d(Y);
  afterAll(() => tf.dispose([x, y]));
  const lr = 0.1;
  const slice = [1e-3, lr] as const; // two groups: the body at 1e-3, the head at 0.1
  const m = [1e-3 / lr, 1];

  it('SGD: matches the hand-computed update w ← w − lr_g · ∇w over 3 steps', async () => {
    const model = linearModel(tf.train.sgd(lr));
    const cb = discriminativeLrs({ groups: [['body'], ['head']], slice });
    expect(cb.lrMultipliers[0]).toBeCloseTo(m[0], 15);
    await model.fit(x, y, { batchSize: 4, epochs: 3, shuffle: false, verbose: 0, callbacks: [cb] });
    let [w1, w2] = [W1, W2];
    for (let t = 0; t < 3; t++) {
      const [g1, g2] = gradients(w1, w2);
      w1 = zip(w1, g1, (w, g) => w - lr * m[0] * g);
      w2 = zip(w2, g2, (w, g) => w - lr * m[1] * g);
    }
    expectClose(model.layers[0].getWeights()[0], w1);
    expectClose(model.layers[1].getWeights()[0], w2);
    // and the body did move, 100× less than it would have
    expect(Math.abs(w1[0][0] - W1[0][0])).toBeGreaterThan(1e-5);
    model.dispose();
  });

  it('Adam: matches the hand-computed update w ← w − lr_g · m̂ / (√v̂ + ε) over 3 steps', async () => {
    const [b1, b2, eps] = [0.9, 0.999, 1e-7];
    const model = linearModel(tf.train.adam(lr, b1, b2, eps));
    await model.fit(x, y, { batchSize: 4, epochs: 3, shuffle: false, verbose: 0, callbacks: [discriminativeLrs({ groups: 2, slice })] });
    let w = [W1, W2];
    const mom = w.map((a) => a.map((r) => r.map(() => 0)));
    const vel = w.map((a) => a.map((r) => r.map(() => 0)));
    for (let t = 1; t <= 3; t++) {
      const g = gradients(w[0], w[1]);
      w = w.map((wk, k) => {
        mom[k] = zip(mom[k], g[k], (a, gi) => b1 * a + (1 - b1) * gi);
        vel[k] = zip(vel[k], g[k], (a, gi) => b2 * a + (1 - b2) * gi * gi);
        const step = zip(mom[k], vel[k], (a, v) => a / (1 - b1 ** t) / (Math.sqrt(v / (1 - b2 ** t)) + eps));
        return zip(wk, step, (wi, s) => wi - lr * m[k] * s);
      });
    }
    // float32 Adam (ε = 1e-7 next to √v̂) against float64: 1e-5; the body moves ~1e-4 per step, the head ~0.1
    expectClose(model.layers[0].getWeights()[0], w[0], 1e-5);
    expectClose(model.layers[1].getWeights()[0], w[1], 1e-5);
    expect(Math.abs(w[0][0][0] - W1[0][0])).toBeGreaterThan(1e-4);
    model.dispose();
  });

  it('composes with a schedule, splits by count, and leaks no tensor', async () => {
    const data = blobs();
    const model = mlp(tf.train.momentum(0.01, 0.9));
    await model.fit(data.x, data.y, { batchSize: 32, epochs: 1, verbose: 0 }); // create the optimizer's slots
    const tensors = tf.memory().numTensors;
    const disc = discriminativeLrs({ groups: 2, slice: [undefined, 0.05] });
    expect(disc.lrMultipliers[0]).toBeCloseTo(0.1, 15);
    expect(disc.lrMultipliers[1]).toBe(1);
    const sched = scheduleCallback(oneCycleSchedule({ maxLr: 0.05, totalSteps: 8 }));
    await model.fit(data.x, data.y, { batchSize: 32, epochs: 2, verbose: 0, callbacks: [sched, disc] });
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('multipliers of 1 train exactly like no callback', async () => {
    const a = linearModel(tf.train.sgd(lr));
    const b = linearModel(tf.train.sgd(lr));
    await a.fit(x, y, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0, callbacks: [discriminativeLrs({ groups: 2, multipliers: [1, 1] })] });
    await b.fit(x, y, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0 });
    expect(a.layers[0].getWeights()[0].arraySync()).toEqual(b.layers[0].getWeights()[0].arraySync());
    a.dispose();
    b.dispose();
  });

  it('rejects bad groups and options naming the function', async () => {
    expect(() => discriminativeLrs({ groups: 2 })).toThrow(/discriminativeLrs: give exactly one of slice/);
    expect(() => discriminativeLrs({ groups: 2, multipliers: [1] })).toThrow(/multipliers must have one number per group \(2\)/);
    expect(() => new DiscriminativeLrCallback({ groups: [], slice: [1e-4, 1e-2] })).toThrow(TypeError);
    const model = linearModel(tf.train.sgd(lr));
    const fit = (cb: DiscriminativeLrCallback) => model.fit(x, y, { batchSize: 4, epochs: 1, verbose: 0, callbacks: [cb] });
    await expect(fit(discriminativeLrs({ groups: [['body']], slice: [1e-4, 1e-2] }))).rejects.toThrow(/every layer with trainable weights must be in a group \(missing: head\)/);
    await expect(fit(discriminativeLrs({ groups: [['body'], ['nope']], slice: [1e-4, 1e-2] }))).rejects.toThrow(/groups\[1\] names a layer the model does not have \(got "nope"\)/);
    await expect(fit(discriminativeLrs({ groups: [['body', 'head'], ['head']], slice: [1e-4, 1e-2] }))).rejects.toThrow(/layer head is in groups\[0\] and groups\[1\]/);
    await expect(fit(discriminativeLrs({ groups: 3, slice: [1e-4, 1e-2] }))).rejects.toThrow(/groups must be an integer in \[1, 2\]/);
    model.dispose();
  });
});
