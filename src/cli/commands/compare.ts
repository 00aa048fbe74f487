/**
 * `lrfind compare RUN RUN...`: the suggestions of several saved runs side by side (frozen vs unfrozen, two seeds,
 * two optimizers), with how far apart they are in decades of learning rate.
 *
 * @module
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { analyze, PRESETS, PRESET_NAMES, type Analysis } from '../../analysis/analyze.js';
import type { PresetName } from '../../analysis/presets/types.js';
import type { Suggestion } from '../../analysis/types.js';
import { spreadDecades } from '../../analysis/spread.js';
import { isImportFormat, loadImportedRun } from '../../recorder/import.js';
import type { Run } from '../../recorder/run.js';
import { formatSuggestion, table } from '../format.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import { UsageError, type CliIo } from '../io.js';
import { addAnalysisOptions, analyzeOptionsFor, parsePresetOption, type AnalysisCliOptions } from '../options.js';

/** Options of `lrfind compare`. */
export interface CompareCommandOptions extends ImportCliOptions, AnalysisCliOptions {
  preset?: PresetName;
  json?: boolean;
}

/** One row of the comparison: a suggestion name, its value for each run, and the spread. */
export interface ComparisonRow {
  readonly name: string;
  readonly values: readonly Suggestion[];
  /** `log10(max / min)` over the runs that have a value (a range counts by its geometric centre); `null` if < 2. */
  readonly spreadDecades: number | null;
}

/** What `lrfind compare --json` prints. */
export interface Comparison {
  readonly runs: readonly { file: string; name: string; points: number; source: Run['meta']['source'] | null }[];
  readonly rows: readonly ComparisonRow[];
}

/** The suggestions compared: lrfind's recommended lr and range, then each preset's main (first) suggestion. */
export const COMPARED_SUGGESTIONS: readonly string[] = Object.freeze([
  'lrfind.recommended',
  'lrfind.range',
  ...PRESET_NAMES.filter((p) => p !== 'lrfind').map((p) => `${p}.${PRESETS[p].suggestionNames[0]}`),
]);

/**
 * Compare analyses of several runs: one row per compared suggestion ({@link COMPARED_SUGGESTIONS}), or per
 * suggestion of `preset` when the analyses ran that preset only.
 *
 * @example
 * compareAnalyses([{ file: 'a.json', run: runA, analysis: analyze(runA) }, { file: 'b.json', run: runB, analysis: analyze(runB) }]).rows[0];
 * // => { name: 'lrfind.recommended', values: [{ lr: 9.1e-4, index: 49 }, { lr: 2.2e-3, index: 55 }], spreadDecades: 0.38 }
 */
export function compareAnalyses(entries: readonly { file: string; run: Run; analysis: Analysis }[], preset?: PresetName): Comparison {
  const bases = entries.map((e) => basename(e.file));
  const unique = new Set(bases).size === bases.length;
  return {
    runs: entries.map((e, i) => ({
      file: e.file,
      name: unique ? bases[i] : e.file,
      points: e.run.lrs.length,
      source: e.run.meta.source ?? null,
    })),
    rows: (preset === undefined ? COMPARED_SUGGESTIONS : PRESETS[preset].suggestionNames).map((name) => {
      const values = entries.map((e) => e.analysis.suggestions[name] ?? null);
      return { name, values, spreadDecades: spreadDecades(values) };
    }),
  };
}

/** The human table `lrfind compare` prints. */
export function comparisonToText(comparison: Comparison): string {
  const rows: string[][] = [
    ['suggestion', ...comparison.runs.map((r) => r.name), 'spread (decades)'],
    ['points', ...comparison.runs.map((r) => String(r.points)), ''],
    ['source', ...comparison.runs.map((r) => r.source?.tool ?? 'lrfind'), ''],
  ];
  for (const row of comparison.rows) {
    rows.push([row.name, ...row.values.map(formatSuggestion), row.spreadDecades === null ? '—' : row.spreadDecades.toFixed(2)]);
  }
  return `${table(rows)}\n`;
}

/** Split `FORMAT:PATH` (a per-run format) from a plain path; a path whose prefix is not a format is left alone. */
export function splitRunArgument(arg: string): { path: string; format?: string } {
  const m = /^([a-z0-9-]+):(.+)$/.exec(arg);
  if (m && isImportFormat(m[1])) return { format: m[1], path: m[2] };
  return { path: arg };
}

/** Run `lrfind compare RUN RUN...`. */
export async function runCompare(args: readonly string[], options: CompareCommandOptions, io: CliIo): Promise<Comparison> {
  if (args.length < 2) throw new UsageError(`compare needs at least two runs (got ${args.length})`);
  const entries: { file: string; run: Run; analysis: Analysis }[] = [];
  for (const arg of args) {
    const { path, format } = splitRunArgument(arg);
    const loadOptions = importOptionsOf(options);
    const run = await loadImportedRun(path, format === undefined ? loadOptions : { ...loadOptions, format: format as typeof options.format });
    entries.push({ file: path, run, analysis: analyze(run, analyzeOptionsFor(run, options)) });
  }
  const comparison = compareAnalyses(entries, options.preset);
  io.stdout(options.json ? `${JSON.stringify(comparison)}\n` : comparisonToText(comparison));
  return comparison;
}

/** Register `compare` on the program. */
export function registerCompare(program: Command, io: CliIo): void {
  const command = program
    .command('compare')
    .description('compare the suggested learning rates of several saved runs side by side, with their spread in decades')
    .argument('<runs...>', 'two or more run files (any format analyze reads); FORMAT:FILE gives one run its own --format');
  addAnalysisOptions(addImportOptions(command, { lrFile: false }))
    .option('-p, --preset <name>', "one method only: its suggestions, one row each (lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection); default: lrfind's and each preset's main one", parsePresetOption)
    .option('--json', 'print one JSON object instead of the table')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind compare frozen.json unfrozen.json\n  $ lrfind compare seed1.json seed2.json --preset fastai\n  $ lrfind compare --format fastai seed1.json seed2.json --json\n  $ lrfind compare fastai:lr_find.json torch-lr-finder:history.json\n',
    )
    .action(async (runs: string[], opts: CompareCommandOptions) => {
      await runCompare(runs, opts, io);
    });
}
