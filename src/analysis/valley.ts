import { assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

/**
 * Index fastai v2's `valley` suggestion picks on a curve: the longest strictly decreasing subsequence (not
 * necessarily contiguous) is found, and the point `start + ⌊sec⌋ + ⌊sec/2⌋` with
 * `sec = (end − start) / 3` is taken, where `end` is the first index whose subsequence length is the maximum and
 * `start = end − length`. A negative index wraps like Python's (it can be −1 on a 2-point curve).
 *
 * fastai runs a quadratic double loop; this computes the identical index in O(n log n) (longest decreasing
 * subsequence lengths by patience sorting with binary search), so a 1,000,000-point curve takes
 * well under a second. Equivalence: the quadratic loop moves `max_end` to `i` only when `lds[i]` first exceeds the
 * running maximum M, at which moment `lds[i] = M + 1` = its final value, so `max_start = max_end − lds[max_end]`;
 * when no point ever exceeds 1, `max_start = max_end = 0`.
 *
 * Reference: fastai `fastai/callback/schedule.py` `valley`. Values should be free of NaN (fastai truncates at the
 * first NaN before calling it).
 *
 * @param values - the (smoothed) losses.
 * @returns the index into `values`, or -1 for an empty series.
 * @example
 * valleyIndex([9, 5, 4, 3, 2, 1, 1, 2, 3]); // => 2
 * valleyIndex([1, 2, 3]);                // => 0
 */
export function valleyIndex(values: NumericArray): number {
  assertNumericArray('valleyIndex', values);
  const n = values.length;
  if (n === 0) return -1;
  // Patience sorting on the negated values: tails[k] is the smallest possible last value (negated) of a strictly
  // decreasing subsequence of length k + 1; the subsequence ending at i has length (first k with tails[k] ≥ −v) + 1.
  const tails = new Float64Array(n);
  let size = 0;
  let best = 0;
  let maxEnd = 0;
  for (let i = 0; i < n; i++) {
    const v = -values[i];
    if (Number.isNaN(v)) {
      // NaN compares false with everything in fastai's loop: it neither extends nor is extended by a subsequence
      if (best === 0) best = 1;
      continue;
    }
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tails[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = v;
    if (lo === size) size++;
    if (lo + 1 > best) {
      best = lo + 1;
      maxEnd = i;
    }
  }
  const maxStart = best > 1 ? maxEnd - best : 0;
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  return idx < 0 ? ((idx % n) + n) % n : idx;
}
