/**
 * Deterministic data for the task families: seeded generators of examples, the shared generators (the smooth
 * regression, the Gaussian blobs) and memoized datasets per seed.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../src/backends/tfjs/data.js';

/** A dataset as flat arrays with their shapes. */
export interface Arrays {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly xShape: number[];
  readonly yShape: number[];
}

/** One example: `gen(rand, normal)` returns [features, targets]. */
export type Generator = (rand: () => number, normal: () => number) => [number[], number[]];

export const toTensors = (a: Arrays): { x: tf.Tensor; y: tf.Tensor } => ({
  x: tf.tensor(a.x, a.xShape),
  y: tf.tensor(a.y, a.yShape),
});

/** Box–Muller normals from a seeded uniform generator. */
export function normals(seed: number): () => number {
  const u = mulberry32(seed);
  return () => {
    const a = Math.max(u(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

/** Generated examples: `gen(rand, normal)` returns one [features, targets] pair. */
export function generate(n: number, seed: number, gen: Generator): Arrays {
  const rand = mulberry32(seed);
  const normal = normals(seed ^ 0x9e3779b9);
  const rows = Array.from({ length: n }, () => gen(rand, normal));
  const fx = rows[0][0].length;
  const fy = rows[0][1].length;
  return {
    x: Float32Array.from(rows.flatMap((r) => r[0])),
    y: Float32Array.from(rows.flatMap((r) => r[1])),
    xShape: [n, fx],
    yShape: [n, fy],
  };
}

export const oneHot = (k: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));

/** Memoize a pure function of the seed (data arrays, pretrained weights). */
export function memo<T>(f: (seed: number) => T): (seed: number) => T {
  const cache = new Map<number, T>();
  return (seed) => {
    if (!cache.has(seed)) cache.set(seed, f(seed));
    return cache.get(seed) as T;
  };
}

/** `n` training and `nVal` validation examples from `gen` (data seeds `2·seed + 1` and `2·seed + 2`). */
export const synthetic = (n: number, nVal: number, gen: Generator) =>
  memo((seed: number) => ({ train: generate(n, seed * 2 + 1, gen), val: generate(nVal, seed * 2 + 2, gen) }));

/** 1200 training and 400 validation sequences of `steps` × `features` from `gen` (data seed: `seed + seedOffset`). */
export const sequences = (gen: Generator, steps: number, features: number, seedOffset: number) =>
  memo((seed: number) => {
    const a = synthetic(1200, 400, gen)(seed + seedOffset);
    const reshape = (d: Arrays): Arrays => ({ ...d, xShape: [d.xShape[0], steps, features] });
    return { train: reshape(a.train), val: reshape(a.val) };
  });

/**
 * A smooth nonlinear target of 8 features plus Gaussian noise (sd 0.3, about a third of the signal's), times
 * `scale`: the same task at loss scales ×1e-4, ×1, ×1e4.
 */
export const regression =
  (scale: number): Generator =>
  (rand, normal) => {
    const x = Array.from({ length: 8 }, () => 2 * rand() - 1);
    const f = Math.sin(2 * x[0]) + x[1] * x[2] + 0.5 * x[3] ** 2 - 0.7 * x[4] + 0.3 * Math.cos(3 * x[5] * x[6]);
    return [x, [scale * (f + 0.3 * normal())]];
  };

/** Gaussian blobs in 20 dimensions, 5 classes with overlapping means. */
export const blobs =
  (centers: number[][]): Generator =>
  (rand, normal) => {
    const k = Math.floor(rand() * centers.length);
    return [centers[k].map((c) => c + 1.2 * normal()), oneHot(k, centers.length)];
  };

/** The 5 blob centres (20-d, fixed seed), shared by bn-dropout and holdout-deep-tanh. */
export const BLOB_CENTERS = (() => {
  const normal = normals(12345);
  return Array.from({ length: 5 }, () => Array.from({ length: 20 }, () => 0.6 * normal()));
})();
