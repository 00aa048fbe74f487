/**
 * Building blocks shared by the spec builders: the lr axis, shaded regions, the label strip (suggestion labels laid
 * out in rows above the plot, so no curve, rule or symbol crosses them), the hover tooltip layer. Pure; internal to `src/plot`.
 *
 * @module
 */
import type { Analysis } from '../analysis/analyze.js';
import type { PresetName, PresetResult } from '../analysis/presets/types.js';
import type { PlotRun } from './curve.js';
import { PLOT_COLORS } from './theme.js';
import { logTicks } from './ticks.js';
import * as msg from './messages.js';

/**
 * Default chart size in pixels.
 *
 * @example
 * DEFAULT_SIZE; // => { width: 600, height: 300, gradientHeight: 110 }
 */
export const DEFAULT_SIZE = Object.freeze({ width: 600, height: 300, gradientHeight: 110 });


/**
 * Check that `run` has `lrs` and `losses` of one length ≥ 1 with finite positive lrs.
 *
 * @example
 * assertPlotRun('finderSpec', { lrs: [1e-3, 1e-2], losses: [2.3, 2.1] }); // passes
 * assertPlotRun('finderSpec', { lrs: [1e-3, 0], losses: [2.3, 2.1] });
 * // throws LrfindError E_BAD_LR "finderSpec: lrs[1] must be a finite number > 0 (got 0)"
 * assertPlotRun('finderSpec', { lrs: [1e-3], losses: [2.3, 2.1] });
 * // throws LrfindError E_LENGTH_MISMATCH "finderSpec: lrs and losses differ in length (1 vs 2)"
 */
export function assertPlotRun(fn: string, run: unknown): asserts run is PlotRun {
  const r = run as PlotRun | null | undefined;
  if (r === null || typeof r !== 'object' || r.lrs?.length === undefined || r.losses?.length === undefined) {
    throw msg.notARun(fn, r);
  }
  if (r.lrs.length !== r.losses.length) {
    throw msg.runLengthMismatch(fn, r.lrs.length, r.losses.length);
  }
  if (r.lrs.length === 0) throw msg.runEmpty(fn);
  for (let i = 0; i < r.lrs.length; i++) {
    const lr = r.lrs[i];
    if (!(Number.isFinite(lr) && lr > 0)) {
      throw msg.runBadLr(fn, i, lr);
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

/**
 * The log-scale lr encoding with decade ticks over `domain`.
 *
 * @example
 * const x = axisX([1e-7, 10], { title: 'learning rate', labels: true });
 * x.scale;       // => { type: 'log', domain: [1e-7, 10], nice: false }
 * x.axis.values; // => [1e-7, 1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 1, 10]
 */
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

/**
 * Horizontal pixel position of `lr` on a log axis over `domain` `width` pixels wide.
 *
 * @example
 * pixelOf(1e-3, [1e-6, 1], 600); // => 300 (half-way in decades)
 * pixelOf(1e-6, [1e-6, 1], 600); // => 0
 * pixelOf(5, [1, 1], 600);       // => 300 (an empty domain: the middle)
 */
export function pixelOf(lr: number, domain: readonly [number, number], width: number): number {
  const [lo, hi] = domain;
  if (!(hi > lo)) return width / 2;
  return ((Math.log(lr) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * width;
}

/**
 * Width of a label in pixels, from DejaVu Sans' widest common glyphs at 10px (a little generous on purpose).
 *
 * @example
 * labelWidth('valley 1.6e-3'); // => 85.2 (13 characters · 6.4 + 2)
 */
export function labelWidth(text: string, fontSize = 10): number {
  return [...text].length * 0.64 * fontSize + 2;
}

/** A layer of a Vega-Lite layer spec, as the spec builders write it (plain JSON). */
export type Layer = { readonly [key: string]: unknown };

/**
 * A group of layers of a chart: the layers it adds to the loss panel and to the gradient panel, and the datasets they
 * read. The spec builders are lists of groups; a new kind of mark (confirm trials, say) is a new group.
 */
export interface LayerGroup {
  readonly loss: Layer[];
  readonly gradient: Layer[];
  readonly datasets?: Readonly<Record<string, unknown[]>>;
}

/** What {@link chartPanels} reads of a chart's model. */
export interface PanelModel {
  readonly width: number;
  readonly height: number;
  readonly gradientHeight: number;
  readonly stripRows: number;
  readonly labels: readonly unknown[];
  readonly layers: { readonly gradient?: boolean };
}

/**
 * The panels every chart stacks, from its layer groups: the label strip (when it has rows), the loss panel and the
 * gradient panel (when drawn), with the datasets they read (the strip's `labels` and each group's own).
 *
 * @example
 * const { panels, loss, datasets } = chartPanels(model, groups);
 * panels.length; // => 2 (strip and loss; 3 with the gradient panel)
 */
export function chartPanels(m: PanelModel, groups: readonly LayerGroup[]): { datasets: Record<string, unknown[]>; loss: Layer; panels: Layer[] } {
  const datasets: Record<string, unknown[]> = { labels: [...m.labels] };
  for (const g of groups) Object.assign(datasets, g.datasets);
  const loss = { width: m.width, height: m.height, layer: groups.flatMap((g) => g.loss) };
  const panels: Layer[] = [];
  if (m.stripRows > 0) panels.push(stripPanel('labels', m.stripRows, m.width));
  panels.push(loss);
  if (m.layers.gradient) panels.push({ width: m.width, height: m.gradientHeight, layer: groups.flatMap((g) => g.gradient) });
  return { datasets, loss, panels };
}

/**
 * Height of one row of the label strip, in pixels: the text on top, its marker under it.
 *
 * @example
 * STRIP_ROW; // => 21
 */
export const STRIP_ROW = 21;

/**
 * A label of the strip above the loss panel: the name and lr of a marked suggestion, with a marker under the text
 * at the suggestion (a small triangle at a single lr; a bar from one end of a range to the other), laid out so that
 * no two overlap and none leaves the chart.
 */
export interface StripLabel {
  /** Its name in `analysis.suggestions`, or a run's name in overlays. */
  readonly name: string;
  readonly text: string;
  /** The lr (a single suggestion) or the range's ends. */
  readonly from: number;
  readonly to: number;
  /** Colour of the marker; the text's is `textColor`. */
  readonly color: string;
  readonly textColor: string;
  /** True for the answer (bold). */
  readonly answer: boolean;
  /** Set by {@link layoutStrip}: pixel x of the text's left edge and of the marker's ends; y of the text and the marker. */
  tx: number;
  m0: number;
  m1: number;
  ty: number;
  my: number;
  row: number;
}

/**
 * Place strip labels in rows (row 0 next to the plot). A label's marker sits under its text at the suggestion's lr;
 * the text starts at the marker, or ends at it, shifted as far as needed to stay inside the chart. Each label takes
 * the first row where its text and marker overlap no other; the answer is placed first. Mutates the labels; returns
 * the number of rows.
 *
 * @example
 * const labels = [stripLabel('a', 'a 1e-3', 1e-3, 1e-3, '#000', true)];
 * layoutStrip(labels, [1e-6, 1], 600); // => 1
 */
export function layoutStrip(labels: StripLabel[], domain: readonly [number, number], width: number): number {
  const rows: [number, number][][] = [];
  const order = [...labels].sort((a, b) => Number(b.answer) - Number(a.answer) || a.from - b.from || a.name.localeCompare(b.name));
  const clamp = (v: number) => Math.min(width, Math.max(0, v));
  // by lr rank: the lower half reads leftwards from its marker, the upper half rightwards, so that two close
  // markers can share a row back to back
  const rank = new Map([...labels].sort((a, b) => a.from - b.from).map((l, k) => [l, k]));
  for (const l of order) {
    const w = labelWidth(l.text, l.answer ? 11 : 10);
    l.m0 = clamp(pixelOf(l.from, domain, width));
    l.m1 = Math.max(l.m0, clamp(pixelOf(l.to, domain, width)));
    // the text starting at the marker (reading on to the right), else ending at it; kept inside the chart
    const rightwards = l.m0 - 5;
    const leftwards = l.m1 + 5 - w;
    const lower = (rank.get(l) ?? 0) < labels.length / 2 && !l.answer;
    const starts = (lower ? [leftwards, rightwards] : [rightwards, leftwards]).map((x) => Math.max(0, Math.min(x, width - w)));
    const spanOf = (tx: number): [number, number] => [Math.min(l.m0 - 5, tx), Math.max(l.m1 + 5, tx + w)];
    const fits = (r: [number, number][], span: [number, number]) => r.every(([a, b]) => span[1] + 6 < a || span[0] - 6 > b);
    let row = -1;
    for (let k = 0; k < rows.length && row < 0; k++) {
      const tx = starts.find((x) => fits(rows[k], spanOf(x)));
      if (tx !== undefined) {
        row = k;
        l.tx = tx;
      }
    }
    if (row < 0) {
      row = rows.length;
      rows.push([]);
      l.tx = starts[0];
    }
    rows[row].push(spanOf(l.tx));
    l.row = row;
  }
  const n = rows.length;
  for (const l of labels) {
    const top = (n - 1 - l.row) * STRIP_ROW;
    l.ty = top + 7;
    l.my = top + 17;
  }
  return n;
}

/**
 * A strip label before layout.
 *
 * @example
 * stripLabel('fastai.valley', 'valley 1.6e-3', 1.6e-3, 1.6e-3, '#d95f02', false).text; // => 'valley 1.6e-3'
 */
export function stripLabel(name: string, text: string, from: number, to: number, color: string, answer: boolean, textColor = color): StripLabel {
  return { name, text, from, to, color, textColor, answer, tx: 0, m0: 0, m1: 0, ty: 0, my: 0, row: 0 };
}

/**
 * The label strip above the loss panel: texts, and under each its marker (a triangle at a single lr, a bar along a
 * range), placed in pixels by {@link layoutStrip}. `data` names the dataset of laid-out labels.
 *
 * @example
 * stripPanel('labels', 2, 600).height; // => 42
 */
export function stripPanel(data: string, rows: number, width: number): Layer {
  const px = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null });
  const color = { field: 'color', type: 'nominal', scale: null, legend: null };
  return {
    width,
    height: rows * STRIP_ROW,
    view: { stroke: null },
    layer: [
      {
        data: { name: data },
        transform: [{ filter: 'datum.m1 - datum.m0 >= 1' }],
        mark: { type: 'rect', height: 4, opacity: 0.8 },
        encoding: { x: px('m0'), x2: { field: 'm1' }, y: px('my'), color },
      },
      {
        data: { name: data },
        transform: [{ filter: 'datum.m1 - datum.m0 < 1' }],
        mark: { type: 'point', shape: 'triangle-down', filled: true, size: 30, opacity: 1 },
        encoding: { x: px('m0'), y: px('my'), color },
      },
      ...[true, false].map((answer) => ({
        data: { name: data },
        transform: [{ filter: answer ? 'datum.answer' : '!datum.answer' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: answer ? 11 : 10, fontWeight: answer ? 'bold' : 'normal' },
        encoding: { x: px('tx'), y: px('ty'), text: { field: 'text' }, color: { ...color, field: 'textColor' } },
      })),
    ],
  };
}

/** A legend entry: the label, its colour and the symbol that matches its mark. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  /** `stroke` for a line, `dash` for a dashed rule, `band` for a shaded area, else a point shape (`triangle-down`, …). */
  readonly symbol: 'stroke' | 'dash' | 'band' | 'circle' | 'triangle-down' | 'diamond' | 'cross' | 'square';
  /** Line width of a `stroke` / `dash` symbol, opacity of a `band`. */
  readonly weight?: number;
}

/** A legend entry placed by {@link legendPanel}, in pixels. */
interface PlacedEntry extends LegendEntry {
  readonly x0: number;
  readonly x1: number;
  readonly tx: number;
  readonly ty: number;
}

/**
 * The legend as a strip under the chart, left to right, wrapping at `width`: each entry's symbol drawn with the mark
 * it stands for (a line for a line, the point's shape for a point, a shaded square for a region).
 *
 * @example
 * legendPanel([{ label: 'raw loss', color: '#9ecae1', symbol: 'stroke' }], 600)?.panel.height; // => 16
 */
export function legendPanel(entries: readonly LegendEntry[], width: number): { panel: Layer; rows: object[] } | undefined {
  if (entries.length === 0) return undefined;
  const ROW = 16;
  const placed: PlacedEntry[] = [];
  let x = 0;
  let row = 0;
  for (const e of entries) {
    const w = 22 + labelWidth(e.label, 11);
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ ...e, x0: x, x1: x + 16, tx: x + 21, ty: row * ROW + ROW / 2 });
    x += w + 14;
  }
  const px = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null });
  const color = { field: 'color', type: 'nominal', scale: null, legend: null };
  const of = (filter: string) => ({ data: { name: 'legend' }, transform: [{ filter }] });
  const panel = {
    width,
    height: (row + 1) * ROW,
    view: { stroke: null },
    layer: [
      {
        ...of("datum.symbol === 'band'"),
        mark: { type: 'rect', height: 10, fillOpacity: 0.35 },
        encoding: { x: px('x0'), x2: { field: 'x1' }, y: px('ty'), color },
      },
      {
        ...of("datum.symbol === 'stroke' || datum.symbol === 'dash'"),
        mark: { type: 'rule' },
        encoding: {
          x: px('x0'),
          x2: { field: 'x1' },
          y: px('ty'),
          color,
          strokeWidth: { field: 'weight', type: 'quantitative', scale: null },
          strokeDash: { condition: { test: "datum.symbol === 'dash'", value: [4, 2] }, value: [1, 0] },
        },
      },
      {
        data: { name: 'legend' },
        transform: [{ filter: "indexof(['stroke', 'dash', 'band'], datum.symbol) < 0" }, { calculate: '(datum.x0 + datum.x1) / 2', as: 'xm' }],
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: { x: px('xm'), y: px('ty'), color, shape: { field: 'symbol', type: 'nominal', scale: null, legend: null } },
      },
      {
        data: { name: 'legend' },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11 },
        encoding: { x: px('tx'), y: px('ty'), text: { field: 'label' }, color: { value: '#252525' } },
      },
    ],
  };
  return { panel, rows: placed.map((p) => ({ ...p, weight: p.weight ?? 2 })) };
}

/**
 * Shaded skipped / stopped regions (named in the legend, not inside the plot).
 *
 * @example
 * const layers = regionLayers(axisX([1e-7, 10], { title: 'learning rate', labels: true }));
 * layers[0].data; // => { name: 'regions' }
 * layers[0].mark; // => { type: 'rect', fillOpacity: 0.12 }
 */
export function regionLayers(x: ReturnType<typeof axisX>, color?: Layer): Layer[] {
  const fill = color ?? { condition: { test: "datum.kind === 'stopped'", value: PLOT_COLORS.stopped }, value: PLOT_COLORS.skipped };
  return [
    {
      data: { name: 'regions' },
      mark: { type: 'rect', fillOpacity: 0.12 },
      encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, color: fill },
    },
  ];
}

/**
 * The hover layer: a vertical rule at the nearest point under the pointer, carrying the tooltip (lr, raw and
 * smoothed loss, gradient; the run in overlays). Browser-only; static renders leave it out.
 *
 * @example
 * const x = axisX([1e-7, 10], { title: 'learning rate', labels: true });
 * hoverLayer(x, 'curve', 'loss').mark; // => { type: 'rule', color: '#525252', strokeWidth: 1 }
 * hoverLayer(x, 'curve', 'loss').encoding.tooltip.map((t) => t.title);
 * // => ['step', 'lr', 'raw loss', 'smoothed loss', 'd loss / d log10 lr']
 */
export function hoverLayer(
  x: ReturnType<typeof axisX>,
  data: string,
  panel: 'loss' | 'gradient',
  overlay?: { readonly y: object },
): Layer {
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
 *
 * @example
 * drawnField('loss', [0, 10]);
 * // => { transform: [{ calculate: 'datum.loss == null ? null : clamp(datum.loss, -10000, 10010)', as: 'lossDrawn' }],
 * //      field: 'lossDrawn' }
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

/**
 * Check the size options shared by the spec builders.
 *
 * @example
 * checkSize('finderSpec', 'width', 800);       // passes
 * checkSize('finderSpec', 'width', undefined); // passes (the default applies)
 * checkSize('finderSpec', 'width', 5);
 * // throws RangeError "finderSpec: width must be an integer in [10, 20000] (got 5)"
 */
export function checkSize(fn: string, name: string, value: number | undefined, min = 10, max = 20_000): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw msg.sizeOutOfRange(fn, name, value, min, max);
  }
}

/**
 * Check the size options of a spec builder and fill in the defaults.
 *
 * @throws {RangeError} naming `fn`, the option and the bad value.
 * @example
 * plotSize('finderSpec', { width: 800 }); // => { width: 800, height: 300, gradientHeight: 110 }
 */
export function plotSize(
  fn: string,
  options: { width?: number; height?: number; gradientHeight?: number; buckets?: number },
): { width: number; height: number; gradientHeight: number } {
  checkSize(fn, 'width', options.width);
  checkSize(fn, 'height', options.height);
  checkSize(fn, 'gradientHeight', options.gradientHeight);
  checkSize(fn, 'buckets', options.buckets, 1, 10_000_000);
  return {
    width: options.width ?? DEFAULT_SIZE.width,
    height: options.height ?? DEFAULT_SIZE.height,
    gradientHeight: options.gradientHeight ?? DEFAULT_SIZE.gradientHeight,
  };
}

/**
 * The result of `preset` in `analysis`, or a RangeError naming the ones present.
 *
 * @example
 * resultOf('finderSpec', analyze(run), undefined).preset; // => 'lrfind' (the first)
 * resultOf('finderSpec', analyze(run), 'fastai').preset;  // => 'fastai'
 * resultOf('finderSpec', analyze(run, { preset: 'fastai' }), 'keras');
 * // throws RangeError "finderSpec: preset "keras" is not in the analysis (it has fastai)"
 */
export function resultOf(fn: string, analysis: Analysis, preset: PresetName | undefined): PresetResult {
  if (!analysis || !Array.isArray(analysis.results) || analysis.results.length === 0) {
    throw msg.notAnAnalysis(fn, analysis);
  }
  if (preset === undefined) return analysis.results[0];
  const found = analysis.results.find((r) => r.preset === preset);
  if (found === undefined) {
    throw msg.presetNotInAnalysis(fn, preset, analysis.results.map((r) => r.preset));
  }
  return found;
}

