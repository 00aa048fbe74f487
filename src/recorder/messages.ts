/**
 * The messages of the recorder and the framework-free loop: a bad lr order, a range test too short to sweep, a
 * confirm option that is not an integer.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';

/**
 * `LrRecorder.record` was given an lr below the previous step's (`E_LR_ORDER`): a range test steps its lr up.
 * @example
 * lrDecreased(0.001, 0.01, 5).message;
 * // => 'LrRecorder.record: lr must not decrease (got 0.001 at step 5 after 0.01): a range test steps its lr up'
 */
export const lrDecreased = (lr: number, previous: number, step: number): LrfindError =>
  new LrfindError('E_LR_ORDER', `LrRecorder.record: lr must not decrease (got ${describeValue(lr)} at step ${step} after ${describeValue(previous)}): a range test steps its lr up`, {
    details: { lr, previous, step },
  });

/**
 * A range test of one step: no range to sweep, nothing to analyze.
 * @example
 * numItTooSmall('lrFind', 1).message;
 * // => 'lrFind: numIt must be >= 2 — a range test sweeps from startLr to endLr, and one step tests one lr (got 1)'
 */
export const numItTooSmall = (fn: string, numIt: number): RangeError =>
  new RangeError(`${fn}: numIt must be >= 2 — a range test sweeps from startLr to endLr, and one step tests one lr (got ${numIt})`);

/**
 * A confirm-plan option that must be an integer >= `min` (checked before the range test, not after it).
 * @example
 * confirmOptionInteger('lrFind', 'steps', 1, 2.5).message; // => 'lrFind: confirm.steps must be an integer >= 1 (got 2.5)'
 */
export const confirmOptionInteger = (fn: string, name: string, min: number, value: unknown): RangeError =>
  new RangeError(`${fn}: confirm.${name} must be an integer >= ${min} (got ${describeValue(value)})`);
