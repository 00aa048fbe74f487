/**
 * Learning-rate schedules of the range test, as pure functions of the step index.
 *
 * @module
 */
import { describeValue } from '../errors.js';

/** How the learning rate grows from `startLr` to `endLr`: geometrically (`'exp'`) or linearly. */
export type ScheduleKind = 'exp' | 'linear';

/** The parameters of a range-test schedule. */
export interface ScheduleOptions {
  /** Learning rate of step 0. __Default value:__ `1e-7` */
  readonly startLr?: number;
  /** Learning rate of the last step (`numIt − 1`). __Default value:__ `10` */
  readonly endLr?: number;
  /** Number of steps. __Default value:__ `100` */
  readonly numIt?: number;
  /** `'exp'` (geometric, the default of every anchor tool) or `'linear'`. __Default value:__ `'exp'` */
  readonly schedule?: ScheduleKind;
}

/** The schedule options with the defaults filled in. */
export interface ResolvedSchedule {
  readonly startLr: number;
  readonly endLr: number;
  readonly numIt: number;
  readonly schedule: ScheduleKind;
}

/**
 * Check schedule options once and fill in the defaults (`1e-7`, `10`, `100`, `'exp'`).
 *
 * @param fn - the public function name used in error messages.
 * @throws {RangeError} when a learning rate is not finite and > 0, `numIt` is not an integer ≥ 1, or the schedule
 * is unknown.
 * @example
 * resolveSchedule('lrFind', { numIt: 50 }); // => { startLr: 1e-7, endLr: 10, numIt: 50, schedule: 'exp' }
 */
export function resolveSchedule(fn: string, options: ScheduleOptions = {}): ResolvedSchedule {
  const { startLr = 1e-7, endLr = 10, numIt = 100, schedule = 'exp' } = options;
  for (const [name, value] of [['startLr', startLr], ['endLr', endLr]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
      throw new RangeError(`${fn}: ${name} must be a finite number > 0 (got ${describeValue(value)})`);
    }
  }
  if (!(startLr < endLr)) {
    throw new RangeError(`${fn}: startLr must be below endLr: a range test raises the lr (got startLr ${startLr}, endLr ${endLr})`);
  }
  if (typeof numIt !== 'number' || !Number.isSafeInteger(numIt) || numIt < 1) {
    throw new RangeError(`${fn}: numIt must be an integer >= 1 (got ${describeValue(numIt)})`);
  }
  if (schedule !== 'exp' && schedule !== 'linear') {
    throw new RangeError(`${fn}: schedule must be 'exp' or 'linear' (got ${describeValue(schedule)})`);
  }
  return { startLr, endLr, numIt, schedule };
}

/**
 * The exponential (geometric) schedule: `lr(i) = startLr · (endLr / startLr)^(i / (numIt − 1))` for
 * `i = 0 … numIt − 1`; step 0 uses exactly `startLr` and the last step exactly `endLr` (`numIt = 1` uses `startLr`).
 * Equal ratios between consecutive steps — evenly spaced on the log-lr axis of the finder plot.
 *
 * This is pytorch-lr-finder's `ExponentialLR` and the Keras recipe's; fastai v2 uses `i / numIt` and so stops one
 * step short of `endLr`.
 *
 * @param i - the step index (0-based; any real number is evaluated by the formula).
 * @returns the learning rate of step `i`.
 * @example
 * expLr(1e-4, 1, 5, 2); // => 0.01
 * expLr(1e-4, 1, 5, 4); // => 1
 */
export function expLr(startLr: number, endLr: number, numIt: number, i: number): number {
  if (numIt <= 1 || i === 0) return startLr;
  if (i === numIt - 1) return endLr;
  return startLr * (endLr / startLr) ** (i / (numIt - 1));
}

/**
 * The linear schedule: `lr(i) = startLr + (endLr − startLr) · i / (numIt − 1)` for `i = 0 … numIt − 1`; step 0
 * uses exactly `startLr` and the last step exactly `endLr` (`numIt = 1` uses `startLr`).
 * pytorch-lr-finder's `LinearLR`. Most of its steps are spent near `endLr`, so it suits narrow ranges only.
 *
 * @param i - the step index (0-based).
 * @returns the learning rate of step `i`.
 * @example
 * linearLr(0.1, 0.5, 5, 2); // => 0.3
 */
export function linearLr(startLr: number, endLr: number, numIt: number, i: number): number {
  if (numIt <= 1 || i === 0) return startLr;
  if (i === numIt - 1) return endLr;
  return startLr + ((endLr - startLr) * i) / (numIt - 1);
}

/**
 * The learning rate of step `i` under a schedule (defaults filled in and checked).
 *
 * @throws {RangeError} for bad schedule options or a step outside `[0, numIt − 1]`.
 * @example
 * scheduleLr({ startLr: 1e-4, endLr: 1, numIt: 5 }, 1); // => 0.001
 */
export function scheduleLr(options: ScheduleOptions, i: number): number {
  const s = resolveSchedule('scheduleLr', options);
  if (!Number.isInteger(i) || i < 0 || i >= s.numIt) {
    throw new RangeError(`scheduleLr: step must be an integer in [0, ${s.numIt - 1}] (got ${describeValue(i)})`);
  }
  return (s.schedule === 'exp' ? expLr : linearLr)(s.startLr, s.endLr, s.numIt, i);
}

/**
 * Every learning rate of a schedule, step 0 first.
 *
 * @returns a `Float64Array` of `numIt` learning rates.
 * @throws {RangeError} for bad schedule options.
 * @example
 * scheduleLrs({ startLr: 1e-3, endLr: 1e-1, numIt: 3 }); // => Float64Array [0.001, 0.01, 0.1]
 * scheduleLrs({ startLr: 1, endLr: 3, numIt: 3, schedule: 'linear' }); // => Float64Array [1, 2, 3]
 */
export function scheduleLrs(options: ScheduleOptions = {}): Float64Array {
  const s = resolveSchedule('scheduleLrs', options);
  const f = s.schedule === 'exp' ? expLr : linearLr;
  const out = new Float64Array(s.numIt);
  for (let i = 0; i < s.numIt; i++) out[i] = f(s.startLr, s.endLr, s.numIt, i);
  return out;
}
