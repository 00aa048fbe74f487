import { assertNumberIn, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

/** Options of {@link kernelSmooth}. */
export interface KernelSmoothOptions {
  /** Standard deviation of the Gaussian kernel, in units of `x` (decades of lr when `x` is log10(lr)). */
  readonly sigma: number;
}

/** At or above this many points per σ the kernel is applied as a cascade of three moving averages (O(n)). */
const CASCADE_FROM = 40;

/**
 * Gaussian kernel regression (Nadaraya–Watson) of `y` on `x`: each output is the kernel-weighted mean of the
 * values whose `x` lies within 4σ. The kernel is in units of `x`, not of points, so an exponential and a linear lr
 * schedule are smoothed alike. Sparse runs get the exact kernel (O(n · points per 4σ)); dense ones (≥ 40 points per
 * σ) a cascade of three moving averages of half-width σ over `x` (variance 3·σ²/3 = σ²), which is O(n).
 *
 * Every output is a convex combination of the inputs, so the result never leaves `[min y, max y]`: unlike a
 * Savitzky–Golay or spline fit it cannot ring or overshoot at a step (a blow-up). Near the ends the kernel is
 * truncated (one-sided), which flattens an end slope but never invents one. `x` must be non-decreasing; `y` finite
 * (cut the curve first).
 *
 * @param x - positions, non-decreasing (e.g. log10(lr)).
 * @param y - values, same length, finite.
 * @param options - `sigma`, the kernel's scale (0 returns a copy).
 * @returns the smoothed values, a new Float64Array.
 * @throws {TypeError} for non-numeric input; {RangeError} for mismatched lengths or a bad sigma.
 * @example
 * kernelSmooth([0, 1, 2, 3, 4], [0, 0, 10, 0, 0], { sigma: 1 });
 * // => Float64Array [0.77…, 2.57…, 4.03…, 2.57…, 0.77…]
 */
export function kernelSmooth(x: NumericArray, y: NumericArray, options: KernelSmoothOptions): Float64Array {
  return kernelSmoothInto(x, y, options);
}

/**
 * {@link kernelSmooth} working in `scratch` (at least `y.length` long, neither `x` nor `y`): the result is `scratch`'s
 * first `y.length` values on a dense series (the cascade runs in place), a new array on a sparse one. For a caller
 * that needs the smoothed series only for a while.
 *
 * @example
 * kernelSmoothInto([0, 1, 2], [1, 1, 1], { sigma: 0.5 }, new Float64Array(3)); // => Float64Array [1, 1, 1]
 */
export function kernelSmoothInto(x: NumericArray, y: NumericArray, options: KernelSmoothOptions, scratch?: Float64Array): Float64Array {
  assertNumericArray('kernelSmooth', x, 'x');
  assertNumericArray('kernelSmooth', y, 'y');
  const n = y.length;
  if (x.length !== n) throw msg.sameLengthAs('kernelSmooth', 'x', 'y', x.length, n);
  const sigma = options?.sigma;
  assertNumberIn('kernelSmooth', 'sigma', sigma, 0, Infinity, { minInclusive: true });
  let cur: Float64Array;
  if (scratch === undefined) cur = Float64Array.from(y);
  else {
    cur = scratch.subarray(0, y.length);
    for (let i = 0; i < y.length; i++) cur[i] = y[i];
  }
  if (n === 0 || sigma === 0) return cur;
  // centre the values before summing so that a large offset does not cost precision in the sums
  let centre = 0;
  for (let i = 0; i < n; i++) centre += cur[i] / n;
  for (let i = 0; i < n; i++) cur[i] -= centre;
  const span = x[n - 1] - x[0];
  const perSigma = span > 0 ? (sigma * (n - 1)) / span : Infinity;
  cur = perSigma < CASCADE_FROM ? gaussian(x, cur, sigma) : cascade(x, cur, sigma);
  // the sums can drift by a few ulps: clamp to the input's range, which a convex combination never leaves
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (y[i] < lo) lo = y[i];
    if (y[i] > hi) hi = y[i];
  }
  for (let i = 0; i < n; i++) cur[i] = Math.min(hi, Math.max(lo, cur[i] + centre));
  return cur;
}

function gaussian(x: NumericArray, y: Float64Array, sigma: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  const reach = 4 * sigma;
  const inv = 1 / (2 * sigma * sigma);
  let lo = 0;
  for (let i = 0; i < n; i++) {
    while (x[i] - x[lo] > reach) lo++;
    let sw = 0;
    let s = 0;
    for (let j = lo; j < n && x[j] - x[i] <= reach; j++) {
      const d = x[j] - x[i];
      const w = Math.exp(-d * d * inv);
      sw += w;
      s += w * y[j];
    }
    out[i] = s / sw;
  }
  return out;
}

function cascade(x: NumericArray, y: Float64Array, radius: number): Float64Array {
  const n = y.length;
  // each pass writes its output over its input (y is the caller's scratch copy): a value still to leave the window
  // (indices lo … i − 1, already overwritten) waits in a ring as long as the widest window's left part — a 5M-point
  // run then needs one array of its length, not two. The windows are the same in every pass; where they do not move
  // forward with i (x not increasing, NaN in x), two arrays as before.
  let reach = 1;
  for (let i = 0, lo = 0, hi = 0; i < n; i++) {
    while (hi < n && x[hi] - x[i] <= radius) hi++;
    while (x[i] - x[lo] > radius) lo++;
    if (hi <= i || lo > i) return cascadeCopying(x, y, radius);
    if (i - lo + 1 > reach) reach = i - lo + 1;
  }
  const ring = new Float64Array(reach);
  for (let p = 0; p < 3; p++) {
    let lo = 0;
    let hi = 0; // the window is [lo, hi)
    let sum = 0;
    for (let i = 0; i < n; i++) {
      while (hi < n && x[hi] - x[i] <= radius) sum += y[hi++];
      while (x[i] - x[lo] > radius) {
        sum -= lo < i ? ring[lo % reach] : y[lo];
        lo++;
      }
      ring[i % reach] = y[i];
      y[i] = sum / (hi - lo);
    }
  }
  return y;
}

/** {@link cascade} with a second array: for windows that do not move forward with the index. */
function cascadeCopying(x: NumericArray, y: Float64Array, radius: number): Float64Array {
  const n = y.length;
  let cur: Float64Array = y;
  let next: Float64Array = new Float64Array(n);
  for (let p = 0; p < 3; p++) {
    let lo = 0;
    let hi = 0; // the window is [lo, hi)
    let sum = 0;
    for (let i = 0; i < n; i++) {
      while (hi < n && x[hi] - x[i] <= radius) sum += cur[hi++];
      while (x[i] - x[lo] > radius) sum -= cur[lo++];
      next[i] = sum / (hi - lo);
    }
    [cur, next] = [next, cur];
  }
  return cur;
}
