/**
 * What a range test and its confirm trials report as they go: the one progress type the recording loop, the confirm
 * trials and every driver share (its own file, so that the trials and the loop need not import each other).
 *
 * @module
 */

/** What a range test's `onProgress` receives after every step (and every confirm trial's). */
export interface RangeTestProgress {
  /**
   * `'range-test'` for a step of the range test; `'trial'` after a confirm trial's step (tfjs: every step, `loss` its
   * raw training loss) or after a whole trial (`lrFindLoop`: `loss` the trial's validation loss). In a trial, `step`
   * counts the trials' steps so far and `numIt` is their planned total. __Default value:__ `'range-test'`
   */
  readonly phase?: 'range-test' | 'trial';
  /** Steps done so far (1 after the first). */
  readonly step: number;
  /** Steps asked for. */
  readonly numIt: number;
  /** lr of the step just done. */
  readonly lr: number;
  /** Its raw loss. */
  readonly loss: number;
  /** The debiased EMA of the raw loss (fastai's smoothing; the stop rule watches a 5-step median). */
  readonly smoothedLoss: number;
}

