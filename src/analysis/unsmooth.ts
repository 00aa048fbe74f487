/**
 * Recovering raw losses from the exponential moving averages the anchor tools record.
 *
 * @module
 */
import { assertNumberIn, assertNumericArray } from './assert.js';
import type { EmaOptions } from './ema.js';
import { powCorrectlyRounded } from './pow.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

/**
 * The exact inverse of {@link ema}: given the smoothed series that `ema(raw, options)` produced, return `raw`.
 *
 * Every anchor tool stores only its smoothed loss; each smoothing is a known linear recurrence, so the raw losses
 * follow from two consecutive recorded values:
 * - zero-started (fastai, Lightning, Keras): `m[i] = s[i]·(1 − β^(i+1+debiasOffset))` (or `s[i]` without
 *   debias), `raw[i] = (m[i] − β·m[i−1]) / (1 − β)`;
 * - seeded (pytorch-lr-finder, `f = 1 − β`): `raw[0] = s[0]`, `raw[i] = (s[i] − (1 − f)·s[i−1]) / f`.
 *
 * Each raw value depends only on `s[i]` and `s[i−1]`, so rounding does not accumulate along the series, but the
 * division by `1 − β` amplifies the rounding of the recorded values by about `(1 + β)/(1 − β)`: ≈ 100× for β = 0.98
 * (≈ 1e-14 relative from float64 records, ≈ 1e-5 from fastai's float32 records; see docs/importing.md), ≈ 40× for
 * pytorch-lr-finder's f = 0.05.
 *
 * Non-finite values: the forward EMA stays NaN once a NaN enters, so nothing after it can be recovered. `raw[i]`
 * is NaN whenever `s[i−1]` is not finite; when `s[i]` is ±Infinity after a finite `s[i−1]`, `raw[i]` is that
 * infinity (the step where the loss blew up).
 *
 * Complexity O(n).
 *
 * @param smoothed - the recorded smoothed series (not mutated).
 * @param options - the {@link EmaOptions} that produced it (same defaults as {@link ema}).
 * @returns the raw series, same length.
 * @throws {TypeError} when `smoothed` is not numeric; {RangeError} when `beta` is not in [0, 1) or
 *   `debiasOffset` is not finite.
 * @example
 * invertEma(ema([3, 1, 4, 1, 5], { beta: 0.9 }), { beta: 0.9 }); // => Float64Array [3, 1, 4, 1, 5] (to 1e-15)
 * invertEma([2, 2.1], { beta: 0.95, init: 'first' });          // => Float64Array [2, 4] (to 1e-14)
 * invertEma([1, NaN, 2], { beta: 0.5, debias: false });          // => Float64Array [2, NaN, NaN]
 */
export function invertEma(smoothed: NumericArray, options: EmaOptions = {}): Float64Array {
  const { beta = 0.98, debias = true, init = 'zero', debiasOffset = 0 } = options;
  assertNumericArray('invertEma', smoothed, 'smoothed');
  assertNumberIn('invertEma', 'beta', beta, 0, 1, { minInclusive: true });
  if (!Number.isFinite(debiasOffset)) {
    throw msg.debiasOffsetNotFinite('invertEma', debiasOffset);
  }
  const n = smoothed.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (init === 'first') {
    const f = 1 - beta;
    const keep = 1 - f; // the forward filter's own constant, so the inverse undoes exactly what it did
    out[0] = smoothed[0];
    for (let i = 1; i < n; i++) {
      const prev = smoothed[i - 1];
      out[i] = Number.isFinite(prev) ? (smoothed[i] - keep * prev) / f : NaN;
    }
    return out;
  }
  const w = 1 - beta;
  // m[i] = s[i]·c[i], with c computed exactly as ema() computes its divisor (correctly rounded power); below
  // 1e-17, 1 − p rounds to exactly 1, so the power is skipped for the rest of a long run (same numbers)
  let correct = debias;
  let prev = 0;
  let prevFinite = true;
  for (let i = 0; i < n; i++) {
    let m = smoothed[i];
    if (correct) {
      const p = powCorrectlyRounded(beta, i + 1 + debiasOffset);
      m *= 1 - p;
      if (p < 1e-17) correct = false;
    }
    // beta = 0: no smoothing at all
    out[i] = w === 1 ? m : prevFinite ? (m - beta * prev) / w : NaN;
    prev = m;
    prevFinite = Number.isFinite(m);
  }
  return out;
}

/** Options of {@link runningMean} and {@link invertRunningMean}. */
export interface RunningMeanOptions {
  /**
   * Indices where the mean starts again (the first step of each epoch after the first): Keras resets its loss
   * tracker at every epoch.
   * __Default value:__ `[]` (one epoch)
   */
  readonly resets?: ArrayLike<number>;
}

/** Options of {@link invertRunningMean}: the resets, and where in its epoch each recorded mean is. */
export interface InvertRunningMeanOptions extends RunningMeanOptions {
  /**
   * The in-epoch batch index of each recorded mean (Keras' `batch` column): mean `i` covers batches
   * `0..batches[i]` of its epoch, so a log that starts mid-epoch or skips batches is inverted with the right weights
   * (a batch index that does not increase starts a new epoch). A row after skipped batches recovers the mean of the
   * batches since the row before; the first row of an epoch that starts past batch 0 keeps its mean (nothing before
   * it to subtract). __Default value:__ none (row `k` of an epoch is its batch `k`)
   */
  readonly batches?: ArrayLike<number>;
}

function resetSet(fn: string, resets: ArrayLike<number> | undefined, n: number): Set<number> {
  const out = new Set<number>();
  if (resets === undefined) return out;
  assertNumericArray(fn, resets, 'resets');
  for (let i = 0; i < resets.length; i++) {
    const r = resets[i];
    if (!Number.isInteger(r) || r < 0 || r > n) throw msg.badReset(fn, i, r, n);
    out.add(r);
  }
  return out;
}

/**
 * The running mean of a series since the last reset: `c[i] = mean(x[start..i])` — what Keras (TF >= 2.2 and
 * Keras 3) passes as `logs["loss"]` to `on_train_batch_end`, with the mean restarting at each epoch (equal batch
 * sizes assumed; Keras weights each batch by its size).
 *
 * Non-finite inputs propagate to the end of their epoch. Complexity O(n).
 *
 * @param values - the series (not mutated).
 * @param options - see {@link RunningMeanOptions}.
 * @returns the running means, same length.
 * @throws {TypeError} when `values` is not numeric; {RangeError} for a bad reset index.
 * @example
 * runningMean([1, 3, 5, 10, 20], { resets: [3] }); // => Float64Array [1, 2, 3, 10, 15]
 */
export function runningMean(values: NumericArray, options: RunningMeanOptions = {}): Float64Array {
  assertNumericArray('runningMean', values);
  const resets = resetSet('runningMean', options.resets, values.length);
  const out = new Float64Array(values.length);
  let sum = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    if (resets.has(i)) {
      sum = 0;
      k = 0;
    }
    sum += values[i];
    k++;
    out[i] = sum / k;
  }
  return out;
}

/**
 * The exact inverse of {@link runningMean}: `x[start] = c[start]`, `x[i] = (k+1)·c[i] − k·c[i−1]` where `k` is
 * the number of steps since the reset.
 *
 * Rounding of the recorded means is amplified by about `2k` at step `k` of an epoch (≈ 1e-5 relative after 100
 * steps of Keras' float32 metrics). Once a mean is NaN the rest of its epoch cannot be recovered (NaN); a reset
 * starts afresh.
 *
 * @param means - the recorded running means (not mutated).
 * @param options - the {@link RunningMeanOptions} that produced them, and (`batches`) where in its epoch each mean is.
 * @returns the raw series, same length.
 * @throws {TypeError} when `means` is not numeric; {RangeError} for a bad reset or batch index.
 * @example
 * invertRunningMean([1, 2, 3, 10, 15], { resets: [3] }); // => Float64Array [1, 3, 5, 10, 20]
 * invertRunningMean([2, 3, 10, 15], { batches: [1, 2, 0, 1] }); // => Float64Array [2, 5, 10, 20] (started at batch 1)
 */
export function invertRunningMean(means: NumericArray, options: InvertRunningMeanOptions = {}): Float64Array {
  assertNumericArray('invertRunningMean', means, 'means');
  const resets = resetSet('invertRunningMean', options.resets, means.length);
  if (options.batches !== undefined) return invertAtBatches(means, resets, batchIndices(options.batches, means.length));
  const out = new Float64Array(means.length);
  let k = 0;
  for (let i = 0; i < means.length; i++) {
    if (i === 0 || resets.has(i)) {
      k = 0;
      out[i] = means[i];
    } else {
      const prev = means[i - 1];
      out[i] = Number.isFinite(prev) ? (k + 1) * means[i] - k * prev : NaN;
    }
    k++;
  }
  return out;
}

function batchIndices(batches: ArrayLike<number>, n: number): ArrayLike<number> {
  assertNumericArray('invertRunningMean', batches, 'batches');
  if (batches.length !== n) throw msg.batchesLength(batches.length, n);
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(batches[i]) || batches[i] < 0) throw msg.badBatchIndex(i, batches[i]);
  }
  return batches;
}

/** {@link invertRunningMean} with each mean's in-epoch batch index: `x = ((b+1)·c[i] − (p+1)·c[i−1]) / (b − p)`. */
function invertAtBatches(means: NumericArray, resets: ReadonlySet<number>, batches: ArrayLike<number>): Float64Array {
  const out = new Float64Array(means.length);
  for (let i = 0; i < means.length; i++) {
    const b = batches[i];
    const p = i > 0 ? batches[i - 1] : -1;
    if (i === 0 || resets.has(i) || b <= p) {
      out[i] = means[i];
    } else {
      const prev = means[i - 1];
      out[i] = Number.isFinite(prev) ? ((b + 1) * means[i] - (p + 1) * prev) / (b - p) : NaN;
    }
  }
  return out;
}
