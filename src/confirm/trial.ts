/**
 * The contract between the confirm trials and the caller's training: what a trial function is told and what it may
 * return. The tfjs `lrFind` supplies one for tfjs models; `lrFindLoop(…, { confirm: { trial } })` takes the caller's.
 *
 * @module
 */

/** What a {@link TrialFunction} may return instead of a bare validation loss. */
export interface TrialOutcome {
  /** Validation loss after the trial (NaN / ±Infinity when it could not be measured). */
  readonly loss: number;
  /** Steps actually trained, when the trial stopped early (a divergence). __Default value:__ the steps asked for */
  readonly steps?: number;
  /** The training diverged: the trial ranks last whatever its loss. __Default value:__ `false` */
  readonly diverged?: boolean;
  /**
   * Steps this call trained, when it resumed an earlier trial of the same lr instead of starting again (the trial is
   * then `steps` long, but cost only these). __Default value:__ `steps`
   */
  readonly trained?: number;
}

/** What a trial is told besides its lr and length. */
export interface TrialInfo {
  /** Successive-halving round (0 first). */
  readonly round: number;
  /** Index of the trial among all the trials run so far (0 first). */
  readonly index: number;
  /** The caller's abort signal, if any: a long trial may check it between its steps. */
  readonly signal?: AbortSignal;
  /** The last round: no longer trial of this lr will follow (a resumable trial need not keep its state). */
  readonly final: boolean;
}

/**
 * One trial: train from the SAME saved state (the model as it was before the range test) at constant learning rate
 * `lr` for `steps` steps, on the same batches as every other trial, then return the validation loss (or a
 * {@link TrialOutcome}). Restoring the model afterwards is the caller's job.
 */
export type TrialFunction = (lr: number, steps: number, info: TrialInfo) => number | TrialOutcome | Promise<number | TrialOutcome>;
