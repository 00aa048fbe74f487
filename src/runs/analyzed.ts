/**
 * A run with its analysis, and the analysis options a run's own metadata implies. Pure.
 *
 * @module
 */
import { analyze, type Analysis, type AnalyzeOptions } from '../analysis/analyze.js';
import { analyzeRuns } from '../analysis/combine.js';
import type { PresetName } from '../analysis/presets/types.js';
import type { Confirmation } from './confirmation.js';
import type { Run, RunMeta } from './run.js';

/**
 * Analyze a finished run the way every driver does: with the requested iterations (fastai's skip) and the frozen
 * state it recorded.
 *
 * @example
 * analyzeRun(run).choice.suggestion; // => { lr: …, index: … }
 */
export function analyzeRun(run: Run): Analysis {
  return analyze(run, analyzeOptionsOf(run));
}

/**
 * The analysis options a run implies: the iterations it asked for (`meta.numIt`, fastai's skip), its frozen state
 * (`meta.frozen`), its confirm trials (`confirmation`: the answer is then measured) and, when `meta.batchesPerEpoch`
 * is 1 and no recorded `meta.batchSize` is below `meta.trainExamples`, that it was full batch (`fullBatch: true`:
 * a batch of 100 drawn from 150 rows is one batch per epoch, but not the whole set).
 *
 * @example
 * analyzeOptionsOf({ lrs, losses, meta: { numIt: 200, frozen: true } }); // => { numIt: 200, frozen: true, trials: undefined }
 * analyzeOptionsOf({ lrs, losses, meta: { batchesPerEpoch: 1, batchSize: 150, trainExamples: 150 } }).fullBatch; // => true
 * analyzeOptionsOf({ lrs, losses, meta: { batchesPerEpoch: 1, batchSize: 100, trainExamples: 150 } }).fullBatch; // => undefined
 */
export function analyzeOptionsOf(run: Run): { numIt: number | undefined; frozen: boolean | undefined; trials: Confirmation | undefined; fullBatch?: true } {
  const numIt = typeof run.meta.numIt === 'number' && run.meta.numIt >= 1 ? Math.floor(run.meta.numIt) : undefined;
  const frozen = typeof run.meta.frozen === 'boolean' ? run.meta.frozen : undefined;
  const { batchesPerEpoch, batchSize, trainExamples } = run.meta;
  const partial = typeof batchSize === 'number' && typeof trainExamples === 'number' && batchSize < trainExamples;
  return { numIt, frozen, trials: run.confirmation, ...(batchesPerEpoch === 1 && !partial ? { fullBatch: true as const } : {}) };
}

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
  /** The tools' settings when they were not the defaults (see `AnalyzeOptions`). */
  readonly skipStart?: number;
  readonly skipEnd?: number;
  readonly divergeTh?: number;
  readonly smoothF?: number;
  /**
   * `'first'`: keep only the first preset's full result; `'none'`: no preset's curves (see `AnalyzeOptions.keepResults`).
   * __Default value:__ `'all'`
   */
  readonly keepResults?: 'all' | 'first' | 'none';
}

/** The tools whose saved smoothed losses a preset can analyze as they are (an imported save's `meta.source.tool`). */
const RECORDING_TOOLS: readonly PresetName[] = ['fastai', 'fastai1', 'torch-lr-finder', 'lightning'];

/**
 * The {@link AnalyzeOptions} for one run: the given settings, else the run's metadata (`meta.numIt`,
 * `meta.frozen`); a run imported from fastai, fastai1, pytorch-lr-finder or Lightning brings the tool's saved
 * smoothed losses along (`recorded`), which that tool's preset analyzes as they are.
 *
 * @example
 * analyzeOptionsForRun({ meta: { numIt: 200, frozen: true } }, { order: 3 }); // => { order: 3, numIt: 200, frozen: true, … }
 */
export function analyzeOptionsForRun(
  run: { readonly meta: RunMeta; readonly smoothedLosses?: ArrayLike<number>; readonly confirmation?: Confirmation },
  options: RunAnalysisOptions = {},
): AnalyzeOptions {
  const meta = analyzeOptionsOf({ meta: run.meta ?? {} } as Run);
  const numIt = options.numIt ?? (meta.numIt !== undefined && Number.isFinite(meta.numIt) ? meta.numIt : undefined);
  const { skipStart, skipEnd, divergeTh, smoothF } = options;
  // an imported save keeps the tool's own smoothed losses: its preset analyzes those, not a re-smoothing
  const tool = run.meta?.source?.tool;
  const recorded =
    run.smoothedLosses !== undefined && RECORDING_TOOLS.includes(tool as PresetName)
      ? { tool: tool as PresetName, smoothed: run.smoothedLosses }
      : undefined;
  return {
    preset: options.preset,
    order: options.order ?? 3,
    numIt,
    frozen: options.frozen ?? meta.frozen,
    recorded,
    skipStart,
    skipEnd,
    divergeTh,
    smoothF,
    // a saved run keeps its confirm trials: its answer is the measured one
    trials: run.confirmation,
    ...(meta.fullBatch ? { fullBatch: true } : {}),
    ...(options.keepResults ? { keepResults: options.keepResults } : {}),
  };
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

/** Several runs of one model analyzed together (see {@link combineRuns}). */
export interface CombinedRuns {
  /** The median curve as a run, for plots: the first run's metadata, no tool smoothing, no confirm trials. */
  readonly run: Run;
  /** The analysis of the median curve: its `choice` is the answer. */
  readonly analysis: Analysis;
  /** Each run's own analysis, in input order. */
  readonly perRun: readonly Analysis[];
  /** The spread of the per-run answers in decades, or `null` with fewer than two answers. */
  readonly spreadDecades: number | null;
}

/**
 * Analyze several runs of one model (seeds, batch orders) together — `analyzeRuns` on their raw losses with the
 * settings the first run's metadata implies — and give the median curve back as a run to draw. A tool's saved
 * smoothing belongs to one run, so it plays no part in a combined analysis.
 *
 * @example
 * const c = combineRuns([runA, runB, runC]);
 * c.analysis.choice.suggestion; // => { lr: 2.1e-3, index: 55 }
 * c.spreadDecades;              // => 0.21
 */
export function combineRuns(runs: readonly Run[], options: RunAnalysisOptions = {}): CombinedRuns {
  const combined = analyzeRuns(runs, { ...analyzeOptionsForRun(runs[0], options), recorded: undefined, trials: undefined });
  const run: Run = { ...runs[0], lrs: combined.curve.lrs, losses: combined.curve.losses, smoothedLosses: undefined, confirmation: undefined };
  return { run, analysis: combined.analysis, perRun: combined.perRun, spreadDecades: combined.spreadDecades };
}
