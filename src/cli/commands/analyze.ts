import { basename } from 'node:path';
import type { Command } from 'commander';
import { analyze, type Analysis } from '../../analysis/analyze.js';
import { analyzeRuns } from '../../analysis/combine.js';
import type { PresetName } from '../../analysis/presets/types.js';
import { writeReport } from '../../plot/renderReport.js';
import { loadImportedRun } from '../../recorder/import.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import { formatLr, formatSuggestion, table } from '../format.js';
import { UsageError, type CliIo } from '../io.js';
import { confirmationToJson, confirmationToText } from '../confirmText.js';
import { addAnalysisOptions, analyzeOptionsFor, parsePresetOption, type AnalysisCliOptions } from '../options.js';

/** Options of `lrfind analyze`. */
export interface AnalyzeCommandOptions extends AnalysisCliOptions {
  preset?: PresetName;
  json?: boolean;
  plot?: string;
  combine?: boolean;
}

/** The JSON document `lrfind analyze --json` prints. */
export function analysisToJson(analysis: Analysis): Record<string, unknown> {
  return {
    preset: analysis.preset,
    points: analysis.points,
    suggestions: analysis.suggestions,
    reasons: analysis.reasons,
    candidates: analysis.candidates,
    choice: analysis.choice,
  };
}

/** The human table `lrfind analyze` prints. */
export function analysisToText(file: string, analysis: Analysis): string {
  const rows: string[][] = [['method', 'lr', 'why']];
  for (const [name, s] of Object.entries(analysis.suggestions)) {
    rows.push([name, formatSuggestion(s), analysis.reasons[name] ?? ''] as string[]);
  }
  const stops = analysis.results[0].recording;
  const head =
    `${file}: ${analysis.points} points recorded` +
    (stops.stopIndex === null ? '' : ` (stopped at step ${stops.stopIndex}: ${stops.stopReason})`) +
    (analysis.preset ? `, preset ${analysis.preset}` : '');
  const choice = analysis.choice.suggestion === null
    ? `no recommendation: ${analysis.choice.reason}`
    : `recommended (${analysis.choice.name}): ${formatSuggestion(analysis.choice.suggestion)}` +
      (analysis.choice.range ? `, range ${formatSuggestion(analysis.choice.range)}` : '') +
      (analysis.choice.confidence ? `\nconfidence: ${analysis.choice.confidence} (${analysis.choice.confidenceReason})` : '');
  const cands = analysis.candidates.gradient.length
    ? `\ngradient-minimum candidates (${analysis.candidatesFrom}, right to left): ${analysis.candidates.gradient.slice(0, 5).map((c) => formatLr(c.lr)).join(', ')}`
    : '';
  return `${head}\n\n${table(rows)}\n\n${choice}${cands}\n`;
}

/** Run `lrfind analyze RUN` (or `analyze RUN... --combine`). */
export async function runAnalyze(files: string | readonly string[], options: AnalyzeCommandOptions, io: CliIo): Promise<Analysis> {
  const list = typeof files === 'string' ? [files] : files;
  if (list.length > 1 && !options.combine) {
    throw new UsageError(`analyze: ${list.length} runs given: add --combine to analyze them as repeats of one model, or use lrfind compare`);
  }
  const runs = [];
  for (const file of list) runs.push(await loadImportedRun(file, importOptionsOf(options as ImportCliOptions)));
  const analyzeOptions = analyzeOptionsFor(runs[0], options);
  const combined = runs.length > 1 ? analyzeRuns(runs, analyzeOptions) : null;
  const analysis = combined?.analysis ?? analyze(runs[0], analyzeOptions);
  // a combined curve has no confirm trials of its own
  const run = combined === null ? runs[0] : { ...runs[0], lrs: combined.curve.lrs, losses: combined.curve.losses, smoothedLosses: undefined, confirmation: undefined };
  const c = run.confirmation;
  const name = list.map((f) => (f === '-' ? '<stdin>' : f)).join(' + ');
  // the plot first: if it cannot be written, the command fails with nothing on stdout
  if (options.plot !== undefined) {
    const { lrFile } = options as ImportCliOptions;
    const inputs = lrFile === undefined ? [...list] : [...list, lrFile];
    await writeReport(options.plot, [{ name: list.map((f) => basename(f)).join(' + '), run, analysis }], { inputs, numIt: analyzeOptions.numIt });
  }
  if (options.json) {
    const extra = combined === null ? {} : { runs: list.length, perRun: combined.perRun.map((a) => a.choice.suggestion), spreadDecades: combined.spreadDecades };
    io.stdout(`${JSON.stringify({ ...analysisToJson(analysis), ...extra, ...(c ? { confirmation: confirmationToJson(c) } : {}) })}\n`);
  } else {
    const perRun =
      combined === null
        ? ''
        : `\nper run: ${combined.perRun.map((a) => formatSuggestion(a.choice.suggestion)).join(', ')}` +
          (combined.spreadDecades === null ? '' : ` (${combined.spreadDecades.toFixed(2)} decades apart)`) + '\n';
    io.stdout(analysisToText(name, analysis) + perRun + (c ? `\n${confirmationToText(c)}` : ''));
  }
  return analysis;
}

/** Register `analyze` on the program. */
export function registerAnalyze(program: Command, io: CliIo): void {
  addAnalysisOptions(addImportOptions(program.command('analyze')))
    .description('analyze a saved range-test run and print the suggested learning rates')
    .argument('<runs...>', 'run file (- for standard input): lrfind JSON or CSV, or a fastai / pytorch-lr-finder / Lightning / Keras / TensorBoard save (see --format); several with --combine')
    .option('-p, --preset <name>', 'one method only: lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection', parsePresetOption)
    .option('--json', 'print one JSON object instead of the table')
    .option('--combine', 'several runs of the same model (seeds, shuffles): analyze their median curve, report the per-run spread')
    .option('--plot <file>', 'also draw the curve; the format follows the extension: .svg, .png, .html, .json (Vega-Lite spec)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind analyze run.json\n  $ lrfind analyze run.csv --preset fastai --json\n  $ lrfind analyze seed1.json seed2.json seed3.json --combine\n',
    )
    .action(async (files: string[], opts: AnalyzeCommandOptions) => {
      await runAnalyze(files, opts, io);
    });
}
