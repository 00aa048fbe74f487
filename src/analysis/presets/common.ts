/**
 * Helpers shared by the presets: Python-style slicing, recordings, the suggestion/reason maps.
 *
 * @module
 */
import { assertNumericArray } from '../assert.js';
import type { LrCurve, LrSuggestion, NumericArray, Recording, StopReason } from '../types.js';
import * as msg from '../messages.js';

/** Python's `a[start:stop]` bounds for a sequence of length n, with `stop` possibly negative. */
export function pySlice(n: number, start: number, stop: number): [number, number] {
  const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
  const e = stop < 0 ? Math.max(0, n + stop) : Math.min(stop, n);
  return [s, Math.max(s, e)];
}

/**
 * The `[skip_start : -skip_end]` window of a tool's plot on `n` recorded points; `zeroKeepsEnd` for the tools that
 * special-case `skip_end = 0` (fastai1, pytorch-lr-finder) rather than slicing `[a:-0]` to nothing (Lightning).
 */
export function skipWindow(n: number, skipStart: number, skipEnd: number, zeroKeepsEnd: boolean): [number, number] {
  return skipEnd === 0 && zeroKeepsEnd ? pySlice(n, skipStart, n) : pySlice(n, skipStart, -skipEnd);
}

/** Build a {@link Recording} from a smoothed series and the index of the stopping step (kept) or null. */
export function makeRecording(
  curve: LrCurve,
  smoothed: Float64Array,
  stopIndex: number | null,
  stopReason: StopReason,
): Recording {
  const points = stopIndex === null ? smoothed.length : stopIndex + 1;
  return {
    points,
    smoothed: smoothed.slice(0, points),
    lrs: prefix(curve.lrs, points),
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
  const s = prefix(recorded, recorded.length);
  const stop = stopAt(s);
  return stop !== null && stop.index === s.length - 1
    ? makeRecording(curve, s, stop.index, stop.reason)
    : makeRecording(curve, s, null, 'completed');
}

/** Mutable suggestion/reason maps a preset fills in. */
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

/** The first `count` values of `values` as a new Float64Array (a plain loop: `Float64Array.from` with a mapping
 * function is ~10× slower on long runs). */
export function prefix(values: ArrayLike<number>, count: number): Float64Array {
  if (values instanceof Float64Array) return values.slice(0, count);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = values[i];
  return out;
}
