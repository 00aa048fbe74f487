import type { Command } from 'commander';
import type { Analysis } from '../../analysis/analyze.js';
import { analysisToJson, answerOf, describeRecording, nextStep, suggestionFlags } from '../../analysis/answer.js';
import type { PresetName } from '../../analysis/presets/types.js';
import { loadAnalyzedRuns } from '../../node/analyzed.js';
import { reportFormatOf, writeReport } from '../../plot/renderReport.js';
import { combineRuns, type AnalyzedRun, type RunAnalysisOptions } from '../../recorder/analyzed.js';
import { isLrfindError } from '../../errors.js';
import type { Run } from '../../recorder/run.js';
import { runSource } from '../../recorder/source.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import { formatLr, formatSuggestion, table } from '../format.js';
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

/**
 * The human text `lrfind analyze` prints: what was read, the answer (lr, range, confidence, why), then every
 * suggestion grouped by tool, flagged ones with the reason.
 *
 * @example
 * analysisToText('run.json', run, analyze(run)).split('\n')[2]; // => 'answer      3.54e-3  (lrfind.recommended)'
 */
export function analysisToText(file: string, run: Run, analysis: Analysis): string {
  const answer = answerOf(analysis);
  const rec = analysis.results[0].recording;
  const head = `${file}: ${runSource(run).description}; ${describeRecording(run.lrs.length, rec)}` +
    (analysis.preset ? `; answering as ${analysis.preset}` : '');
  const lines: string[][] = [];
  if (answer.suggestion === null) lines.push(['answer', `none — ${answer.reason}`]);
  else {
    lines.push(['answer', `${formatSuggestion(answer.suggestion)}  (${answer.name})`]);
    if (answer.range !== null && answer.range !== answer.suggestion) lines.push(['range', formatSuggestion(answer.range)]);
    if (answer.confidence !== null) lines.push(['confidence', answer.confidence + (answer.confidenceReason ? ` — ${answer.confidenceReason}` : '')]);
    lines.push(['why', answer.reason]);
    // a low-confidence answer of a run without trials: say how to measure it (the measured answer halves the regret)
    const next = nextStep(answer, run.confirmation !== undefined);
    if (next !== null) lines.push(['next', next]);
  }
  const flags = suggestionFlags(analysis, run.lrs);
  const rows: string[][] = [['tool', 'suggestion', 'lr', 'note']];
  let last = '';
  for (const [name, s] of Object.entries(analysis.suggestions)) {
    const [tool, short] = toolOf(name, analysis.preset);
    const note = [flags[name] ? `⚠ ${flags[name]}` : '', analysis.reasons[name] ?? ''].filter(Boolean).join(' — ');
    rows.push([tool === last ? '' : tool, short + (name === answer.name ? ' ★' : ''), formatSuggestion(s), note]);
    last = tool;
  }
  const cands = analysis.candidates.gradient.length
    ? `\n\ngradient-minimum candidates (${analysis.candidatesFrom}, right to left): ${analysis.candidates.gradient.slice(0, 5).map((c) => formatLr(c.lr)).join(', ')}`
    : '';
  return `${head}\n\n${table(lines)}\n\n${table(rows)}${cands}\n`;
}

/**
 * What `lrfind analyze -q` prints: the answer's lr (a range as `lo hi`), with 3 significant digits.
 *
 * @throws {UsageError} when there is no answer (the reason goes to stderr, exit 2).
 * @example
 * answerLine(analyze(run)); // => '0.00354'
 */
export function answerLine(analysis: Analysis): string {
  const s = analysis.choice.suggestion;
  if (s === null) throw msg.noAnswer(analysis.choice.reason);
  const n = (v: number) => String(Number(v.toPrecision(3)));
  return 'range' in s ? `${n(s.range[0])} ${n(s.range[1])}` : n(s.lr);
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
  const entries = await loadAnalyzedRuns(list, importOptionsOf(options as ImportCliOptions, (m) => io.stderr(`lrfind: ${m}\n`)), settings);
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
    io.stdout(`${JSON.stringify({ ...analysisToJson(analysis, { lrs: run.lrs, source: runSource(run) }), ...extra, ...(c ? { confirmation: confirmationToJson(c) } : {}) })}\n`);
  } else {
    const perRun =
      combined === null
        ? ''
        : `\nper run: ${combined.perRun.map((a) => formatSuggestion(a.choice.suggestion)).join(', ')}` +
          (combined.spreadDecades === null ? '' : ` (${combined.spreadDecades.toFixed(2)} decades apart)`) + '\n';
    io.stdout(analysisToText(name, run, analysis) + perRun + (c ? `\n${confirmationToText(c)}` : ''));
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
    .description('analyze a saved range-test run: the answer (lr, range, confidence, why), then every tool\'s suggestion')
    .argument('<runs...>', 'run file (- for standard input): lrfind JSON or CSV, or a fastai / pytorch-lr-finder / Lightning / Keras / TensorBoard save (see --format); several with --combine')
    .option('-p, --preset <name>', 'answer as that tool would (its default suggestion): lrfind, fastai, fastai1, torch-lr-finder, lightning, keras, inflection', parsePresetOption)
    .option('--json', 'print one JSON object instead of the table')
    .option('-q, --quiet', 'print only the answer\'s lr (a slice as "lo hi"), for scripts: LR=$(lrfind analyze run.json -q)')
    .option('--combine', 'several runs of the same model (seeds, shuffles): analyze their median curve, report the per-run spread')
    .option('--plot <file>', 'also draw the curve; the format follows the extension: .svg, .png, .html, .json (Vega-Lite spec)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lrfind analyze run.json\n  $ lrfind analyze run.csv --preset fastai --json\n  $ LR=$(lrfind analyze run.json -q)\n  $ lrfind analyze seed1.json seed2.json seed3.json --combine\n',
    )
    .action(async (files: string[], opts: AnalyzeCommandOptions) => {
      await runAnalyze(files, opts, io);
    });
}
