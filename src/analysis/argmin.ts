import { assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

/**
 * Index of the first minimum among the finite values of `values[start:end]`, or `-1` when none is finite.
 *
 * On finite data this is numpy's `argmin` (first minimum wins). Unlike numpy, a NaN or ±Infinity never wins:
 * a diverged run's `NaN` (numpy's argmin returns the first NaN) or `-Infinity` is not a minimum of anything.
 * Complexity O(n).
 *
 * @param values - the series (not mutated).
 * @param start - first index considered. __Default value:__ `0`
 * @param end - one past the last index considered. __Default value:__ `values.length`
 * @returns the index into `values` (not into the slice), or -1.
 * @example
 * argminFinite([3, NaN, 1, 1, -Infinity]); // => 2
 * argminFinite([NaN, NaN]);                // => -1
 */
export function argminFinite(values: NumericArray, start = 0, end = values.length): number {
  assertNumericArray('argminFinite', values);
  let best = -1;
  let bestValue = Infinity;
  const stop = Math.min(end, values.length);
  for (let i = Math.max(0, start); i < stop; i++) {
    const v = values[i];
    if (Number.isFinite(v) && (best === -1 || v < bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/**
 * {@link argminFinite} of a series given by its length and its `i`-th value: the index of the smallest finite value,
 * the first on ties, `-1` when none is finite — for a series computed where it is read (a gradient) rather than held
 * as an array of the run's length.
 *
 * @example
 * argminFiniteOf(3, (i) => [2, NaN, 1][i]); // => 2
 */
export function argminFiniteOf(n: number, at: (i: number) => number): number {
  let best = -1;
  let bestValue = Infinity;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (Number.isFinite(v) && (best === -1 || v < bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}
