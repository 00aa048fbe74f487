/**
 * Shared types of the analysis layer.
 *
 * @module
 */

/** Numeric input accepted everywhere: plain arrays, typed arrays, tfjs `dataSync()` output. Never mutated. */
export type NumericArray = ArrayLike<number>;

/**
 * A learning-rate range test curve: `lrs[i]` is the learning rate used for step `i`, `losses[i]` its loss.
 * Losses may be `NaN` or `±Infinity` (a diverged run produces them); learning rates must be finite and > 0.
 */
export interface LrCurve {
  readonly lrs: NumericArray;
  readonly losses: NumericArray;
}

/** A point of a curve, by its index in the run (after `spectra-processing`'s `PointWithIndex`). */
export interface Point {
  readonly index: number;
  readonly lr: number;
  readonly loss: number;
}

/** A suggestion that is a single learning rate; `index` is the run step it was derived from. */
export interface LrSuggestion {
  readonly lr: number;
  readonly index: number;
}

/** A suggestion that is a range of learning rates (a slice for discriminative learning rates, say). */
export interface RangeSuggestion {
  readonly range: readonly [number, number];
  /** Run steps of the two ends. */
  readonly indices: readonly [number, number];
}

/** What a method suggests: a learning rate, a range, or `null` when nothing can be suggested (see `reasons`). */
export type Suggestion = LrSuggestion | RangeSuggestion | null;

/** An inflection-point candidate: a local minimum of the loss or of its gradient. */
export interface Candidate {
  readonly lr: number;
  readonly index: number;
}

/** Why a divergence rule ended the recording. */
export type StopReason = 'completed' | 'diverged' | 'non-finite';

/** The result of applying a recording rule (smoothing + divergence stop) to a raw run, post hoc. */
export interface Recording {
  /** Number of points the tool would have recorded (the stopping point is kept). */
  readonly points: number;
  /** The smoothed losses the tool would have recorded, `points` long. */
  readonly smoothed: Float64Array;
  /** The learning rates of the recorded points, `points` long. */
  readonly lrs: Float64Array;
  /** Index of the step that triggered the stop, or `null` when the run completed. */
  readonly stopIndex: number | null;
  readonly stopReason: StopReason;
}
