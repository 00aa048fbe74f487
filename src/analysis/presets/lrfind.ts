/**
 * lrfind's own method, the decision: from the evidence (`lrfindEvidence.ts`) to the range-test answer, its range and
 * its confidence, with the tuning's few constants and the facts a run records (full batch).
 *
 * @module
 */
import { argminFinite } from '../argmin.js';
import { assertCurve, assertInteger } from '../assert.js';
import { emaInto } from '../ema.js';
import { valleyIndex } from '../valley.js';
import { gradientInto } from '../gradient.js';
import type { LrCurve } from '../types.js';
import { Findings } from './common.js';
import { inflectionCandidates } from './inflection.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';
import { MIN_POINTS, recordLrfindWithLogLrs, stabilityEdge, type Confidence, type LrfindRecording } from './lrfindEvidence.js';

/**
 * The free parameters of lrfind's answer, chosen by leave-one-family-out evaluation over the corpus and both
 * holdouts (docs/evaluation.md). Internal: exported for the evaluation scripts, not from the package.
 */
export interface LrfindTuning {
  /**
   * Decades the answer sits above the midpoint, in log10(lr), of the valley (fastai's rule on lrfind's spike-free
   * curve) and the loss minimum (the mean position of the smoothed curve's argmin and the spike-free median's).
   */
  readonly aboveMidpoint: number;
  /**
   * Decades the answer keeps below the stability edge the loss growth after the minimum shows ({@link stabilityEdge}),
   * when the sweep is clean (descent ≥ 8× the noise) or full batch.
   */
  readonly edgeMargin: number;
  /**
   * Decades the answer keeps below the lr where the spike-free median bottoms out, when the loss never blew up: the
   * minimum of such a sweep is where the loss stopped falling, not where training breaks down.
   */
  readonly belowBottom: number;
}

/**
 * The tuning lrfind ships with.
 *
 * @example
 * LRFIND_TUNING; // => { aboveMidpoint: 0.2, edgeMargin: 0.15, belowBottom: 0.5 }
 */
export const LRFIND_TUNING: LrfindTuning = { aboveMidpoint: 0.2, edgeMargin: 0.15, belowBottom: 0.5 };

/** What lrfind knows about a run besides its curve. */
export interface LrfindFacts {
  /** Iterations the range test asked for (the valley skips the first `numIt // 10` points, as fastai's does). */
  readonly numIt?: number;
  /** Every step saw the whole training set (`meta.batchesPerEpoch === 1`): the sweep overestimates the edge most. */
  readonly fullBatch?: boolean;
}

/** The evidence behind lrfind's answer, kept for the confidence and for plots. */
export interface LrfindEvidence {
  readonly steepest: number;
  readonly band: readonly [number, number];
  readonly minimum: number;
  /** The valley's index (fastai's rule on lrfind's spike-free curve). */
  readonly valley: number;
  /** The stability edge the loss growth after the minimum shows ({@link stabilityEdge}), or `null`. */
  readonly edgeLr: number | null;
  /** Whether the run was full batch (`meta.batchesPerEpoch` 1, passed as `fullBatch`). */
  readonly fullBatch: boolean;
  /** Descent depth over the noise level. */
  readonly snr: number;
  /** Decades from the valley up to the loss minimum: the two ends the answer sits between. */
  readonly disagreement: number;
  readonly confidence: Confidence;
  readonly confidenceReason: string;
}

/** The result of lrfind's preset: the common {@link PresetResult} plus its evidence (when there is an answer). */
export interface LrfindResult extends PresetResult {
  readonly recording: LrfindRecording;
  readonly evidence: LrfindEvidence | null;
}

/** lrfind's preset: a {@link Preset} whose result carries the recording's scales and the answer's evidence. */
export interface LrfindPreset extends Preset {
  analyze(curve: LrCurve, options?: PresetOptions): LrfindResult;
}

/**
 * lrfind's own method, from the failure modes of the others (docs/methods.md has the reasoning and
 * docs/evaluation.md the measurements):
 * - the curve is smoothed without lag, without ringing and only up to the stop ({@link recordLrfind});
 * - slopes are taken per decade of lr (scale-free, and alike for linear and exponential sweeps);
 * - `steepest` is the steepest descent before the smoothed minimum, away from the first kernel width (where a
 *   truncated kernel and a first-batch transient live); `range` is the band around it where the slope is at least
 *   half the steepest, never narrower than the kernel resolves;
 * - `recommended` sits between two anchors' evidence: the valley (fastai's rule, on lrfind's spike-free curve) and the
 *   loss minimum — at their midpoint in log lr, ×10^0.2 — never within 0.15 decades of the stability edge the loss
 *   growth after the minimum shows (clean or full-batch sweeps) or of the blow-up, for a full-batch run never above
 *   a tenth of the minimum, and for a sweep that never blew up never above half a decade below where the spike-free
 *   median bottoms out; `range` is the steep-descent band, widened to reach it;
 * - `slice` (an unfrozen model): from the band's low end (at least a decade below the answer) for the first layers
 *   to the answer for the head; `minimumDiv10` as in the Keras recipe, on lrfind's curve.
 * Its evidence carries a confidence: `low` when the descent is under 3× the noise, starts at the first points, the
 * valley and the minimum are over 1.8 decades apart (or inverted), or the run was cut at its minimum without a blow-up;
 * `high` only with a descent ≥ 12× the noise, a blow-up, ≥ 20 points per decade and valley and minimum within 1.4
 * decades (docs/methods.md has the calibration).
 * @example
 * const { suggestions } = lrfindMethod.analyze({ lrs, losses });
 * suggestions.recommended; // => { lr: 2.3e-3, index: 54 }
 * suggestions.range;       // => { range: [1.1e-3, 5.9e-3], indices: [50, 60] }
 */
export const lrfindMethod: LrfindPreset = {
  name: 'lrfind',
  description: "lrfind's method: lag-free smoothing up to the stop, steep-descent band and loss minimum combined",
  source: 'lrfind (this package): docs/methods.md',
  suggestionNames: ['recommended', 'range', 'slice', 'steepest', 'minimumDiv10'],
  analyze(curve: LrCurve, options: PresetOptions = {}): LrfindResult {
    assertCurve('lrfind.analyze', curve);
    const order = options.order ?? 3;
    assertInteger('lrfind.analyze', 'order', order, 1);
    return analyzeLrfind(curve, order, LRFIND_TUNING, { numIt: options.numIt, fullBatch: options.fullBatch });
  },
};

/**
 * lrfind's method with explicit tuning (the evaluation sweeps it; {@link lrfindMethod} uses {@link LRFIND_TUNING}).
 *
 * @example
 * const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 1e8 ** (i / 99));
 * const losses = lrs.map((lr) => 2.3 - 0.3 * Math.tanh(Math.log10(lr) + 3) + (lr > 1 ? 10 * lr : 0));
 * analyzeLrfind({ lrs, losses }, 3).suggestions.recommended; // => { lr: 0.0313, index: 68 } (lr to 3 digits)
 * // at the midpoint itself, 0.2 decades lower:
 * analyzeLrfind({ lrs, losses }, 3, { ...LRFIND_TUNING, aboveMidpoint: 0 }).suggestions.recommended;
 * // => { lr: 0.0215, index: 66 } (lr to 3 digits)
 */
export function analyzeLrfind(curve: LrCurve, order: number, tuning: LrfindTuning = LRFIND_TUNING, facts: LrfindFacts = {}): LrfindResult {
  assertCurve('recordLrfind', curve);
  const { recording, x: logLrs, scratch } = recordLrfindWithLogLrs(curve);
  const f = new Findings();
  const names = ['recommended', 'range', 'slice', 'steepest', 'minimumDiv10'];
  const finite = recording.smoothedPoints;
  const empty = { loss: [], gradient: [] };
  if (finite < MIN_POINTS) {
    const why = `needs at least ${MIN_POINTS} finite losses before the stop; got ${finite}`;
    for (const name of names) f.none(name, why);
    return { preset: 'lrfind', recording, suggestions: f.suggestions, reasons: f.reasons, candidates: empty, evidence: null };
  }
  const y = recording.smoothed.subarray(0, finite);
  // log10 of the lrs the recording smoothed along: the same `finite` (= smoothedPoints) values
  const x = logLrs;
  const span = x[finite - 1] - x[0];
  // the valley first (its EMA and patience arrays are let go before the gradient's): a 5M-point run holds one array
  // fewer at its peak. fastai's rule (EMA 0.98, debiased; the first numIt // 10 points skipped; the longest
  // decreasing run, a third plus a sixth into it) on the spike-free median up to lrfind's stop — its lag and its
  // position along the descent are the evidence, the median keeps a high first batch or a spike from moving it
  const a0 = Math.max(0, Math.min(Math.floor((facts.numIt ?? curve.lrs.length) / 10), finite - 3));
  const iValley = a0 + valleyIndex(emaInto(recording.median.subarray(0, finite), {}, scratch).subarray(a0));
  // the gradient in the working array too (the EMA is done with)
  const g = span > 0 ? gradientInto(y, x, scratch) : scratch.subarray(0, finite).fill(0);
  const iMin = argminFinite(y);
  f.set('minimumDiv10', { lr: recording.lrs[iMin] / 10, index: iMin }, 'a tenth of the lr at the smoothed minimum');
  const candidates = inflectionCandidates(recording.lrs.subarray(0, finite), y, order);
  const r = recording.radius;
  // skip the first kernel width: a truncated kernel and a first-batch transient make slopes there unreliable
  let start = 0;
  while (start < iMin && x[start] < x[0] + r) start++;
  if (start >= iMin) start = 0;
  const k = argminFinite(g, start, iMin + 1);
  let peak = -Infinity;
  for (let i = 0; i <= iMin; i++) if (y[i] > peak) peak = y[i];
  const depth = peak - y[iMin];
  const noise = recording.noise;
  if (iMin === 0 || k < 0 || !(g[k] < 0) || !(depth > 0)) {
    const why = 'the smoothed loss never decreases: lower the start lr or check the model and data';
    for (const name of ['recommended', 'range', 'slice', 'steepest']) f.none(name, why);
    return { preset: 'lrfind', recording, suggestions: f.suggestions, reasons: f.reasons, candidates, evidence: null };
  }
  let lo = k;
  while (lo > 0 && g[lo - 1] <= 0.5 * g[k]) lo--;
  let hi = k;
  while (hi < iMin && g[hi + 1] <= 0.5 * g[k]) hi++;
  // never narrower than the kernel resolves (±r around the steepest point), never past the minimum
  while (lo > 0 && x[k] - x[lo - 1] <= r && x[hi] - x[lo] < 2 * r) lo--;
  while (hi < iMin && x[hi + 1] - x[k] <= r && x[hi] - x[lo] < 2 * r) hi++;
  // the minimum, read on both curves: the smoothed argmin and the spike-free median's, averaged in log10(lr)
  const iBottom = argminFinite(recording.median);
  const xMin = (x[iMin] + x[iBottom]) / 2;
  const xValley = x[iValley];
  let target = (xValley + xMin) / 2 + tuning.aboveMidpoint;
  let capped: 'bottom' | 'edge' | 'stop' | 'full-batch' | null = null;
  // a sweep that never blew up: its minimum is where the loss stopped falling (a flat or slowly rising end), not where
  // training breaks down, and the smoothed minimum can lie far past the median's — hold the answer below where the
  // spike-free median bottoms out
  const xBottom = x[iBottom];
  if (!recording.sawDivergence && target > xBottom - tuning.belowBottom) {
    target = xBottom - tuning.belowBottom;
    capped = 'bottom';
  }
  const snrNow = noise > 0 ? depth / noise : Infinity;
  // full batch: known from the run (meta.batchesPerEpoch 1); importers leave it unknown
  const fullBatch = facts.fullBatch === true;
  // the stability edge the blow-up shows, trusted where the loss growth is not batch noise (a clean or full-batch sweep)
  const edge = stabilityEdge(curve.lrs, curve.losses, iMin, recording.median[iBottom], Math.max(3 * noise, 0.1 * depth));
  const edgeTrusted = edge !== null && (fullBatch || snrNow >= 8);
  if (edgeTrusted && target > edge.x - tuning.edgeMargin) {
    target = edge.x - tuning.edgeMargin;
    capped = 'edge';
  }
  // never at or past the lr where the sweep blew up
  const xStop = recording.stopIndex === null ? Infinity : Math.log10(recording.lrs[Math.min(recording.stopIndex, recording.points - 1)]);
  if (target > xStop - tuning.edgeMargin) {
    target = xStop - tuning.edgeMargin;
    capped = 'stop';
  }
  // full batch: the loss keeps falling far past the edge (an unstable mode grows from almost nothing while the lr
  // rises every step, and the one the edge belongs to may have been all but trained away), so the growth can show
  // the edge of a lesser mode — step back to a tenth of the minimum (Keras' and fastai's rule) at most
  if (fullBatch && target > xMin - 1) {
    target = xMin - 1;
    capped = 'full-batch';
  }
  let best = 0;
  for (let i = 0; i < finite; i++) if (Math.abs(x[i] - target) < Math.abs(x[best] - target)) best = i;
  // a cap is a limit: the sweep's lr nearest to it may lie above it, take the one below
  if (capped !== null) while (best > 0 && x[best] > target) best--;
  const snr = snrNow;
  // the valley and the minimum are the two ends the answer sits between: how far apart they are bounds its error
  const disagreement = xMin - xValley;
  const perDecade = span > 0 ? (finite - 1) / span : Infinity;
  const gap = recording.stopIndex === null ? Infinity : recording.stopIndex - iMin;
  const issues: string[] = [];
  let level: Confidence = 'high';
  const lower = (to: Confidence, why: string): void => {
    issues.push(why);
    if (to === 'low' || (to === 'medium' && level === 'high')) level = to;
  };
  // a sweep that is mostly noise: more steps per lr let the model move during the sweep, a larger batch lowers the noise
  if (snr < 3) lower('low', `the descent is ${snr.toFixed(1)}× the noise (more steps — a larger numIt — or a larger batch would show more)`);
  else if (snr < 12) lower('medium', `the descent is only ${snr.toFixed(1)}× the noise`);
  if (lo <= start && start > 0) lower('low', 'the descent starts at the first points: lower the start lr');
  else if (lo === 0) lower('low', 'the descent starts at the first point: lower the start lr');
  if (disagreement > 1.8) lower('low', `the valley and the loss minimum are ${disagreement.toFixed(1)} decades apart: the answer between them is uncertain`);
  else if (disagreement < -0.3) lower('low', `the loss minimum lies ${(-disagreement).toFixed(1)} decades below the valley: a noisy or cut curve`);
  else if (disagreement > 1.4) lower('medium', `the valley and the loss minimum are ${disagreement.toFixed(1)} decades apart`);
  if (!recording.sawDivergence && gap <= 1) {
    lower('low', 'the loss never blew up and the run was cut at its minimum: the minimum may not be where training breaks down (raise the end lr)');
  } else if (!recording.sawDivergence) {
    lower('medium', 'the loss never blew up: the sweep may not have reached the lrs where training breaks down (raise the end lr)');
  }
  if (perDecade < 20) lower('medium', `the sweep has ${perDecade.toFixed(0)} points per decade (20 or more place the answer to a quarter decade: a larger numIt)`);
  // (a sweep held below its bottom never blew up: the lines above already say so)
  if (capped === 'edge') {
    lower('medium', `held ${tuning.edgeMargin} decades below the stability edge the loss growth after the minimum shows (${(10 ** edge!.x).toPrecision(3)})`);
  } else if (capped === 'stop') {
    lower('medium', `held ${tuning.edgeMargin} decades below the lr where the sweep blew up`);
  } else if (capped === 'full-batch') {
    lower('medium', 'full batch: the edge is uncertain — the loss falls far past it — so the answer stepped back to a tenth of the loss minimum');
  }
  if (fullBatch && capped !== 'full-batch') {
    lower('medium', 'full batch: the sweep overestimates the stable lrs most');
  }
  const confidenceReason =
    issues.length === 0
      ? `clear descent (${Number.isFinite(snr) ? snr.toFixed(0) : '∞'}× the noise), a blow-up, ${perDecade.toFixed(0)} points per decade, valley and minimum ${disagreement.toFixed(1)} decades apart`
      : issues.join('; ');
  // the band the answer lies in: the steep-descent band, widened to reach the answer
  const rLo = Math.min(lo, best);
  const rHi = Math.max(hi, best);
  const width = x[rHi] - x[rLo];
  f.set('steepest', { lr: recording.lrs[k], index: k }, `slope ${g[k].toPrecision(3)} per decade of lr`);
  f.set(
    'range',
    { range: [recording.lrs[rLo], recording.lrs[rHi]], indices: [rLo, rHi] },
    `band where the slope is at least half the steepest${rHi > hi || rLo < lo ? ', widened to the answer' : ''} (${width.toFixed(2)} decades)`,
  );
  // the head trains at the answer, the first layers at the band's low end, at least a decade lower (fastai's
  // slice(lr / 10 … lr / 100, lr) convention for discriminative lrs)
  let sliceLo = lo;
  while (sliceLo > 0 && x[sliceLo] > x[best] - 1) sliceLo--;
  f.set(
    'slice',
    { range: [recording.lrs[sliceLo], recording.lrs[best]], indices: [sliceLo, best] },
    "discriminative lrs: the answer for the head, the steep-descent band's low end (a decade lower at least) for the first layers",
  );
  f.set(
    'recommended',
    { lr: recording.lrs[best], index: best },
    `midway between the valley (${recording.lrs[iValley].toPrecision(3)}) and the loss minimum (${(10 ** xMin).toPrecision(3)}) in log lr, ×10^${tuning.aboveMidpoint}${
      capped === 'bottom'
        ? `, held ${tuning.belowBottom} decades below where the loss bottomed out (${(10 ** xBottom).toPrecision(3)}; the loss never blew up)`
        : capped === 'edge'
        ? `, held ${tuning.edgeMargin} decades below the stability edge the loss growth shows (${(10 ** edge!.x).toPrecision(3)})`
        : capped === 'stop'
          ? `, held ${tuning.edgeMargin} decades below the blow-up`
          : capped === 'full-batch'
            ? ', stepped back to a tenth of the minimum (full batch: the sweep overestimates the edge)'
            : ''
    }; descent/noise = ${Number.isFinite(snr) ? snr.toFixed(1) : '∞'}`,
  );
  const evidence: LrfindEvidence = {
    steepest: k,
    band: [lo, hi],
    minimum: iMin,
    valley: iValley,
    edgeLr: edge === null ? null : 10 ** edge.x,
    fullBatch,
    snr,
    disagreement,
    confidence: level,
    confidenceReason,
  };
  return { preset: 'lrfind', recording, suggestions: f.suggestions, reasons: f.reasons, candidates, evidence };
}

export { MIN_POINTS, medianWindow, stabilityEdge, recordLrfind, type Confidence, type LrfindRecording } from './lrfindEvidence.js';
