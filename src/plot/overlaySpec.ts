import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis/analyze.js';
import type { PresetName } from '../analysis/presets/types.js';
import type { LrSuggestion } from '../analysis/types.js';
import { curveRows, descentDomain, gradientDomain, smoothedGradient, type CurveRow, type PlotRun } from './curve.js';
import { shortName } from '../recorder/names.js';
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
  stripPanel,
  type Layer,
  type StripLabel,
} from './parts.js';
import { lrfindTheme, RUN_COLORS } from './theme.js';
import { lrLabel } from './ticks.js';

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
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new TypeError(`overlaySpec: runs must be a non-empty array of { name, run, analysis } (got ${Array.isArray(runs) ? 'an empty array' : typeof runs})`);
  }
  runs.forEach((r, k) => {
    if (r === null || typeof r !== 'object' || typeof r.name !== 'string') {
      throw new TypeError(`overlaySpec: runs[${k}] must be { name: string, run, analysis }`);
    }
    assertPlotRun(`overlaySpec: runs[${k}].run`, r.run);
  });
  const { width, height, gradientHeight } = plotSize('overlaySpec', options);
  const layers = { raw: true, choice: true, gradient: true, tooltips: true, ...options.layers };
  const names = uniqueNames(runs.map((r) => r.name));
  const colors = names.map((_, k) => RUN_COLORS[k % RUN_COLORS.length]);

  const rows: CurveRow[] = [];
  const presets = new Set<string>();
  const choices: { run: string; name: string; lr: number; index: number; loss: number | null; color: string }[] = [];
  const labels: StripLabel[] = [];
  let xLo = Infinity;
  let xHi = -Infinity;
  let yLo = Infinity;
  let yHi = -Infinity;
  let gLo = Infinity;
  let gHi = -Infinity;
  runs.forEach((entry, k) => {
    const { run, analysis } = entry;
    const result = resultOf('overlaySpec', analysis, options.preset);
    presets.add(result.preset);
    const grad = smoothedGradient(result);
    const marked = markedLr(analysis);
    const choice = marked?.suggestion;
    const keep: number[] = [];
    if (choice) keep.push(choice.index);
    if (result.recording.stopIndex !== null) keep.push(result.recording.stopIndex);
    rows.push(...curveRows(run, result, grad, { buckets: options.buckets ?? width, keep, run: names[k] }));
    const n = run.lrs.length;
    xLo = Math.min(xLo, run.lrs[0], run.lrs[n - 1]);
    xHi = Math.max(xHi, run.lrs[0], run.lrs[n - 1]);
    const yd = descentDomain(run, result);
    if (yd) {
      yLo = Math.min(yLo, yd[0]);
      yHi = Math.max(yHi, yd[1]);
    }
    const metaNumIt = run.meta?.numIt;
    const numIt = typeof metaNumIt === 'number' && metaNumIt >= 1 ? Math.floor(metaNumIt) : n;
    const gd = gradientDomain(result, grad, numIt);
    if (gd) {
      gLo = Math.min(gLo, gd[0]);
      gHi = Math.max(gHi, gd[1]);
    }
    if (choice && marked) {
      const s = choice.index < result.recording.points ? result.recording.smoothed[choice.index] : NaN;
      choices.push({ run: names[k], name: marked.name, lr: choice.lr, index: choice.index, loss: Number.isFinite(s) ? s : null, color: colors[k] });
      labels.push(stripLabel(names[k], lrLabel(choice.lr), choice.lr, choice.lr, colors[k], false));
      xLo = Math.min(xLo, choice.lr);
      xHi = Math.max(xHi, choice.lr);
    }
  });
  const xDomain: [number, number] = [xLo, xHi];
  const yDomain = yLo <= yHi ? [yLo, yHi] : [0, 1];
  const gDomain = gLo <= gHi ? [gLo, gHi] : [-1, 1];
  const stripRows = layers.choice ? layoutStrip(labels, xDomain, width) : 0;

  const color = { field: 'run', type: 'nominal' as const, scale: { domain: names, range: colors }, legend: { title: 'run', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } };
  const x = axisX(xDomain, { title: layers.gradient ? null : 'learning rate (log scale)', labels: !layers.gradient });
  const y = (field: string) => lossAxisY(field, yDomain);
  const lossLayers: Layer[] = [];
  if (layers.raw) {
    lossLayers.push({
      data: { name: 'curve' },
      transform: drawnField('loss', yDomain).transform,
      // strokeOpacity, not opacity: resvg drops a clipped path drawn through an opacity layer
      mark: { type: 'line', clip: true, strokeWidth: 1, strokeOpacity: 0.3 },
      encoding: { x, y: y('lossDrawn'), color, detail: { field: 'run' } },
    });
  }
  lossLayers.push({
    data: { name: 'curve' },
    transform: drawnField('smoothed', yDomain).transform,
    mark: { type: 'line', clip: true, strokeWidth: 2.5 },
    encoding: { x, y: y('smoothedDrawn'), color },
  });
  if (layers.choice && choices.length) {
    lossLayers.push({ data: { name: 'choices' }, mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.2 }, encoding: { x, color } });
    lossLayers.push({
      data: { name: 'choices' },
      mark: { type: 'point', filled: true, size: 80, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: { x, y: y('loss'), color },
    });
  }
  if (layers.tooltips) lossLayers.push(hoverLayer(x, 'curve', 'loss', { y: y('smoothed') }));
  const head = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: options.title ?? 'Learning-rate range tests',
      subtitle: `${names.length} run${names.length === 1 ? '' : 's'} · smoothed loss: ${[...presets].join(', ')} · dashed: each run's answer`,
    },
    config: lrfindTheme(),
    datasets: { curve: rows, choices, labels },
  };
  const lossPanel = { width, height, layer: lossLayers };
  const strip = stripRows > 0 ? [stripPanel('labels', stripRows, width)] : [];
  if (!layers.gradient && strip.length === 0) return { ...head, ...lossPanel } as unknown as TopLevelSpec;
  const gx = axisX(xDomain, { title: 'learning rate (log scale)', labels: true });

  const gy = {
    field: 'gradient',
    type: 'quantitative' as const,
    scale: { domain: gDomain, zero: false, nice: false },
    axis: { title: ['d loss', '/ d log₁₀ lr'], tickCount: 4 },
  };
  // the same colours as the loss panel; its legend says it once
  const gcolor = { ...color, legend: null };
  const gradientLayers: Layer[] = [
    { mark: { type: 'rule', color: '#969696', strokeDash: [2, 2] }, encoding: { y: { datum: 0, type: 'quantitative', scale: { domain: gDomain, zero: false, nice: false } } } },
    {
      data: { name: 'curve' },
      transform: drawnField('gradient', gDomain).transform,
      mark: { type: 'line', clip: true, strokeWidth: 1.8 },
      encoding: { x: gx, y: { ...gy, field: 'gradientDrawn' }, color: gcolor },
    },
  ];
  if (layers.choice && choices.length) {
    gradientLayers.push({ data: { name: 'choices' }, mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.2 }, encoding: { x: gx, color: gcolor } });
  }
  if (layers.tooltips) gradientLayers.push(hoverLayer(gx, 'curve', 'gradient', { y: gy }));
  return {
    ...head,
    vconcat: [...strip, lossPanel, ...(layers.gradient ? [{ width, height: gradientHeight, layer: gradientLayers }] : [])],
    spacing: 4,
    // the strip's colours are literal (scale: null): its colour scale and legend stay apart from the runs'
    resolve: { scale: { x: 'shared', y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}
