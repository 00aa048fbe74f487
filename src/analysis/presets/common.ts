/**
 * Helpers shared by the presets: Python-style slicing, recordings, the suggestion/reason maps.
 *
 * @module
 */
import type { LrCurve, LrSuggestion, Recording, StopReason } from '../types.js';

/** Python's `a[start:stop]` bounds for a sequence of length n, with `stop` possibly negative. */
export function pySlice(n: number, start: number, stop: number): [number, number] {
  const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
  const e = stop < 0 ? Math.max(0, n + stop) : Math.min(stop, n);
  return [s, Math.max(s, e)];
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
