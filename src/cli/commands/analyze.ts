import type { Command } from 'commander';
import type { Analysis } from '../../analysis/analyze.js';
import { analysisToJson, answerRows, describeRecording, suggestionFlags } from '../../analysis/answer.js';
import type { PresetName } from '../../analysis/presets/types.js';
import { loadAnalyzedRuns } from '../../node/analyzed.js';
import { reportFormatOf, writeReport } from '../../plot/renderReport.js';
import { combineRuns, type AnalyzedRun, type RunAnalysisOptions } from '../../runs/analyzed.js';
import { isLrfindError } from '../../errors.js';
import type { Run } from '../../runs/run.js';
import { runSource } from '../../runs/source.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import { formatLr, formatSuggestion, jsonChunks, table } from '../format.js';
import type { CliIo } from '../io.js';
import { confirmationToJson, confirmationToText } from '../confirmText.js';
import { addAnalysisOptions, analysisSettings, parsePresetOption, type AnalysisCliOptions } from '../options.js';
import { addChartOptions, chartOptionsOf, checkSuggestNames, type ChartCliOptions } from '../chartOptions.js';
import * as msg from '../messages.js';

/** Options of `lrfind analyze`. */
export interface AnalyzeCommandOptions extends AnalysisCliOptions, ChartCliOptions {
  preset?: PresetName;
  json?: boolean;
  quiet?: boolean;
  plot?: string;
  combine?: boolean;
}

/** The tool of a suggestion name (`fastai.valley` → `fastai`; unprefixed names belong to `preset`). */
function toolOf(name: string, preset: PresetName | null): [string, string] {
  const dot = name.indexOf('.');
  if (preset !== null || dot < 0) return [preset ?? '', name];
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Options of {@link analysisToText}. */
export interface AnalysisTextOptions {
  /** Add every tool's suggestion, the inflection candidates and the confirm trials' table. __Default value:__ `false` */
  readonly all?: boolean;
}

/**
 * The human text `lrfind analyze` (and `lrfind run`) prints. By default short — what was read, then the answer block
 * (the answer, its range, the confidence and its evidence, why, the range-test estimate under a measured answer, the
 * next step), at most 10 lines; with `all`, every tool's suggestion grouped by tool (flagged ones with the reason),
 * the candidates and the trials' table too.
 *
 * @example
 * analysisToText('run.json', run, analyze(run)).split('\n')[2]; // => 'answer      3.54e-3  (range-test estimate)'
 */
export function analysisToText(file: string, run: Run, analysis: Analysis, options: AnalysisTextOptions = {}): string {
  const rec = analysis.results[0].recording;
  const head = `${file}: ${runSource(run).description}; ${describeRecording(run.lrs.length, rec, { planned: run.meta?.numIt, stopReason: run.stopReason })}`;
  const lines: string[][] = answerRows(analysis);
  if (analysis.preset !== null && analysis.preset !== 'lrfind') {
    const c = analysis.choice;
    lines.push([`${analysis.preset}`, `${formatSuggestion(c.suggestion)}  (${c.name}) — the tool's own answer`]);
  }
  const short = `${head}\n\n${table(lines)}\n`;
  if (!options.all) return short;
  const flags = suggestionFlags(analysis, run.lrs);
  const rows: string[][] = [['tool', 'suggestion', 'lr', 'note']];
  let last = '';
  const marked = analysis.preset !== null && analysis.preset !== 'lrfind' ? analysis.choice.name : analysis.answer?.basis === 'range test' ? analysis.choice.name : '';
  for (const [name, s] of Object.entries(analysis.suggestions)) {
    const [tool, shortName] = toolOf(name, analysis.preset);
    const note = [flags[name] ? `⚠ ${flags[name]}` : '', analysis.reasons[name] ?? ''].filter(Boolean).join(' — ');
    rows.push([tool === last ? '' : tool, shortName + (name === marked ? ' ★' : ''), formatSuggestion(s), note]);
    last = tool;
  }
  const cands = analysis.candidates.gradient.length
    ? `\n\ngradient-minimum candidates (${analysis.candidatesFrom}, right to left): ${analysis.candidates.gradient.slice(0, 5).map((c) => formatLr(c.lr)).join(', ')}`
    : '';
  const trials = run.confirmation ? `\n${confirmationToText(run.confirmation)}` : '';
  return `${short}\n${table(rows)}${cands}\n${trials}`;
}

/**
 * What `lrfind analyze -q` prints: lrfind's answer's lr (measured when the run has confirm trials), 3 significant
 * digits; with a tool's `--preset`, that tool's own answer (a slice as `lo hi`).
 *
 * @throws {UsageError} when there is no answer (the reason goes to stderr, exit 2).
 * @example
 * answerLine(analyze(run)); // => '0.00354'
 */
export function answerLine(analysis: Analysis): string {
  const n = (v: number) => String(Number(v.toPrecision(3)));
  if (analysis.preset !== null && analysis.preset !== 'lrfind') {
    const s = analysis.choice.suggestion;
    if (s === null) throw msg.noAnswer(analysis.choice.reason);
    return 'range' in s ? `${n(s.range[0])} ${n(s.range[1])}` : n(s.lr);
  }
  if (analysis.answer === null) throw msg.noAnswer((analysis.noAnswer ?? analysis.choice.reason).replace(/^no answer: /, ''));
  // an unfrozen model's slice: its two ends, body to head
  const { slice } = analysis.answer;
  return slice ? `${n(slice[0])} ${n(slice[1])}` : n(analysis.answer.lr);
}

/** {@link combineRuns}, its errors about one run naming that run's file. */
function combineNamed(entries: readonly AnalyzedRun[], settings: RunAnalysisOptions): ReturnType<typeof combineRuns> {
  try {
    return combineRuns(entries.map((e) => e.run), settings);
  } catch (error) {
    throw isLrfindError(error) && error.details?.run !== undefined ? msg.combineFailed(error, entries.map((e) => e.name)) : error;
  }
}

/**
 * Run `lrfind analyze RUN` (or `analyze RUN... --combine`).
 *
 * @example
 * const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
 * // run.json: test/fixtures/runs/real-mnist-mlp-adam-300.json
 * (await runAnalyze('run.json', { quiet: true, frozen: true }, io)).choice.name; // => 'lrfind.recommended'
 * // stdout: '0.00354\n'
 * (await runAnalyze('run.json', { quiet: true, preset: 'fastai' }, io)).choice.name; // => 'valley'
 * // stdout: '0.000806\n'
 * await runAnalyze(['seed1.json', 'seed2.json'], {}, io);
 * // throws UsageError
 * // 'analyze: 2 runs given: add --combine to analyze them as repeats of one model, or use lrfind compare'
 */
export async function runAnalyze(files: string | readonly string[], options: AnalyzeCommandOptions, io: CliIo): Promise<Analysis> {
  const list = typeof files === 'string' ? [files] : files;
  if (list.length > 1 && !options.combine) {
    throw msg.severalRuns(list.length);
  }
  if (options.json && options.quiet) throw msg.notTogether('--json', '-q/--quiet');
  const chart = chartOptionsOf(options);
  if (options.plot !== undefined && reportFormatOf(options.plot) === undefined) {
    throw msg.badPlotPath(options.plot);
  }
  const settings = analysisSettings(options);
  // text, -q and --json read the suggestions and the first preset's stop only: a big run holds no preset's curves
  // beyond the one running
  const light = options.plot === undefined && list.length === 1 ? { keepResults: 'none' as const } : {};
  const entries = await loadAnalyzedRuns(list, importOptionsOf(options as ImportCliOptions, (m) => io.stderr(`lrfind: ${m}\n`)), { ...settings, ...light });
  const combined = entries.length > 1 ? combineNamed(entries, settings) : null;
  const analysis = combined?.analysis ?? entries[0].analysis;
  const run: Run = combined?.run ?? entries[0].run;
  const c = run.confirmation;
  const name = entries.map((e) => e.name).join(' + ');
  // the plot first: if it cannot be written, the command fails with nothing on stdout
  if (options.plot !== undefined) {
    checkSuggestNames(chart.suggestions, analysis, options.preset);
    const { lrFile } = options as ImportCliOptions;
    const inputs = lrFile === undefined ? [...list] : [...list, lrFile];
    await writeReport(options.plot, [{ name, run, analysis }], { inputs, numIt: options.numIt, preset: options.preset, ...chart });
  }
  if (options.quiet) io.stdout(`${answerLine(analysis)}\n`);
  else if (options.json) {
    const extra = combined === null ? {} : { runs: list.length, perRun: combined.perRun.map((a) => a.choice.suggestion), spreadDecades: combined.spreadDecades };
    // in pieces: a big run's candidates are never one string
    const doc = { ...analysisToJson(analysis, { ...run, source: runSource(run) }), ...extra, ...(c ? { confirmation: confirmationToJson(c) } : {}) };
    for (const piece of jsonChunks(doc, 'candidates')) io.stdout(piece);
    io.stdout('\n');
  } else {
    const perRun =
      combined === null
        ? ''
        : `\nper run: ${combined.perRun.map((a) => formatSuggestion(a.choice.suggestion)).join(', ')}` +
          (combined.spreadDecades === null ? '' : ` (${combined.spreadDecades.toFixed(2)} decades apart)`) + '\n';
    io.stdout(analysisToText(name, run, analysis, { all: options.all === true }) + perRun);
  }
  return analysis;
}

/**
 * Register `analyze` on the program.
 *
 * @example
 * const program = new Command();
 * registerAnalyze(program, { stdout: console.log, stderr: console.error });
 * program.commands[0].name(); // => 'analyze'
 * await program.parseAsync(['analyze', 'run.json', '-q'], { from: 'user' }); // prints '0.00034 0.00354' (a slice)
 */
export function registerAnalyze(program: Command, io: CliIo): void {
  addChartOptions(addAnalysisOptions(addImportOptions(program.command('analyze'))))
    .description('analyze a saved range-test run: the answer (lr, range, confidence, why); --all adds every tool\'s suggestion')
    .argument('<runs...>', 'run file (- for standard input): lrfind JSON or CSV, or a fastai / pytorch-lr-finder / Lightning / Keras / TensorBoard save (see --format); several with --combine')
    .option('-p, --preset <name>', 'answer as that tool would (its default suggestion): lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection', parsePresetOption)
    .option('--json', 'print one JSON object instead of the table')
    .option('-q, --quiet', 'print only the answer\'s lr (measured when the run has trials), for scripts: LR=$(lrfind analyze run.json -q)')
    .option('--verbose', 'the same as --all: every tool\'s suggestion, the candidates and the confirm trials')
    .option('--combine', 'several runs of the same model (seeds, shuffles): analyze their median curve, report the per-run spread')
    .option('--plot <file>', 'also draw the curve; the format follows the extension: .svg, .png, .html, .json (Vega-Lite spec)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind analyze run.json\n  $ lrfind analyze run.csv --preset fastai --json\n  $ LR=$(lrfind analyze run.json -q)\n  $ lrfind analyze seed1.json seed2.json seed3.json --combine\n',
    )
    .action(async (files: string[], opts: AnalyzeCommandOptions & { verbose?: boolean }) => {
      await runAnalyze(files, { ...opts, all: opts.all === true || opts.verbose === true }, io);
    });
}
