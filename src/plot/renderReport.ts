/**
 * One call from runs to a report file: picks the chart (finder plot for one run, overlay for several), the
 * format from the file's extension, renders and writes atomically.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PresetName } from '../analysis/presets/types.js';
import { writeFileAtomic } from '../io/atomic.js';
import { assertNotAnInput } from '../io/outputIsInput.js';
import { finderSpec } from './finderSpec.js';
import { withConfirmPanel } from './confirmPanel.js';
import type { ReportEntry } from './html.js';
import { overlaySpec } from './overlaySpec.js';
import { renderSvg } from './render.js';
import { renderPng } from './renderPng.js';
import { renderHtml } from './renderHtml.js';
import { scheduleAnswerLr, withSchedulePanel, type ScheduleSeries } from './scheduleSpec.js';
import { assertAnalysisOfRun } from './analysisOfRun.js';
import * as msg from './messages.js';

/** The report formats, by file extension: `.svg`, `.png`, `.html` (also `.htm`), `.json` (the Vega-Lite spec). */
export type ReportFormat = 'svg' | 'png' | 'html' | 'json';

/**
 * The report format a file name asks for, from its extension (case-insensitive), or `undefined`.
 *
 * @example
 * reportFormatOf('out/report.PNG'); // => 'png'
 * reportFormatOf('report.pdf');     // => undefined
 */
export function reportFormatOf(path: string): ReportFormat | undefined {
  const m = /\.([a-z]+)$/i.exec(path);
  const ext = m?.[1].toLowerCase();
  if (ext === 'htm') return 'html';
  return ext === 'svg' || ext === 'png' || ext === 'html' || ext === 'json' ? ext : undefined;
}

/** Options of {@link reportSpec} and {@link writeReport}. */
export interface ReportOptions {
  /** Preset whose smoothed curve, skipped ends and suggestions are drawn. __Default value:__ each analysis' first result */
  readonly preset?: PresetName;
  /** Chart and page title. __Default value:__ `'Learning-rate range test'` (one run) / `'Learning-rate range tests'` */
  readonly title?: string;
  /** Plot width in pixels. __Default value:__ `600` */
  readonly width?: number;
  /** Loss-panel height in pixels. __Default value:__ `300` */
  readonly height?: number;
  /** Iterations the test asked for (fastai's skipped start), one-run charts. __Default value:__ `run.meta.numIt`, else the run's length */
  readonly numIt?: number;
  /** Draw the gradient panel. __Default value:__ `true` */
  readonly gradient?: boolean;
  /** PNG pixel density. __Default value:__ `1` */
  readonly scale?: number;
  /** Suggestions drawn besides the answer (one-run charts): names, or `'all'`. __Default value:__ none */
  readonly suggestions?: readonly string[] | 'all';
  /** Draw the inflection candidates (one-run charts). __Default value:__ `false` */
  readonly candidates?: boolean;
  /** Input files: writing over one of them is refused. __Default value:__ none */
  readonly inputs?: readonly string[];
  /** Training schedules drawn in a panel beside a one-run chart (`scheduleReportSpec`). __Default value:__ none */
  readonly schedules?: readonly ScheduleSeries[];
}

/**
 * The chart of a report: the finder plot for one run, an overlay for several; tooltips on for interactive
 * formats.
 *
 * @example
 * reportSpec([{ name: 'a.json', run, analysis }], { tooltips: false }); // => a finder-plot spec
 */
export function reportSpec(entries: readonly ReportEntry[], options: ReportOptions & { tooltips: boolean; fn?: string }): TopLevelSpec {
  if (!Array.isArray(entries) || entries.length === 0) throw msg.entriesEmpty('reportSpec');
  entries.forEach((e, k) => assertAnalysisOfRun(options.fn ?? 'reportSpec', `entries[${k}]`, e.run, e.analysis));
  const size = { width: options.width, height: options.height };
  if (entries.length === 1) {
    const [e] = entries;
    const spec = finderSpec(e.run, e.analysis, {
      ...size,
      preset: options.preset,
      numIt: options.numIt,
      title: options.title ?? `Learning-rate range test: ${e.name}`,
      suggestions: options.suggestions,
      layers: { tooltips: options.tooltips, gradient: options.gradient ?? true, candidates: options.candidates ?? false },
    });
    // a run with confirm trials gets their panel underneath (a chart of its own: see confirmPanel.ts)
    const c = e.run.confirmation;
    const n = e.run.lrs.length;
    const confirmed = !c || c.trials.length === 0 ? spec : withConfirmPanel(spec, c, {
      ...(options.width === undefined ? {} : { width: options.width }),
      lrDomain: [Math.min(e.run.lrs[0], e.run.lrs[n - 1]), Math.max(e.run.lrs[0], e.run.lrs[n - 1])],
      tooltips: options.tooltips,
    });
    // training schedules, when given, go beside it (scheduleSpec.ts)
    if (options.schedules === undefined || options.schedules.length === 0) return confirmed;
    return withSchedulePanel(confirmed, options.schedules, { height: options.height, answer: scheduleAnswerLr(e.analysis) });
  }
  return overlaySpec(
    entries.map((e) => ({ name: e.name, run: e.run, analysis: e.analysis })),
    { ...size, preset: options.preset, title: options.title, layers: { tooltips: options.tooltips, gradient: options.gradient ?? true } },
  );
}

/**
 * Render the report of `entries` into `path`, in the format its extension names (.svg, .png, .html, .json spec),
 * written atomically.
 *
 * @param path - the output file.
 * @param entries - the runs (one: finder plot; several: overlay).
 * @param options - see {@link ReportOptions}.
 * @returns the format written.
 * @throws {LrfindError} `E_OPTION` for an unknown extension, `E_OUTPUT_IS_INPUT` when `path` is one of
 *   `options.inputs`, `E_FILE_WRITE` when the file cannot be written; {RangeError} when an entry's analysis is not
 *   an analysis of its run (nothing is written).
 * @example
 * await writeReport('report.html', [{ name: 'run.json', run, analysis }], { inputs: ['run.json'] }); // => 'html'
 */
export async function writeReport(path: string, entries: readonly ReportEntry[], options: ReportOptions = {}): Promise<ReportFormat> {
  const format = reportFormatOf(path);
  if (format === undefined) {
    throw msg.badReportExtension(path);
  }
  await assertNotAnInput(path, options.inputs ?? []);
  await writeFileAtomic(path, await reportData(entries, format, { fn: 'writeReport', ...options, name: path }));
  return format;
}

/**
 * The report of `entries` in `format`, as text (SVG, HTML, JSON spec) or bytes (PNG): what {@link writeReport}
 * writes, for writing elsewhere (standard output, a response).
 *
 * @example
 * const svg = await reportData([{ name: 'run.json', run, analysis }], 'svg'); // => '<svg …'
 */
export async function reportData(
  entries: readonly ReportEntry[],
  format: ReportFormat,
  options: ReportOptions & { readonly name?: string; readonly fn?: string } = {},
): Promise<string | Uint8Array> {
  const interactive = format === 'html' || format === 'json';
  const spec = reportSpec(entries, { fn: 'reportData', ...options, tooltips: interactive });
  if (format === 'json') return `${JSON.stringify(spec, null, 2)}\n`;
  if (format === 'svg') return renderSvg(spec);
  if (format === 'png') return renderPng(spec, { scale: options.scale ?? 1, name: options.name ?? 'reportData' });
  if (format === 'html') return renderHtml(entries, spec, { title: options.title });
  throw msg.badReportFormat(format);
}
