/**
 * Shared types and option checks of the training schedules.
 *
 * @module
 */
import * as msg from './messages.js';

/** What a schedule sets for one training step: the learning rate and, when the schedule cycles it, the momentum. */
export interface ScheduleValue {
  readonly lr: number;
  /**
   * The momentum (SGD's momentum, RMSProp's momentum, Adam's and Adamax's β1) for this step, absent when the
   * schedule does not cycle momentum.
   */
  readonly momentum?: number;
}

/**
 * A training schedule: a pure function of the 0-based step (batch) index, usable from any training loop.
 * Step `i` is the value PyTorch's scheduler holds after `i` calls of `scheduler.step()` — the one the `i`-th batch
 * trains with.
 */
export type Schedule = (step: number) => ScheduleValue;

/**
 * @internal Throw a RangeError unless `value` is a finite number > 0.
 *
 * @example
 * assertPositive('oneCycleSchedule', 'maxLr', 0.01); // passes
 * assertPositive('oneCycleSchedule', 'maxLr', 0);
 * // throws RangeError "oneCycleSchedule: maxLr must be a finite number > 0 (got 0)"
 */
export function assertPositive(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw msg.outOfRange(fn, name, 'a finite number > 0', value);
  }
}

/**
 * @internal Throw a RangeError unless `value` is a finite number.
 *
 * @example
 * assertFinite('cyclicSchedule', 'gamma', 0.99); // passes
 * assertFinite('cyclicSchedule', 'gamma', Infinity);
 * // throws RangeError "cyclicSchedule: gamma must be a finite number (got Infinity)"
 */
export function assertFinite(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw msg.outOfRange(fn, name, 'a finite number', value);
  }
}

/**
 * @internal Throw a RangeError unless `value` is an integer ≥ `min`.
 *
 * @example
 * assertInteger('oneCycleSchedule', 'totalSteps', 100, 1); // passes
 * assertInteger('oneCycleSchedule', 'totalSteps', 2.5, 1);
 * // throws RangeError "oneCycleSchedule: totalSteps must be an integer >= 1 (got 2.5)"
 */
export function assertInteger(fn: string, name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw msg.integerTooSmall(fn, name, value, min);
  }
}

/**
 * @internal Throw a RangeError unless `step` is an integer in `[0, last]`.
 *
 * @example
 * assertStep('oneCycleSchedule', 99, 100); // passes
 * assertStep('oneCycleSchedule', 101, 100);
 * // throws RangeError "oneCycleSchedule: step must be an integer in [0, 100] (got 101)"
 */
export function assertStep(fn: string, step: unknown, last: number): asserts step is number {
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0 || step > last) {
    throw msg.stepOutOfRange(fn, step, last);
  }
}
