/**
 * MNIST for the task families, read from the `mnist` package's digit files in a fixed order (never `mnist.set()`,
 * which uses Math.random): per-digit slices, one-hot labels, a 14×14 pooled version and images as targets.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { memo, type Arrays } from './data.js';

const require = createRequire(import.meta.url);

let digitsCache: Float32Array[] | null = null;
/** The `mnist` package's digit files, read in a fixed order (never `mnist.set()`, which uses Math.random). */
function digits(): Float32Array[] {
  if (digitsCache === null) {
    const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
    digitsCache = Array.from({ length: 10 }, (_, d) =>
      Float32Array.from((JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data),
    );
  }
  return digitsCache;
}

/**
 * MNIST examples `from`…`to−1` of each digit in `classes` (interleaved by digit), one-hot over `classes.length`.
 * Training uses examples 0–499 of each digit, validation 500–599.
 */
export function mnist(classes: readonly number[], from: number, to: number): Arrays {
  const all = digits();
  const per = to - from;
  const n = per * classes.length;
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n * classes.length);
  for (let i = 0; i < per; i++) {
    classes.forEach((d, c) => {
      const row = i * classes.length + c;
      x.set(all[d].subarray((from + i) * 784, (from + i + 1) * 784), row * 784);
      y[row * classes.length + c] = 1;
    });
  }
  return { x, y, xShape: [n, 784], yShape: [n, classes.length] };
}

/** MNIST images mean-pooled 2×2 to 14×14, shaped [n, 14, 14, 1]. */
export function halve(a: Arrays): Arrays {
  const n = a.xShape[0];
  const x = new Float32Array(n * 196);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const p = i * 784 + 2 * r * 28 + 2 * c;
        x[i * 196 + r * 14 + c] = (a.x[p] + a.x[p + 1] + a.x[p + 28] + a.x[p + 29]) / 4;
      }
    }
  }
  return { x, y: a.y, xShape: [n, 14, 14, 1], yShape: a.yShape };
}

export const MNIST_ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Examples 0–499 of every digit. */
export const mnistTrain = memo(() => mnist(MNIST_ALL, 0, 500));
/** Examples 500–599 of every digit. */
export const mnistVal = memo(() => mnist(MNIST_ALL, 500, 600));

/** MNIST images as their own targets: examples `from`…`to−1` of every digit. */
export const mnistImages = (from: number, to: number): Arrays => {
  const a = mnist(MNIST_ALL, from, to);
  return { x: a.x, y: a.x, xShape: a.xShape, yShape: a.xShape };
};
