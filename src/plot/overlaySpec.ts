import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis/analyze.js';
import type { PresetName } from '../analysis/presets/types.js';
import type { LrSuggestion } from '../analysis/types.js';
import { curveRows, descentDomain, gradientDomain, smoothedGradient, type CurveRow, type PlotRun } from './curve.js';
import { shortName } from '../runs/names.js';
import {
  assertPlotRun,
  axisX,
  drawnField,
  hoverLayer,
  layoutStrip,
  lossAxisY,
  plotSize,
  resultOf,
  stripLabel,
  chartPanels,
  type Layer,
  type LayerGroup,
  type StripLabel,
  type ChartModel,
} from './parts.js';
import { lrfindTheme, RUN_COLORS } from './theme.js';
import { lrLabel } from './ticks.js';
import * as msg from './messages.js';

/** One curve of an overlay: its legend name, the raw run and its analysis. */
export interface OverlayRun {
  readonly name: string;
  readonly run: PlotRun;
  readonly analysis: Analysis;
}

/** The layers of the overlay plot; each can be switched off. */
export interface OverlayLayers {
  /** Raw per-step losses, faint, in each run's colour. __Default value:__ `true` */
  readonly raw?: boolean;
  /** Each run's recommended lr (its analysis' `choice`) as a labelled marker. __Default value:__ `true` */
  readonly choice?: boolean;
  /** The gradient panel. __Default value:__ `true` */
  readonly gradient?: boolean;
  /** Hover tooltips (browser only; switch off for static output). __Default value:__ `true` */
  readonly tooltips?: boolean;
}

/** Options of {@link overlaySpec}. */
export interface OverlaySpecOptions {
  /** Which preset's smoothed curve to draw for every run. __Default value:__ each analysis' first result */
  readonly preset?: PresetName;
  /** Chart title. __Default value:__ `'Learning-rate range tests'` */
  readonly title?: string;
  /** Width of the plotting area in pixels. __Default value:__ `600` */
  readonly width?: number;
  /** Height of the loss panel in pixels. __Default value:__ `300` */
  readonly height?: number;
  /** Height of the gradient panel in pixels. __Default value:__ `110` */
  readonly gradientHeight?: number;
  /** Which layers appear; see {@link OverlayLayers}. __Default value:__ all */
  readonly layers?: OverlayLayers;
  /** Pixel columns per run for downsampling. __Default value:__ `width` */
  readonly buckets?: number;
}

/**
 * The single lr marked for a run: its analysis' choice when that is one lr, else (a slice was chosen for an
 * unfrozen model) lrfind's recommended lr.
 */
function markedLr(analysis: Analysis): { name: string; suggestion: LrSuggestion } | undefined {
  const c = analysis.choice;
  if (c?.suggestion && 'lr' in c.suggestion) return { name: c.name, suggestion: c.suggestion };
  for (const name of ['lrfind.recommended', 'recommended']) {
    const s = analysis.suggestions[name];
    if (s && 'lr' in s) return { name, suggestion: s };
  }
  return undefined;
}

/** Legend names: shortened in the middle past 28 characters, then made unique (a repeat gets ` (2)`, …). */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((full) => {
    const name = shortName(full, 28);
    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    return k === 1 ? name : `${name} (${k})`;
  });
}

/**
 * Several range tests on one chart — seeds, models, frozen vs unfrozen: each run's smoothed loss bold and its
 * raw loss faint in the run's colour, with a legend (names shortened in the middle past 28 characters); the loss
 * axis clipped to the descent (one run's blow-up does not flatten the others); each run's recommended lr (its analysis' `choice`) as a
 * labelled marker (lrfind's recommended lr when the choice is a slice); and the gradients d loss / d log10(lr) in an aligned panel below. Long runs are downsampled
 * per pixel column (M4) keeping every marked point exactly. Pure.
 *
 * @param runs - the curves, in legend order (at least one).
 * @param options - see {@link OverlaySpecOptions}.
 * @returns a Vega-Lite spec.
 * @throws {TypeError} for an empty list or a malformed entry; {RangeError} for a preset missing from an analysis
 *   or a bad size.
 * @example
 * const spec = overlaySpec([
 *   { name: 'seed 1', run: a, analysis: analyze(a) },
 *   { name: 'seed 2', run: b, analysis: analyze(b) },
 * ]);
 * spec.datasets.choices.map((c) => c.label); // => ['9.1e-4', '1.1e-3'] (labels in each run's colour)
 */
export function overlaySpec(runs: readonly OverlayRun[], options: OverlaySpecOptions = {}): TopLevelSpec {
  const m = overlayModel(runs, options);
  const groups = OVERLAY_LAYER_GROUPS.map((g) => g(m));
  const { datasets, loss: lossPanel, panels } = chartPanels(m, groups);
  const head = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title ?? 'Learning-rate range tests',
      subtitle: `${m.names.length} run${m.names.length === 1 ? '' : 's'} · smoothed loss: ${m.presets.join(', ')} · dashed: each run's answer`,
    },
    config: lrfindTheme(),
    datasets,
  };
  if (panels.length === 1) return { ...head, ...lossPanel } as unknown as TopLevelSpec;
  return {
    ...head,
    vconcat: panels,
    spacing: 4,
    // the strip's colours are literal (scale: null): its colour scale and legend stay apart from the runs'
    resolve: { scale: { x: 'shared', y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** A run's marked answer as drawn: a rule through both panels and a point on its curve. */
interface ChoiceRow {
  readonly run: string;
  readonly name: string;
  readonly lr: number;
  readonly index: number;
  readonly loss: number | null;
  readonly color: string;
}

/** Everything the overlay's layer groups draw, computed once. */
export interface OverlayModel extends ChartModel {
  readonly names: string[];
  readonly colors: string[];
  readonly presets: string[];
  readonly layers: Required<OverlayLayers>;
  readonly choices: ChoiceRow[];
  readonly stripRows: number;
}

/** Check the runs of an overlay. */
function assertOverlayRuns(runs: readonly OverlayRun[]): void {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw msg.badOverlayRuns(runs);
  }
  runs.forEach((r, k) => {
    if (r === null || typeof r !== 'object' || typeof r.name !== 'string') {
      throw msg.badOverlayRun(k);
    }
    assertPlotRun(`overlaySpec: runs[${k}].run`, r.run);
  });
}

/** The union of extents, or `fallback` when there is none. */
function union(extents: readonly ([number, number] | undefined)[], fallback: [number, number]): [number, number] {
  const found = extents.filter((e): e is [number, number] => e !== undefined);
  return found.length ? [Math.min(...found.map((e) => e[0])), Math.max(...found.map((e) => e[1]))] : fallback;
}

/**
 * Compute what the overlay draws: each run's downsampled curve, its marked answer, the shared domains and the label
 * strip's layout.
 *
 * @example
 * overlayModel([{ name: 'a', run, analysis: analyze(run) }]).names; // => ['a']
 */
export function overlayModel(runs: readonly OverlayRun[], options: OverlaySpecOptions = {}): OverlayModel {
  assertOverlayRuns(runs);
  const { width, height, gradientHeight } = plotSize('overlaySpec', options);
  const layers: Required<OverlayLayers> = { raw: true, choice: true, gradient: true, tooltips: true, ...options.layers };
  const names = uniqueNames(runs.map((r) => r.name));
  const colors = names.map((_, k) => RUN_COLORS[k % RUN_COLORS.length]);
  const rows: CurveRow[] = [];
  const choices: ChoiceRow[] = [];
  const labels: StripLabel[] = [];
  const presets = new Set<string>();
  const xs: [number, number][] = [];
  const ys: ([number, number] | undefined)[] = [];
  const gs: ([number, number] | undefined)[] = [];
  runs.forEach(({ run, analysis }, k) => {
    const result = resultOf('overlaySpec', analysis, options.preset);
    presets.add(result.preset);
    const grad = smoothedGradient(result);
    const marked = markedLr(analysis);
    const keep = [marked?.suggestion.index, result.recording.stopIndex ?? undefined].filter((i): i is number => i !== undefined);
    rows.push(...curveRows(run, result, grad, { buckets: options.buckets ?? width, keep, run: names[k] }));
    const n = run.lrs.length;
    xs.push([Math.min(run.lrs[0], run.lrs[n - 1]), Math.max(run.lrs[0], run.lrs[n - 1])]);
    ys.push(descentDomain(run, result));
    const metaNumIt = run.meta?.numIt;
    gs.push(gradientDomain(result, grad, typeof metaNumIt === 'number' && metaNumIt >= 1 ? Math.floor(metaNumIt) : n));
    if (marked) {
      const { lr, index } = marked.suggestion;
      const s = index < result.recording.points ? result.recording.smoothed[index] : NaN;
      choices.push({ run: names[k], name: marked.name, lr, index, loss: Number.isFinite(s) ? s : null, color: colors[k] });
      labels.push(stripLabel(names[k], lrLabel(lr), lr, lr, colors[k], false));
      xs.push([lr, lr]);
    }
  });
  const xDomain = union(xs, [1e-7, 10]);
  return {
    names,
    colors,
    presets: [...presets],
    layers,
    width,
    height,
    gradientHeight,
    xDomain,
    yDomain: union(ys, [0, 1]),
    gDomain: union(gs, [-1, 1]),
    rows,
    choices,
    labels,
    stripRows: layers.choice ? layoutStrip(labels, xDomain, width) : 0,
  };
}

/** The run colours; the loss panel's legend names them, the gradient panel repeats no legend. */
function runColor(m: OverlayModel, legend: boolean) {
  return {
    field: 'run',
    type: 'nominal' as const,
    scale: { domain: m.names, range: m.colors },
    legend: legend ? { title: 'run', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } : null,
  };
}

/** The lr encodings of the two panels (the lower panel carries the lr labels). */
function overlayX(m: OverlayModel) {
  return {
    loss: axisX(m.xDomain, { title: m.layers.gradient ? null : 'learning rate (log scale)', labels: !m.layers.gradient }),
    gradient: axisX(m.xDomain, { title: 'learning rate (log scale)', labels: true }),
  };
}

/** The gradient encoding of the gradient panel. */
function gradientY(m: OverlayModel, field: string) {
  return { field, type: 'quantitative' as const, scale: { domain: m.gDomain, zero: false, nice: false }, axis: { title: ['d loss', '/ d log₁₀ lr'], tickCount: 4 } };
}

/** Each run's raw (faint) and smoothed (bold) loss, and its gradient. */
function overlayCurveGroup(m: OverlayModel): LayerGroup {
  const x = overlayX(m);
  const y = (field: string) => lossAxisY(field, m.yDomain);
  const loss: Layer[] = [];
  if (m.layers.raw) {
    loss.push({
      data: { name: 'curve' },
      transform: drawnField('loss', m.yDomain).transform,
      // strokeOpacity, not opacity: resvg drops a clipped path drawn through an opacity layer
      mark: { type: 'line', clip: true, strokeWidth: 1, strokeOpacity: 0.3 },
      encoding: { x: x.loss, y: y('lossDrawn'), color: runColor(m, true), detail: { field: 'run' } },
    });
  }
  loss.push({
    data: { name: 'curve' },
    transform: drawnField('smoothed', m.yDomain).transform,
    mark: { type: 'line', clip: true, strokeWidth: 2.5 },
    encoding: { x: x.loss, y: y('smoothedDrawn'), color: runColor(m, true) },
  });
  const gradient: Layer[] = [
    { mark: { type: 'rule', color: '#969696', strokeDash: [2, 2] }, encoding: { y: { datum: 0, type: 'quantitative', scale: { domain: m.gDomain, zero: false, nice: false } } } },
    {
      data: { name: 'curve' },
      transform: drawnField('gradient', m.gDomain).transform,
      mark: { type: 'line', clip: true, strokeWidth: 1.8 },
      encoding: { x: x.gradient, y: gradientY(m, 'gradientDrawn'), color: runColor(m, false) },
    },
  ];
  return { loss, gradient, datasets: { curve: m.rows } };
}

/** Each run's answer: a dashed rule through both panels and a point on its curve. */
function overlayChoiceGroup(m: OverlayModel): LayerGroup {
  if (!m.layers.choice || m.choices.length === 0) return { loss: [], gradient: [], datasets: { choices: m.choices } };
  const x = overlayX(m);
  const rule = (xx: typeof x.loss, legend: boolean): Layer => ({
    data: { name: 'choices' },
    mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.2 },
    encoding: { x: xx, color: runColor(m, legend) },
  });
  return {
    loss: [
      rule(x.loss, true),
      {
        data: { name: 'choices' },
        mark: { type: 'point', filled: true, size: 80, stroke: 'white', strokeWidth: 1, clip: true },
        encoding: { x: x.loss, y: lossAxisY('loss', m.yDomain), color: runColor(m, true) },
      },
    ],
    gradient: [rule(x.gradient, false)],
    datasets: { choices: m.choices },
  };
}

/** Hover tooltips naming the run (browser only). */
function overlayHoverGroup(m: OverlayModel): LayerGroup {
  if (!m.layers.tooltips) return { loss: [], gradient: [] };
  const x = overlayX(m);
  return {
    loss: [hoverLayer(x.loss, 'curve', 'loss', { y: lossAxisY('smoothed', m.yDomain) })],
    gradient: [hoverLayer(x.gradient, 'curve', 'gradient', { y: gradientY(m, 'gradient') })],
  };
}

/**
 * The layer groups of the overlay, bottom to top.
 *
 * @example
 * OVERLAY_LAYER_GROUPS.length; // => 3
 */
export const OVERLAY_LAYER_GROUPS: readonly ((m: OverlayModel) => LayerGroup)[] = [overlayCurveGroup, overlayChoiceGroup, overlayHoverGroup];
