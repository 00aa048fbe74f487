import { analyze, answerFields, type Analysis, type AnalyzeOptions } from './analyze.js';
import { assertCurve } from './assert.js';
import { spreadDecades, suggestionCentre } from './spread.js';
import type { LrCurve } from './types.js';
import * as msg from './messages.js';

/** Several range tests of the same model summarised point by point. */
export interface CombinedCurve extends LrCurve {
  readonly lrs: Float64Array;
  /** The median raw loss of the runs at each lr. */
  readonly losses: Float64Array;
  /** The smallest and largest raw loss of the runs at each lr (their spread; +∞ where a run had already diverged). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** How many runs were combined. */
  readonly runs: number;
}

function isIncreasing(lrs: ArrayLike<number>): boolean {
  for (let i = 1; i < lrs.length; i++) if (!(lrs[i] > lrs[i - 1])) return false;
  return true;
}

/** A run's raw loss at log10(lr) = x: linear interpolation in log10(lr); +∞ past its last lr (it had stopped). */
function lossAt(x: Float64Array, losses: ArrayLike<number>, at: number, from: { i: number }): number {
  const n = x.length;
  if (at > x[n - 1]) return Infinity;
  if (at <= x[0]) return losses[0];
  while (from.i < n - 2 && x[from.i + 1] < at) from.i++;
  const j = from.i;
  const t = (at - x[j]) / (x[j + 1] - x[j]);
  const a = losses[j];
  const b = losses[j + 1];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return t < 0.5 ? a : b;
  return a + t * (b - a);
}

/**
 * The median curve of several range tests of one model (other seeds or batch orders): every run's raw loss is read
 * at the lrs of the longest run (linear interpolation in log10(lr) when the schedules differ), a run that stopped
 * earlier counts as diverged (+∞) beyond its last lr, and the median, lowest and highest loss are kept. A single
 * noisy or unlucky run cannot move the median; the spread shows how much the runs differ.
 *
 * @param curves - two or more raw runs `{ lrs, losses }`, each with strictly increasing lrs.
 * @returns the combined curve (`lrs`, median `losses`, `lower`, `upper`, `runs`).
 * @throws {LrfindError} `E_EMPTY` for no runs; `E_BAD_LR` for lrs that do not increase, or runs whose lr ranges do
 *   not overlap (`details.run` is the run, from 1).
 * @example
 * const c = combineCurves([{ lrs: [1, 2, 3], losses: [3, 2, 9] }, { lrs: [1, 2, 3], losses: [3, 1, 2] }, { lrs: [1, 2], losses: [4, 2] }]);
 * c.losses; // => Float64Array [3, 2, 9]
 * c.upper;  // => Float64Array [4, 2, Infinity]
 */
export function combineCurves(curves: readonly LrCurve[]): CombinedCurve {
  if (!Array.isArray(curves) || curves.length === 0) {
    throw msg.combineNoRuns(Array.isArray(curves) ? 0 : typeof curves);
  }
  curves.forEach((c, k) => {
    assertCurve(`combineCurves (run ${k + 1})`, c);
    if (c.lrs.length === 0) throw msg.combineRunEmpty(k + 1);
    if (!isIncreasing(c.lrs)) {
      throw msg.combineRunNotIncreasing(k + 1);
    }
  });
  // the reference grid: the run reaching the highest lr (ties: the one with the most points)
  let ref = 0;
  for (let k = 1; k < curves.length; k++) {
    const a = curves[k].lrs;
    const b = curves[ref].lrs;
    if (a[a.length - 1] > b[b.length - 1] || (a[a.length - 1] === b[b.length - 1] && a.length > b.length)) ref = k;
  }
  const lrs = Float64Array.from(curves[ref].lrs);
  const n = lrs.length;
  // a run ending below the reference's first lr would be all "diverged": the median would mislead, not combine
  curves.forEach((c, k) => {
    const last = c.lrs[c.lrs.length - 1];
    if (last < lrs[0]) throw msg.combineNoOverlap(k + 1, [c.lrs[0], last], ref + 1, [lrs[0], lrs[n - 1]]);
  });
  const m = curves.length;
  const xs = curves.map((c) => Float64Array.from(c.lrs as ArrayLike<number>, (v: number) => Math.log10(v)));
  const cursors = curves.map(() => ({ i: 0 }));
  const losses = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const column = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const at = Math.log10(lrs[i]);
    for (let k = 0; k < m; k++) {
      const v = lossAt(xs[k], curves[k].losses, at, cursors[k]);
      // NaN (a non-finite step) counts as diverged
      column[k] = Number.isNaN(v) ? Infinity : v;
    }
    column.sort();
    const h = m >> 1;
    losses[i] = m % 2 === 1 ? column[h] : column[h - 1] === column[h] ? column[h] : (column[h - 1] + column[h]) / 2;
    lower[i] = column[0];
    upper[i] = column[m - 1];
  }
  return { lrs, losses, lower, upper, runs: m };
}

/** The result of {@link analyzeRuns}. */
export interface CombinedAnalysis {
  /** The analysis of the median curve: its `choice` is the answer. */
  readonly analysis: Analysis;
  /** The median curve with its spread. */
  readonly curve: CombinedCurve;
  /** Each run's own analysis, in input order. */
  readonly perRun: readonly Analysis[];
  /** The spread of the per-run answers, in decades (max / min), or `null` with fewer than two answers. */
  readonly spreadDecades: number | null;
}

/**
 * Analyze several range tests of the same model together: the answer comes from their median curve
 * ({@link combineCurves}), and the per-run answers and their spread say how reproducible it is. When the per-run
 * answers are more than half a decade apart the combined answer's confidence is lowered (at most `medium`, `low`
 * beyond a decade) and the reason says so.
 *
 * @param curves - the raw runs.
 * @param options - as for {@link analyze}.
 * @returns the combined analysis.
 * @throws as {@link combineCurves} and {@link analyze}.
 * @example
 * const { analysis, spreadDecades } = analyzeRuns([runA, runB, runC]);
 * analysis.choice.suggestion; // => { lr: 2.1e-3, index: 55 }
 * spreadDecades;              // => 0.21
 */
export function analyzeRuns(curves: readonly LrCurve[], options: AnalyzeOptions = {}): CombinedAnalysis {
  const curve = combineCurves(curves);
  const perRun = curves.map((c) => analyze(c, options));
  const spread = spreadDecades(perRun.map((a) => a.choice.suggestion));
  const combined = analyze(curve, options);
  let choice = combined.choice;
  const answered = perRun.filter((a) => suggestionCentre(a.choice.suggestion) !== null).length;
  const note = `${curves.length} runs combined (median curve); per-run answers ${spread === null ? 'n/a' : `${spread.toFixed(2)} decades apart`}${answered < curves.length ? `, ${curves.length - answered} without an answer` : ''}`;
  if (choice.confidence !== null) {
    let confidence = choice.confidence;
    if (spread !== null && spread > 1) confidence = 'low';
    else if (spread !== null && spread > 0.5 && confidence === 'high') confidence = 'medium';
    // when the spread is what lowered it, say so first
    const confidenceReason =
      confidence !== choice.confidence
        ? `the runs disagree: ${note}; the median curve alone: ${choice.confidenceReason}`
        : `${choice.confidenceReason}; ${note}`;
    choice = { ...choice, confidence, confidenceReason };
  }
  const own = combined.preset === null || combined.preset === 'lrfind';
  return { analysis: { ...combined, choice, ...(own ? answerFields(choice, options.trials) : {}) }, curve, perRun, spreadDecades: spread };
}
