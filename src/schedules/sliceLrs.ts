/**
 * Discriminative learning rates across layer groups: fastai's `slice(lo, hi)`.
 *
 * @module
 */
import * as msg from './messages.js';
import { assertInteger, assertPositive } from './types.js';

/**
 * The learning rate of each of `groups` layer groups for fastai's `slice(lo, hi)`: geometric from `lo` (the first,
 * earliest group) to `hi` (the last, the head) — fastai's `even_mults(lo, hi, n)`; `slice(hi)` (`lo` `undefined`)
 * gives `hi / 10` to every group but the last, which gets `hi`; one group gets `hi`. Cost O(groups).
 *
 * Reference: fastai `Optimizer.set_hyper` (`fastai/optimizer.py`) and `even_mults` (fastcore).
 *
 * @param lo - the lr of the first group, or `undefined` for `slice(hi)`.
 * @param hi - the lr of the last group.
 * @param groups - the number of layer groups (≥ 1).
 * @returns a `Float64Array` of `groups` learning rates, first group first.
 * @throws {RangeError} for a bad lr or group count.
 * @example
 * sliceLrs(1e-5, 1e-3, 3);       // => Float64Array [1e-5, 1e-4, 1e-3]
 * sliceLrs(undefined, 1e-3, 3);  // => Float64Array [1e-4, 1e-4, 1e-3]
 */
export function sliceLrs(lo: number | undefined, hi: number, groups: number): Float64Array {
  const fn = 'sliceLrs';
  assertPositive(fn, 'hi', hi);
  assertInteger(fn, 'groups', groups, 1);
  const out = new Float64Array(groups);
  // fastai tests `if v.start:`, so 0 and undefined both mean slice(hi)
  if (lo === undefined || lo === 0) {
    out.fill(hi / 10);
    out[groups - 1] = hi;
    return out;
  }
  if (typeof lo !== 'number' || !Number.isFinite(lo) || !(lo > 0)) {
    throw msg.outOfRange(fn, 'lo', 'a finite number > 0 or undefined', lo);
  }
  if (groups === 1) {
    out[0] = hi;
    return out;
  }
  const step = (hi / lo) ** (1 / (groups - 1));
  for (let i = 0; i < groups; i++) out[i] = lo * step ** i;
  return out;
}
