/**
 * Option parsers shared by the CLI commands: they throw {@link UsageError} (exit 2) with the flag and the value.
 *
 * @module
 */
import type { Command } from 'commander';
import { isPresetName, PRESET_NAMES } from '../analysis/analyze.js';
import type { RunAnalysisOptions } from '../runs/analyzed.js';
import type { PresetName } from '../analysis/presets/types.js';
import * as msg from './messages.js';

/**
 * Parse `--preset`.
 *
 * @example
 * parsePresetOption('fastai'); // => 'fastai'
 * parsePresetOption('pytorch-lr-finder'); // => 'torch-lr-finder' (an alias, see PRESET_ALIASES)
 * parsePresetOption('fastai3');
 * // throws UsageError "--preset must be one of lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection
 * // (got "fastai3")"
 */
export function parsePresetOption(value: string): PresetName {
  const alias = PRESET_ALIASES[value.toLowerCase()];
  if (alias !== undefined) return alias;
  if (!isPresetName(value)) {
    throw msg.flagMustBeOneOf('--preset', PRESET_NAMES, value);
  }
  return value;
}

/**
 * Other names users give the presets: the packages' own names (`pytorch-lr-finder` is torch-lr-finder's PyPI name).
 *
 * @example
 * PRESET_ALIASES['pytorch-lr-finder']; // => 'torch-lr-finder'
 */
export const PRESET_ALIASES: Readonly<Record<string, PresetName>> = Object.freeze({
  'pytorch-lr-finder': 'torch-lr-finder',
  pytorch_lr_finder: 'torch-lr-finder',
  torch_lr_finder: 'torch-lr-finder',
  'pytorch-lightning': 'lightning',
  fastai2: 'fastai',
  fastai_v1: 'fastai1',
});

/**
 * A parser for an integer flag ≥ `min`.
 *
 * @example
 * parseIntegerOption('--width', 100, 20_000)('800'); // => 800
 * parseIntegerOption('--width', 100, 20_000)('50');
 * // throws UsageError '--width must be an integer in [100, 20000] (got "50")'
 * parseIntegerOption('--order', 1)('2.5'); // throws UsageError '--order must be an integer >= 1 (got "2.5")'
 */
export function parseIntegerOption(flag: string, min: number, max = Infinity): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
      throw msg.flagMustBe(flag, range, value);
    }
    return n;
  };
}

/**
 * A parser for a positive finite number flag.
 *
 * @example
 * parsePositiveNumber('--lr')('3e-4'); // => 0.0003
 * parsePositiveNumber('--lr')('0');    // throws UsageError '--lr must be a number > 0 (got "0")'
 */
export function parsePositiveNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw msg.flagMustBe(flag, 'a number > 0', value);
    }
    return n;
  };
}

/**
 * A parser for a number flag in `[min, max)` (`inclusiveMin`) or `(min, max)`; `inf` when `allowInf`.
 *
 * @example
 * parseNumberIn('--smooth-f', 0, 1, { inclusiveMin: true })('0');   // => 0
 * parseNumberIn('--smooth-f', 0, 1, { inclusiveMin: true })('1');
 * // throws UsageError '--smooth-f must be a number in [0, 1) (got "1")'
 * parseNumberIn('--diverge-th', 0, Infinity, { allowInf: true })('inf'); // => Infinity
 */
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
      throw msg.flagMustBe(flag, `a number in ${range}${allowInf ? ' or inf' : ''}`, value);
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
 * The analysis settings the flags give (`--preset`, `--order`, `--num-it`, `--frozen` / `--unfrozen`, the tools'
 * `--skip-start`, `--skip-end`, `--diverge-th`, `--smooth-f`); what they leave open comes from each run's metadata
 * (`analyzeOptionsForRun`, which also hands an imported save's own smoothed losses to its tool's preset).
 *
 * @throws {UsageError} when both `--frozen` and `--unfrozen` are given.
 * @example
 * analysisSettings({ order: 3, unfrozen: true }); // => { preset: undefined, order: 3, numIt: undefined, frozen: false }
 */
export function analysisSettings(options: AnalysisCliOptions & { preset?: PresetName }): RunAnalysisOptions {
  if (options.frozen && options.unfrozen) throw msg.notTogether('--frozen', '--unfrozen');
  const frozen = options.frozen ? true : options.unfrozen ? false : undefined;
  const { skipStart, skipEnd, divergeTh, smoothF } = options;
  return { preset: options.preset, order: options.order ?? 3, numIt: options.numIt, frozen, skipStart, skipEnd, divergeTh, smoothF };
}
