import { argminFinite } from '../argmin.js';
import { assertCurve, assertInteger } from '../assert.js';
import { kernelSmooth, kernelSmoothInto } from '../kernelSmooth.js';
import { movingMedian } from '../movingMedian.js';
import { divergenceIndex } from '../divergence.js';
import { emaInto } from '../ema.js';
import { valleyIndex } from '../valley.js';
import { gradientInto } from '../gradient.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, prefixView } from './common.js';
import { inflectionCandidates } from './inflection.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/**
 * Fewest finite points lrfind's own method analyzes.
 *
 * @example
 * MIN_POINTS; // => 5
 */
export const MIN_POINTS = 5;

/** How sure lrfind is of its answer. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * Width (odd, ≥ 5) of the spike-removing median lrfind applies before smoothing a run of `n` points: about
 * n/40, so that a burst of a few wild batches is removed however dense the sweep.
 * @example
 * medianWindow(100);  // => 5
 * medianWindow(400);  // => 11
 * medianWindow(1e6);  // => 51
 */
export function medianWindow(n: number): number {
  let w = Math.round(n / 40);
  if (w % 2 === 0) w += 1;
  return Math.min(51, Math.max(5, w));
}

/** The median of `values`, sorting them in place (the caller's scratch array: no copy of a 5M-point series). */
function medianInPlace(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const s = values.sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Robust noise level of a series: 1.4826 · MAD of its second differences / √6 — white noise of σ gives second
 * differences of σ·√6, while a smooth trend (even a curved one) barely moves them.
 */
function noiseOf(values: ArrayLike<number>, from: number, to: number, scratch?: Float64Array): number {
  if (to - from < 4) return 0;
  const d = scratch === undefined ? new Float64Array(to - from - 2) : scratch.subarray(0, to - from - 2);
  for (let i = from + 1; i < to - 1; i++) d[i - from - 1] = values[i + 1] - 2 * values[i] + values[i - 1];
  // a median does not depend on the order of the values: d is sorted in place, then reused for the deviations
  const med = medianInPlace(d);
  for (let i = 0; i < d.length; i++) d[i] = Math.abs(d[i] - med);
  return (1.4826 * medianInPlace(d)) / Math.sqrt(6);
}

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
}

/**
 * The tuning lrfind ships with.
 *
 * @example
 * LRFIND_TUNING; // => { aboveMidpoint: 0.2, edgeMargin: 0.15 }
 */
export const LRFIND_TUNING: LrfindTuning = { aboveMidpoint: 0.2, edgeMargin: 0.15 };

/** What lrfind knows about a run besides its curve. */
export interface LrfindFacts {
  /** Iterations the range test asked for (the valley skips the first `numIt // 10` points, as fastai's does). */
  readonly numIt?: number;
  /** Every step saw the whole training set (`meta.batchesPerEpoch === 1`): the sweep overestimates the edge most. */
  readonly fullBatch?: boolean;
}

/**
 * The stability edge a sweep's blow-up shows, in log10(lr): for gradient descent on a quadratic, a mode past the
 * edge (lr = k · 2/λ) grows by (2k − 1)² per step, so a loss excess that grew by ρ from one step to the next was
 * trained at k = (√ρ + 1) / 2 times the edge. The excess is the loss above `floor` (the lowest spike-free loss: the
 * same for a loss shifted by a constant or scaled), counted only from `least` on (lrfind: a tenth of the descent and
 * 3× the noise — a ratio of two near-zero excesses, or one jump from the bottom, says nothing); the lowest such
 * estimate over the steps from `from` on (raw losses; step i's lr produced loss i + 1; a growth counts when the next
 * step grows too). While a decaying mode still
 * dominates, ρ understates the growth and the estimate errs high, hence the minimum over steps; a mode that
 * training had all but removed before the edge can hide it altogether (the estimate then shows a lesser mode's).
 * `null` when the loss never grew after `from`.
 *
 * @example
 * stabilityEdge([1, 2, 4, 8], [1, 0.5, 2, 9], 1); // => { index: 1, x: log10(2 / 1.5) } (ρ = 4 → k = 1.5)
 */
export function stabilityEdge(lrs: ArrayLike<number>, losses: ArrayLike<number>, from: number, floor = 0, least = 0): { index: number; x: number } | null {
  let best: { index: number; x: number } | null = null;
  for (let i = Math.max(0, from); i + 2 < losses.length; i++) {
    const a = losses[i] - floor;
    const b = losses[i + 1] - floor;
    // a growth the next step continues: one jump (then non-finite, or back down) is not a mode growing
    if (!(a > 0) || !(a >= least) || !Number.isFinite(b) || !(b > a) || !(losses[i + 2] - floor > b)) continue;
    const x = Math.log10(lrs[i] / ((Math.sqrt(b / a) + 1) / 2));
    if (best === null || x < best.x) best = { index: i, x };
  }
  return best;
}

/**
 * lrfind's post-hoc stop: the first point where the spike-free loss has climbed back above its lowest value so far
 * by as much as it had descended to reach it (and by 10× the noise), once half of the whole descent is done — it depends on neither the loss's scale nor
 * its offset, so a loss that crosses zero (a log-likelihood) stops where a positive one would.
 */
function depthStop(robust: Float64Array, noise: number): { index: number; reason: 'diverged' } | null {
  // the whole descent: from the highest point before the lowest one down to it (the blow-up's height plays no part)
  let iLow = 0;
  for (let i = 1; i < robust.length; i++) if (robust[i] < robust[iLow]) iLow = i;
  let highest = -Infinity;
  for (let i = 0; i <= iLow; i++) highest = Math.max(highest, robust[i]);
  const whole = highest - robust[iLow];
  let top = -Infinity; // highest value so far
  let peak = -Infinity; // highest value before the lowest so far: the top of the descent
  let low = Infinity;
  for (let i = 0; i < robust.length; i++) {
    const v = robust[i];
    top = Math.max(top, v);
    if (v < low) {
      low = v;
      peak = top;
    }
    // a rise only ends the run once half of the whole descent is done: noise on a first plateau (or the first
    // stage of a two-stage curve) is not a blow-up
    if (whole > 0 && peak > low && peak - low >= 0.5 * whole && v - low > Math.max(peak - low, 10 * noise)) return { index: i, reason: 'diverged' };
  }
  return null;
}

/** What lrfind's recording keeps beyond the common {@link Recording}. */
export interface LrfindRecording extends Recording {
  /** The spike-free median curve of the smoothed part (`smoothedPoints` long). */
  readonly median: Float64Array;
  /** The spike-removing median's width, in points. */
  readonly medianWindow: number;
  /** The smoothing kernel's scale (standard deviation), in decades of lr, chosen from the noise. */
  readonly radius: number;
  /** Robust noise level of the raw loss (same units as the loss). */
  readonly noise: number;
  /**
   * Whether the run shows its breakdown: a non-finite loss, or the spike-free loss rising 3× its best's scale above
   * its best ({@link divergenceIndex}). Without it the sweep may have ended below the lrs that break training.
   */
  readonly sawDivergence: boolean;
  /** Points smoothed: the run before its stopping point. */
  readonly smoothedPoints: number;
}

/** Smallest and largest kernel scales lrfind considers, in decades of lr. */
const RADIUS_LADDER = [0.05, 0.07, 0.1, 0.14, 0.2, 0.28, 0.4] as const;

/**
 * lrfind's own recording, post hoc. The run is cut at its first non-finite raw loss; a moving median
 * ({@link medianWindow} points, full width at the ends: {@link movingMedian} with `'shift'`) removes single-batch spikes and a high first batch; the
 * scale-safe divergence rule ({@link divergenceIndex}) runs on that median; then the part BEFORE the stopping point
 * is smoothed by a Gaussian-like kernel in log10(lr) ({@link kernelSmooth}) whose scale grows with the noise. The
 * kernel is a convex combination, so the smoothed curve never leaves the range of the losses it smooths (no
 * ringing at the blow-up), and nothing past the stop leaks into it.
 *
 * @example
 * recordLrfind({ lrs: [1, 2, 3, 4, 5, 6], losses: [6, 5, 4, 3, 2, NaN] }).points; // => 6
 */
export function recordLrfind(curve: LrCurve): LrfindRecording {
  assertCurve('recordLrfind', curve);
  return recordLrfindWithLogLrs(curve).recording;
}

/**
 * {@link recordLrfind}, with the log10 of the lrs it smoothed along (`smoothedPoints` of them), which the method
 * reuses rather than computing a second array of the run's length.
 */
function recordLrfindWithLogLrs(curve: LrCurve): { recording: LrfindRecording; x: Float64Array; scratch: Float64Array } {
  const n = curve.losses.length;
  let finite = 0;
  while (finite < n && Number.isFinite(curve.losses[finite])) finite++;
  // one working array of the run's length for everything needed only for a while (the noise's differences, the
  // pilot smoothing; the method's EMA and gradient after): fewer arrays for the collector to find late
  const scratch = new Float64Array(finite);
  const mw = medianWindow(finite);
  const robust = movingMedian(prefixView(curve.losses, finite), mw, 'shift');
  const finiteNoise = noiseOf(curve.losses, 0, finite, scratch);
  const stop = depthStop(robust, finiteNoise);
  let stopIndex: number | null;
  let stopReason: Recording['stopReason'];
  if (stop !== null) {
    stopIndex = stop.index;
    stopReason = stop.reason;
  } else if (finite < n) {
    stopIndex = finite;
    stopReason = 'non-finite';
  } else {
    stopIndex = null;
    stopReason = 'completed';
  }
  const points = stopIndex === null ? n : stopIndex + 1;
  // smooth only what lies before the stop: the diverged point (and anything after it) is not part of the curve
  const usable = Math.min(finite, stopIndex ?? n);
  const noise = usable === finite ? finiteNoise : noiseOf(curve.losses, 0, usable, scratch);
  // ...and only up to where the loss first rises clearly from its lowest value so far: how the blow-up goes on
  // (gradually or in one jump) then cannot move the smoothed minimum
  const x = new Float64Array(usable);
  for (let i = 0; i < usable; i++) x[i] = Math.log10(curve.lrs[i]);
  let radius = 0;
  let smoothed: Float64Array;
  if (usable >= MIN_POINTS) {
    radius = chooseRadius(x, robust.subarray(0, usable), noise, scratch);
    const kernel = kernelSmooth(x, robust.subarray(0, usable), { sigma: radius });
    // the kernel's output is the curve when nothing follows the smoothed part (no second array of the run's length)
    if (points === usable) smoothed = kernel;
    else {
      smoothed = new Float64Array(points).fill(NaN);
      smoothed.set(kernel);
    }
  } else {
    smoothed = new Float64Array(points).fill(NaN);
    for (let i = 0; i < usable; i++) smoothed[i] = robust[i];
  }
  for (let i = usable; i < Math.min(points, finite); i++) smoothed[i] = robust[i];
  const recording: LrfindRecording = {
    points,
    smoothed,
    lrs: prefixView(curve.lrs, points),
    stopIndex,
    stopReason,
    median: robust.subarray(0, usable),
    medianWindow: mw,
    sawDivergence: finite < n || divergenceIndex(robust) !== null,
    radius,
    noise,
    smoothedPoints: usable,
  };
  return { recording, x, scratch };
}

/**
 * The kernel scale: the smallest on {@link RADIUS_LADDER} (and at least two points' spacing) at which the noise
 * left in the slope is small next to the descent — sd(slope) ≈ noise / (r · √(3.5 r ρ)) for ρ points per decade —,
 * so a clean curve keeps its shape and a noisy one is smoothed harder instead of producing a seed-dependent band.
 */
function chooseRadius(x: Float64Array, y: Float64Array, noise: number, scratch: Float64Array): number {
  const n = x.length;
  const span = x[n - 1] - x[0];
  if (!(span > 0)) return 0;
  const density = (n - 1) / span;
  const floor = Math.min(2 / density, span / 4);
  const pilot = kernelSmoothInto(x, y, { sigma: Math.max(0.14, floor) }, scratch);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (pilot[i] < lo) lo = pilot[i];
    if (pilot[i] > hi) hi = pilot[i];
  }
  const depth = hi - lo;
  const cap = Math.max(floor, span / 8);
  for (const r of RADIUS_LADDER) {
    const radius = Math.max(r, floor);
    if (radius >= cap) return cap;
    const slopeNoise = noise / (radius * Math.sqrt(3.5 * radius * density));
    if (slopeNoise <= 0.05 * depth) return radius;
  }
  return Math.min(RADIUS_LADDER[RADIUS_LADDER.length - 1], cap);
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
 *   growth after the minimum shows (clean or full-batch sweeps) or of the blow-up, and for a full-batch run never above
 *   a tenth of the minimum; `range` is the steep-descent band, widened to reach it;
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
  const xMin = (x[iMin] + x[argminFinite(recording.median)]) / 2;
  const xValley = x[iValley];
  let target = (xValley + xMin) / 2 + tuning.aboveMidpoint;
  const snrNow = noise > 0 ? depth / noise : Infinity;
  // full batch: known from the run (meta.batchesPerEpoch 1); importers leave it unknown
  const fullBatch = facts.fullBatch === true;
  // the stability edge the blow-up shows, trusted where the loss growth is not batch noise (a clean or full-batch sweep)
  const edge = stabilityEdge(curve.lrs, curve.losses, iMin, recording.median[argminFinite(recording.median)], Math.max(3 * noise, 0.1 * depth));
  const edgeTrusted = edge !== null && (fullBatch || snrNow >= 8);
  let capped: 'edge' | 'stop' | 'full-batch' | null = null;
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
      capped === 'edge'
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
