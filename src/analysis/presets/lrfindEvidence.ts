/**
 * The evidence of lrfind's own method: its recording (a spike-free median curve, smoothed at a scale chosen from the
 * noise, with the stop where the loss blew up), the noise, and the stability edge estimated from how fast the loss
 * grew. `lrfind.ts` decides from it.
 *
 * @module
 */
import { assertCurve } from '../assert.js';
import { kernelSmooth, kernelSmoothInto } from '../kernelSmooth.js';
import { movingMedian } from '../movingMedian.js';
import { divergenceIndex } from '../divergence.js';
import type { LrCurve, Recording } from '../types.js';
import { prefixView } from './common.js';

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
 * reuses rather than computing a second array of the run's length (and a scratch array of that length).
 *
 * @example
 * recordLrfindWithLogLrs({ lrs: [1e-3, 1e-2, 1e-1, 1, 10], losses: [3, 2, 1, 2, 9] }).x[0]; // => -3
 */
export function recordLrfindWithLogLrs(curve: LrCurve): { recording: LrfindRecording; x: Float64Array; scratch: Float64Array } {
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
