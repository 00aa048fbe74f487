/**
 * A run with its analysis, and the analysis options a run's own metadata implies. Pure.
 *
 * @module
 */
import { analyze, type Analysis, type AnalyzeOptions } from '../analysis/analyze.js';
import type { PresetName } from '../analysis/presets/types.js';
import { analyzeOptionsOf } from './loop.js';
import type { Run, RunMeta } from './run.js';

/** A run read from a file, with its analysis: what the report, `analyze` and `compare` work on. */
export interface AnalyzedRun {
  /** The file as given (`-` for standard input). */
  readonly file: string;
  /** Its short name for tables and legends (see `displayNames`). */
  readonly name: string;
  readonly run: Run;
  readonly analysis: Analysis;
}

/** The analysis settings a caller may give; the rest comes from the run's metadata. */
export interface RunAnalysisOptions {
  readonly preset?: PresetName;
  /** Noise filter of the extrema search. __Default value:__ `3` */
  readonly order?: number;
  /** __Default value:__ `run.meta.numIt` */
  readonly numIt?: number;
  /** __Default value:__ `run.meta.frozen` */
  readonly frozen?: boolean;
}

/**
 * The {@link AnalyzeOptions} for one run: the given settings, else the run's metadata (`meta.numIt`,
 * `meta.frozen`).
 *
 * @example
 * analyzeOptionsForRun({ meta: { numIt: 200, frozen: true } }, { order: 3 }); // => { order: 3, numIt: 200, frozen: true }
 */
export function analyzeOptionsForRun(run: { readonly meta: RunMeta }, options: RunAnalysisOptions = {}): AnalyzeOptions {
  const meta = analyzeOptionsOf({ meta: run.meta ?? {} } as Run);
  const numIt = options.numIt ?? (meta.numIt !== undefined && Number.isFinite(meta.numIt) ? meta.numIt : undefined);
  return { preset: options.preset, order: options.order ?? 3, numIt, frozen: options.frozen ?? meta.frozen };
}

/**
 * Analyze a run with the settings its metadata implies (see {@link analyzeOptionsForRun}).
 *
 * @example
 * analyzeWithMeta(run).choice.name; // => 'lrfind.recommended'
 */
export function analyzeWithMeta(run: Run, options: RunAnalysisOptions = {}): Analysis {
  return analyze(run, analyzeOptionsForRun(run, options));
}
