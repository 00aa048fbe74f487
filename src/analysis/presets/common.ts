/**
 * Helpers shared by the presets: Python-style slicing, recordings, the suggestion/reason maps.
 *
 * @module
 */
import { assertNumericArray } from '../assert.js';
import type { LrCurve, LrSuggestion, NumericArray, Recording, StopReason } from '../types.js';
import * as msg from '../messages.js';

/**
 * Python's `a[start:stop]` bounds for a sequence of length n, with `stop` possibly negative.
 *
 * @example
 * pySlice(10, 2, -3);   // => [2, 7]
 * pySlice(10, -4, 100); // => [6, 10]
 * pySlice(3, 5, -1);    // => [3, 3] (empty)
 */
export function pySlice(n: number, start: number, stop: number): [number, number] {
  const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
  const e = stop < 0 ? Math.max(0, n + stop) : Math.min(stop, n);
  return [s, Math.max(s, e)];
}

/**
 * The `[skip_start : -skip_end]` window of a tool's plot on `n` recorded points; `zeroKeepsEnd` for the tools that
 * special-case `skip_end = 0` (fastai1, pytorch-lr-finder) rather than slicing `[a:-0]` to nothing (Lightning).
 *
 * @example
 * skipWindow(100, 10, 5, true);  // => [10, 95]
 * skipWindow(100, 10, 0, true);  // => [10, 100] (fastai1, pytorch-lr-finder)
 * skipWindow(100, 10, 0, false); // => [10, 10] (Lightning: nothing left)
 */
export function skipWindow(n: number, skipStart: number, skipEnd: number, zeroKeepsEnd: boolean): [number, number] {
  return skipEnd === 0 && zeroKeepsEnd ? pySlice(n, skipStart, n) : pySlice(n, skipStart, -skipEnd);
}

/**
 * Build a {@link Recording} from a smoothed series and the index of the stopping step (kept) or null. Its arrays
 * are views of `smoothed` and of the curve's lrs (copied only when they are not a Float64Array): never written to.
 *
 * @example
 * const curve = { lrs: [1e-3, 1e-2, 1e-1, 1], losses: [2.3, 2.1, 1.9, 9] };
 * makeRecording(curve, Float64Array.of(2.3, 2.2, 2.0, 4.5), 2, 'diverged');
 * // => { points: 3, smoothed: Float64Array [2.3, 2.2, 2], lrs: Float64Array [0.001, 0.01, 0.1],
 * //      stopIndex: 2, stopReason: 'diverged' }
 * makeRecording(curve, Float64Array.of(2.3, 2.2, 2.0, 4.5), null, 'completed').points; // => 4
 */
export function makeRecording(
  curve: LrCurve,
  smoothed: Float64Array,
  stopIndex: number | null,
  stopReason: StopReason,
): Recording {
  const points = stopIndex === null ? smoothed.length : stopIndex + 1;
  // views, not copies: seven presets of a 5M-point run would otherwise hold 14 arrays of the run's length
  return {
    points,
    smoothed: smoothed.subarray(0, points),
    lrs: prefixView(curve.lrs, points),
    stopIndex,
    stopReason,
  };
}

/** Where a recording rule stops: the index of the stopping step (kept) and why, or `null` when it completes. */
export type StopAt = (smoothed: Float64Array) => { index: number; reason: StopReason } | null;

/**
 * A tool's recording of a raw run: its smoothing and its stop rule — or, for an imported save, the tool's own
 * `recorded` smoothed losses as they are (the tool already stopped where the file ends; its rule only names the
 * reason when it fires at the last point, so a run recorded with other settings, such as pytorch-lr-finder's
 * `diverge_th=1e300`, keeps every point it recorded).
 *
 * @example
 * const curve = { lrs: [1e-3, 1e-2, 1e-1, 1], losses: [2.3, 2.1, 1.9, 9] };
 * const smooth = (losses: NumericArray) => Float64Array.from(losses);
 * const stopAt: StopAt = (s) => {
 *   const i = s.findIndex((v) => v > 2 * s[0]);
 *   return i < 0 ? null : { index: i, reason: 'diverged' };
 * };
 * recordWith(curve, undefined, 'myTool', smooth, stopAt).stopReason;             // => 'diverged' (9 > 2 · 2.3)
 * recordWith(curve, [2.3, 2.2, 2.0, 2.1], 'myTool', smooth, stopAt).stopReason; // => 'completed' (the tool's own)
 */
export function recordWith(
  curve: LrCurve,
  recorded: NumericArray | undefined,
  fn: string,
  smooth: (losses: NumericArray) => Float64Array,
  stopAt: StopAt,
): Recording {
  if (recorded === undefined) {
    const s = smooth(curve.losses);
    const stop = stopAt(s);
    return makeRecording(curve, s, stop?.index ?? null, stop?.reason ?? 'completed');
  }
  assertNumericArray(fn, recorded, 'recorded');
  if (recorded.length !== curve.lrs.length) {
    throw msg.recordedLengthMismatch(fn, recorded.length, curve.lrs.length);
  }
  const s = prefixView(recorded, recorded.length);
  const stop = stopAt(s);
  return stop !== null && stop.index === s.length - 1
    ? makeRecording(curve, s, stop.index, stop.reason)
    : makeRecording(curve, s, null, 'completed');
}

/**
 * Mutable suggestion/reason maps a preset fills in.
 *
 * @example
 * const f = new Findings();
 * f.set('valley', { lr: 1e-3, index: 40 });
 * f.none('steep', 'no descent');
 * f.suggestions; // => { valley: { lr: 0.001, index: 40 }, steep: null }
 * f.reasons;     // => { steep: 'no descent' }
 */
export class Findings {
  readonly suggestions: Record<string, LrSuggestion | { range: [number, number]; indices: [number, number] } | null> =
    {};
  readonly reasons: Record<string, string> = {};

  set(name: string, value: LrSuggestion | { range: [number, number]; indices: [number, number] }, note?: string): void {
    this.suggestions[name] = value;
    if (note !== undefined) this.reasons[name] = note;
  }

  none(name: string, reason: string): void {
    this.suggestions[name] = null;
    this.reasons[name] = reason;
  }
}

/**
 * The first `count` values of `values` as a new Float64Array (a plain loop: `Float64Array.from` with a mapping
 * function is ~10× slower on long runs).
 *
 * @example
 * prefix([1, 2, 3, 4], 2); // => Float64Array [1, 2]
 */
export function prefix(values: ArrayLike<number>, count: number): Float64Array {
  if (values instanceof Float64Array) return values.slice(0, count);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = values[i];
  return out;
}

/**
 * The first `count` values of `values` as a Float64Array: a view of `values` when it is one (no copy, so the caller
 * must not write to it), else a copy ({@link prefix}). Recordings share the run's lrs this way.
 *
 * @example
 * const lrs = Float64Array.of(1, 2, 3);
 * prefixView(lrs, 2).buffer === lrs.buffer; // => true
 * prefixView([1, 2, 3], 2);                 // => Float64Array [1, 2]
 */
export function prefixView(values: ArrayLike<number>, count: number): Float64Array {
  return values instanceof Float64Array ? values.subarray(0, count) : prefix(values, count);
}
