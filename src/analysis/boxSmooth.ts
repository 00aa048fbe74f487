import { assertInteger, assertNumberIn, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

/** Options of {@link boxSmooth}. */
export interface BoxSmoothOptions {
  /** Half-width of each moving average, in units of `x` (decades of lr when `x` is log10(lr)). */
  readonly radius: number;
  /**
   * Number of moving averages applied in turn; 3 passes approximate a Gaussian kernel of standard deviation
   * `radius` (a cascade of k boxes of half-width r has variance k·r²/3). __Default value:__ `3`
   */
  readonly passes?: number;
}

/**
 * A cascade of moving averages over a window of fixed width in `x` (not in points): each pass replaces `y[i]` by
 * the mean of every `y[j]` with `|x[j] − x[i]| ≤ radius`. Three passes approximate Gaussian kernel regression
 * (Nadaraya–Watson) in O(n) per pass, for any spacing of `x` (an exponential or a linear lr schedule alike).
 *
 * Every output is a convex combination of the inputs, so the result never leaves `[min y, max y]`: unlike a
 * Savitzky–Golay or spline fit it cannot ring or overshoot at a step (a blow-up). Near the ends the window is
 * truncated (one-sided), which flattens an end slope but never invents one. `x` must be non-decreasing; NaN in `y`
 * is not allowed (cut the curve first).
 *
 * @param x - positions, non-decreasing (e.g. log10(lr)).
 * @param y - values, same length, finite.
 * @param options - `radius` (required) and `passes`.
 * @returns the smoothed values, a new Float64Array.
 * @throws {TypeError} for non-numeric input; {RangeError} for mismatched lengths, a bad radius or passes.
 * @example
 * boxSmooth([0, 1, 2, 3, 4], [0, 0, 10, 0, 0], { radius: 1, passes: 1 });
 * // => Float64Array [0, 3.33…, 3.33…, 3.33…, 0]
 */
export function boxSmooth(x: NumericArray, y: NumericArray, options: BoxSmoothOptions): Float64Array {
  assertNumericArray('boxSmooth', x);
  assertNumericArray('boxSmooth', y);
  const n = y.length;
  if (x.length !== n) throw new RangeError(`boxSmooth: x must have the same length as y (got ${x.length}, expected ${n})`);
  const { radius, passes = 3 } = options;
  assertNumberIn('boxSmooth', 'radius', radius, 0, Infinity, { minInclusive: true });
  assertInteger('boxSmooth', 'passes', passes, 0);
  let cur = Float64Array.from(y);
  if (n === 0 || radius === 0) return cur;
  // centre the values before summing so that a large offset does not cost precision in the running sums
  let centre = 0;
  for (let i = 0; i < n; i++) centre += cur[i] / n;
  for (let i = 0; i < n; i++) cur[i] -= centre;
  let next = new Float64Array(n);
  for (let p = 0; p < passes; p++) {
    let lo = 0;
    let hi = 0; // window is [lo, hi)
    let sum = 0;
    for (let i = 0; i < n; i++) {
      while (hi < n && x[hi] - x[i] <= radius) sum += cur[hi++];
      while (x[i] - x[lo] > radius) sum -= cur[lo++];
      next[i] = sum / (hi - lo);
    }
    [cur, next] = [next, cur];
  }
  // the running sums can drift by a few ulps: clamp to the input's range, which a convex combination never leaves
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (y[i] < lo) lo = y[i];
    if (y[i] > hi) hi = y[i];
  }
  for (let i = 0; i < n; i++) cur[i] = Math.min(hi, Math.max(lo, cur[i] + centre));
  return cur;
}
