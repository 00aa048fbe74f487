/**
 * The one answer of lrfind — `{ lr, range, confidence, basis, reason, next? }` — that every surface reads: the CLI's
 * first lines and `-q`, every `--json`, the chart's subtitle and marker, the HTML report and the schedules. When
 * confirm trials ran, it is the measured lr; otherwise the range-test estimate. Pure.
 *
 * @module
 */
import type { Confidence } from './presets/lrfind.js';
import type { RangeSuggestion, Suggestion } from './types.js';

/** Where the answer comes from: short trials that trained at the candidates, or the range-test curve alone. */
export type AnswerBasis = 'measured' | 'range test';

/** The range-test estimate, kept next to a measured answer (a labelled second line). */
export interface RangeTestEstimate {
  /** lrfind's range-test lr. */
  readonly lr: number;
  /** Its range of good lrs (always holds `lr`). */
  readonly range: readonly [number, number];
  readonly confidence: Confidence;
  readonly reason: string;
  readonly confidenceReason: string;
}

/**
 * lrfind's answer: THE learning rate to train with.
 *
 * @example
 * const { answer } = analyze({ lrs, losses });
 * answer?.lr;    // => 0.0023
 * answer?.range; // => [0.0011, 0.0059]
 */
export interface LrAnswer {
  /** The learning rate. Always inside `range`. */
  readonly lr: number;
  /** The lrs that are good too: `[low, high]`, `low ≤ lr ≤ high`. */
  readonly range: readonly [number, number];
  /** How sure the answer is (the reason says on what evidence). */
  readonly confidence: Confidence;
  /** `'measured'`: confirm trials trained at the candidates and this lr trained best; `'range test'`: read off the curve. */
  readonly basis: AnswerBasis;
  /** How the answer was obtained, in one line. */
  readonly reason: string;
  /** What the confidence rests on (the evidence), in one line. */
  readonly confidenceReason: string;
  /** The next step the user can run, when there is a useful one (e.g. measuring a low-confidence estimate). */
  readonly next?: string;
  /**
   * For an unfrozen (fine-tune) model: the slice for discriminative lrs, body to head (`lr` is the head's, its top).
   * Absent for a single lr.
   */
  readonly slice?: readonly [number, number];
  /** With `basis: 'measured'`: the range-test estimate the trials started from. */
  readonly rangeTest?: RangeTestEstimate;
}

/** One confirm trial, as an answer reads it (the recorder's `ConfirmTrial` has these fields). */
export interface AnswerTrial {
  readonly lr: number;
  readonly round: number;
  readonly steps: number;
  /** Validation loss at the end of the trial; NaN when not measurable. */
  readonly loss: number;
  readonly diverged: boolean;
}

/** The confirm trials as an answer reads them (the recorder's `Confirmation` has these fields). */
export interface AnswerTrials {
  /** The lr that trained best, or `null` when every trial diverged. */
  readonly lr: number | null;
  readonly reason: string;
  readonly trials: readonly AnswerTrial[];
  /** `'validation'` (the caller's data) or `'held-back'` (a slice of the training data no trial trained on). */
  readonly basis: string;
}

/** The parts of lrfind's choice the range-test answer is built from (an analysis' `choice` has them). */
export interface ChoiceLike {
  readonly suggestion: Suggestion;
  readonly range?: RangeSuggestion | null;
  readonly confidence?: Confidence | null;
  readonly confidenceReason?: string;
  readonly reason: string;
}

/**
 * How close to the best trial's validation loss (relative, in the same round) a trial must come for its lr to count
 * as good: a measured answer's `range` holds the lrs within 10 % of the best.
 *
 * @example
 * MEASURED_MARGIN; // => 0.1
 */
export const MEASURED_MARGIN = 0.1;

/**
 * What to do next with a low-confidence range-test estimate: measure it, with the caller's own model.
 *
 * @example
 * MEASURE_HINT.startsWith('measure it'); // => true
 */
export const MEASURE_HINT =
  "measure it on your model: lrFind(model, data) runs short trials at the candidates by default (lrFindLoop(step, { confirm: { trial } }) for any training loop)";

const isLr = (s: Suggestion | undefined): s is { lr: number; index: number } =>
  s !== null && s !== undefined && 'lr' in s && s.lr > 0 && Number.isFinite(s.lr);
const isRange = (s: Suggestion | undefined): s is RangeSuggestion => s !== null && s !== undefined && 'range' in s;

/**
 * The range-test answer of lrfind's choice: its lr (the head's lr for a slice) and its range of good lrs, widened where
 * needed so that it always holds the lr; `null` when the curve gives no answer.
 *
 * @param choice - lrfind's choice (an analysis' `choice`, with `preset` unset or `'lrfind'`).
 * @returns the answer with `basis: 'range test'`, or `null`.
 * @example
 * rangeTestAnswer({ suggestion: { lr: 3e-2, index: 70 }, range: { range: [1.8e-4, 4.7e-3], indices: [30, 55] },
 *   confidence: 'low', confidenceReason: 'noisy', reason: 'r' });
 * // => { lr: 0.03, range: [0.00018, 0.03], confidence: 'low', basis: 'range test', reason: 'r', confidenceReason: 'noisy', next: … }
 */
export function rangeTestAnswer(choice: ChoiceLike): LrAnswer | null {
  const s = choice.suggestion;
  let lr: number;
  let slice: readonly [number, number] | undefined;
  if (isLr(s)) lr = s.lr;
  else if (isRange(s) && s.range[1] > 0 && Number.isFinite(s.range[1])) {
    slice = [s.range[0], s.range[1]];
    lr = s.range[1];
  } else return null;
  const band = choice.range && isRange(choice.range) ? choice.range.range : slice ?? [lr, lr];
  const range: [number, number] = [Math.min(band[0], lr), Math.max(band[1], lr)];
  const confidence = choice.confidence ?? 'low';
  return {
    lr,
    range,
    confidence,
    basis: 'range test',
    reason: choice.reason,
    confidenceReason: choice.confidenceReason || 'no evidence recorded',
    ...(confidence === 'high' ? {} : { next: MEASURE_HINT }),
    ...(slice ? { slice } : {}),
  };
}

/**
 * The measured answer: the lr whose confirm trial trained best, its range the lrs whose trials came within
 * {@link MEASURED_MARGIN} of the best validation loss of their last round, and a confidence from what the trials
 * show — `high` when the best lr has a tried lr on either side that trained worse (the optimum is bracketed) and a
 * runner-up that did not diverge, `medium` when the best is the highest or lowest lr tried, `low` when a single trial
 * survived. `null` when every trial diverged (the range-test estimate, if any, answers then).
 *
 * @param trials - the confirm trials (a run's `confirmation`).
 * @param estimate - the range-test answer they started from, kept as `rangeTest`.
 * @returns the answer with `basis: 'measured'`, or `null`.
 * @example
 * measuredAnswer({ lr: 1e-2, reason: 'lowest validation loss', basis: 'validation', trials: [
 *   { lr: 1e-3, round: 0, steps: 10, loss: 0.9, diverged: false },
 *   { lr: 1e-2, round: 0, steps: 10, loss: 0.5, diverged: false },
 *   { lr: 3e-2, round: 0, steps: 10, loss: 0.52, diverged: false },
 *   { lr: 1e-1, round: 0, steps: 10, loss: NaN, diverged: true }] }, null);
 * // => { lr: 0.01, range: [0.01, 0.03], confidence: 'high', basis: 'measured', reason: 'measured: … ' }
 */
export function measuredAnswer(trials: AnswerTrials, estimate: LrAnswer | null): LrAnswer | null {
  const best = trials.lr;
  if (best === null || !(best > 0) || !Number.isFinite(best)) return null;
  const good = goodRegion(trials.trials, best);
  const tried = [...new Set(trials.trials.map((t) => t.lr))];
  const finite = trials.trials.filter((t) => !t.diverged && Number.isFinite(t.loss));
  const survivors = new Set(finite.map((t) => t.lr)).size;
  const below = tried.some((lr) => lr < best);
  const above = tried.some((lr) => lr > best);
  let confidence: Confidence;
  let why: string;
  if (survivors <= 1) {
    confidence = 'low';
    why = 'only this lr trained without diverging';
  } else if (below && above) {
    confidence = 'high';
    why = 'lrs tried on both sides trained worse';
  } else {
    confidence = 'medium';
    why = `it is the ${above ? 'lowest' : 'highest'} lr tried: a ${above ? 'lower' : 'higher'} one might train better`;
  }
  const data = trials.basis === 'held-back' ? 'held-back' : 'validation';
  const rangeTest: RangeTestEstimate | undefined = estimate
    ? { lr: estimate.lr, range: estimate.range, confidence: estimate.confidence, reason: estimate.reason, confidenceReason: estimate.confidenceReason }
    : undefined;
  return {
    lr: best,
    range: good,
    confidence,
    basis: 'measured',
    reason: `measured: ${trials.reason}`,
    confidenceReason: `${why}; range: the lrs whose trials came within ${MEASURED_MARGIN * 100}% of the best ${data} loss`,
    ...(estimate?.slice ? { slice: [Math.min(estimate.slice[0], best), best] as const } : {}),
    ...(rangeTest ? { rangeTest } : {}),
  };
}

/** The lrs whose trial, in the last round they reached, came within the margin of that round's best. */
function goodRegion(trials: readonly AnswerTrial[], best: number): [number, number] {
  const lastRound = new Map<number, AnswerTrial>();
  for (const t of trials) {
    const seen = lastRound.get(t.lr);
    if (!seen || t.round >= seen.round) lastRound.set(t.lr, t);
  }
  const roundBest = new Map<number, number>();
  for (const t of trials) {
    if (t.diverged || !Number.isFinite(t.loss)) continue;
    roundBest.set(t.round, Math.min(roundBest.get(t.round) ?? Infinity, t.loss));
  }
  let low = best;
  let high = best;
  for (const t of lastRound.values()) {
    const b = roundBest.get(t.round);
    if (t.diverged || !Number.isFinite(t.loss) || b === undefined) continue;
    if (t.loss <= b + MEASURED_MARGIN * Math.abs(b)) {
      low = Math.min(low, t.lr);
      high = Math.max(high, t.lr);
    }
  }
  return [low, high];
}

/**
 * lrfind's one answer: measured when confirm trials picked an lr, else the range-test estimate; `null` when neither
 * gives one.
 *
 * @param choice - lrfind's choice (an analysis' `choice`).
 * @param trials - the confirm trials, if any ran.
 * @example
 * answerFor(analysis.choice, run.confirmation)?.basis; // => 'measured'
 */
export function answerFor(choice: ChoiceLike, trials?: AnswerTrials | null): LrAnswer | null {
  return answerWithTrials(rangeTestAnswer(choice), trials);
}

/**
 * A range-test estimate measured by confirm trials: the measured answer when the trials picked an lr, else the
 * estimate (marked `low` when the trials picked none); the estimate itself without trials. An answer that is already
 * measured is measured again from its own range-test estimate.
 *
 * @param estimate - the range-test answer (or a measured answer, whose `rangeTest` is then used).
 * @param trials - the confirm trials, if any ran.
 * @example
 * answerWithTrials(analysis.answer, run.confirmation)?.lr === run.confirmation.lr; // => true
 */
export function answerWithTrials(estimate: LrAnswer | null, trials?: AnswerTrials | null): LrAnswer | null {
  const base = estimate?.basis === 'measured' ? fromRangeTest(estimate) : estimate;
  if (!trials) return base;
  const measured = measuredAnswer(trials, base);
  if (measured) return measured;
  if (!base) return null;
  return {
    ...base,
    confidence: 'low',
    confidenceReason: `the confirm trials picked none (${trials.reason}); the range test alone: ${base.confidenceReason}`,
    next: MEASURE_HINT,
  };
}

/** The range-test estimate kept inside a measured answer, as an answer of its own. */
function fromRangeTest(answer: LrAnswer): LrAnswer | null {
  const e = answer.rangeTest;
  if (!e) return null;
  return {
    lr: e.lr,
    range: e.range,
    confidence: e.confidence,
    basis: 'range test',
    reason: e.reason,
    confidenceReason: e.confidenceReason,
    ...(e.confidence === 'high' ? {} : { next: MEASURE_HINT }),
    ...(answer.slice ? { slice: [answer.slice[0], e.lr] as const } : {}),
  };
}

/**
 * Why there is no answer, in one line (for `answer: null`).
 *
 * @example
 * noAnswerReason({ suggestion: null, reason: 'too few points (3)' }, undefined); // => 'no answer: too few points (3)'
 */
export function noAnswerReason(choice: ChoiceLike, trials?: AnswerTrials | null): string {
  return `no answer: ${choice.reason}${trials ? `; confirm trials: ${trials.reason}` : ''}`;
}

/**
 * The index of the lr in `lrs` nearest to `lr` on a log scale (the first of equals); -1 for no lrs. O(n).
 *
 * @example
 * nearestLrIndex([1e-4, 1e-3, 1e-2], 2e-3); // => 1
 */
export function nearestLrIndex(lrs: ArrayLike<number>, lr: number): number {
  let best = -1;
  let gap = Infinity;
  const target = Math.log(lr);
  for (let i = 0; i < lrs.length; i++) {
    const d = Math.abs(Math.log(lrs[i]) - target);
    if (d < gap) {
      gap = d;
      best = i;
    }
  }
  return best;
}

/**
 * An answer placed on a run's lrs, as suggestions are: its lr (a slice for an unfrozen model) and its range, each with
 * the index of the run's nearest step — what a chart marks and `compare` lists.
 *
 * @example
 * answerAsSuggestions({ lr: 2e-3, range: [1e-3, 1e-2], confidence: 'high', basis: 'measured', reason: '', confidenceReason: '' }, [1e-4, 1e-3, 1e-2]);
 * // => { suggestion: { lr: 0.002, index: 1 }, range: { range: [0.001, 0.01], indices: [1, 2] } }
 */
export function answerAsSuggestions(answer: LrAnswer, lrs: ArrayLike<number>): { suggestion: Suggestion; range: RangeSuggestion | null } {
  const at = (lr: number): number => Math.max(0, nearestLrIndex(lrs, lr));
  const { slice, range } = answer;
  return {
    suggestion: slice ? { range: [slice[0], slice[1]], indices: [at(slice[0]), at(slice[1])] } : { lr: answer.lr, index: at(answer.lr) },
    range: range[0] < range[1] ? { range: [range[0], range[1]], indices: [at(range[0]), at(range[1])] } : null,
  };
}
