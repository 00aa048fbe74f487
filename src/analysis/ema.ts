import { assertNumberIn, assertNumericArray } from './assert.js';
import { powCorrectlyRounded } from './pow.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

/** Options of {@link ema}. */
export interface EmaOptions {
  /**
   * Weight of the previous average: `m = beta·m + (1 − beta)·x`.
   * __Default value:__ `0.98` (fastai, Lightning).
   */
  readonly beta?: number;
  /**
   * Divide by `1 − beta^(i+1)` so the early values are not pulled toward the zero start (Adam-style bias
   * correction, as fastai does). Ignored when `init` is `'first'`.
   * __Default value:__ `true`
   */
  readonly debias?: boolean;
  /**
   * How the average starts. `'zero'`: `m = 0` before the first value (fastai, Lightning, Keras recipes).
   * `'first'`: the seeded form `s[0] = x[0]; s[i] = f·x[i] + (1 − f)·s[i−1]` with `f = 1 − beta`
   * (pytorch-lr-finder's `smooth_f`).
   * __Default value:__ `'zero'`
   */
  readonly init?: 'zero' | 'first';
  /**
   * Offset of the bias-correction exponent: `s[i] = m / (1 − beta^(i + 1 + debiasOffset))`. `0` is the correct
   * correction; Lightning ships `1` (it counts from the already-incremented global step).
   * __Default value:__ `0`
   */
  readonly debiasOffset?: number;
}

/**
 * Exponential moving average of a series, optionally bias-corrected, in the zero-started form (fastai,
 * Lightning, Keras) or the seeded form (pytorch-lr-finder).
 *
 * Non-finite inputs propagate (as in every anchor tool): once a NaN enters, the average stays NaN.
 * A causal filter: it lags a trend by about `beta / (1 − beta)` steps (49 for 0.98) — see
 * {@link savitzkyGolay} for zero-phase smoothing.
 *
 * Reference: fastai `SmoothenValue` / `AvgSmoothLoss`; pytorch-lr-finder `LRFinder.range_test(smooth_f)`.
 * Complexity O(n).
 *
 * @param values - the series (not mutated).
 * @param options - see {@link EmaOptions}.
 * @returns the smoothed series, same length.
 * @throws {TypeError} when `values` is not numeric; {RangeError} when `beta` is not in [0, 1).
 * @example
 * ema([1, 1, 1], { beta: 0.9 });                  // => Float64Array [1, 1, 1] (debiased)
 * ema([2, 4], { beta: 0.5, debias: false });      // => Float64Array [1, 2.5]
 * ema([2, 4], { beta: 0.95, init: 'first' });     // => Float64Array [2, 2.1]
 */
export function ema(values: NumericArray, options: EmaOptions = {}): Float64Array {
  return emaInto(values, options);
}

/**
 * {@link ema} written into `out` (a scratch array of at least `values.length`, not `values` itself): a caller that
 * needs the smoothed series only for a while reuses one array of the run's length for it.
 *
 * @example
 * emaInto([1, 1], { beta: 0.5 }, new Float64Array(2)); // => Float64Array [1, 1]
 */
export function emaInto(values: NumericArray, options: EmaOptions = {}, scratch?: Float64Array): Float64Array {
  const { beta = 0.98, debias = true, init = 'zero', debiasOffset = 0 } = options;
  assertNumericArray('ema', values);
  assertNumberIn('ema', 'beta', beta, 0, 1, { minInclusive: true });
  if (!Number.isFinite(debiasOffset)) throw msg.debiasOffsetNotFinite('ema', debiasOffset);
  const n = values.length;
  const out = scratch === undefined ? new Float64Array(n) : scratch.subarray(0, n);
  if (n === 0) return out;
  if (init === 'first') {
    const f = 1 - beta;
    const keep = 1 - f; // computed as the anchor does: (1 - smooth_f)
    out[0] = values[0];
    for (let i = 1; i < n; i++) out[i] = f * values[i] + keep * out[i - 1];
    return out;
  }
  const w = 1 - beta;
  let m = 0;
  let correct = debias;
  for (let i = 0; i < n; i++) {
    m = beta * m + w * values[i];
    if (correct) {
      // correctly rounded, as Python's `beta ** k` (V8's `**` is off by an ulp in ~1 case in 10)
      const p = powCorrectlyRounded(beta, i + 1 + debiasOffset);
      out[i] = m / (1 - p);
      // below 1e-17, 1 − p rounds to exactly 1: skip the pow for the rest of a long run (same numbers)
      if (p < 1e-17) correct = false;
    } else out[i] = m;
  }
  return out;
}
