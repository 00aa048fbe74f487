/**
 * A training schedule drawn next to the range test: a panel of lr (log scale) against the training step, one line
 * per schedule, with the range test's answer as a reference line. Self-contained: it adds a panel beside the
 * finder plot without changing it.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis/analyze.js';
import { scheduleValues } from '../schedules/scheduleValues.js';
import type { Schedule } from '../schedules/types.js';
import { finderSpec, type FinderSpecOptions } from './finderSpec.js';
import type { PlotRun } from './curve.js';
import { PLOT_COLORS, RUN_COLORS } from './theme.js';
import { lrLabel } from './ticks.js';
import * as msg from './messages.js';

/** One schedule of the panel: its name and the lr (and momentum) of each step. */
export interface ScheduleSeries {
  readonly name: string;
  readonly lrs: ArrayLike<number>;
}

/** Options of {@link schedulePanel}. */
export interface SchedulePanelOptions {
  /** Panel width in pixels. __Default value:__ `360` */
  readonly width?: number;
  /** Panel height in pixels. __Default value:__ `300` */
  readonly height?: number;
  /** The range test's answer, drawn as a dashed rule. __Default value:__ none */
  readonly answer?: number;
  /** At most this many points per line (evenly spaced steps, the last kept). __Default value:__ `600` */
  readonly maxPoints?: number;
}

function checkSize(fn: string, name: string, value: number, min: number, max: number): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw msg.integerOutOfRange(fn, name, value, min, max);
  }
}

function seriesOf(fn: string, schedules: readonly ScheduleSeries[] | Readonly<Record<string, Schedule>>, steps: number | undefined): ScheduleSeries[] {
  if (Array.isArray(schedules)) return schedules as ScheduleSeries[];
  if (typeof schedules !== 'object' || schedules === null) {
    throw msg.badSchedules(fn, schedules);
  }
  if (steps === undefined) throw msg.stepsRequired(fn);
  return Object.entries(schedules).map(([name, schedule]) => ({ name, lrs: scheduleValues(schedule, steps).lrs }));
}

/**
 * The schedule panel (a Vega-Lite layer spec, not top-level): lr on a log axis against the step, one colour per
 * schedule, the answer as a dashed rule. Lines are thinned to `maxPoints` evenly spaced steps (a schedule is
 * smooth, so nothing visible is lost). Cost O(total points).
 *
 * @param series - the schedules' names and lrs (`scheduleValues(schedule, steps).lrs`, or a callback's history).
 * @param options - see {@link SchedulePanelOptions}.
 * @returns a layer spec to put in an `hconcat` / `vconcat`.
 * @throws {TypeError} for a bad series; {RangeError} for bad sizes or a non-positive lr.
 * @example
 * schedulePanel([{ name: 'one-cycle', lrs: [4e-4, 1e-2, 4e-8] }], { answer: 1e-2 }).layer.length; // => 2
 */
export function schedulePanel(series: readonly ScheduleSeries[], options: SchedulePanelOptions = {}) {
  const fn = 'schedulePanel';
  const { width = 360, height = 300, answer, maxPoints = 600 } = options;
  checkSize(fn, 'width', width, 10, 20_000);
  checkSize(fn, 'height', height, 10, 20_000);
  checkSize(fn, 'maxPoints', maxPoints, 2, 10_000_000);
  if (!Array.isArray(series) || series.length === 0) {
    throw msg.badSeriesList(fn, series);
  }
  const values: { schedule: string; step: number; lr: number }[] = [];
  for (const s of series) {
    if (typeof s?.name !== 'string' || typeof s.lrs?.length !== 'number' || s.lrs.length === 0) {
      throw msg.badSeries(fn, s);
    }
    const n = s.lrs.length;
    const stride = Math.max(1, Math.ceil(n / maxPoints));
    for (let i = 0; i < n; i += stride) push(s, i);
    if ((n - 1) % stride !== 0) push(s, n - 1);
  }
  function push(s: ScheduleSeries, i: number): void {
    const lr = s.lrs[i];
    if (!(lr > 0) || !Number.isFinite(lr)) throw msg.badSeriesLr(fn, s.name, i, lr);
    values.push({ schedule: s.name, step: i, lr });
  }
  const names = series.map((s) => s.name);
  return {
    width,
    height,
    title: { text: 'Training schedule', fontSize: 12 },
    data: { values },
    layer: [
      {
        mark: { type: 'line' as const, strokeWidth: 2 },
        encoding: {
          x: { field: 'step', type: 'quantitative' as const, title: 'training step (batch)' },
          y: { field: 'lr', type: 'quantitative' as const, title: 'learning rate', scale: { type: 'log' as const }, axis: { format: '.0e' } },
          color: {
            field: 'schedule',
            type: 'nominal' as const,
            title: 'schedule',
            scale: { domain: names, range: RUN_COLORS.slice(0, Math.max(1, names.length)) },
            legend: { orient: 'bottom' as const },
          },
        },
      },
      {
        data: { values: answer === undefined ? [] : [{ lr: answer, label: `answer ${lrLabel(answer)}` }] },
        mark: { type: 'rule' as const, strokeDash: [5, 3], color: PLOT_COLORS.choice },
        encoding: { y: { field: 'lr', type: 'quantitative' as const }, tooltip: { field: 'label', type: 'nominal' as const } },
      },
    ],
  };
}

/** Options of {@link scheduleReportSpec}: the finder plot's, plus the panel's size. */
export interface ScheduleReportOptions extends FinderSpecOptions {
  /** Width of the schedule panel. __Default value:__ `360` */
  readonly scheduleWidth?: number;
}

/**
 * Put a schedule panel ({@link schedulePanel}) beside any top-level chart (the finder plot, with or without the
 * panels other builders add): an `hconcat` of the chart's body and the panel, the chart's title, config and datasets
 * kept at the top.
 *
 * @param spec - a top-level Vega-Lite spec (e.g. `finderSpec(...)`).
 * @param series - the schedules' names and lrs.
 * @param options - the panel's options (`answer`, size).
 * @returns a top-level Vega-Lite spec.
 * @throws {TypeError} / {RangeError} as {@link schedulePanel}.
 * @example
 * withSchedulePanel(finderSpec(run, analysis), [{ name: 'one-cycle', lrs }], { answer: 2e-3 }).hconcat.length; // => 2
 */
export function withSchedulePanel(spec: TopLevelSpec, series: readonly ScheduleSeries[], options: SchedulePanelOptions = {}): TopLevelSpec {
  const panel = schedulePanel(series, options);
  const { $schema, title, config, datasets, ...body } = spec as unknown as Record<string, unknown>;
  // the chart's literal colours (scale: null, no legend) and the schedules' legend stay apart
  return {
    $schema,
    title,
    config,
    datasets,
    hconcat: [body, panel],
    spacing: 24,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}

/**
 * The finder plot of a range test with the schedules built from it beside it (an `hconcat`): what the test found,
 * and what the training will do with it. The answer (`analysis.choice.suggestion`: its lr, or a slice's top) is
 * drawn on the schedule panel.
 *
 * @param run - the range test (as for `finderSpec`).
 * @param analysis - its analysis.
 * @param schedules - named schedule functions (sampled over `steps`), or already-sampled series.
 * @param steps - the training steps to draw (required for schedule functions).
 * @param options - the finder plot's options, and `scheduleWidth`.
 * @returns a top-level Vega-Lite spec.
 * @throws {TypeError} / {RangeError} for bad input (as `finderSpec` and {@link schedulePanel}).
 * @example
 * const spec = scheduleReportSpec(run, analysis, { 'one-cycle': oneCycleFromAnalysis(analysis, { totalSteps: 500 }).schedule! }, 500);
 * spec.hconcat.length; // => 2
 */
export function scheduleReportSpec(
  run: PlotRun,
  analysis: Analysis,
  schedules: readonly ScheduleSeries[] | Readonly<Record<string, Schedule>>,
  steps?: number,
  options: ScheduleReportOptions = {},
): TopLevelSpec {
  const series = seriesOf('scheduleReportSpec', schedules, steps);
  const { scheduleWidth, ...finderOptions } = options;
  return withSchedulePanel(finderSpec(run, analysis, finderOptions), series, {
    width: scheduleWidth,
    height: options.height,
    answer: scheduleAnswerLr(analysis),
  });
}

/**
 * The answer's lr as the schedule panel draws it: lrfind's `answer.lr` (the measured lr when confirm trials ran; the
 * head's lr of a slice), or `undefined` when there is none.
 *
 * @example
 * scheduleAnswerLr(analyze(run)); // => 0.0023
 */
export function scheduleAnswerLr(analysis: Analysis): number | undefined {
  if (analysis.answer !== undefined) return analysis.answer?.lr;
  const s = analysis.choice.suggestion;
  return s === null ? undefined : 'lr' in s ? s.lr : s.range[1];
}
