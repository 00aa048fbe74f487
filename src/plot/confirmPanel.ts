/**
 * The confirm-trials panel of a report: each trial's validation loss at its lr, one line per successive-halving
 * round, diverged trials as crosses along the top (a trial far worse than the rest as a triangle there: it must not
 * squash the scale), and the measured answer ringed and labelled. A panel builder of
 * its own, appended under any one-run chart by {@link withConfirmPanel}.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Confirmation } from '../runs/confirmation.js';
import { axisX } from './parts.js';
import { PLOT_COLORS } from './theme.js';
import { lrLabel } from './ticks.js';

/** Options of {@link confirmPanel}. */
export interface ConfirmPanelOptions {
  /** Panel width in pixels. __Default value:__ `600` */
  readonly width?: number;
  /** Panel height in pixels. __Default value:__ `150` */
  readonly height?: number;
  /** lr-axis domain (the range test's, to line up with the chart above). __Default value:__ the trials' lrs, padded */
  readonly lrDomain?: readonly [number, number];
  /** Hover tooltips. __Default value:__ `true` */
  readonly tooltips?: boolean;
}

/** Blues from light (first round) to dark (last round). */
const ROUND_COLORS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'];

/**
 * The Vega-Lite spec of the confirm-trials panel (a layered unit, data inline), to put in a `vconcat`.
 *
 * @example
 * const panel = confirmPanel(run.confirmation, { width: 600 });
 * panel.layer.length; // => 5 (lines, points, diverged, above the scale, answer)
 */
export function confirmPanel(confirmation: Confirmation, options: ConfirmPanelOptions = {}): { width: number; height: number; layer: object[] } {
  const { width = 600, height = 150, tooltips = true } = options;
  const trials = confirmation.trials.map((t) => ({
    lr: t.lr,
    // a diverged trial is marked along the top, whatever loss it ended with: its value would only stretch the axis
    loss: Number.isFinite(t.loss) && !t.diverged ? t.loss : null,
    reported: Number.isFinite(t.loss) ? t.loss : null,
    round: `round ${t.round + 1} · ${t.steps} steps`,
    roundIndex: t.round,
    steps: t.steps,
    source: t.source,
    status: t.diverged ? 'diverged' : t.kept ? 'kept' : 'pruned',
  }));
  const finite = trials.filter((t) => t.loss !== null).map((t) => t.loss as number).sort((a, b) => a - b);
  const lo = finite.length ? finite[0] : 0;
  // a trial far worse than the rest (a high lr that trained badly but did not diverge) is drawn at the top edge,
  // not allowed to squash the comparison that matters: the scale ends at 3× the spread of the better three quarters
  const q3 = finite.length ? finite[Math.floor((finite.length - 1) * 0.75)] : 1;
  const cap = q3 > lo ? lo + 3 * (q3 - lo) : Infinity;
  const hi = finite.length ? Math.min(finite[finite.length - 1], cap) : 1;
  const span = hi > lo ? hi - lo : Math.abs(hi) * 0.1 || 1;
  const yDomain = [lo - 0.08 * span, hi + 0.15 * span];
  const lrs = trials.map((t) => t.lr);
  const lrDomain: [number, number] = options.lrDomain
    ? [Math.min(options.lrDomain[0], ...lrs), Math.max(options.lrDomain[1], ...lrs)]
    : lrs.length
      ? [Math.min(...lrs) / 2, Math.max(...lrs) * 2]
      : [1e-4, 1];
  const x = axisX(lrDomain, { title: 'learning rate (log scale)', labels: true });
  const y = {
    field: 'loss',
    type: 'quantitative' as const,
    scale: { domain: yDomain, zero: false, nice: false },
    axis: { title: ['val loss', 'of a trial'], tickCount: 4 },
  };
  const rounds = [...new Set(confirmation.trials.map((t) => t.round))].sort((a, b) => a - b);
  const roundNames = rounds.map((r) => trials.find((t) => t.roundIndex === r)?.round as string);
  const color = {
    field: 'round',
    type: 'nominal' as const,
    scale: { domain: roundNames, range: rounds.map((r) => ROUND_COLORS[Math.min(r + 2, ROUND_COLORS.length - 1)]) },
    legend: { title: 'confirm trials', orient: 'right' as const },
  };
  const tooltip = tooltips
    ? [
        { field: 'lr', type: 'quantitative', format: '.3~e', title: 'lr' },
        { field: 'loss', type: 'quantitative', format: '.4~g', title: 'val loss' },
        { field: 'steps', type: 'quantitative', title: 'steps' },
        { field: 'status', type: 'nominal' },
        { field: 'source', type: 'nominal', title: 'proposed by' },
      ]
    : undefined;
  const drawn = trials.filter((t) => t.loss !== null && t.loss <= hi);
  const top = yDomain[1] - 0.04 * span;
  const diverged = trials.filter((t) => t.loss === null).map((t) => ({ ...t, loss: top }));
  const offScale = trials.filter((t) => t.loss !== null && t.loss > hi).map((t) => ({ ...t, loss: top, status: `${t.status}, above the scale` }));
  const answer = confirmation.lr === null
    ? []
    : trials
        .filter((t) => t.lr === confirmation.lr && t.loss !== null)
        .slice(-1)
        .map((t) => ({ ...t, label: `measured: ${lrLabel(t.lr)}` }));
  const layer: object[] = [
    {
      data: { values: drawn },
      mark: { type: 'line', strokeWidth: 1.2, clip: true },
      encoding: { x, y, color, order: { field: 'lr', type: 'quantitative' } },
    },
    {
      data: { values: drawn },
      mark: { type: 'point', filled: true, size: 55, clip: true },
      encoding: { x, y, color, ...(tooltip ? { tooltip } : {}) },
    },
    {
      data: { values: diverged },
      mark: { type: 'point', shape: 'cross', angle: 45, filled: true, size: 70, color: PLOT_COLORS.stopped, clip: true },
      encoding: { x, y, ...(tooltip ? { tooltip } : {}) },
    },
    {
      data: { values: offScale },
      mark: { type: 'point', shape: 'triangle-up', filled: true, size: 60, color: PLOT_COLORS.suggestion, clip: true },
      encoding: { x, y, ...(tooltip ? { tooltip: tooltip.map((f) => (f.field === 'loss' ? { ...f, field: 'reported' } : f)) } : {}) },
    },
    {
      data: { values: answer },
      layer: [
        { mark: { type: 'point', shape: 'circle', size: 260, strokeWidth: 2, color: PLOT_COLORS.choice, filled: false }, encoding: { x, y } },
        {
          mark: { type: 'text', align: 'left', dx: 10, dy: -10, fontSize: 11, fontWeight: 'bold', color: PLOT_COLORS.choice },
          encoding: { x, y, text: { field: 'label' } },
        },
      ],
    },
  ];
  return { width, height, layer };
}

/**
 * Put the confirm-trials panel under a one-run chart (the finder plot): the chart's own panels keep their shared lr
 * axis, the trials panel gets its own over the same lr range.
 *
 * @example
 * const spec = withConfirmPanel(finderSpec(run, analysis), run.confirmation, { lrDomain: [run.lrs[0], run.lrs.at(-1)] });
 * spec.vconcat.length; // => 2 (the finder chart, the trials)
 */
export function withConfirmPanel(spec: TopLevelSpec, confirmation: Confirmation, options: ConfirmPanelOptions = {}): TopLevelSpec {
  const { $schema, title, config, datasets, ...chart } = spec as unknown as Record<string, unknown>;
  const width = typeof chart.width === 'number' ? chart.width : options.width;
  const panel = confirmPanel(confirmation, { ...options, ...(width === undefined ? {} : { width }) });
  return {
    $schema,
    title,
    config,
    datasets,
    vconcat: [chart, panel],
    spacing: 18,
    resolve: { scale: { x: 'independent', y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
