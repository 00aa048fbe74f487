import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis/analyze.js';
import type { PresetName, PresetResult } from '../analysis/presets/types.js';
import type { Suggestion } from '../analysis/types.js';
import {
  curveRows,
  gradientDomain,
  lossDomain,
  regionsOf,
  smoothedGradient,
  type CurveRow,
  type PlotRun,
} from './curve.js';
import {
  annotateRegions,
  assertPlotRun,
  axisX,
  lossAxisY,
  bandLabelLayer,
  DEFAULT_SIZE,
  drawnField,
  hoverLayer,
  labelLayers,
  layoutLabels,
  regionLayers,
  type SuggestionMark,
} from './parts.js';
import { PLOT_COLORS, lrfindTheme } from './theme.js';
import { lrLabel } from './ticks.js';

/** The layers of the finder plot; each can be switched off. */
export interface FinderLayers {
  /** Raw per-step loss, faint. __Default value:__ `true` */
  readonly raw?: boolean;
  /** The preset's smoothed loss, bold. __Default value:__ `true` */
  readonly smoothed?: boolean;
  /** Shaded regions: the ends the method skipped and the part after the stop rule. __Default value:__ `true` */
  readonly regions?: boolean;
  /** Suggestions as labelled markers, and range suggestions as bands. __Default value:__ `true` */
  readonly suggestions?: boolean;
  /** Inflection candidates: loss minima and gradient minima. __Default value:__ `true` */
  readonly candidates?: boolean;
  /** The gradient panel below the loss panel (shared x axis). __Default value:__ `true` */
  readonly gradient?: boolean;
  /**
   * Hover tooltips (lr, raw and smoothed loss, gradient). Interactive only in a browser; static SVG/PNG output
   * should switch them off, as the hover targets add one invisible element per point. __Default value:__ `true`
   */
  readonly tooltips?: boolean;
}

/** Options of {@link finderSpec}. */
export interface FinderSpecOptions {
  /** Which preset's recording (smoothing, stop, skipped ends) and suggestions to draw. __Default value:__ the first result of the analysis (`lrfind` when all presets ran) */
  readonly preset?: PresetName;
  /**
   * Suggestions to mark, by their name in `analysis.suggestions`. __Default value:__ the drawn preset's
   * suggestions, plus the analysis' `choice`
   */
  readonly suggestions?: readonly string[];
  /** Chart title. __Default value:__ `'Learning-rate range test'` */
  readonly title?: string;
  /** Width of the plotting area in pixels. __Default value:__ `600` */
  readonly width?: number;
  /** Height of the loss panel in pixels. __Default value:__ `300` */
  readonly height?: number;
  /** Height of the gradient panel in pixels. __Default value:__ `110` */
  readonly gradientHeight?: number;
  /** Which layers appear; see {@link FinderLayers}. __Default value:__ all */
  readonly layers?: FinderLayers;
  /** Inflection candidates drawn per kind, rightmost first. __Default value:__ `5` */
  readonly maxCandidates?: number;
  /** Iterations the test asked for (fastai's `numIt // 10` skipped start). __Default value:__ `run.meta.numIt`, else the run's length */
  readonly numIt?: number;
  /** Loss-axis domain. __Default value:__ lowest raw loss … highest smoothed loss of the recorded part, padded 5% */
  readonly lossDomain?: readonly [number, number];
  /**
   * Pixel columns of the downsampling (see {@link downsampleIndices}); runs up to 4 × buckets points are drawn
   * whole. __Default value:__ `width`
   */
  readonly buckets?: number;
}

/** Check the size options shared by the spec builders. */
export function checkSize(fn: string, name: string, value: number | undefined, min = 10, max = 20_000): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(`${fn}: ${name} must be an integer in [${min}, ${max}] (got ${value})`);
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

/** The suggestion prefix of a preset's names in an analysis (`'fastai.'` when all presets ran). */
function prefixOf(analysis: Analysis, preset: PresetName): string {
  return analysis.preset === null ? `${preset}.` : '';
}

/** The result of `preset` in `analysis`, or a RangeError naming the ones present. */
export function resultOf(fn: string, analysis: Analysis, preset: PresetName | undefined): PresetResult {
  if (!analysis || !Array.isArray(analysis.results) || analysis.results.length === 0) {
    throw new TypeError(`${fn}: analysis must be the result of analyze() (got ${analysis === null ? 'null' : typeof analysis})`);
  }
  if (preset === undefined) return analysis.results[0];
  const found = analysis.results.find((r) => r.preset === preset);
  if (found === undefined) {
    throw new RangeError(
      `${fn}: preset "${preset}" is not in the analysis (it has ${analysis.results.map((r) => r.preset).join(', ')})`,
    );
  }
  return found;
}

/** The y of a mark at lr `lr`: the smoothed (else raw) loss at the step nearest `lr` on a log scale. */
function yAt(run: PlotRun, result: PresetResult, lr: number): number | null {
  let best = -1;
  let bestD = Infinity;
  const target = Math.log(lr);
  for (let i = 0; i < run.lrs.length; i++) {
    const d = Math.abs(Math.log(run.lrs[i]) - target);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  if (best < 0) return null;
  const s = best < result.recording.points ? result.recording.smoothed[best] : NaN;
  if (Number.isFinite(s)) return s;
  return Number.isFinite(run.losses[best]) ? run.losses[best] : null;
}

/** The suggestion names drawn by default: the preset's own, then the choice. */
function defaultSuggestionNames(analysis: Analysis, result: PresetResult): string[] {
  const prefix = prefixOf(analysis, result.preset);
  const names = Object.keys(result.suggestions).map((name) => prefix + name);
  if (analysis.choice && !names.includes(analysis.choice.name) && analysis.choice.name in analysis.suggestions) {
    names.push(analysis.choice.name);
  }
  return names;
}

/** A range suggestion as drawn: a band from `from` to `to`, labelled at its (log) middle. */
interface Band {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly mid: number;
  readonly label: string;
  /** True for the analysis' choice (a slice for an unfrozen model): labelled in the accent colour. */
  readonly choice: boolean;
  /** Label row from the bottom, and fill colour: one per band. */
  row: number;
  color: string;
}

/** The single-lr marks and the bands of the chosen suggestions. */
function suggestionMarks(
  run: PlotRun,
  analysis: Analysis,
  result: PresetResult,
  names: readonly string[],
): { marks: SuggestionMark[]; bands: Band[] } {
  const marks: SuggestionMark[] = [];
  const bands: Band[] = [];
  for (const name of names) {
    if (!(name in analysis.suggestions)) {
      throw new RangeError(`finderSpec: no suggestion named "${name}" (have ${Object.keys(analysis.suggestions).join(', ')})`);
    }
    const s: Suggestion = analysis.suggestions[name];
    if (s === null) continue;
    const short = name.includes('.') && prefixOf(analysis, result.preset) !== '' && name.startsWith(`${result.preset}.`)
      ? name.slice(result.preset.length + 1)
      : name;
    const choice = analysis.choice?.name === name;
    if ('range' in s) {
      bands.push({ name, from: s.range[0], to: s.range[1], mid: Math.sqrt(s.range[0] * s.range[1]), label: `${short} ${lrLabel(s.range[0])} – ${lrLabel(s.range[1])}`, choice, row: 0, color: '' });
    } else {
      marks.push({ name, lr: s.lr, index: s.index, loss: yAt(run, result, s.lr), label: `${short} ${lrLabel(s.lr)}`, choice, row: 0, align: 'left' });
    }
  }
  bands.forEach((b, k) => {
    b.row = k;
    b.color = BAND_COLORS[k % BAND_COLORS.length];
  });
  return { marks, bands };
}

/** Fills of the range bands, in order: the first (lrfind's `range`) in the band colour. */
const BAND_COLORS = [PLOT_COLORS.band, '#bcbddc', '#c7e9c0'];

/**
 * The lr-finder plot as a Vega-Lite spec: loss against learning rate on a log axis (decade ticks 1e-6 … 10),
 * raw loss faint and the preset's smoothed loss bold; the ends the method skipped and the part after its stop
 * rule shaded; every suggestion as a labelled marker (method name and lr as `1.2e-3`), range suggestions as a
 * band; inflection candidates (loss minima, gradient minima; the fastai-forum method) as their own marks; and,
 * below, d loss / d log10(lr) on the same x axis. Long runs are downsampled per pixel column (M4, see
 * {@link downsampleIndices}) with every marked point kept exactly. Pure: the data is inlined in the spec.
 *
 * @param run - the raw run (a `Run`, or any `{ lrs, losses, meta? }`).
 * @param analysis - `analyze(run)`'s result.
 * @param options - see {@link FinderSpecOptions}.
 * @returns a Vega-Lite spec (validates against the Vega-Lite schema; render it with `renderSvg` or embed it).
 * @throws {TypeError} for a run or analysis of the wrong shape; {RangeError} for a preset or suggestion name not
 *   in the analysis, or a bad size.
 * @example
 * const analysis = analyze(run);
 * const spec = finderSpec(run, analysis, { title: 'ResNet-18, frozen' });
 * spec.datasets.suggestions.map((s) => s.label); // => ['recommended 9.1e-4', 'steepest 9.1e-4', 'minimumDiv10 2.0e-2']
 */
export function finderSpec(run: PlotRun, analysis: Analysis, options: FinderSpecOptions = {}): TopLevelSpec {
  assertPlotRun('finderSpec', run);
  const result = resultOf('finderSpec', analysis, options.preset);
  const { width, height, gradientHeight } = plotSize('finderSpec', options);
  const layers = { raw: true, smoothed: true, regions: true, suggestions: true, candidates: true, gradient: true, tooltips: true, ...options.layers };
  const maxCandidates = options.maxCandidates ?? 5;
  const metaNumIt = run.meta?.numIt;
  const numIt = options.numIt ?? (typeof metaNumIt === 'number' && metaNumIt >= 1 ? Math.floor(metaNumIt) : run.lrs.length);

  const grad = smoothedGradient(result);
  const names = options.suggestions ?? defaultSuggestionNames(analysis, result);
  const { marks, bands } = suggestionMarks(run, analysis, result, names);
  // the drawn preset's own candidates sit on the drawn curve; else the analysis's, on their own recording
  const candResult = result.candidates !== undefined ? result : (analysis.results.find((r) => r.preset === analysis.candidatesFrom) ?? result);
  const candidates = candResult.candidates ?? analysis.candidates;
  const candGrad = candResult === result ? grad : smoothedGradient(candResult);
  const lossMinima = candidates.loss.slice(0, maxCandidates).map((c, rank) => ({
    lr: c.lr,
    index: c.index,
    rank: rank + 1,
    loss: candResult.recording.smoothed[c.index] ?? null,
    kind: 'loss minimum',
  }));
  const gradientMinima = candidates.gradient.slice(0, maxCandidates).map((c, rank) => ({
    lr: c.lr,
    index: c.index,
    rank: rank + 1,
    loss: candResult.recording.smoothed[c.index] ?? null,
    gradient: Number.isFinite(candGrad[c.index]) ? candGrad[c.index] : null,
    kind: 'gradient minimum',
  }));
  const stopIndex = result.recording.stopIndex;

  const keep = [
    ...marks.map((m) => m.index),
    ...lossMinima.map((c) => c.index),
    ...gradientMinima.map((c) => c.index),
    ...(stopIndex === null ? [] : [stopIndex]),
  ];
  const rows: CurveRow[] = curveRows(run, result, grad, { buckets: options.buckets ?? width, keep });
  const n = run.lrs.length;
  const xDomain: [number, number] = [Math.min(run.lrs[0], run.lrs[n - 1]), Math.max(run.lrs[0], run.lrs[n - 1])];
  for (const m of marks) {
    xDomain[0] = Math.min(xDomain[0], m.lr);
    xDomain[1] = Math.max(xDomain[1], m.lr);
  }
  const yDomain = options.lossDomain ? [...options.lossDomain] : (lossDomain(run, result) ?? [0, 1]);
  const gDomain = gradientDomain(result, grad, numIt) ?? [-1, 1];
  const regions = annotateRegions(layers.regions ? regionsOf(run, result, numIt) : [], xDomain, width);
  layoutLabels(marks, xDomain, width);
  const stops = stopIndex === null
    ? []
    : [{ lr: run.lrs[stopIndex], loss: Number.isFinite(result.recording.smoothed[stopIndex]) ? result.recording.smoothed[stopIndex] : null, label: `stop: ${result.recording.stopReason}` }];

  const x = axisX(xDomain, { title: layers.gradient ? null : 'learning rate (log scale)', labels: !layers.gradient });
  const y = (field: string) => lossAxisY(field, yDomain);
  // one legend for the lines and marks present, in a fixed order
  const allSeries: [string, string, boolean][] = [
    ['raw loss', PLOT_COLORS.raw, layers.raw],
    [`smoothed loss (${result.preset})`, PLOT_COLORS.smoothed, layers.smoothed],
    ['loss minimum', PLOT_COLORS.lossMinimum, layers.candidates && lossMinima.length > 0],
    ['gradient minimum', PLOT_COLORS.gradientMinimum, layers.candidates && gradientMinima.length > 0],
    ['stop', PLOT_COLORS.stopped, layers.regions && stops.length > 0],
  ];
  const series = allSeries.filter(([, , on]) => on);
  // a constant `series` field per layer (the schema allows a legend on field definitions only)
  const colorDef = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: series.map(([label]) => label), range: series.map(([, c]) => c) },
    legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 3 },
  };
  const seriesOf = (name: string) => [{ calculate: JSON.stringify(name), as: 'series' }];

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Vega-Lite's layer unions are too deep to spell out here
  const lossLayers: any[] = [];
  if (regions.length) lossLayers.push(...regionLayers(x, height));
  if (layers.suggestions && bands.length) {
    lossLayers.push({
      data: { name: 'bands' },
      mark: { type: 'rect', fillOpacity: 0.4 },
      encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, fill: { field: 'color', type: 'nominal', scale: null, legend: null } },
    });
    for (const band of bands) lossLayers.push(bandLabelLayer(x, height, band.row));
  }
  if (layers.raw) {
    lossLayers.push({
      data: { name: 'curve' },
      transform: [...seriesOf('raw loss'), ...drawnField('loss', yDomain).transform],
      // strokeOpacity, not opacity: resvg drops a clipped path drawn through an opacity layer
      mark: { type: 'line', clip: true, strokeWidth: 1, strokeOpacity: 0.9 },
      encoding: { x, y: y('lossDrawn'), color: colorDef },
    });
  }
  if (layers.smoothed) {
    lossLayers.push({
      data: { name: 'curve' },
      transform: [...seriesOf(`smoothed loss (${result.preset})`), ...drawnField('smoothed', yDomain).transform],
      mark: { type: 'line', clip: true, strokeWidth: 2.5 },
      encoding: { x, y: y('smoothedDrawn'), color: colorDef },
    });
  }
  if (layers.candidates) {
    if (lossMinima.length) {
      lossLayers.push({
        data: { name: 'lossMinima' },
        transform: seriesOf('loss minimum'),
        mark: { type: 'point', shape: 'triangle-down', filled: true, size: 70, clip: true },
        encoding: { x, y: y('loss'), color: colorDef },
      });
    }
    if (gradientMinima.length) {
      lossLayers.push({
        data: { name: 'gradientMinima' },
        transform: seriesOf('gradient minimum'),
        mark: { type: 'point', shape: 'diamond', filled: true, size: 60, clip: true },
        encoding: { x, y: y('loss'), color: colorDef },
      });
    }
  }
  if (stops.length && layers.regions) {
    lossLayers.push({
      data: { name: 'stops' },
      transform: seriesOf('stop'),
      mark: { type: 'point', shape: 'cross', filled: true, size: 90, clip: true, angle: 45 },
      encoding: { x, y: y('loss'), color: colorDef },
    });
  }
  if (layers.suggestions && marks.length) {
    lossLayers.push({
      data: { name: 'suggestions' },
      mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.2 },
      encoding: {
        x,
        color: { condition: { test: 'datum.choice', value: PLOT_COLORS.choice }, value: PLOT_COLORS.suggestion },
      },
    });
    lossLayers.push({
      data: { name: 'suggestions' },
      mark: { type: 'point', filled: true, size: 80, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: {
        x,
        y: y('loss'),
        color: { condition: { test: 'datum.choice', value: PLOT_COLORS.choice }, value: PLOT_COLORS.suggestion },
      },
    });
    lossLayers.push(...labelLayers(x, marks));
  }
  if (layers.tooltips) lossLayers.push(hoverLayer(x, 'curve', 'loss'));

  const datasets: Record<string, unknown[]> = {
    curve: rows,
    suggestions: marks,
    bands,
    regions,
    lossMinima,
    gradientMinima,
    stops,
  };
  const choice = analysis.choice?.suggestion;
  const choiceText = choice == null
    ? 'no recommendation'
    : 'range' in choice
      ? `${analysis.choice.name}: ${lrLabel(choice.range[0])} – ${lrLabel(choice.range[1])}`
      : `${analysis.choice.name}: ${lrLabel(choice.lr)}`;
  const subtitle = `${n} steps, ${result.recording.points} recorded` +
    (stopIndex === null ? '' : ` (stopped at step ${stopIndex}: ${result.recording.stopReason})`) +
    ` · ${choiceText}`;
  const head = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Learning-rate range test', subtitle },
    config: lrfindTheme(),
    datasets,
  };
  const lossPanel = { width, height, layer: lossLayers };
  if (!layers.gradient) return { ...head, ...lossPanel } as TopLevelSpec;

  const gx = axisX(xDomain, { title: 'learning rate (log scale)', labels: true });
  const gy = (field: string) => ({
    field,
    type: 'quantitative' as const,
    scale: { domain: gDomain, zero: false, nice: false },
    axis: { title: ['d loss', '/ d log₁₀ lr'], tickCount: 4 },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const gradientLayers: any[] = [];
  if (regions.length) gradientLayers.push(...regionLayers(gx, gradientHeight, false));
  gradientLayers.push({ mark: { type: 'rule', color: '#969696', strokeDash: [2, 2] }, encoding: { y: { datum: 0, type: 'quantitative', scale: { domain: gDomain, zero: false, nice: false } } } });
  if (layers.suggestions && marks.length) {
    gradientLayers.push({
      data: { name: 'suggestions' },
      mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.2 },
      encoding: { x: gx, color: { condition: { test: 'datum.choice', value: PLOT_COLORS.choice }, value: PLOT_COLORS.suggestion } },
    });
  }
  gradientLayers.push({
    data: { name: 'curve' },
    transform: drawnField('gradient', gDomain).transform,
    mark: { type: 'line', clip: true, strokeWidth: 1.8, color: PLOT_COLORS.gradient },
    encoding: { x: gx, y: gy('gradientDrawn') },
  });
  if (layers.candidates && gradientMinima.length) {
    gradientLayers.push({
      data: { name: 'gradientMinima' },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 60, clip: true, color: PLOT_COLORS.gradientMinimum },
      encoding: { x: gx, y: gy('gradient') },
    });
  }
  if (layers.tooltips) gradientLayers.push(hoverLayer(gx, 'curve', 'gradient'));
  return {
    ...head,
    vconcat: [lossPanel, { width, height: gradientHeight, layer: gradientLayers }],
    spacing: 6,
    resolve: { scale: { x: 'shared', y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
