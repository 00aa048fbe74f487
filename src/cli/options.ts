/**
 * Option parsers shared by the CLI commands: they throw {@link UsageError} (exit 2) with the flag and the value.
 *
 * @module
 */
import type { Command } from 'commander';
import { isPresetName, PRESET_NAMES, type AnalyzeOptions } from '../analysis/analyze.js';
import type { RunMeta } from '../recorder/run.js';
import type { PresetName } from '../analysis/presets/types.js';
import { UsageError } from './io.js';

/** Parse `--preset`. */
export function parsePresetOption(value: string): PresetName {
  if (!isPresetName(value)) {
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')} (got "${value}")`);
  }
  return value;
}

/** A parser for an integer flag ≥ `min`. */
export function parseIntegerOption(flag: string, min: number, max = Infinity): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
      throw new UsageError(`${flag} must be ${range} (got "${value}")`);
    }
    return n;
  };
}

/** A parser for a positive finite number flag. */
export function parsePositiveNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`${flag} must be a number > 0 (got "${value}")`);
    }
    return n;
  };
}

/** A parser for a number flag in `[min, max)` (`inclusiveMin`) or `(min, max)`; `inf` when `allowInf`. */
export function parseNumberIn(
  flag: string,
  min: number,
  max: number,
  { inclusiveMin = false, inclusiveMax = false, allowInf = false } = {},
): (value: string) => number {
  return (value: string) => {
    const t = value.trim().toLowerCase();
    const n = allowInf && (t === 'inf' || t === 'infinity' || t === 'none') ? Infinity : Number(t);
    const ok =
      t !== '' && !Number.isNaN(n) && (inclusiveMin ? n >= min : n > min) && ((inclusiveMax ? n <= max : n < max) || (allowInf && n === Infinity));
    if (!ok) {
      const range = `${inclusiveMin ? '[' : '('}${min}, ${max === Infinity ? '∞' : max}${inclusiveMax ? ']' : ')'}`;
      throw new UsageError(`${flag} must be a number in ${range}${allowInf ? ' or inf' : ''} (got "${value}")`);
    }
    return n;
  };
}

/** The analysis flags shared by `analyze`, `compare` and `report`. */
export interface AnalysisCliOptions {
  order?: number;
  numIt?: number;
  frozen?: boolean;
  unfrozen?: boolean;
  skipStart?: number;
  skipEnd?: number;
  divergeTh?: number;
  smoothF?: number;
}

/** The tools whose saved smoothed losses a preset can analyze as they are (an imported save's `meta.source.tool`). */
const RECORDING_TOOLS: readonly PresetName[] = ['fastai', 'fastai1', 'torch-lr-finder', 'lightning'];

/**
 * Register the analysis flags every command that analyzes runs takes: `--order`, `--num-it`, `--frozen`,
 * `--unfrozen` (same names, same parsers, same defaults everywhere).
 *
 * @example
 * addAnalysisOptions(program.command('analyze')).option('--json');
 */
export function addAnalysisOptions(command: Command): Command {
  return command
    .option('--order <n>', 'noise filter of the extrema search (inflection, lrfind)', parseIntegerOption('--order', 1), 3)
    .option('--num-it <n>', "iterations the test asked for (fastai's numIt // 10 skip); default: from the run", parseIntegerOption('--num-it', 1))
    .option('--frozen', "the model's body was frozen: recommend one lr (lrfind.recommended); default: the run's meta.frozen")
    .option('--unfrozen', 'the whole model trained: recommend a slice for discriminative lrs (lrfind.slice)')
    .option('--skip-start <n>', "the tool's skip_start / skip_begin (fastai1, torch-lr-finder, lightning; default 10)", parseIntegerOption('--skip-start', 0))
    .option('--skip-end <n>', "the tool's skip_end (fastai1, torch-lr-finder: default 5; lightning: default 1)", parseIntegerOption('--skip-end', 0))
    .option('--diverge-th <x>', "pytorch-lr-finder's diverge_th (default 5), Lightning's early_stop_threshold (default 4; inf for None)", parseNumberIn('--diverge-th', 0, Infinity, { allowInf: true }))
    .option('--smooth-f <x>', "pytorch-lr-finder's smooth_f (default 0.05; 0 = no smoothing)", parseNumberIn('--smooth-f', 0, 1, { inclusiveMin: true }));
}

/**
 * The {@link AnalyzeOptions} for one run: the flags, else the run's metadata (`meta.numIt`, `meta.frozen`); a run
 * imported from fastai, fastai1, pytorch-lr-finder or Lightning brings the tool's saved smoothed losses along
 * (`recorded`), which that tool's preset analyzes as they are.
 *
 * @throws {UsageError} when both `--frozen` and `--unfrozen` are given.
 * @example
 * analyzeOptionsFor({ meta: { numIt: 200, frozen: true } }, { order: 3 }); // => { order: 3, numIt: 200, frozen: true }
 */
export function analyzeOptionsFor(
  run: { readonly meta: RunMeta; readonly smoothedLosses?: ArrayLike<number> },
  options: AnalysisCliOptions & { preset?: PresetName },
): AnalyzeOptions {
  if (options.frozen && options.unfrozen) throw new UsageError('--frozen and --unfrozen cannot be given together');
  const metaNumIt = typeof run.meta.numIt === 'number' && Number.isFinite(run.meta.numIt) && run.meta.numIt >= 1 ? Math.floor(run.meta.numIt) : undefined;
  const frozen = options.frozen ? true : options.unfrozen ? false : typeof run.meta.frozen === 'boolean' ? run.meta.frozen : undefined;
  const { skipStart, skipEnd, divergeTh, smoothF } = options;
  // an imported save keeps the tool's own smoothed losses: its preset analyzes those, not a re-smoothing
  const tool = run.meta.source?.tool;
  const recorded =
    run.smoothedLosses !== undefined && RECORDING_TOOLS.includes(tool as PresetName)
      ? { tool: tool as PresetName, smoothed: run.smoothedLosses }
      : undefined;
  return { preset: options.preset, order: options.order ?? 3, numIt: options.numIt ?? metaNumIt, frozen, recorded, skipStart, skipEnd, divergeTh, smoothF };
}
