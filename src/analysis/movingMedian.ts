import { assertInteger, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

/** How {@link movingMedian} treats the ends of the series. */
export type MedianEdges = 'shrink' | 'shift';

/**
 * Centred moving median: `out[i]` is the median of `values[i−h … i+h]` (`h = (window − 1) / 2`). At the ends the
 * window either shrinks symmetrically (`'shrink'`, the default: `out[0] = values[0]`) or keeps its full width by
 * shifting inwards (`'shift'`: `out[0]` is the median of the first `window` values — a high first batch is filtered
 * too). A zero-phase, spike-proof smoother: one wild batch (a range test near divergence has many) moves it not at
 * all, where it would drag a mean or a polynomial fit.
 *
 * Non-finite values are not expected (cut the run at its first non-finite loss first); NaN sorts last.
 * Complexity O(n · window) (a sorted window that slides; O(n · window²) when the series holds NaN).
 *
 * @param values - the series (not mutated).
 * @param window - odd window length ≥ 1 (a series shorter than it gets the longest odd window that fits, with
 * `'shift'`). __Default value:__ `5`
 * @param edges - `'shrink'` or `'shift'`. __Default value:__ `'shrink'`
 * @returns the filtered series, same length.
 * @throws {RangeError} when `window` is not an odd integer ≥ 1 or `edges` is unknown.
 * @example
 * movingMedian([1, 9, 2, 3, 40, 4, 5]);          // => Float64Array [1, 2, 3, 4, 4, 5, 5]
 * movingMedian([1, 9, 2], 3);                    // => Float64Array [1, 2, 2]
 * movingMedian([9, 1, 2, 3, 4], 3, 'shift');     // => Float64Array [2, 2, 2, 3, 3]
 */
export function movingMedian(values: NumericArray, window = 5, edges: MedianEdges = 'shrink'): Float64Array {
  assertNumericArray('movingMedian', values);
  assertInteger('movingMedian', 'window', window, 1);
  if (window % 2 === 0) throw msg.windowNotOdd('movingMedian', 'window', window);
  if (edges !== 'shrink' && edges !== 'shift') {
    throw msg.notOneOf('movingMedian', 'edges', "'shrink' or 'shift'", edges);
  }
  const n = values.length;
  const out = new Float64Array(n);
  const w = edges === 'shift' ? Math.max(1, Math.min(window, n % 2 === 1 ? n : n - 1)) : window;
  const h = (w - 1) / 2;
  const buf = new Float64Array(w);
  // the median of the window [from, from + len) by insertion sort (windows are small); NaN sorts last
  const medianOf = (from: number, len: number): number => {
    for (let j = 0; j < len; j++) {
      const v = values[from + j];
      let k = j;
      // shift while the previous value sorts after v: it is larger, or it is NaN and v is not
      while (k > 0 && (buf[k - 1] > v || (Number.isNaN(buf[k - 1]) && !Number.isNaN(v)))) {
        buf[k] = buf[k - 1];
        k--;
      }
      buf[k] = v;
    }
    return buf[(len - 1) / 2];
  };
  let hasNaN = false;
  for (let i = 0; i < n && !hasNaN; i++) hasNaN = Number.isNaN(values[i]);
  // full windows [i − h, i + h] slide by one: keep them sorted, one removal and one insertion per step (O(n · w)
  // instead of O(n · w²)); NaN has no place in a sorted order, so a series with NaN takes the per-window sort
  const interiorFrom = h;
  const interiorTo = n - 1 - h;
  if (!hasNaN && w > 1 && interiorTo >= interiorFrom) {
    for (let j = 0; j < w; j++) buf[j] = values[j];
    buf.sort();
    out[interiorFrom] = buf[h];
    for (let i = interiorFrom + 1; i <= interiorTo; i++) {
      const gone = values[i - h - 1];
      const come = values[i + h];
      let at = lowerBound(buf, w, gone);
      buf.copyWithin(at, at + 1, w);
      at = lowerBound(buf, w - 1, come);
      buf.copyWithin(at + 1, at, w - 1);
      buf[at] = come;
      out[i] = buf[h];
    }
    for (let i = 0; i < Math.min(interiorFrom, n); i++) out[i] = edges === 'shift' ? out[interiorFrom] : medianOf(0, 2 * i + 1);
    for (let i = Math.max(interiorTo + 1, interiorFrom); i < n; i++) {
      out[i] = edges === 'shift' ? out[interiorTo] : medianOf(2 * i - n + 1, 2 * (n - 1 - i) + 1);
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    if (edges === 'shift') {
      out[i] = medianOf(Math.min(Math.max(0, i - h), n - w), w);
    } else {
      const r = Math.min(h, i, n - 1 - i);
      out[i] = medianOf(i - r, 2 * r + 1);
    }
  }
  return out;
}

/** The first index k < len with sorted[k] >= v (binary search). */
function lowerBound(sorted: Float64Array, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
