/**
 * The 1cycle policy (Smith & Topin 2017), step for step as PyTorch's `torch.optim.lr_scheduler.OneCycleLR`.
 *
 * @module
 */
import * as msg from './messages.js';
import { assertFinite, assertInteger, assertPositive, assertStep, type Schedule, type ScheduleValue } from './types.js';

/** How a phase moves from its start value to its end value: half a cosine (`'cos'`) or a straight line. */
export type AnnealStrategy = 'cos' | 'linear';

/** Options of {@link oneCycleSchedule} — PyTorch `OneCycleLR`'s arguments, camel-cased, with its defaults. */
export interface OneCycleOptions {
  /** The peak learning rate (`max_lr`). Required. */
  readonly maxLr: number;
  /** Steps in the cycle (`total_steps`); or give `epochs` and `stepsPerEpoch`. __Default value:__ `epochs · stepsPerEpoch` */
  readonly totalSteps?: number;
  /** Epochs, used with `stepsPerEpoch` when `totalSteps` is absent. */
  readonly epochs?: number;
  /** Batches per epoch, used with `epochs` when `totalSteps` is absent. */
  readonly stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the lr (`pct_start`), in [0, 1]. __Default value:__ `0.3` */
  readonly pctStart?: number;
  /** `'cos'` or `'linear'` annealing (`anneal_strategy`). __Default value:__ `'cos'` */
  readonly annealStrategy?: AnnealStrategy;
  /** Cycle the momentum inversely to the lr (`cycle_momentum`). __Default value:__ `true` */
  readonly cycleMomentum?: boolean;
  /** Momentum at the lr peak (`base_momentum`). __Default value:__ `0.85` */
  readonly baseMomentum?: number;
  /** Momentum at the start and end (`max_momentum`). __Default value:__ `0.95` */
  readonly maxMomentum?: number;
  /** Initial lr = `maxLr / divFactor` (`div_factor`). __Default value:__ `25` */
  readonly divFactor?: number;
  /** Final lr = initial lr / `finalDivFactor` (`final_div_factor`). __Default value:__ `1e4` */
  readonly finalDivFactor?: number;
  /**
   * Three phases (up, back down to the initial lr symmetrically, then annihilate to the final lr — the paper's
   * schedule) instead of two (fastai's, PyTorch's default) (`three_phase`). __Default value:__ `false`
   */
  readonly threePhase?: boolean;
}

interface Phase {
  readonly endStep: number;
  readonly startLr: number;
  readonly endLr: number;
  readonly startMomentum: number;
  readonly endMomentum: number;
}

// PyTorch's _annealing_cos and _annealing_linear, operation for operation (same rounding)
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

/**
 * The one-cycle schedule: the lr rises from `maxLr / divFactor` to `maxLr` over `pctStart` of the steps, then
 * anneals to `maxLr / divFactor / finalDivFactor`, while the momentum moves the opposite way between `maxMomentum`
 * and `baseMomentum`. Identical, step for step, to PyTorch's `OneCycleLR` with the same options (its defaults
 * included): the phase boundaries `pctStart · totalSteps − 1` (and `2 · pctStart · totalSteps − 2`), the phase
 * fraction and the cosine are computed with the same floating-point operations.
 *
 * Step `i` is the lr of the `i`-th batch (0-based); steps `0 … totalSteps` are defined, like PyTorch (which raises
 * past `totalSteps`). Each call is O(1) (at most three phases).
 *
 * Reference: L. N. Smith, N. Topin, "Super-Convergence" (2017), arXiv:1708.07120; PyTorch
 * `torch/optim/lr_scheduler.py` `OneCycleLR`.
 *
 * @param options - see {@link OneCycleOptions}.
 * @returns the schedule, `(step) => { lr, momentum }` (`momentum` absent with `cycleMomentum: false`).
 * @throws {RangeError} for a missing or bad option, a phase of zero length at the first step (where PyTorch
 * divides by zero), or a step outside `[0, totalSteps]` when the schedule is called.
 * @example
 * const schedule = oneCycleSchedule({ maxLr: 0.01, totalSteps: 100 });
 * schedule(0);  // => { lr: ≈4e-4, momentum: 0.95 } (maxLr / divFactor)
 * schedule(29); // => { lr: 0.01, momentum: 0.85 } (the peak: step pctStart · totalSteps − 1)
 * schedule(99); // => { lr: 4e-8, momentum: 0.95 }
 */
export function oneCycleSchedule(options: OneCycleOptions): Schedule {
  const fn = 'oneCycleSchedule';
  if (typeof options !== 'object' || options === null) {
    throw msg.optionsNotObject(fn, 'maxLr, totalSteps, …', options);
  }
  const {
    maxLr,
    pctStart = 0.3,
    annealStrategy = 'cos',
    cycleMomentum = true,
    baseMomentum = 0.85,
    maxMomentum = 0.95,
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
  } = options;
  const totalSteps = resolveTotalSteps(fn, options);
  assertPositive(fn, 'maxLr', maxLr);
  if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) {
    throw msg.outOfRange(fn, 'pctStart', 'a number in [0, 1]', pctStart);
  }
  if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
    throw msg.outOfRange(fn, 'annealStrategy', "'cos' or 'linear'", annealStrategy);
  }
  assertPositive(fn, 'divFactor', divFactor);
  assertPositive(fn, 'finalDivFactor', finalDivFactor);
  assertFinite(fn, 'baseMomentum', baseMomentum);
  assertFinite(fn, 'maxMomentum', maxMomentum);
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  const phases: Phase[] = threePhase
    ? [
        { endStep: pctStart * totalSteps - 1, startLr: initialLr, endLr: maxLr, startMomentum: maxMomentum, endMomentum: baseMomentum },
        { endStep: 2 * pctStart * totalSteps - 2, startLr: maxLr, endLr: initialLr, startMomentum: baseMomentum, endMomentum: maxMomentum },
        { endStep: totalSteps - 1, startLr: initialLr, endLr: minLr, startMomentum: maxMomentum, endMomentum: maxMomentum },
      ]
    : [
        { endStep: pctStart * totalSteps - 1, startLr: initialLr, endLr: maxLr, startMomentum: maxMomentum, endMomentum: baseMomentum },
        { endStep: totalSteps - 1, startLr: maxLr, endLr: minLr, startMomentum: baseMomentum, endMomentum: maxMomentum },
      ];
  const anneal = annealStrategy === 'cos' ? annealCos : annealLinear;

  const schedule: Schedule = (step: number): ScheduleValue => {
    assertStep(fn, step, totalSteps);
    let startStep = 0.0;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i];
      if (step <= phase.endStep || i === phases.length - 1) {
        const span = phase.endStep - startStep;
        if (span === 0) {
          throw msg.zeroLengthPhase(fn, i, step, pctStart * totalSteps);
        }
        const pct = (step - startStep) / span;
        const lr = anneal(phase.startLr, phase.endLr, pct);
        return cycleMomentum ? { lr, momentum: anneal(phase.startMomentum, phase.endMomentum, pct) } : { lr };
      }
      startStep = phase.endStep;
    }
    /* c8 ignore next */
    throw msg.unreachable(fn);
  };
  schedule(0); // PyTorch evaluates step 0 when it is built, and fails there for a degenerate first phase
  return schedule;
}

/**
 * @internal `totalSteps`, or `epochs · stepsPerEpoch`, checked (PyTorch's precedence and messages' spirit).
 *
 * @example
 * resolveTotalSteps('oneCycleSchedule', { totalSteps: 100 });             // => 100
 * resolveTotalSteps('oneCycleSchedule', { epochs: 3, stepsPerEpoch: 50 }); // => 150
 * resolveTotalSteps('oneCycleSchedule', { epochs: 3 });
 * // throws RangeError "oneCycleSchedule: give totalSteps, or epochs and stepsPerEpoch (got neither)"
 */
export function resolveTotalSteps(
  fn: string,
  options: { readonly totalSteps?: number; readonly epochs?: number; readonly stepsPerEpoch?: number },
): number {
  const { totalSteps, epochs, stepsPerEpoch } = options;
  if (totalSteps !== undefined) {
    assertInteger(fn, 'totalSteps', totalSteps, 1);
    return totalSteps;
  }
  if (epochs !== undefined && stepsPerEpoch !== undefined) {
    assertInteger(fn, 'epochs', epochs, 1);
    assertInteger(fn, 'stepsPerEpoch', stepsPerEpoch, 1);
    return epochs * stepsPerEpoch;
  }
  throw msg.noTotalSteps(fn);
}
