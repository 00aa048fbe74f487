import type { Candidate, LrCurve, Recording, Suggestion } from '../types.js';

/** Names of the compatibility presets and of lrfind's own method. */
export type PresetName = 'fastai' | 'fastai1' | 'torch-lr-finder' | 'lightning' | 'keras' | 'inflection' | 'lrfind';

/** Options shared by every preset's `analyze`. */
export interface PresetOptions {
  /**
   * The number of iterations the range test asked for (fastai v2 skips `numIt // 10` points at the start).
   * __Default value:__ the run's length.
   */
  readonly numIt?: number;
  /** Noise filter of the extrema search (`inflection`, `lrfind`). __Default value:__ `3` */
  readonly order?: number;
}

/** What a preset returns: the recording the tool would have made, and its suggestions. */
export interface PresetResult {
  readonly preset: PresetName;
  /** The recording rule applied to the raw run: smoothed losses and where the tool would have stopped. */
  readonly recording: Recording;
  /** Suggestions by name (`null` when none is possible; then `reasons[name]` says why). */
  readonly suggestions: Readonly<Record<string, Suggestion>>;
  /** Why a suggestion is `null`, or a note on how it was obtained. */
  readonly reasons: Readonly<Record<string, string>>;
  /** Inflection-point candidates, ranked right to left (largest lr first). */
  readonly candidates?: { readonly loss: readonly Candidate[]; readonly gradient: readonly Candidate[] };
}

/** A compatibility preset: a named, documented reproduction of one tool's recording rule and suggestions. */
export interface Preset {
  readonly name: PresetName;
  /** One line on what it reproduces. */
  readonly description: string;
  /** Where the method comes from (file / function of the anchor tool). */
  readonly source: string;
  /** The suggestion names this preset produces, in display order. */
  readonly suggestionNames: readonly string[];
  /** Analyze a RAW run (raw per-batch losses) as the tool would have. */
  analyze(curve: LrCurve, options?: PresetOptions): PresetResult;
}
