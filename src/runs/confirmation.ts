/**
 * The confirm trials as data: the candidates tried, every trial as run, and the measured answer — what a run keeps of
 * its trials (lrfind's run file stores it; `analyze(curve, { trials })` answers from it).
 *
 * @module
 */

/** A learning rate to try, and who proposed it. */
export interface ConfirmCandidate {
  readonly lr: number;
  /** Who proposed it: suggestion names (`lrfind.recommended`, `fastai.valley`, …), `-0.5 decade`, `given`; comma-joined. */
  readonly source: string;
}

/** One trial as run. */
export interface ConfirmTrial {
  readonly lr: number;
  readonly source: string;
  /** Successive-halving round (0 first; the last round's best is the answer). */
  readonly round: number;
  /** Steps trained (fewer than asked when the trial diverged and stopped early). */
  readonly steps: number;
  /** Validation loss at the end of the trial; NaN when not measurable. */
  readonly loss: number;
  /** The training diverged or the loss was not finite: ranks last. */
  readonly diverged: boolean;
  /** Went on to the next round (or, in the last round, is the answer). */
  readonly kept: boolean;
}

/** Where the trials' validation loss came from. */
export type ConfirmBasis = 'validation' | 'held-back';

/** The result of the confirm trials: `lr` is the measured answer. */
export interface Confirmation {
  /** The lr whose trial reached the lowest validation loss in the last round; `null` when every trial diverged. */
  readonly lr: number | null;
  /** Who proposed the winner (as in {@link ConfirmCandidate.source}); `null` with `lr`. */
  readonly source: string | null;
  /** Why this lr, or why none. */
  readonly reason: string;
  /** Every trial run, in order (a candidate kept by a round appears again, longer, in the next). */
  readonly trials: readonly ConfirmTrial[];
  /** Training steps spent in the trials, in total. */
  readonly steps: number;
  /** The step budget the trials were planned for. */
  readonly budget: number;
  /** `'validation'`: the caller's validation data; `'held-back'`: a slice of the training data the trials never trained on. */
  readonly basis: ConfirmBasis;
}
