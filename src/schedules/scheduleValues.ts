/**
 * Sampling a schedule into arrays (for plots and checks).
 *
 * @module
 */
import * as msg from './messages.js';
import { assertInteger, type Schedule } from './types.js';

/** A schedule sampled at steps `0 … steps − 1`. */
export interface ScheduleSamples {
  readonly lrs: Float64Array;
  /** The momentum of each step, or `null` when the schedule does not cycle momentum. */
  readonly momentums: Float64Array | null;
}

/**
 * The values of a schedule at steps `0 … steps − 1`. Cost: `steps` calls of the schedule.
 *
 * @param schedule - any {@link Schedule}.
 * @param steps - how many steps to sample (≥ 1).
 * @returns the lrs and momentums as `Float64Array`s.
 * @throws {TypeError} when `schedule` is not a function; {RangeError} for a bad `steps` or a schedule error.
 * @example
 * scheduleValues(cyclicSchedule({ baseLr: 1, maxLr: 3, stepSizeUp: 2, cycleMomentum: false }), 4);
 * // => { lrs: Float64Array [1, 2, 3, 2], momentums: null }
 */
export function scheduleValues(schedule: Schedule, steps: number): ScheduleSamples {
  if (typeof schedule !== 'function') {
    throw msg.notAFunction('scheduleValues', 'schedule', 'a function (step) => { lr }', schedule);
  }
  assertInteger('scheduleValues', 'steps', steps, 1);
  const lrs = new Float64Array(steps);
  let momentums: Float64Array | null = null;
  for (let i = 0; i < steps; i++) {
    const { lr, momentum } = schedule(i);
    lrs[i] = lr;
    if (momentum !== undefined) {
      momentums ??= new Float64Array(steps).fill(NaN);
      momentums[i] = momentum;
    }
  }
  return { lrs, momentums };
}
