/**
 * The data side of the charts: one preset's view of a run turned into drawable rows (downsampled, NaN → null),
 * the regions a method skipped, and the axis domains. Pure.
 *
 * @module
 */
import { gradient } from '../analysis/gradient.js';
import { pySlice } from '../analysis/presets/common.js';
import type { PresetName, PresetResult } from '../analysis/presets/types.js';
import type { NumericArray } from '../analysis/types.js';
import { downsampleIndices } from './downsample.js';

/** What the charts draw from a run: learning rates, raw losses and, optionally, the run's metadata. */
export interface PlotRun {
  readonly lrs: NumericArray;
  readonly losses: NumericArray;
  readonly meta?: { readonly numIt?: number; readonly [key: string]: unknown };
  /** Why the run stopped, as its driver saw it (a run's `stopReason`), when known. */
  readonly stopReason?: string;
}

/** One drawn point of a curve; `null` where the value is not finite or not defined (after the stop). */
export interface CurveRow {
  /** Step index in the run. */
  readonly i: number;
  readonly lr: number;
  /** Raw loss. */
  readonly loss: number | null;
  /** The preset's smoothed loss (recorded part only). */
  readonly smoothed: number | null;
  /** d smoothed / d log10(lr) (recorded, finite part only). */
  readonly gradient: number | null;
  /** The run's name, in overlays. */
  readonly run?: string;
}

/** A shaded stretch of the lr axis: a part a method skipped, or the part after the stop rule ended the test. */
export interface Region {
  readonly from: number;
  readonly to: number;
  readonly kind: 'skipped' | 'stopped';
  readonly label: string;
}

/**
 * How many points a preset leaves out at each end of its recorded curve.
 *
 * @example
 * skippedEnds('fastai', 100);    // => { start: 10, end: 5 } (numIt // 10)
 * skippedEnds('lightning', 100); // => { start: 10, end: 1 }
 * skippedEnds('lrfind', 100);    // => { start: 0, end: 0 }
 */
export function skippedEnds(preset: PresetName, numIt: number): { readonly start: number; readonly end: number } {
  switch (preset) {
    case 'fastai':
      return { start: Math.floor(numIt / 10), end: 5 };
    case 'fastai1':
    case 'torch-lr-finder':
      return { start: 10, end: 5 };
    case 'lightning':
      return { start: 10, end: 1 };
    default:
      return { start: 0, end: 0 };
  }
}

/**
 * The finite prefix length of `values[0:n]`.
 *
 * @example
 * finitePrefix([2.3, 2.1, NaN, 1.9]); // => 2
 * finitePrefix([2.3, 2.1, 1.9], 2);   // => 2
 */
export function finitePrefix(values: NumericArray, n = values.length): number {
  let k = 0;
  while (k < n && Number.isFinite(values[k])) k++;
  return k;
}

/**
 * d smoothed / d log10(lr) over the finite recorded prefix; NaN elsewhere.
 *
 * @example
 * const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 1e8 ** (i / 99));
 * const run = { lrs, losses: lrs.map((lr) => 2.3 - 0.3 * Math.tanh(Math.log10(lr) + 3) + (lr > 1 ? 10 * lr : 0)) };
 * const result = analyze(run, { preset: 'fastai' }).results[0];
 * const grad = smoothedGradient(result);
 * grad.length;           // => 98 (result.recording.points: fastai stopped at step 97)
 * grad[50].toFixed(3);   // => '-0.095'
 */
export function smoothedGradient(result: PresetResult): Float64Array {
  const { smoothed, lrs, points } = result.recording;
  const out = new Float64Array(points).fill(NaN);
  const k = finitePrefix(smoothed, points);
  if (k >= 2) {
    const x = Float64Array.from({ length: k }, (_, i) => Math.log10(lrs[i]));
    out.set(gradient(smoothed.subarray(0, k), x));
  }
  return out;
}

/** The lr at the boundary between steps `i - 1` and `i` (their geometric mean), clamped to the run. */
function boundary(lrs: NumericArray, i: number): number {
  if (i <= 0) return lrs[0];
  if (i >= lrs.length) return lrs[lrs.length - 1];
  return Math.sqrt(lrs[i - 1] * lrs[i]);
}

/**
 * The regions a preset skipped (its trimmed ends) and the part of the run after its stop rule fired.
 *
 * @example
 * // run and result as in the example of smoothedGradient (fastai, 100 steps, stopped at step 97)
 * regionsOf(run, result, 100).map((r) => r.label);
 * // => ['skipped by fastai', 'skipped by fastai', 'after the stop (diverged)']
 */
export function regionsOf(run: PlotRun, result: PresetResult, numIt: number): Region[] {
  const regions: Region[] = [];
  const n = run.lrs.length;
  const points = result.recording.points;
  const { start, end } = skippedEnds(result.preset, numIt);
  if (start > 0 || end > 0) {
    const [a, b] = pySlice(points, start, -end || points);
    if (a > 0) {
      regions.push({ from: run.lrs[0], to: boundary(run.lrs, Math.min(a, points)), kind: 'skipped', label: `skipped by ${result.preset}` });
    }
    if (b < points) {
      regions.push({ from: boundary(run.lrs, Math.max(b, a)), to: boundary(run.lrs, points), kind: 'skipped', label: `skipped by ${result.preset}` });
    }
  }
  if (points < n) {
    regions.push({
      from: boundary(run.lrs, points),
      to: run.lrs[n - 1],
      kind: 'stopped',
      label: `after the stop (${result.recording.stopReason})`,
    });
  }
  return regions;
}

/** Options of {@link curveRows}. */
export interface CurveRowsOptions {
  /** Pixel columns to keep (see {@link downsampleIndices}). */
  readonly buckets: number;
  /** Steps that must be drawn exactly (suggestions, candidates, the stop). */
  readonly keep: readonly number[];
  /** Run name written into each row (overlays). */
  readonly run?: string;
}

/**
 * The drawn rows of one run: raw loss, the preset's smoothed loss and its gradient, downsampled per column.
 *
 * @example
 * // run, result and grad as in the example of smoothedGradient
 * const rows = curveRows(run, result, grad, { buckets: 20, keep: [46] });
 * rows.length;                // => 44
 * Object.keys(rows[0]);       // => ['i', 'lr', 'loss', 'smoothed', 'gradient']
 * rows.some((r) => r.i === 46); // => true
 */
export function curveRows(run: PlotRun, result: PresetResult, grad: Float64Array, options: CurveRowsOptions): CurveRow[] {
  const n = run.lrs.length;
  const points = result.recording.points;
  const smoothed = new Float64Array(n).fill(NaN);
  smoothed.set(result.recording.smoothed.subarray(0, Math.min(points, n)));
  const g = new Float64Array(n).fill(NaN);
  g.set(grad.subarray(0, Math.min(points, n)));
  const x = Float64Array.from({ length: n }, (_, i) => Math.log10(run.lrs[i]));
  const keep = options.keep.filter((i) => Number.isInteger(i) && i >= 0 && i < n);
  const indices = downsampleIndices(x, [run.losses, smoothed, g], { buckets: options.buckets, keep });
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const rows: CurveRow[] = new Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    const row: CurveRow = { i, lr: run.lrs[i], loss: finite(run.losses[i]), smoothed: finite(smoothed[i]), gradient: finite(g[i]) };
    rows[j] = options.run === undefined ? row : { ...row, run: options.run };
  }
  return rows;
}

/**
 * Smallest and largest finite values of `values[start:end]`, or `undefined` when none is finite.
 *
 * @example
 * finiteExtent([3, NaN, 1, Infinity, 2]); // => [1, 3]
 * finiteExtent([5, 1, 3], 1);              // => [1, 3]
 * finiteExtent([NaN]);                     // => undefined
 */
export function finiteExtent(values: NumericArray, start = 0, end = values.length): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = Math.max(0, start); i < Math.min(end, values.length); i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Widen `[lo, hi]` by `fraction` of its span on both sides (a flat extent gets ±fraction of its value, or ±1).
 *
 * @example
 * pad([1, 3]);      // => [0.9, 3.1]
 * pad([1, 3], 0.5); // => [0, 4]
 * pad([2, 2]);      // => [1.9, 2.1]
 * pad([0, 0]);      // => [-1, 1]
 */
export function pad([lo, hi]: readonly [number, number], fraction = 0.05): [number, number] {
  const span = hi - lo;
  const d = span > 0 ? span * fraction : Math.abs(lo) > 0 ? Math.abs(lo) * fraction : 1;
  return [lo - d, hi + d];
}

/**
 * The loss axis of a run: from the lowest raw loss to the highest smoothed loss of the recorded part, padded, so
 * the exploding tail after divergence does not flatten the curve (it is clipped at the top).
 *
 * @example
 * // run and result as in the example of smoothedGradient
 * lossDomain(run, result)?.map((v) => v.toFixed(2)); // => ['1.61', '10.26']
 */
export function lossDomain(run: PlotRun, result: PresetResult): [number, number] | undefined {
  const points = result.recording.points;
  const s = finiteExtent(result.recording.smoothed, 0, points);
  const r = finiteExtent(run.losses, 0, points);
  if (s === undefined && r === undefined) return undefined;
  const lo = Math.min(s?.[0] ?? Infinity, r?.[0] ?? Infinity);
  const hi = Math.max(s?.[1] ?? -Infinity, s === undefined ? (r?.[1] ?? -Infinity) : -Infinity);
  return pad([lo, hi]);
}

/**
 * The loss axis of an overlay's run: like {@link lossDomain}, but the rise after the smoothed minimum is clipped at
 * half the descent above the highest loss before it, so that one run's blow-up does not flatten every other run.
 *
 * @example
 * descentDomain(run, analyze(run).results[0]); // => [0.31, 3.4] where lossDomain gives [0.31, 11.2]
 */
export function descentDomain(run: PlotRun, result: PresetResult): [number, number] | undefined {
  const full = lossDomain(run, result);
  if (full === undefined) return undefined;
  const points = result.recording.points;
  const smoothed = result.recording.smoothed;
  let m = -1;
  for (let i = 0; i < points; i++) if (Number.isFinite(smoothed[i]) && (m < 0 || smoothed[i] < smoothed[m])) m = i;
  const before = m < 0 ? undefined : finiteExtent(smoothed, 0, m + 1);
  if (before === undefined) return full;
  const [lo] = full;
  const top = before[1] + 0.5 * (before[1] - lo);
  return top < full[1] ? [full[0], top] : full;
}

/**
 * The gradient axis: the finite gradient outside the skipped ends, with 0 always visible, the rise after the
 * minimum clipped at 1.5 × the steepest descent, padded.
 *
 * @example
 * // result and grad as in the example of smoothedGradient
 * gradientDomain(result, grad, 100)?.map((v) => v.toFixed(3)); // => ['-0.136', '0.197']
 */
export function gradientDomain(result: PresetResult, grad: Float64Array, numIt: number): [number, number] | undefined {
  const { start, end } = skippedEnds(result.preset, numIt);
  const [a, b] = pySlice(grad.length, start, -end || grad.length);
  const e = finiteExtent(grad, a, b) ?? finiteExtent(grad);
  if (e === undefined) return undefined;
  // the descent is what matters: the climb after the minimum is clipped at 1.5 × the steepest descent
  const lo = Math.min(0, e[0]);
  const hi = lo < 0 ? Math.min(Math.max(0, e[1]), -1.5 * lo) : Math.max(0, e[1]);
  return pad([lo, hi]);
}
