/**
 * Cyclical learning rates (Smith 2015), step for step as PyTorch's `torch.optim.lr_scheduler.CyclicLR`.
 *
 * @module
 */
import * as msg from './messages.js';
import { assertFinite, assertPositive, assertStep, type Schedule, type ScheduleValue } from './types.js';

/**
 * Smith's three policies: `'triangular'` (constant amplitude), `'triangular2'` (amplitude halved each cycle),
 * `'expRange'` (amplitude scaled by `gamma^step`; PyTorch's `'exp_range'`, accepted too).
 */
export type CyclicMode = 'triangular' | 'triangular2' | 'expRange' | 'exp_range';

/** Options of {@link cyclicSchedule} — PyTorch `CyclicLR`'s arguments, camel-cased, with its defaults. */
export interface CyclicOptions {
  /** The lower lr bound (`base_lr`). Required. */
  readonly baseLr: number;
  /** The upper lr bound (`max_lr`); the amplitude is `maxLr − baseLr`. Required. */
  readonly maxLr: number;
  /** Steps of the rising half-cycle (`step_size_up`), > 0. __Default value:__ `2000` */
  readonly stepSizeUp?: number;
  /** Steps of the falling half-cycle (`step_size_down`), ≥ 0. __Default value:__ `stepSizeUp` */
  readonly stepSizeDown?: number;
  /** The policy (`mode`), ignored when `scaleFn` is given. __Default value:__ `'triangular'` */
  readonly mode?: CyclicMode;
  /** The `'expRange'` constant (`gamma`). __Default value:__ `1` */
  readonly gamma?: number;
  /** A custom amplitude scale, `0 ≤ scaleFn(x) ≤ 1` (`scale_fn`); overrides `mode`. __Default value:__ none */
  readonly scaleFn?: (x: number) => number;
  /** What `scaleFn` is given: the 1-based cycle number or the step (`scale_mode`). __Default value:__ `'cycle'` */
  readonly scaleMode?: 'cycle' | 'iterations';
  /** Cycle the momentum inversely to the lr (`cycle_momentum`). __Default value:__ `true` */
  readonly cycleMomentum?: boolean;
  /** Momentum at the lr peak (`base_momentum`). __Default value:__ `0.8` */
  readonly baseMomentum?: number;
  /** Momentum at the lr floor (`max_momentum`). __Default value:__ `0.9` */
  readonly maxMomentum?: number;
}

/**
 * The cyclical schedule: the lr goes from `baseLr` up to `maxLr` in `stepSizeUp` steps and back in `stepSizeDown`,
 * its amplitude scaled per cycle (`'triangular2'`) or per step (`'expRange'`); the momentum, when cycled, moves the
 * opposite way between `maxMomentum` and `baseMomentum`. Identical, step for step, to PyTorch's `CyclicLR` with the
 * same options (its defaults included): the cycle, the position in it and the scale are computed with the same
 * floating-point operations. The range test's band is the natural `[baseLr, maxLr]` — that is what Smith
 * introduced the test for. Each call is O(1); the schedule has no end.
 *
 * Reference: L. N. Smith, "Cyclical Learning Rates for Training Neural Networks" (2015), arXiv:1506.01186;
 * PyTorch `torch/optim/lr_scheduler.py` `CyclicLR` (after bckenstler/CLR).
 *
 * @param options - see {@link CyclicOptions}.
 * @returns the schedule, `(step) => { lr, momentum }` (`momentum` absent with `cycleMomentum: false`).
 * @throws {RangeError} for a missing or bad option, or a step that is not an integer ≥ 0 when called.
 * @example
 * const schedule = cyclicSchedule({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 4, cycleMomentum: false });
 * schedule(0); // => { lr: 0.001 }
 * schedule(4); // => { lr: 0.006 }
 * schedule(6); // => { lr: 0.0035 }
 */
export function cyclicSchedule(options: CyclicOptions): Schedule {
  const fn = 'cyclicSchedule';
  if (typeof options !== 'object' || options === null) {
    throw msg.optionsNotObject(fn, 'baseLr, maxLr, …', options);
  }
  const {
    baseLr,
    maxLr,
    stepSizeUp = 2000,
    mode = 'triangular',
    gamma = 1.0,
    scaleFn,
    cycleMomentum = true,
    baseMomentum = 0.8,
    maxMomentum = 0.9,
  } = options;
  const stepSizeDown = options.stepSizeDown ?? stepSizeUp;
  assertFinite(fn, 'baseLr', baseLr);
  assertFinite(fn, 'maxLr', maxLr);
  assertPositive(fn, 'stepSizeUp', stepSizeUp);
  if (typeof stepSizeDown !== 'number' || !Number.isFinite(stepSizeDown) || !(stepSizeDown >= 0)) {
    throw msg.outOfRange(fn, 'stepSizeDown', 'a finite number >= 0', stepSizeDown);
  }
  assertFinite(fn, 'gamma', gamma);
  assertFinite(fn, 'baseMomentum', baseMomentum);
  assertFinite(fn, 'maxMomentum', maxMomentum);
  if (scaleFn !== undefined && typeof scaleFn !== 'function') {
    throw msg.notAFunction(fn, 'scaleFn', 'a function', scaleFn);
  }
  let scale: (x: number) => number;
  let scaleMode: 'cycle' | 'iterations';
  if (scaleFn !== undefined) {
    scale = scaleFn;
    scaleMode = options.scaleMode ?? 'cycle';
    if (scaleMode !== 'cycle' && scaleMode !== 'iterations') {
      throw msg.outOfRange(fn, 'scaleMode', "'cycle' or 'iterations'", scaleMode);
    }
  } else if (mode === 'triangular') {
    scale = () => 1.0;
    scaleMode = 'cycle';
  } else if (mode === 'triangular2') {
    scale = (x) => 1 / 2.0 ** (x - 1);
    scaleMode = 'cycle';
  } else if (mode === 'expRange' || mode === 'exp_range') {
    scale = (x) => gamma ** x;
    scaleMode = 'iterations';
  } else {
    throw msg.outOfRange(fn, 'mode', "'triangular', 'triangular2' or 'expRange' when there is no scaleFn", mode);
  }
  const totalSize = stepSizeUp + stepSizeDown;
  const stepRatio = stepSizeUp / totalSize;

  return (step: number): ScheduleValue => {
    assertStep(fn, step, Number.MAX_SAFE_INTEGER);
    const cycle = Math.floor(1 + step / totalSize);
    const x = 1.0 + step / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    const s = scale(scaleMode === 'cycle' ? cycle : step);
    const lr = baseLr + (maxLr - baseLr) * scaleFactor * s;
    if (!cycleMomentum) return { lr };
    return { lr, momentum: maxMomentum - (maxMomentum - baseMomentum) * scaleFactor * s };
  };
}
