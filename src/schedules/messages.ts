/**
 * The messages of the schedules layer, in one place (after vega-lite's `log/message.ts`): each builder takes the
 * variable parts (the function, the option, the bad value) and returns the `TypeError` / `RangeError` for the
 * caller to `throw`. The wording is the contract the tests match; change it here or not at all.
 *
 * @module
 */
import { describeValue } from '../errors.js';

/**
 * The options argument is not an object; `shape` lists its main fields.
 * @example
 * optionsNotObject('oneCycleSchedule', 'maxLr, totalSteps, …', 3).message; // => 'oneCycleSchedule: options must be an object { maxLr, totalSteps, … } (got 3)'
 */
export const optionsNotObject = (fn: string, shape: string, value: unknown): TypeError =>
  new TypeError(`${fn}: options must be an object { ${shape} } (got ${describeValue(value)})`);

/**
 * An option outside what it may be; `what` words the allowed values (`a number in [0, 1]`, `'cos' or 'linear'`).
 * @example
 * outOfRange('fitOneCycleSchedule', 'pctStart', 'a number in [0, 1]', 2).message; // => 'fitOneCycleSchedule: pctStart must be a number in [0, 1] (got 2)'
 */
export const outOfRange = (fn: string, name: string, what: string, value: unknown): RangeError =>
  new RangeError(`${fn}: ${name} must be ${what} (got ${describeValue(value)})`);

/**
 * An option that must be a function is not; `what` words the function expected.
 * @example
 * notAFunction('cyclicSchedule', 'scaleFn', 'a function', 1).message; // => 'cyclicSchedule: scaleFn must be a function (got 1)'
 */
export const notAFunction = (fn: string, name: string, what: string, value: unknown): TypeError =>
  new TypeError(`${fn}: ${name} must be ${what} (got ${describeValue(value)})`);

/**
 * A one-cycle phase of zero length, where PyTorch's OneCycleLR divides by zero.
 * @example
 * zeroLengthPhase('oneCycleSchedule', 0, 0, 0).message;
 * // => "oneCycleSchedule: phase 1 of the cycle has zero length at step 0 (pctStart · totalSteps = 0); PyTorch's OneCycleLR divides by zero here — change pctStart or totalSteps"
 */
export const zeroLengthPhase = (fn: string, phase: number, step: number, phaseEnd: number): RangeError =>
  new RangeError(
    `${fn}: phase ${phase + 1} of the cycle has zero length at step ${step} (pctStart · totalSteps = ` +
      `${phaseEnd}); PyTorch's OneCycleLR divides by zero here — change pctStart or totalSteps`,
  );

/**
 * A state the code cannot reach (an internal invariant, not a user error).
 * @example
 * unreachable('oneCycleSchedule').message; // => 'oneCycleSchedule: unreachable'
 */
export const unreachable = (fn: string): Error => new Error(`${fn}: unreachable`);

/**
 * Neither `totalSteps` nor `epochs` with `stepsPerEpoch` was given.
 * @example
 * noTotalSteps('oneCycleSchedule').message; // => 'oneCycleSchedule: give totalSteps, or epochs and stepsPerEpoch (got neither)'
 */
export const noTotalSteps = (fn: string): RangeError => new RangeError(`${fn}: give totalSteps, or epochs and stepsPerEpoch (got neither)`);

/**
 * A `pctStart` for which fastai's own assertion fails in floating point.
 * @example
 * pctStartAssertion('fitOneCycleSchedule', 0.1).message; // => "fitOneCycleSchedule: fastai's combine_scheds asserts pctStart + (1 − pctStart) == 1, which fails for pctStart 0.1"
 */
export const pctStartAssertion = (fn: string, pctStart: number): RangeError =>
  new RangeError(`${fn}: fastai's combine_scheds asserts pctStart + (1 − pctStart) == 1, which fails for pctStart ${pctStart}`);

/**
 * `totalSteps` given as well as `epochs · stepsPerEpoch`, and they differ.
 * @example
 * totalStepsDisagree('fitOneCycleSchedule', 10, 12).message; // => 'fitOneCycleSchedule: totalSteps 10 disagrees with epochs · stepsPerEpoch = 12'
 */
export const totalStepsDisagree = (fn: string, given: number, computed: number): RangeError =>
  new RangeError(`${fn}: totalSteps ${given} disagrees with epochs · stepsPerEpoch = ${computed}`);

/**
 * The argument is not the result of `analyze()`.
 * @example
 * notAnAnalysis('oneCycleFromAnalysis', null).message; // => 'oneCycleFromAnalysis: analysis must be the result of analyze() (got null)'
 */
export const notAnAnalysis = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: analysis must be the result of analyze() (got ${describeValue(value)})`);

/**
 * `scheduleFromAnalysis` was given a kind it does not know.
 * @example
 * unknownKind(['onecycle', 'cyclic'], 'x').message; // => 'scheduleFromAnalysis: kind must be one of onecycle, cyclic (got "x")'
 */
export const unknownKind = (kinds: readonly string[], value: unknown): RangeError =>
  new RangeError(`scheduleFromAnalysis: kind must be one of ${kinds.join(', ')} (got ${describeValue(value)})`);

/**
 * An integer option below its minimum.
 * @example
 * integerTooSmall('scheduleValues', 'steps', 0, 1).message; // => 'scheduleValues: steps must be an integer >= 1 (got 0)'
 */
export const integerTooSmall = (fn: string, name: string, value: unknown, min: number): RangeError =>
  new RangeError(`${fn}: ${name} must be an integer >= ${min} (got ${describeValue(value)})`);

/**
 * A step outside the schedule.
 * @example
 * stepOutOfRange('cyclicSchedule', 9, 5).message; // => 'cyclicSchedule: step must be an integer in [0, 5] (got 9)'
 */
export const stepOutOfRange = (fn: string, step: unknown, last: number): RangeError =>
  new RangeError(`${fn}: step must be an integer in [0, ${last}] (got ${describeValue(step)})`);
