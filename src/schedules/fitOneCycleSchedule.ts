/**
 * fastai's `Learner.fit_one_cycle` schedule, reproduced exactly.
 *
 * @module
 */
import * as msg from './messages.js';
import { resolveTotalSteps } from './oneCycleSchedule.js';
import { assertFinite, assertPositive, assertStep, type Schedule, type ScheduleValue } from './types.js';

/** Options of {@link fitOneCycleSchedule} — fastai `fit_one_cycle`'s arguments, camel-cased, with its defaults. */
export interface FitOneCycleOptions {
  /** The peak learning rate (`lr_max`). Required. */
  readonly lrMax: number;
  /** Epochs (`n_epoch`), with `stepsPerEpoch`; or give `totalSteps` (one epoch of that many batches). */
  readonly epochs?: number;
  /** Batches per epoch (`len(dls.train)`), with `epochs`. */
  readonly stepsPerEpoch?: number;
  /** Steps in the cycle when `epochs` and `stepsPerEpoch` are not given (taken as one epoch). */
  readonly totalSteps?: number;
  /** Fraction of the cycle spent warming up (`pct_start`). __Default value:__ `0.25` */
  readonly pctStart?: number;
  /** Initial lr = `lrMax / div` (`div`). __Default value:__ `25` */
  readonly div?: number;
  /** Final lr = `lrMax / divFinal` (`div_final`). __Default value:__ `1e5` */
  readonly divFinal?: number;
  /**
   * Momentum at the start, the peak and the end (`moms`), or `null` not to schedule momentum.
   * __Default value:__ `[0.95, 0.85, 0.95]` (fastai's `Learner.moms`)
   */
  readonly moms?: readonly [number, number, number] | null;
}

const f32 = Math.fround;

// fastai's sched_cos: start + (1 + cos(π(1 − pos))) · (end − start) / 2, same operation order
function schedCos(start: number, end: number, pos: number): number {
  return start + ((1 + Math.cos(Math.PI * (1 - pos))) * (end - start)) / 2;
}

/**
 * fastai's one-cycle schedule (`fit_one_cycle`: `combined_cos(pct_start, lr_max/div, lr_max, lr_max/div_final)`
 * for the lr, `combined_cos(pct_start, *moms)` for the momentum): a cosine warm-up from `lrMax / div` to `lrMax`
 * over `pctStart` of the training, then a cosine anneal to `lrMax / divFinal`.
 *
 * It differs from PyTorch's `OneCycleLR` ({@link oneCycleSchedule}) in its defaults (pct 0.25, final lr
 * `lrMax / 1e5`), its warm-up shape (cosine, from step 0 to the position `pctStart`) and in never reaching the final
 * lr (the position of step `i` is `i / totalSteps`, below 1). Reproduced exactly, quirks included: the position is
 * fastai's `pct_train`, summed batch by batch from `epoch / n_epoch` in steps of `1 / (n_iter · n_epoch)`, and
 * `combine_scheds` locates and rescales it in float32 (PyTorch's default dtype), as fastai does. Building costs
 * O(totalSteps) (the positions are precomputed); each call is O(1).
 *
 * Reference: fastai `fastai/callback/schedule.py` (`fit_one_cycle`, `combined_cos`, `combine_scheds`,
 * `sched_cos`, `ParamScheduler`) and `fastai/callback/core.py` (`TrainEvalCallback.pct_train`).
 *
 * @param options - see {@link FitOneCycleOptions}.
 * @returns the schedule, `(step) => { lr, momentum }` for steps `0 … totalSteps − 1` (`momentum` absent with
 * `moms: null`).
 * @throws {RangeError} for a bad option (fastai's own assertion `pct + (1 − pct) == 1` included) or a step outside
 * `[0, totalSteps − 1]` when called.
 * @example
 * const schedule = fitOneCycleSchedule({ lrMax: 0.01, epochs: 1, stepsPerEpoch: 100 });
 * schedule(0);  // => { lr: 0.0004, momentum: 0.95 }
 * schedule(25); // => { lr: 0.01, momentum: 0.85 }
 * schedule(99); // => { lr: ≈4.5e-6, momentum: ≈0.94996 } (short of lrMax / divFinal: the position stays below 1)
 */
export function fitOneCycleSchedule(options: FitOneCycleOptions): Schedule {
  const fn = 'fitOneCycleSchedule';
  if (typeof options !== 'object' || options === null) {
    throw msg.optionsNotObject(fn, 'lrMax, epochs, stepsPerEpoch, …', options);
  }
  const { lrMax, pctStart = 0.25, div = 25, divFinal = 1e5 } = options;
  const moms = options.moms === undefined ? ([0.95, 0.85, 0.95] as const) : options.moms;
  assertPositive(fn, 'lrMax', lrMax);
  assertPositive(fn, 'div', div);
  assertPositive(fn, 'divFinal', divFinal);
  if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) {
    throw msg.outOfRange(fn, 'pctStart', 'a number in [0, 1]', pctStart);
  }
  if (pctStart + (1 - pctStart) !== 1) {
    throw msg.pctStartAssertion(fn, pctStart);
  }
  if (moms !== null) {
    if (!Array.isArray(moms) || moms.length !== 3) {
      throw msg.outOfRange(fn, 'moms', '[start, peak, end] or null', moms);
    }
    moms.forEach((m, i) => assertFinite(fn, `moms[${i}]`, m));
  }
  const epochs = options.epochs ?? (options.totalSteps !== undefined ? 1 : undefined);
  const stepsPerEpoch = options.stepsPerEpoch ?? (options.epochs === undefined ? options.totalSteps : undefined);
  const totalSteps = resolveTotalSteps(fn, { epochs, stepsPerEpoch });
  if (options.totalSteps !== undefined && options.totalSteps !== totalSteps) {
    throw msg.totalStepsDisagree(fn, options.totalSteps, totalSteps);
  }
  const nEpoch = epochs as number;
  const nIter = stepsPerEpoch as number;

  // fastai's pct_train: set to epoch / n_epoch before each epoch, incremented after each batch
  const positions = new Float64Array(totalSteps);
  const increment = 1 / (nIter * nEpoch);
  for (let e = 0, i = 0; e < nEpoch; e++) {
    let pos = e / nEpoch;
    for (let b = 0; b < nIter; b++, i++) {
      positions[i] = pos;
      pos += increment;
    }
  }
  // combine_scheds: pcts = cumsum(tensor([0, pct, 1 − pct])) in float32
  const p1 = f32(pctStart);
  const p2 = f32(p1 + f32(1 - pctStart));
  const lrs = [lrMax / div, lrMax, lrMax / divFinal] as const;
  const combined = (values: readonly [number, number, number], pos: number): number => {
    const pos32 = f32(pos);
    // idx = min(max index with pos >= pcts[idx], 1); the actual position is computed in float32
    if (pos32 >= p1) return schedCos(values[1], values[2], f32(f32(pos32 - p1) / f32(p2 - p1)));
    return schedCos(values[0], values[1], f32(pos32 / p1));
  };

  return (step: number): ScheduleValue => {
    assertStep(fn, step, totalSteps - 1);
    const pos = positions[step];
    const lr = combined(lrs, pos);
    return moms === null ? { lr } : { lr, momentum: combined(moms, pos) };
  };
}
