/**
 * Building blocks shared by the spec builders: the lr axis, shaded regions, suggestion labels laid out in rows,
 * the hover tooltip layer. Pure; internal to `src/plot`.
 *
 * @module
 */
import { LrfindError } from '../errors.js';
import type { PlotRun, Region } from './curve.js';
import { PLOT_COLORS } from './theme.js';
import { logTicks } from './ticks.js';

/** Default chart size in pixels. */
export const DEFAULT_SIZE = Object.freeze({ width: 600, height: 300, gradientHeight: 110 });

/** A single-lr suggestion as drawn: a dashed rule, a point on the curve and a label in one of the label rows. */
export interface SuggestionMark {
  /** Its name in `analysis.suggestions`. */
  readonly name: string;
  readonly lr: number;
  /** Run step it came from. */
  readonly index: number;
  /** y of the point: the smoothed loss at the step nearest `lr` (raw loss if undefined there). */
  readonly loss: number | null;
  /** `name lr`, e.g. `valley 1.2e-3`. */
  readonly label: string;
  /** True for the analysis' choice (drawn in the accent colour). */
  readonly choice: boolean;
  /** Label row (0 = top) and side, set by {@link layoutLabels}. */
  row: number;
  align: 'left' | 'right';
}

/** Check that `run` has `lrs` and `losses` of one length ≥ 1 with finite positive lrs. */
export function assertPlotRun(fn: string, run: unknown): asserts run is PlotRun {
  const r = run as PlotRun | null | undefined;
  if (r === null || typeof r !== 'object' || r.lrs?.length === undefined || r.losses?.length === undefined) {
    throw new TypeError(`${fn}: run must be an object with lrs and losses arrays (got ${r === null ? 'null' : typeof r})`);
  }
  if (r.lrs.length !== r.losses.length) {
    throw new LrfindError('E_LENGTH_MISMATCH', `${fn}: lrs and losses differ in length (${r.lrs.length} vs ${r.losses.length})`);
  }
  if (r.lrs.length === 0) throw new LrfindError('E_EMPTY', `${fn}: the run is empty`);
  for (let i = 0; i < r.lrs.length; i++) {
    const lr = r.lrs[i];
    if (!(Number.isFinite(lr) && lr > 0)) {
      throw new LrfindError('E_BAD_LR', `${fn}: lrs[${i}] must be a finite number > 0 (got ${lr})`);
    }
  }
}

/**
 * The loss encoding of the loss panel, for the `field` a layer draws (raw or smoothed loss), over a fixed domain.
 *
 * @example
 * lossAxisY('smoothed', [0.2, 2.5]).scale; // => { domain: [0.2, 2.5], zero: false, nice: false }
 */
export function lossAxisY(field: string, domain: readonly number[]) {
  return {
    field,
    type: 'quantitative' as const,
    scale: { domain: [...domain], zero: false, nice: false },
    axis: { title: 'loss', tickCount: 6 },
  };
}

/** A tick label expression: plain numbers from 1 to 999, short scientific form (`1e-4`) elsewhere. */
const LR_LABEL_EXPR =
  "datum.value >= 1 && datum.value < 1000 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";

/** The log-scale lr encoding with decade ticks over `domain`. */
export function axisX(domain: readonly [number, number], options: { title: string | null; labels: boolean }) {
  const lo = domain[0];
  const hi = Math.max(domain[1], domain[0]);
  return {
    field: 'lr',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [lo, hi], nice: false },
    axis: {
      title: options.title,
      values: logTicks(lo, hi),
      labelExpr: LR_LABEL_EXPR,
      grid: true,
      labelFlush: true,
      // the upper panel of a stacked chart shows only the grid: its lr labels are on the panel below
      ...(options.labels ? {} : { labels: false, ticks: false, domain: false, minExtent: 0, maxExtent: 0 }),
    },
  };
}

/** Horizontal pixel position of `lr` on a log axis over `domain` `width` pixels wide. */
export function pixelOf(lr: number, domain: readonly [number, number], width: number): number {
  const [lo, hi] = domain;
  if (!(hi > lo)) return width / 2;
  return ((Math.log(lr) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * width;
}

/** Rough width of a label in pixels (DejaVu Sans at 10px averages about 6 px per character). */
function labelWidth(text: string): number {
  return text.length * 6.2 + 6;
}

/**
 * Place suggestion labels in rows from the top so that none overlap: left of the rule when it would run past
 * the right edge, else right of it; each label goes to the first row where it fits. Mutates `marks`' `row` and
 * `align`; returns the number of rows used.
 */
export function layoutLabels(marks: SuggestionMark[], domain: readonly [number, number], width: number, maxRows = 6): number {
  const rows: [number, number][][] = [];
  const order = [...marks].sort((a, b) => a.lr - b.lr || a.name.localeCompare(b.name));
  for (const m of order) {
    const px = pixelOf(m.lr, domain, width);
    const w = labelWidth(m.label);
    m.align = px + w > width ? 'right' : 'left';
    const span: [number, number] = m.align === 'left' ? [px, px + w] : [px - w, px];
    let row = rows.findIndex((r) => r.every(([a, b]) => span[1] + 2 < a || span[0] - 2 > b));
    if (row < 0) {
      row = rows.length < maxRows ? rows.length : maxRows - 1;
      if (row === rows.length) rows.push([]);
    }
    rows[row].push(span);
    m.row = row;
  }
  return rows.length;
}

/** One text layer per (row, side) of the suggestion labels. */
export function labelLayers(x: ReturnType<typeof axisX>, marks: readonly SuggestionMark[]): object[] {
  const keys = [...new Set(marks.map((m) => `${m.row}:${m.align}`))].sort();
  return keys.map((key) => {
    const [row, align] = key.split(':');
    return {
      data: { name: 'suggestions' },
      transform: [{ filter: `datum.row === ${Number(row)} && datum.align === '${align}'` }],
      mark: { type: 'text', align, baseline: 'top', dx: align === 'left' ? 4 : -4, fontSize: 10 },
      encoding: {
        x,
        y: { value: 3 + 13 * Number(row) },
        text: { field: 'label' },
        color: { condition: { test: 'datum.choice', value: PLOT_COLORS.choice }, value: '#a63603' },
      },
    };
  });
}

/** Regions annotated with whether their label fits inside them. */
export function annotateRegions(regions: readonly Region[], domain: readonly [number, number], width: number) {
  return regions.map((r) => ({
    ...r,
    wide: pixelOf(r.to, domain, width) - pixelOf(r.from, domain, width) > r.label.length * 5.6 + 8,
  }));
}

/** Shaded skipped / stopped regions, with their labels at the bottom when they fit. */
export function regionLayers(x: ReturnType<typeof axisX>, height: number, withLabels = true): object[] {
  const fill = { condition: { test: "datum.kind === 'stopped'", value: PLOT_COLORS.stopped }, value: PLOT_COLORS.skipped };
  const layers: object[] = [
    {
      data: { name: 'regions' },
      mark: { type: 'rect', fillOpacity: 0.12 },
      encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, color: fill },
    },
  ];
  if (withLabels) {
    layers.push({
      data: { name: 'regions' },
      transform: [{ filter: 'datum.wide' }],
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -3, fontSize: 9, fontStyle: 'italic' },
      encoding: { x: { ...x, field: 'from' }, y: { value: height }, text: { field: 'label' }, color: fill },
    });
  }
  return layers;
}

/** The label of the range band in label row `row` (0 = lowest), centred on the band above the region labels. */
export function bandLabelLayer(x: ReturnType<typeof axisX>, height: number, row: number): object {
  return {
    data: { name: 'bands' },
    transform: [{ filter: `datum.row === ${row}` }],
    mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -16 - 13 * row, fontSize: 10 },
    encoding: {
      x: { ...x, field: 'mid' },
      y: { value: height },
      text: { field: 'label' },
      color: { condition: { test: 'datum.choice', value: PLOT_COLORS.choice }, value: '#a63603' },
    },
  };
}

/**
 * The hover layer: a vertical rule at the nearest point under the pointer, carrying the tooltip (lr, raw and
 * smoothed loss, gradient; the run in overlays). Browser-only; static renders leave it out.
 */
export function hoverLayer(
  x: ReturnType<typeof axisX>,
  data: string,
  panel: 'loss' | 'gradient',
  overlay?: { readonly y: object },
): object {
  const name = panel === 'loss' ? 'hoverLoss' : 'hoverGradient';
  const tooltip = [
    ...(overlay ? [{ field: 'run', type: 'nominal', title: 'run' }] : []),
    { field: 'i', type: 'quantitative', title: 'step' },
    { field: 'lr', type: 'quantitative', title: 'lr', format: '.3~e' },
    { field: 'loss', type: 'quantitative', title: 'raw loss', format: '.4~g' },
    { field: 'smoothed', type: 'quantitative', title: 'smoothed loss', format: '.4~g' },
    { field: 'gradient', type: 'quantitative', title: 'd loss / d log10 lr', format: '.3~g' },
  ];
  return {
    data: { name: data },
    params: [
      {
        name,
        select: { type: 'point', fields: overlay ? ['run', 'i'] : ['i'], nearest: true, on: 'pointerover', clear: 'pointerout' },
      },
    ],
    // one run: a vertical rule at the hovered step; several runs: a dot on the hovered run's curve
    mark: overlay ? { type: 'point', filled: true, size: 70, color: '#252525' } : { type: 'rule', color: '#525252', strokeWidth: 1 },
    encoding: {
      x,
      ...(overlay ? { y: overlay.y } : {}),
      opacity: { condition: { param: name, empty: false, value: overlay ? 0.9 : 0.6 }, value: 0 },
      tooltip,
    },
  };
}

/**
 * A layer transform that copies `field` into `<field>Drawn`, clamped to 1000 spans beyond `domain`: lines are
 * clipped to the plot anyway, but a diverged run's 1e35 losses would otherwise become path coordinates that
 * renderers (resvg, browsers) drop the whole path for. The visible part of every segment moves by at most 0.1%
 * of a step. Tooltips keep reading the exact `field`.
 */
export function drawnField(field: string, domain: readonly number[]): { transform: object[]; field: string } {
  const span = Math.max(domain[1] - domain[0], Number.MIN_VALUE);
  const lo = domain[0] - 1000 * span;
  const hi = domain[1] + 1000 * span;
  return {
    transform: [{ calculate: `datum.${field} == null ? null : clamp(datum.${field}, ${lo}, ${hi})`, as: `${field}Drawn` }],
    field: `${field}Drawn`,
  };
}
