import { assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

/**
 * Index fastai v2's `valley` suggestion picks on a curve: the longest strictly decreasing subsequence (not
 * necessarily contiguous) is found, and the point `start + ⌊sec⌋ + ⌊sec/2⌋` with
 * `sec = (end − start) / 3` is taken, where `end` is the first index whose subsequence length is the maximum and
 * `start = end − length`. A negative index wraps like Python's (it can be −1 on a 2-point curve).
 *
 * fastai runs a quadratic double loop; this computes the identical index in O(n log n) (longest decreasing
 * subsequence lengths with a Fenwick tree of prefix maxima over value ranks), so a 1,000,000-point curve takes
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
 * valleyIndex([5, 4, 3, 2, 1, 1, 2, 3]); // => 2
 * valleyIndex([1, 2, 3]);                // => 0
 */
export function valleyIndex(values: NumericArray): number {
  assertNumericArray('valleyIndex', values);
  const n = values.length;
  if (n === 0) return -1;
  // descending ranks: rank 1 = largest value; strictly greater values have strictly smaller ranks
  const order = new Float64Array(n);
  let finiteCount = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) order[finiteCount++] = values[i];
  // NaN compares false with everything in fastai's loop: it neither extends nor is extended by a subsequence
  const sorted = order.subarray(0, finiteCount).sort().reverse();
  const unique: number[] = [];
  for (let i = 0; i < finiteCount; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique.push(sorted[i]);
  const rankOf = (v: number): number => {
    // binary search in the descending unique list
    let lo = 0;
    let hi = unique.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (unique[mid] > v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const tree = new Int32Array(unique.length + 1);
  let best = 0;
  let maxEnd = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) {
      if (best === 0) best = 1; // lds = 1; only matters for i = 0
      continue;
    }
    const r = rankOf(values[i]);
    // max lds over ranks < r (values strictly greater than values[i])
    let q = 0;
    for (let k = r - 1; k > 0; k -= k & -k) if (tree[k] > q) q = tree[k];
    const lds = q + 1;
    for (let k = r; k <= unique.length; k += k & -k) if (tree[k] < lds) tree[k] = lds;
    if (lds > best) {
      best = lds;
      maxEnd = i;
    }
  }
  const maxStart = best > 1 ? maxEnd - best : 0;
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  return idx < 0 ? ((idx % n) + n) % n : idx;
}
