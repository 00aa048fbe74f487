import { basename } from 'node:path';
import type { Command } from 'commander';
import { analyze, type Analysis } from '../../analysis/analyze.js';
import type { PresetName } from '../../analysis/presets/types.js';
import { writeReport } from '../../plot/renderReport.js';
import { loadImportedRun } from '../../recorder/import.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import { formatLr, formatSuggestion, table } from '../format.js';
import type { CliIo } from '../io.js';
import { confirmationToJson, confirmationToText } from '../confirmText.js';
import { addAnalysisOptions, analyzeOptionsFor, parsePresetOption, type AnalysisCliOptions } from '../options.js';

/** Options of `lrfind analyze`. */
export interface AnalyzeCommandOptions extends AnalysisCliOptions {
  preset?: PresetName;
  json?: boolean;
  plot?: string;
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
    : `recommended (${analysis.choice.name}): ${formatSuggestion(analysis.choice.suggestion)}`;
  const cands = analysis.candidates.gradient.length
    ? `\ngradient-minimum candidates (${analysis.candidatesFrom}, right to left): ${analysis.candidates.gradient.slice(0, 5).map((c) => formatLr(c.lr)).join(', ')}`
    : '';
  return `${head}\n\n${table(rows)}\n\n${choice}${cands}\n`;
}

/** Run `lrfind analyze RUN`. */
export async function runAnalyze(file: string, options: AnalyzeCommandOptions, io: CliIo): Promise<Analysis> {
  const run = await loadImportedRun(file, importOptionsOf(options as ImportCliOptions));
  const analyzeOptions = analyzeOptionsFor(run, options);
  const analysis = analyze(run, analyzeOptions);
  // the plot first: if it cannot be written, the command fails with nothing on stdout
  if (options.plot !== undefined) {
    const { lrFile } = options as ImportCliOptions;
    const inputs = lrFile === undefined ? [file] : [file, lrFile];
    await writeReport(options.plot, [{ name: basename(file), run, analysis }], { inputs, numIt: analyzeOptions.numIt });
  }
  const c = run.confirmation;
  io.stdout(
    options.json
      ? `${JSON.stringify({ ...analysisToJson(analysis), ...(c ? { confirmation: confirmationToJson(c) } : {}) })}\n`
      : analysisToText(file === '-' ? '<stdin>' : file, analysis) + (c ? `\n${confirmationToText(c)}` : ''),
  );
  return analysis;
}

/** Register `analyze` on the program. */
export function registerAnalyze(program: Command, io: CliIo): void {
  addAnalysisOptions(addImportOptions(program.command('analyze')))
    .description('analyze a saved range-test run and print the suggested learning rates')
    .argument('<run>', 'run file (- for standard input): lrfind JSON or CSV, or a fastai / pytorch-lr-finder / Lightning / Keras / TensorBoard save (see --format)')
    .option('-p, --preset <name>', 'one method only: lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection', parsePresetOption)
    .option('--json', 'print one JSON object instead of the table')
    .option('--plot <file>', 'also draw the curve; the format follows the extension: .svg, .png, .html, .json (Vega-Lite spec)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind analyze run.json\n  $ lrfind analyze run.csv --preset fastai --json\n',
    )
    .action(async (file: string, opts: AnalyzeCommandOptions) => {
      await runAnalyze(file, opts, io);
    });
}
