import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { describeRecording, formatLr, formatSuggestion, presetAnswerName } from '../../analysis/answer.js';
import type { PresetName } from '../../analysis/presets/types.js';
import { runSource } from '../../runs/source.js';
import { loadAnalyzedRuns } from '../../node/analyzed.js';
import { reportData, reportFormatOf, writeReport, type ReportFormat } from '../../plot/renderReport.js';
import { addChartOptions, chartOptionsOf, checkSuggestNames, type ChartCliOptions } from '../chartOptions.js';
import type { ReportEntry } from '../../plot/html.js';
import type { ScheduleSeries } from '../../plot/scheduleSpec.js';
import { SCHEDULE_KINDS, scheduleFromAnalysis, type ScheduleKindName } from '../../schedules/fromAnalysis.js';
import { scheduleValues } from '../../schedules/scheduleValues.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import type { CliIo } from '../io.js';
import { MAX_PNG_PIXELS } from '../../plot/renderPng.js';
import {
  addAnalysisOptions,
  analysisSettings,
  parseIntegerOption,
  parseNumberIn,
  parsePresetOption,
  type AnalysisCliOptions,
} from '../options.js';
import * as msg from '../messages.js';

/** Options of `lrfind report`. */
export interface ReportCommandOptions extends AnalysisCliOptions, ChartCliOptions {
  output?: string;
  to?: ReportFormat;
  preset?: PresetName;
  title?: string;
  width?: number;
  height?: number;
  scale?: number;
  gradient?: boolean;
  schedule?: ScheduleKindName;
  totalSteps?: number;
}

/** Parse `--to`. */
function parseReportFormat(value: string): ReportFormat {
  if (value !== 'svg' && value !== 'png' && value !== 'html' && value !== 'json') {
    throw msg.flagMustBe('--to', 'svg, png, html or json', value);
  }
  return value;
}

/**
 * Run `lrfind report RUN...`: returns the format written.
 *
 * @example
 * const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
 * await runReport(['run.json'], { output: 'report.svg' }, io);                   // => 'svg'
 * await runReport(['seed1.json', 'seed2.json'], { output: 'seeds.html' }, io); // => 'html'
 * // stdout: 'seeds.html: HTML report of 2 runs (overlay)\n' and a line per run
 * await runReport(['run.json'], { output: 'report.pdf' }, io);
 * // throws UsageError '-o must end in .svg, .png, .html or .json, or be - for standard output (got "report.pdf")'
 */
export async function runReport(files: readonly string[], options: ReportCommandOptions, io: CliIo): Promise<ReportFormat> {
  const output = options.output ?? DEFAULT_REPORT;
  // the default name never replaces a file silently: replacing one is asked for with -o
  if (options.output === undefined && existsSync(output)) throw msg.defaultReportExists(output);
  const toStdout = output === '-';
  const format = toStdout ? (options.to ?? 'svg') : reportFormatOf(output);
  if (format === undefined) throw msg.badReportOutput(output);
  if (!toStdout && options.to !== undefined && options.to !== format) {
    throw msg.toMismatch(options.to, output);
  }
  const chart = chartOptionsOf(options);
  // all presets run, so the report's tables show every method; `--preset` picks what is drawn and whose answer
  const entries = await loadAnalyzedRuns(files, importOptionsOf(options as ImportCliOptions, (m) => io.stderr(`lrfind: ${m}\n`)), { ...analysisSettings(options), preset: undefined });
  for (const e of entries) checkSuggestNames(chart.suggestions, e.analysis, options.preset);
  const schedules = scheduleSeriesOf(entries, options, io);
  const reportOptions = {
    schedules,
    preset: options.preset,
    title: options.title,
    width: options.width,
    height: options.height,
    scale: options.scale,
    gradient: options.gradient,
    inputs: files,
    ...chart,
  };
  if (toStdout) {
    const data = await reportData(entries, format, reportOptions);
    if (typeof data === 'string') io.stdout(data);
    else if (io.stdoutBytes) io.stdoutBytes(data);
    else throw msg.pngNeedsFile();
    return format;
  }
  await writeReport(output, entries, reportOptions);
  // what was drawn: each run, its steps, and the answer the chart marks
  const read = entries.map((e) => `  ${e.name}: ${runSource(e.run).description}; ${describeRecording(e.run.lrs.length, e.analysis.results[0].recording, { planned: e.run.meta?.numIt, stopReason: e.run.stopReason })}; ${drawnAnswerText(e, options.preset)}\n`);
  io.stdout(`${output}: ${format.toUpperCase()} report of ${files.length} run${files.length === 1 ? '' : 's'}${files.length > 1 ? ' (overlay)' : ''}\n${read.join('')}`);
  return format;
}

/** The default output file of `report` (never written over an existing file: see `defaultReportExists`). */
const DEFAULT_REPORT = 'report.html';

/** The answer a report draws for one run, in words: lrfind's (measured when the run has trials), or a tool's. */
function drawnAnswerText(e: ReportEntry, preset: PresetName | undefined): string {
  if (preset !== undefined && preset !== 'lrfind') {
    const name = presetAnswerName(preset, e.analysis.answer?.slice ? false : undefined);
    return `${preset}'s answer ${formatSuggestion(e.analysis.suggestions[`${preset}.${name}`] ?? null)} (${name})`;
  }
  const a = e.analysis.answer;
  if (a === null) return e.analysis.noAnswer ?? 'no answer';
  return `answer ${formatLr(a.lr)} (${a.basis === 'measured' ? 'measured' : 'range-test estimate'}, ${a.confidence} confidence)`;
}

/** The `--schedule` panel's series (built from the one run's analysis), or none — with a note when it cannot be. */
function scheduleSeriesOf(entries: readonly ReportEntry[], options: ReportCommandOptions, io: CliIo): ScheduleSeries[] | undefined {
  if (options.schedule === undefined) {
    if (options.totalSteps !== undefined) throw msg.flagNeeds('--total-steps', '--schedule');
    return undefined;
  }
  if (entries.length !== 1) throw msg.scheduleOneRun(entries.length);
  if (options.totalSteps === undefined) throw msg.flagNeeds('--schedule', "--total-steps <n> (the training's batches)");
  const built = scheduleFromAnalysis(entries[0].analysis, options.schedule, options.totalSteps);
  if (built.schedule === undefined) {
    io.stderr(`lrfind: note: no schedule drawn: ${built.reason}\n`);
    return undefined;
  }
  return [{ name: options.schedule, lrs: scheduleValues(built.schedule, options.totalSteps).lrs }];
}

function parseScheduleKind(value: string): ScheduleKindName {
  if (!(SCHEDULE_KINDS as readonly string[]).includes(value)) {
    throw msg.flagMustBeOneOf('--schedule', SCHEDULE_KINDS, value);
  }
  return value as ScheduleKindName;
}

/**
 * Register `report` on the program.
 *
 * @example
 * const program = new Command();
 * registerReport(program, { stdout: console.log, stderr: console.error });
 * program.commands[0].name(); // => 'report'
 * await program.parseAsync(['report', 'run.json', '-o', 'run.svg'], { from: 'user' });
 */
export function registerReport(program: Command, io: CliIo): void {
  addChartOptions(addAnalysisOptions(addImportOptions(program.command('report'), { lrFile: false })))
    .description('draw saved runs: the lr-finder plot of one run, or an overlay of several, as SVG, PNG, HTML or a Vega-Lite spec')
    .argument('<runs...>', 'run files (lrfind JSON or CSV); several give an overlay')
    .option('-o, --output <file>', 'output file; the format follows the extension: .svg, .png, .html, .json (Vega-Lite spec); - for standard output (default: report.html, never over an existing file)')
    .option('--to <format>', 'the format with -o -: svg (default), png, html or json', parseReportFormat)
    .option('-p, --preset <name>', 'whose recording and answer to draw: lrfind (default), fastai, fastai1, torch-lr-finder, lightning, keras, inflection', parsePresetOption)
    .option('--title <text>', 'chart title')
    .option('--width <px>', 'plot width in pixels', parseIntegerOption('--width', 100, 20_000))
    .option('--height <px>', 'loss-panel height in pixels', parseIntegerOption('--height', 50, 20_000))
    .option('--scale <n>', `PNG pixel density (2 for high-DPI screens), in (0, 10]; a PNG has at most ${MAX_PNG_PIXELS / 1e6} megapixels`, parseNumberIn('--scale', 0, 10, { inclusiveMax: true }))
    .option('--no-gradient', 'leave out the gradient panel')
    .option('--schedule <kind>', `draw the training schedule built from the answer beside the plot: ${SCHEDULE_KINDS.join(', ')}`, parseScheduleKind)
    .option('--total-steps <n>', 'the training\'s batches, for --schedule', parseIntegerOption('--total-steps', 1, 100_000_000))
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind report run.json -o report.html\n  $ lrfind report run.json --suggest fastai.valley,torch-lr-finder.steepest -o run.svg\n  $ lrfind report run.json --schedule one-cycle --total-steps 1500 -o plan.svg\n  $ lrfind report seed1.json seed2.json seed3.json -o seeds.svg\n  $ lrfind report run.json --preset fastai -o fastai.png --scale 2\n  $ lrfind report run.json -o - > run.svg\n',
    )
    .action(async (files: string[], opts: ReportCommandOptions) => {
      await runReport(files, opts, io);
    });
}
