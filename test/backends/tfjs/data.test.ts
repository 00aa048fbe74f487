import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetSource, mulberry32, shuffledIndices, tensorSource } from '../../../src/backends/tfjs/data.js';
import { lrFind, useBackend } from '../../../src/backends/tfjs/index.js';
import { blobs, mlp } from './helpers.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
});

/** The example ids of the next `count` batches (x holds each example's id). */
async function ids(source: Awaited<ReturnType<typeof datasetSource>>, count: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const { xs } = await source.next();
    out.push(Array.from((xs as tf.Tensor).dataSync()));
  }
  return out;
}

describe('batches of tensor data', () => {
  it('every pass uses each example at most once, in a new seeded order; the incomplete batch is dropped', async () => {
    const x = tf.range(0, 10).reshape([10, 1]);
    const y = tf.zeros([10, 1]);
    const source = tensorSource('t', { x, y }, 3, true, 42);
    expect(source.batchesPerEpoch).toBe(3);
    expect(source.examples).toBe(10);
    const batches = await ids(source, 9);
    for (let pass = 0; pass < 3; pass++) {
      const seen = batches.slice(pass * 3, pass * 3 + 3).flat();
      expect(seen.length).toBe(9);
      expect(new Set(seen).size).toBe(9);
    }
    expect(batches.slice(0, 3)).not.toEqual(batches.slice(3, 6));
    const again = tensorSource('t', { x, y }, 3, true, 42);
    expect(await ids(again, 9)).toEqual(batches);
    source.dispose();
    again.dispose();
    tf.dispose([x, y]);
  });

  it('in order without shuffle; batchSize larger than the data is clamped', async () => {
    const x = tf.range(0, 5).reshape([5, 1]);
    const y = tf.zeros([5, 1]);
    const ordered = tensorSource('t', { x, y }, 2, false, 0);
    expect(await ids(ordered, 3)).toEqual([[0, 1], [2, 3], [0, 1]]);
    const whole = tensorSource('t', { x, y }, 64, false, 0);
    expect(whole.batchSize).toBe(5);
    ordered.dispose();
    whole.dispose();
    tf.dispose([x, y]);
  });

  it('a dataset is restarted when it runs out; an empty one is an error', async () => {
    const ds = tf.data.array([0, 1, 2, 3, 4]).map((i) => ({ xs: tf.tensor2d([[i as number]]), ys: tf.zeros([1, 1]) }));
    const source = await datasetSource('t', ds as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>);
    expect((await ids(source, 7)).flat()).toEqual([0, 1, 2, 3, 4, 0, 1]);
    source.dispose();
    const empty = tf.data.array([]) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    await expect(datasetSource('lrFind', empty)).rejects.toThrow(/lrFind: the dataset is empty/);
  });

  it('mulberry32 is deterministic and uniform enough', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation of 0 … n−1, the same for the same seed, and one generator gives a new order per call', () => {
    const a = shuffledIndices(50, mulberry32(3));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledIndices(50, mulberry32(3))).toEqual(a);
    const rand = mulberry32(3);
    const first = shuffledIndices(50, rand);
    expect(first).toEqual(a);
    expect(shuffledIndices(50, rand)).not.toEqual(a);
    expect(shuffledIndices(0, rand)).toEqual(new Int32Array(0));
    expect(shuffledIndices(1, rand)).toEqual(Int32Array.from([0]));
  });
});

describe('reproducibility', () => {
  it('the same seed on the same model gives the same run, loss for loss', async () => {
    const data = blobs();
    const a = mlp(tf.train.adam(0.001), 8, 3, 11);
    const b = mlp(tf.train.adam(0.001), 8, 3, 11);
    const ra = await lrFind(a, data, { numIt: 20, seed: 5 });
    const rb = await lrFind(b, data, { numIt: 20, seed: 5 });
    const rc = await lrFind(a, data, { numIt: 20, seed: 6 });
    expect(Array.from(rb.run.losses)).toEqual(Array.from(ra.run.losses));
    expect(Array.from(rc.run.losses)).not.toEqual(Array.from(ra.run.losses));
    a.dispose();
    b.dispose();
    tf.dispose([data.x, data.y]);
  });
});
