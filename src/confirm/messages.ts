/**
 * The messages of the confirm trials: what a trial function returned that a trial cannot use.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';

/**
 * A trial reported a step count that is not an integer in `[min, max]` (`E_TRAINING`).
 * @example
 * badTrialSteps('lrFindLoop', 0.01, 'steps', 2.5, 1, 12).message;
 * // => 'lrFindLoop: the trial at lr 1.00e-2 returned steps 2.5: it must be an integer in [1, 12]'
 */
export const badTrialSteps = (fn: string, lr: number, name: string, value: unknown, min: number, max: number, details: Record<string, unknown> = {}): LrfindError =>
  new LrfindError('E_TRAINING', `${fn}: the trial at lr ${lr.toExponential(2)} returned ${name} ${describeValue(value)}: it must be an integer in [${min}, ${max}]`, {
    details: { ...details, lr },
  });
