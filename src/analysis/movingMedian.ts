import { assertInteger, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

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
 * Complexity O(n · window).
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
  if (window % 2 === 0) throw new RangeError(`movingMedian: window must be odd (got ${window})`);
  if (edges !== 'shrink' && edges !== 'shift') {
    throw new RangeError(`movingMedian: edges must be 'shrink' or 'shift' (got ${String(edges)})`);
  }
  const n = values.length;
  const out = new Float64Array(n);
  const w = edges === 'shift' ? Math.max(1, Math.min(window, n % 2 === 1 ? n : n - 1)) : window;
  const h = (w - 1) / 2;
  const buf = new Float64Array(w);
  for (let i = 0; i < n; i++) {
    // the window [from, from + len)
    let from: number;
    let len: number;
    if (edges === 'shift') {
      from = Math.min(Math.max(0, i - h), n - w);
      len = w;
    } else {
      const r = Math.min(h, i, n - 1 - i);
      from = i - r;
      len = 2 * r + 1;
    }
    for (let j = 0; j < len; j++) {
      // insertion sort: windows are small
      const v = values[from + j];
      let k = j;
      while (k > 0 && !(buf[k - 1] <= v)) {
        buf[k] = buf[k - 1];
        k--;
      }
      buf[k] = v;
    }
    out[i] = buf[(len - 1) / 2];
  }
  return out;
}
