import { assertInteger, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

/**
 * Centred moving median: `out[i]` is the median of `values[i−h … i+h]` (`h = (window − 1) / 2`), the window
 * shrinking symmetrically at the ends (`out[0] = values[0]`). A zero-phase, spike-proof smoother: one wild batch
 * (a range test near divergence has many) moves it not at all, where it would drag a mean or a polynomial fit.
 *
 * Non-finite values are not expected (cut the run at its first non-finite loss first); NaN sorts last.
 * Complexity O(n · window).
 *
 * @param values - the series (not mutated).
 * @param window - odd window length ≥ 1. __Default value:__ `5`
 * @returns the filtered series, same length.
 * @throws {RangeError} when `window` is not an odd integer ≥ 1.
 * @example
 * movingMedian([1, 9, 2, 3, 40, 4, 5]);     // => Float64Array [1, 2, 3, 4, 4, 5, 5]
 * movingMedian([1, 9, 2], 3);               // => Float64Array [1, 2, 2]
 */
export function movingMedian(values: NumericArray, window = 5): Float64Array {
  assertNumericArray('movingMedian', values);
  assertInteger('movingMedian', 'window', window, 1);
  if (window % 2 === 0) throw new RangeError(`movingMedian: window must be odd (got ${window})`);
  const n = values.length;
  const out = new Float64Array(n);
  const h = (window - 1) / 2;
  const buf = new Float64Array(window);
  for (let i = 0; i < n; i++) {
    const r = Math.min(h, i, n - 1 - i);
    const len = 2 * r + 1;
    for (let j = 0; j < len; j++) {
      // insertion sort: windows are small
      const v = values[i - r + j];
      let k = j;
      while (k > 0 && !(buf[k - 1] <= v)) {
        buf[k] = buf[k - 1];
        k--;
      }
      buf[k] = v;
    }
    out[i] = buf[r];
  }
  return out;
}
