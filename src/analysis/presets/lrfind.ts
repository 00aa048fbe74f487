import { medianAbsoluteDeviation } from 'simple-statistics';
import { argminFinite } from '../argmin.js';
import { assertCurve, assertInteger } from '../assert.js';
import { divergenceIndex } from '../divergence.js';
import { gradient } from '../gradient.js';
import { movingMedian } from '../movingMedian.js';
import { savitzkyGolay } from '../savitzkyGolay.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, prefix } from './common.js';
import { inflectionCandidates } from './inflection.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/** Fewest points lrfind's own method analyzes (one Savitzky–Golay window). */
export const MIN_POINTS = 5;

/**
 * Savitzky–Golay window lrfind uses for a run of `n` points: about n/10, odd, within [5, 101].
 * @example
 * defaultWindow(100);       // => 11
 * defaultWindow(12);        // => 5
 * defaultWindow(1_000_000); // => 101
 */
export function defaultWindow(n: number): number {
  let w = Math.round(n / 10);
  if (w % 2 === 0) w += 1;
  w = Math.min(101, Math.max(5, w));
  while (w > n && w > 5) w -= 2;
  return w;
}

/**
 * lrfind's own recording, post hoc. The run is cut at its first non-finite raw loss (kept as the stopping point);
 * a centred moving median (5 points) removes single-batch spikes without lag; the scale-safe divergence rule
 * ({@link divergenceIndex}, `loss > best + 3·max(|best|, 0.01·|first|)`) runs on that median — post hoc there is no
 * reason to judge divergence on a lagging EMA, which lets the blow-up run on for dozens of steps and leak into the
 * smoothing of the minimum; then the recorded part is smoothed by a zero-phase Savitzky–Golay filter (quadratic,
 * {@link defaultWindow}).
 *
 * @example
 * recordLrfind({ lrs: [1, 2, 3, 4, 5, 6], losses: [6, 5, 4, 3, 2, NaN] }).points; // => 6
 */
export function recordLrfind(curve: LrCurve): Recording & { window: number } {
  assertCurve('recordLrfind', curve);
  const n = curve.losses.length;
  let finite = 0;
  while (finite < n && Number.isFinite(curve.losses[finite])) finite++;
  const robust = movingMedian(prefix(curve.losses, finite), 5);
  const stop = divergenceIndex(robust);
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
  const usable = Math.min(points, finite);
  const smoothed = new Float64Array(points).fill(NaN);
  const window = defaultWindow(usable);
  if (usable >= MIN_POINTS) {
    smoothed.set(savitzkyGolay(robust.subarray(0, usable), { windowSize: window, polynomial: 2 }));
  } else {
    for (let i = 0; i < usable; i++) smoothed[i] = curve.losses[i];
  }
  return { points, smoothed, lrs: prefix(curve.lrs, points), stopIndex, stopReason, window };
}

/**
 * lrfind's own method. Zero-phase Savitzky–Golay smoothing (no EMA lag), the slope taken against log10(lr) (so
 * linear and exponential schedules read alike and the loss scale does not matter), and the search confined to
 * the part of the curve before the smoothed minimum. It reports:
 * - `steepest`: the steepest descent per decade of lr;
 * - `range`: the steep-descent band around it — where the slope is at least half the steepest — the lrs a
 *   one-cycle schedule can safely span;
 * - `recommended`: the point of that band nearest its centre in log10(lr) — the single lr (frozen body or not);
 * - `slice`: for an unfrozen model, the fastai-forum rule (the two rightmost gradient minima) applied to the
 *   smoothed curve before its minimum — falling back to the band;
 * - `minimumDiv10`: a tenth of the lr at the smoothed minimum, the usual upper guard.
 * The note on `recommended` gives the descent's signal-to-noise ratio: the depth of the descent over the
 * robust noise level (1.4826 × the median absolute deviation of raw − smoothed).
 * @example
 * const { suggestions } = lrfindMethod.analyze({ lrs, losses });
 * suggestions.recommended; // => { lr: 2.3e-3, index: 54 }
 * suggestions.range;       // => { range: [1.1e-3, 5.9e-3], indices: [50, 60] }
 */
export const lrfindMethod: Preset = {
  name: 'lrfind',
  description: "lrfind's method: zero-phase smoothing, slope per decade, steep-descent band before the minimum",
  source: 'lrfind (this package): docs/methods.md',
  suggestionNames: ['recommended', 'range', 'slice', 'steepest', 'minimumDiv10'],
  analyze(curve: LrCurve, options: PresetOptions = {}): PresetResult {
    assertCurve('lrfind.analyze', curve);
    const order = options.order ?? 3;
    assertInteger('lrfind.analyze', 'order', order, 1);
    const recording = recordLrfind(curve);
    const f = new Findings();
    const names = ['recommended', 'range', 'slice', 'steepest', 'minimumDiv10'];
    let finite = 0;
    while (finite < recording.points && Number.isFinite(recording.smoothed[finite])) finite++;
    if (finite < MIN_POINTS) {
      const why = `needs at least ${MIN_POINTS} finite losses before the stop; got ${finite}`;
      for (const name of names) f.none(name, why);
      return { preset: 'lrfind', recording, suggestions: f.suggestions, reasons: f.reasons, candidates: { loss: [], gradient: [] } };
    }
    const y = recording.smoothed.subarray(0, finite);
    const x = new Float64Array(finite);
    for (let i = 0; i < finite; i++) x[i] = Math.log10(recording.lrs[i]);
    const g = gradient(y, x);
    const iMin = argminFinite(y);
    f.set('minimumDiv10', { lr: recording.lrs[iMin] / 10, index: iMin });
    const candidates = inflectionCandidates(recording.lrs.subarray(0, finite), y, order);
    const k = argminFinite(g, 0, iMin + 1);
    if (iMin === 0 || k < 0 || !(g[k] < 0)) {
      const why = 'the smoothed loss never decreases: lower the start lr or check the model and data';
      for (const name of ['recommended', 'range', 'slice', 'steepest']) f.none(name, why);
      return { preset: 'lrfind', recording, suggestions: f.suggestions, reasons: f.reasons, candidates };
    }
    let lo = k;
    while (lo > 0 && g[lo - 1] <= 0.5 * g[k]) lo--;
    let hi = k;
    while (hi < iMin && g[hi + 1] <= 0.5 * g[k]) hi++;
    const centre = (x[lo] + x[hi]) / 2;
    let best = lo;
    for (let i = lo; i <= hi; i++) if (Math.abs(x[i] - centre) < Math.abs(x[best] - centre)) best = i;
    // robust noise level of the raw loss around the smooth curve, over the part that is analyzed
    const residuals = new Float64Array(iMin + 1);
    for (let i = 0; i <= iMin; i++) residuals[i] = curve.losses[i] - y[i];
    // simple-statistics only reads, indexes and slices its input: a typed array serves (and sorts 5× faster)
    const noise = 1.4826 * medianAbsoluteDeviation(residuals as unknown as number[]);
    let peak = -Infinity;
    for (let i = 0; i <= k; i++) if (y[i] > peak) peak = y[i];
    const depth = peak - y[iMin];
    const snr = noise > 0 ? depth / noise : Infinity;
    f.set('steepest', { lr: recording.lrs[k], index: k }, `slope ${g[k].toPrecision(3)} per decade of lr`);
    f.set(
      'range',
      { range: [recording.lrs[lo], recording.lrs[hi]], indices: [lo, hi] },
      `band where the slope is at least half the steepest (${(x[hi] - x[lo]).toFixed(2)} decades)`,
    );
    // the fastai-forum rule for an unfrozen model (two rightmost gradient minima), on the clean part of the curve:
    // clearly descending points (a quarter of the steepest slope or more) before the smoothed minimum, so neither
    // the flat bottom nor the blow-up can supply a candidate
    const descending = candidates.gradient.filter((c) => c.index <= iMin && g[c.index] <= 0.25 * g[k]);
    if (descending.length >= 2) {
      const [right, left] = descending;
      f.set(
        'slice',
        { range: [left.lr, right.lr], indices: [left.index, right.index] },
        'the two rightmost clearly descending gradient minima before the loss minimum (discriminative lrs)',
      );
    } else {
      f.set(
        'slice',
        { range: [recording.lrs[lo], recording.lrs[hi]], indices: [lo, hi] },
        'fewer than two gradient minima before the loss minimum: the steep-descent band',
      );
    }
    f.set(
      'recommended',
      { lr: recording.lrs[best], index: best },
      `centre of the steep-descent band; descent/noise = ${Number.isFinite(snr) ? snr.toFixed(1) : '∞'}${snr < 3 ? ' (weak: the curve is mostly noise)' : ''}`,
    );
    return { preset: 'lrfind', recording, suggestions: f.suggestions, reasons: f.reasons, candidates };
  },
};
