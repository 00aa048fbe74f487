/**
 * `lrfind compare RUN RUN...`: the suggestions of several saved runs side by side (frozen vs unfrozen, two seeds,
 * two optimizers), with how far apart they are in decades of learning rate. The comparison itself is the library's
 * `compareRuns`.
 *
 * @module
 */
import type { Command } from 'commander';
import type { PresetName } from '../../analysis/presets/types.js';
import { loadAnalyzedRuns } from '../../node/analyzed.js';
import { compareRuns, type Comparison } from '../../runs/compare.js';
import { isImportFormat } from '../../runs/import/importRun.js';
import { formatSuggestion, table } from '../format.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import type { CliIo } from '../io.js';
import { addAnalysisOptions, analysisSettings, parsePresetOption, type AnalysisCliOptions } from '../options.js';
import * as msg from '../messages.js';

/** Options of `lrfind compare`. */
export interface CompareCommandOptions extends ImportCliOptions, AnalysisCliOptions {
  preset?: PresetName;
  json?: boolean;
}

/**
 * The human table `lrfind compare` prints.
 *
 * @example
 * // seed1.json, seed2.json: test/fixtures/runs/real-mnist-mlp-adam-200.json and real-mnist-mlp-momentum-300.json
 * const comparison = compareRuns(await loadAnalyzedRuns(['seed1.json', 'seed2.json']));
 * comparisonToText(comparison).split('\n')[4];
 * // => 'lrfind.recommended        3.49e-3            2.70e-2            0.89'
 */
export function comparisonToText(comparison: Comparison): string {
  const rows: string[][] = [
    ['suggestion', ...comparison.runs.map((r) => r.name), 'spread (decades)'],
    ['steps', ...comparison.runs.map((r) => String(r.steps)), ''],
    ['analyzed', ...comparison.runs.map((r) => String(r.points)), ''],
    ['source', ...comparison.runs.map((r) => r.source.format + (r.source.rawLossesRecovered ? ' (raw recovered)' : '')), ''],
  ];
  for (const row of comparison.rows) {
    rows.push([row.name, ...row.values.map((v) => formatSuggestion(v)), row.spreadDecades === null ? '—' : row.spreadDecades.toFixed(2)]);
  }
  return `${table(rows)}\n`;
}

/**
 * Split `FORMAT:PATH` (a per-run format) from a plain path; a path whose prefix is not a format is left alone.
 *
 * @example
 * splitRunArgument('fastai:lr_find.json'); // => { format: 'fastai', path: 'lr_find.json' }
 * splitRunArgument('seed1:run.json');      // => { path: 'seed1:run.json' }
 */
export function splitRunArgument(arg: string): { path: string; format?: string } {
  const m = /^([a-z0-9-]+):(.+)$/.exec(arg);
  if (m && isImportFormat(m[1])) return { format: m[1], path: m[2] };
  return { path: arg };
}

/**
 * Run `lrfind compare RUN RUN...`.
 *
 * @example
 * const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
 * const comparison = await runCompare(['seed1.json', 'seed2.json'], { preset: 'fastai' }, io); // prints the table
 * comparison.runs.map((r) => r.name);  // => ['seed1.json', 'seed2.json']
 * comparison.rows.map((r) => r.name);  // => ['valley', 'slide', 'minimum', 'steep']
 * await runCompare(['seed1.json'], {}, io); // throws UsageError 'compare needs at least two runs (got 1)'
 */
export async function runCompare(args: readonly string[], options: CompareCommandOptions, io: CliIo): Promise<Comparison> {
  if (args.length < 2) throw msg.compareNeedsTwo(args.length);
  const files = args.map((arg) => {
    const { path, format } = splitRunArgument(arg);
    return format === undefined ? { path } : { path, load: { format: format as CompareCommandOptions['format'] } };
  });
  // every preset runs so that every row can be filled; --preset picks the rows
  const entries = await loadAnalyzedRuns(files, importOptionsOf(options, (m) => io.stderr(`lrfind: ${m}\n`)), { ...analysisSettings(options), preset: undefined });
  const comparison = compareRuns(entries, options.preset);
  io.stdout(options.json ? `${JSON.stringify(comparison)}\n` : comparisonToText(comparison));
  return comparison;
}

/**
 * Register `compare` on the program.
 *
 * @example
 * const program = new Command();
 * registerCompare(program, { stdout: console.log, stderr: console.error });
 * program.commands[0].name();                                          // => 'compare'
 * program.commands[0].registeredArguments.map((a) => a.name());        // => ['runs']
 * await program.parseAsync(['compare', 'seed1.json', 'seed2.json', '--json'], { from: 'user' }); // prints the JSON
 */
export function registerCompare(program: Command, io: CliIo): void {
  const command = program
    .command('compare')
    .description('compare the suggested learning rates of several saved runs side by side, with their spread in decades')
    .argument('<runs...>', 'two or more run files (any format analyze reads); FORMAT:FILE gives one run its own --format');
  addAnalysisOptions(addImportOptions(command, { lrFile: false }))
    .option('-p, --preset <name>', "one method only: its suggestions, one row each (lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection); default: lrfind's and each tool's own answer", parsePresetOption)
    .option('--json', 'print one JSON object instead of the table')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind compare frozen.json unfrozen.json\n  $ lrfind compare seed1.json seed2.json --preset fastai\n  $ lrfind compare --format fastai seed1.json seed2.json --json\n  $ lrfind compare fastai:lr_find.json torch-lr-finder:history.json\n',
    )
    .action(async (runs: string[], opts: CompareCommandOptions) => {
      await runCompare(runs, opts, io);
    });
}
