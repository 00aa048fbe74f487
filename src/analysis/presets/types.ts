import type { Candidate, LrCurve, NumericArray, Recording, Suggestion } from '../types.js';

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
  /**
   * The tool's own recorded smoothed losses (an imported save, one per lr): the preset's recording uses them as
   * they are instead of smoothing `losses` again, so a tie the tool saw stays a tie (`fastai`, `fastai1`,
   * `inflection`, `torch-lr-finder`, `lightning`).
   * __Default value:__ none: the raw losses are smoothed as the tool smooths them
   */
  readonly recorded?: NumericArray;
  /**
   * Points skipped at the start before suggesting (`skip_start` of fastai1's and pytorch-lr-finder's `plot`,
   * `skip_begin` of Lightning's `suggestion`).
   * __Default value:__ `10`
   */
  readonly skipStart?: number;
  /**
   * Points skipped at the end (`skip_end`; `0` keeps the end in fastai1 and pytorch-lr-finder, and leaves Lightning
   * nothing, as its `[skip_begin:-skip_end]` does).
   * __Default value:__ `5` (fastai1, pytorch-lr-finder), `1` (Lightning)
   */
  readonly skipEnd?: number;
  /**
   * The divergence threshold: pytorch-lr-finder's `diverge_th`, Lightning's `early_stop_threshold` (`Infinity`
   * for Lightning's `None`: never stop).
   * __Default value:__ `5` (pytorch-lr-finder), `4` (Lightning)
   */
  readonly divergeTh?: number;
  /** pytorch-lr-finder's `smooth_f` (`0` = no smoothing). __Default value:__ `0.05` */
  readonly smoothF?: number;
  /**
   * Every step saw the whole training set (a run's `meta.batchesPerEpoch === 1`): full-batch gradient descent, where
   * a sweep overestimates the stable lrs most (`lrfind`). __Default value:__ unknown
   */
  readonly fullBatch?: boolean;
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
