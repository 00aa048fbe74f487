import { assertInteger, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

/** Options of {@link localExtrema}. */
export interface LocalExtremaOptions {
  /**
   * How many points on each side a value must be ≤ (minima) or ≥ (maxima) of. The noise filter: larger orders
   * ignore wiggles narrower than `order` steps.
   * __Default value:__ `1`
   */
  readonly order?: number;
  /**
   * `'min'` compares with `≤` (scipy `np.less_equal`), `'max'` with `≥` (`np.greater_equal`).
   * __Default value:__ `'min'`
   */
  readonly kind?: 'min' | 'max';
}

/**
 * Indices of the relative extrema of a series, identical to
 * `scipy.signal.argrelextrema(values, np.less_equal | np.greater_equal, order, mode='clip')`.
 *
 * With `mode='clip'` a neighbour beyond an end is the end point itself, so with the non-strict comparators the
 * ends and every point of a flat plateau can qualify. A NaN never qualifies and disqualifies every point within
 * `order` of it (comparisons with NaN are false, as in numpy).
 *
 * Reference: scipy `signal/_peak_finding.py` (`_boolrelextrema`). Complexity O(n) (a sliding-window min/max),
 * independent of `order`.
 *
 * @param values - the series (not mutated).
 * @param options - see {@link LocalExtremaOptions}.
 * @returns the ascending indices of the extrema.
 * @throws {TypeError} when `values` is not numeric; {RangeError} when `order` is not an integer ≥ 1.
 * @example
 * localExtrema([3, 1, 2, 0, 5], { order: 1 });               // => [1, 3]
 * localExtrema([3, 1, 2, 0, 5], { order: 2 });               // => [3]
 * localExtrema([1, 1, 1], { order: 1 });                     // => [0, 1, 2]
 * localExtrema([0, 2, 1], { kind: 'max' });                  // => [1]
 */
export function localExtrema(values: NumericArray, options: LocalExtremaOptions = {}): number[] {
  assertNumericArray('localExtrema', values);
  return localExtremaOf(values.length, (i) => values[i], options);
}

/**
 * {@link localExtrema} of a series given by its length and its `i`-th value: for a series that is computed where it
 * is read (a gradient) rather than held as an array of the run's length.
 *
 * @example
 * localExtremaOf(5, (i) => [3, 1, 2, 0, 5][i], { order: 1 }); // => [1, 3]
 */
export function localExtremaOf(n: number, at: (i: number) => number, options: LocalExtremaOptions = {}): number[] {
  const { order = 1, kind = 'min' } = options;
  assertInteger('localExtrema', 'order', order, 1);
  if (kind !== 'min' && kind !== 'max') {
    throw msg.notOneOf('localExtrema', 'kind', "'min' or 'max'", kind);
  }
  const result: number[] = [];
  if (n === 0) return result;
  const sign = kind === 'min' ? 1 : -1;
  if (order <= 16) return direct(n, at, order, sign);
  // NaN anywhere in the clipped window [i-order, i+order] disqualifies i: count NaNs with a prefix sum
  const nanPrefix = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) nanPrefix[i + 1] = nanPrefix[i] + (Number.isNaN(at(i)) ? 1 : 0);
  // sliding-window minimum of sign*value over [i-order, i+order] (monotone deque of indices)
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let next = 0; // next index to push
  for (let i = 0; i < n; i++) {
    const hi = Math.min(n - 1, i + order);
    const lo = Math.max(0, i - order);
    while (next <= hi) {
      const v = sign * at(next);
      if (!Number.isNaN(v)) {
        while (tail > head && sign * at(deque[tail - 1]) >= v) tail--;
        deque[tail++] = next;
      }
      next++;
    }
    while (tail > head && deque[head] < lo) head++;
    if (nanPrefix[hi + 1] - nanPrefix[lo] > 0) continue;
    // i itself is in the window, so the window min is ≤ value; i qualifies when it equals that min
    if (tail > head && sign * at(i) <= sign * at(deque[head])) result.push(i);
  }
  return result;
}

/**
 * The same test by direct comparison with the clipped neighbours, exiting at the first failure: most points fail
 * against their immediate neighbour, so for the small orders people use this beats the deque by ~3×.
 */
function direct(n: number, at: (i: number) => number, order: number, sign: number): number[] {
  const result: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sign * at(i);
    if (Number.isNaN(v)) continue;
    let ok = true;
    for (let s = 1; s <= order && ok; s++) {
      // mode='clip': a neighbour beyond an end is the end point itself
      const right = sign * at(i + s < n ? i + s : n - 1);
      const left = sign * at(i - s >= 0 ? i - s : 0);
      ok = v <= right && v <= left;
    }
    if (ok) result.push(i);
  }
  return result;
}
