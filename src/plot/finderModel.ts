/**
 * What the finder plot draws, computed once from a run and its analysis: the answer and its range, the extra
 * suggestions, the inflection candidates, the curves, the regions and the labels (the finder chart's model). Pure.
 *
 * @module
 */
import type { Analysis } from '../analysis/analyze.js';
import { answerOf, presetAnswerName, type Answer } from '../analysis/answer.js';
import { answerAsSuggestions, nearestLrIndex } from '../analysis/lrAnswer.js';
import type { PresetName, PresetResult } from '../analysis/presets/types.js';
import type { Suggestion } from '../analysis/types.js';
import { curveRows, gradientDomain, lossDomain, regionsOf, smoothedGradient, type PlotRun, type Region } from './curve.js';
import { assertPlotRun, layoutStrip, plotSize, resultOf, stripLabel, type ChartModel, type LegendEntry, type StripLabel } from './parts.js';
import { PLOT_COLORS } from './theme.js';
import { lrLabel } from './ticks.js';
import * as msg from './messages.js';

/** The layers of the finder plot; each can be switched on or off. */
export interface FinderLayers {
  /** Raw per-step loss, faint. __Default value:__ `true` */
  readonly raw?: boolean;
  /** The preset's smoothed loss, bold. __Default value:__ `true` */
  readonly smoothed?: boolean;
  /** Shaded regions: the ends the method skipped and the part after the stop rule, and the stop's marker. __Default value:__ `true` */
  readonly regions?: boolean;
  /** The answer (a labelled rule, or the slice as a band) and its range (a band). __Default value:__ `true` */
  readonly answer?: boolean;
  /** The suggestions named in `suggestions` (labelled rules, ranges as bands). __Default value:__ `true` */
  readonly suggestions?: boolean;
  /** Inflection candidates: loss minima and gradient minima. __Default value:__ `false` */
  readonly candidates?: boolean;
  /** The gradient panel below the loss panel (shared x axis). __Default value:__ `true` */
  readonly gradient?: boolean;
  /**
   * Hover tooltips (lr, raw and smoothed loss, gradient). Interactive only in a browser; static SVG/PNG output
   * should switch them off, as the hover targets add one invisible element per point. __Default value:__ `true`
   */
  readonly tooltips?: boolean;
}

/** Options of `finderSpec`. */
export interface FinderSpecOptions {
  /**
   * Whose recording (smoothing, stop, skipped ends) is drawn, and whose answer: a tool's own default answer
   * (fastai → `valley`, …; see `presetAnswerName`) when it is not the analysis' own preset.
   * __Default value:__ the first result of the analysis (`lrfind` when all presets ran)
   */
  readonly preset?: PresetName;
  /**
   * Suggestions to mark besides the answer, by their name in `analysis.suggestions` (`fastai.valley`; the drawn
   * preset's may be given without the prefix), or `'all'` for every suggestion of the analysis.
   * __Default value:__ none (the answer and its range only)
   */
  readonly suggestions?: readonly string[] | 'all';
  /** Chart title. __Default value:__ `'Learning-rate range test'` */
  readonly title?: string;
  /** Width of the plotting area in pixels. __Default value:__ `600` */
  readonly width?: number;
  /** Height of the loss panel in pixels. __Default value:__ `300` */
  readonly height?: number;
  /** Height of the gradient panel in pixels. __Default value:__ `110` */
  readonly gradientHeight?: number;
  /** Which layers appear; see {@link FinderLayers}. __Default value:__ all but `candidates` */
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

/** A marked single lr as drawn in the loss panel: a rule, and a point on the curve. */
interface MarkRow {
  readonly name: string;
  readonly lr: number;
  readonly index: number;
  readonly loss: number | null;
  readonly answer: boolean;
  readonly color: string;
}

/** A marked range as drawn in the loss panel: a band. */
interface BandRow {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly answer: boolean;
  readonly color: string;
}

/** A candidate point (an inflection candidate) as drawn. */
interface CandidateRow {
  readonly lr: number;
  readonly index: number;
  readonly rank: number;
  readonly loss: number | null;
  readonly gradient: number | null;
  readonly kind: string;
}

/** Everything the layer groups draw, computed once. */
export interface FinderModel extends ChartModel {
  readonly run: PlotRun;
  readonly analysis: Analysis;
  readonly result: PresetResult;
  readonly answer: Answer;
  readonly layers: Required<FinderLayers>;
  readonly marks: MarkRow[];
  readonly bands: BandRow[];
  readonly lossMinima: CandidateRow[];
  readonly gradientMinima: CandidateRow[];
  readonly stops: { lr: number; loss: number | null }[];
  readonly regions: Region[];
  readonly legend: LegendEntry[];
}

/** Fill of range suggestions other than the answer's range. */
const OTHER_BAND = '#bcbddc';
/** Text colour of range labels other than the answer's (the fills are too light for text). */
const RANGE_TEXT = '#54278f';

/** The prefix of a preset's suggestion names in an analysis (`'fastai.'` when all presets ran). */
function prefixOf(analysis: Analysis, preset: PresetName): string {
  return analysis.preset === null ? `${preset}.` : '';
}

/** The y of a mark at lr `lr`: the smoothed (else raw) loss at the step nearest `lr` on a log scale. */
function yAt(run: PlotRun, result: PresetResult, lr: number): number | null {
  const best = nearestLrIndex(run.lrs, lr);
  if (best < 0) return null;
  const s = best < result.recording.points ? result.recording.smoothed[best] : NaN;
  if (Number.isFinite(s)) return s;
  return Number.isFinite(run.losses[best]) ? run.losses[best] : null;
}

/**
 * The answer drawn: the analysis' own, or — when the drawn preset is a tool other than the one the analysis
 * answered for — that tool's default answer (`--preset fastai` draws fastai's `valley`).
 */
function drawnAnswer(analysis: Analysis, result: PresetResult, lrs: ArrayLike<number>): Answer {
  const own = answerOf(analysis);
  const answeredBy = analysis.preset ?? (own.name.includes('.') ? own.name.slice(0, own.name.indexOf('.')) : 'lrfind');
  // lrfind's one answer (measured when the run has trials) wherever lrfind's recording is drawn
  if (result.preset === 'lrfind' && (analysis.preset === null || analysis.preset === 'lrfind')) return lrfindAnswer(analysis, own, lrs);
  if (answeredBy === result.preset) return own;
  const frozen = /(?:^|\.)(slice|unfrozen)$/.test(own.name) ? false : undefined;
  const name = prefixOf(analysis, result.preset) + presetAnswerName(result.preset, frozen);
  const suggestion = analysis.suggestions[name] ?? null;
  return {
    name,
    suggestion,
    range: null,
    confidence: null,
    confidenceReason: '',
    reason: analysis.reasons[name] ?? `${result.preset}'s own answer`,
  };
}

/** lrfind's `answer` as the chart draws it: the lr as a rule (a slice as a band), its range as a band. */
function lrfindAnswer(analysis: Analysis, own: Answer, lrs: ArrayLike<number>): Answer {
  const a = analysis.answer;
  if (a === null) return { ...own, suggestion: null, range: null };
  const name = a.basis === 'measured' ? 'lrfind.measured' : own.name;
  const { suggestion, range } = answerAsSuggestions(a, lrs);
  return { name, suggestion, range, confidence: a.confidence, confidenceReason: a.confidenceReason, reason: a.reason };
}

/** The suggestion names to mark besides the answer. */
function extraNames(analysis: Analysis, result: PresetResult, wanted: FinderSpecOptions['suggestions']): string[] {
  if (wanted === undefined) return [];
  if (wanted === 'all') return Object.keys(analysis.suggestions);
  return wanted.map((name) => {
    if (name in analysis.suggestions) return name;
    const prefixed = prefixOf(analysis, result.preset) + name;
    if (prefixed in analysis.suggestions) return prefixed;
    throw msg.noSuggestionNamed(name, Object.keys(analysis.suggestions));
  });
}

/** A suggestion's name as labelled: without the drawn preset's prefix. */
function shortLabel(name: string, result: PresetResult): string {
  return name.startsWith(`${result.preset}.`) ? name.slice(result.preset.length + 1) : name;
}

/** The marks, bands and strip labels of the answer, its range and the extra suggestions. */
function suggestionParts(run: PlotRun, analysis: Analysis, result: PresetResult, answer: Answer, extra: readonly string[], layers: Required<FinderLayers>) {
  const marks: MarkRow[] = [];
  const bands: BandRow[] = [];
  const labels: StripLabel[] = [];
  const add = (name: string, s: Suggestion, isAnswer: boolean, color: string, text: string) => {
    if (s === null) return;
    if ('range' in s) {
      bands.push({ name, from: s.range[0], to: s.range[1], answer: isAnswer, color });
      labels.push(stripLabel(name, `${text} ${lrLabel(s.range[0])} – ${lrLabel(s.range[1])}`, s.range[0], s.range[1], color, isAnswer, isAnswer ? color : RANGE_TEXT));
    } else {
      marks.push({ name, lr: s.lr, index: s.index, loss: yAt(run, result, s.lr), answer: isAnswer, color });
      labels.push(stripLabel(name, `${text} ${lrLabel(s.lr)}`, s.lr, s.lr, color, isAnswer));
    }
  };
  const drawn = new Set<Suggestion>();
  if (layers.answer && answer.suggestion !== null) {
    const isRange = 'range' in answer.suggestion;
    add(answer.name, answer.suggestion, true, PLOT_COLORS.choice, isRange ? shortLabel(answer.name, result) : `answer (${shortLabel(answer.name, result)})`);
    drawn.add(answer.suggestion);
    // a slice answer is a range itself: the band of good lrs beside it would only repeat it
    if (!isRange && answer.range !== null && !drawn.has(answer.range)) {
      add(`${answer.name}:range`, answer.range, false, PLOT_COLORS.band, 'range');
      drawn.add(answer.range);
    }
  }
  if (layers.suggestions) {
    for (const name of extra) {
      const s = analysis.suggestions[name];
      if (s === null || drawn.has(s)) continue;
      add(name, s, false, 'range' in s ? OTHER_BAND : PLOT_COLORS.suggestion, shortLabel(name, result));
    }
  }
  return { marks, bands, labels };
}

/** The inflection candidates drawn: the drawn preset's own, else the analysis' (on their own recording). */
function candidateParts(analysis: Analysis, result: PresetResult, grad: Float64Array, max: number) {
  const candResult = result.candidates !== undefined ? result : (analysis.results.find((r) => r.preset === analysis.candidatesFrom) ?? result);
  const candidates = candResult.candidates ?? analysis.candidates;
  const candGrad = candResult === result ? grad : smoothedGradient(candResult);
  const row = (kind: string) => (c: { lr: number; index: number }, rank: number): CandidateRow => ({
    lr: c.lr,
    index: c.index,
    rank: rank + 1,
    loss: candResult.recording.smoothed[c.index] ?? null,
    gradient: Number.isFinite(candGrad[c.index]) ? candGrad[c.index] : null,
    kind,
  });
  return {
    lossMinima: candidates.loss.slice(0, max).map(row('loss minimum')),
    gradientMinima: candidates.gradient.slice(0, max).map(row('gradient minimum')),
  };
}

/**
 * Compute what the finder plot draws: the answer and the marked suggestions, candidates, the stop, regions, domains,
 * the downsampled curve, the label strip's layout and the legend.
 *
 * @example
 * finderModel(run, analyze(run)).answer.name; // => 'lrfind.recommended'
 */
export function finderModel(run: PlotRun, analysis: Analysis, options: FinderSpecOptions = {}): FinderModel {
  assertPlotRun('finderSpec', run);
  const ld = options.lossDomain;
  if (ld !== undefined && !(Array.isArray(ld) && ld.length === 2 && Number.isFinite(ld[0]) && Number.isFinite(ld[1]) && ld[0] < ld[1])) {
    throw msg.badLossDomain(ld);
  }
  const result = resultOf('finderSpec', analysis, options.preset);
  const { width, height, gradientHeight } = plotSize('finderSpec', options);
  const layers: Required<FinderLayers> = {
    raw: true, smoothed: true, regions: true, answer: true, suggestions: true, candidates: false, gradient: true, tooltips: true,
    ...options.layers,
  };
  const metaNumIt = run.meta?.numIt;
  const numIt = options.numIt ?? (typeof metaNumIt === 'number' && metaNumIt >= 1 ? Math.floor(metaNumIt) : run.lrs.length);
  const grad = smoothedGradient(result);
  const answer = drawnAnswer(analysis, result, run.lrs);
  const { marks, bands, labels } = suggestionParts(run, analysis, result, answer, extraNames(analysis, result, options.suggestions), layers);
  const { lossMinima, gradientMinima } = layers.candidates
    ? candidateParts(analysis, result, grad, options.maxCandidates ?? 5)
    : { lossMinima: [], gradientMinima: [] };
  const stopIndex = result.recording.stopIndex;
  const stops = stopIndex === null || !layers.regions
    ? []
    : [{ lr: run.lrs[stopIndex], loss: Number.isFinite(result.recording.smoothed[stopIndex]) ? result.recording.smoothed[stopIndex] : null }];

  const keep = [...marks.map((m) => m.index), ...lossMinima.map((c) => c.index), ...gradientMinima.map((c) => c.index), ...(stopIndex === null ? [] : [stopIndex])];
  const rows = curveRows(run, result, grad, { buckets: options.buckets ?? width, keep });
  const n = run.lrs.length;
  const xDomain: [number, number] = [Math.min(run.lrs[0], run.lrs[n - 1]), Math.max(run.lrs[0], run.lrs[n - 1])];
  for (const lr of [...marks.map((m) => m.lr), ...bands.flatMap((b) => [b.from, b.to])]) {
    xDomain[0] = Math.min(xDomain[0], lr);
    xDomain[1] = Math.max(xDomain[1], lr);
  }
  const stripRows = layoutStrip(labels, xDomain, width);
  const regions = layers.regions ? regionsOf(run, result, numIt) : [];
  const legend: LegendEntry[] = [];
  if (layers.raw) legend.push({ label: 'raw loss', color: PLOT_COLORS.raw, symbol: 'stroke', weight: 1.5 });
  if (layers.smoothed) legend.push({ label: `smoothed loss (${result.preset})`, color: PLOT_COLORS.smoothed, symbol: 'stroke', weight: 2.5 });
  if (marks.some((mk) => mk.answer) || bands.some((b) => b.answer)) legend.push({ label: 'answer', color: PLOT_COLORS.choice, symbol: bands.some((b) => b.answer) ? 'band' : 'stroke' });
  if (bands.some((b) => !b.answer && b.color === PLOT_COLORS.band)) legend.push({ label: "the answer's range", color: PLOT_COLORS.band, symbol: 'band' });
  if (marks.some((mk) => !mk.answer)) legend.push({ label: 'other suggestions', color: PLOT_COLORS.suggestion, symbol: 'dash', weight: 1.2 });
  if (bands.some((b) => !b.answer && b.color !== PLOT_COLORS.band)) legend.push({ label: 'suggested ranges', color: OTHER_BAND, symbol: 'band' });
  if (lossMinima.length) legend.push({ label: 'loss minimum', color: PLOT_COLORS.lossMinimum, symbol: 'triangle-down' });
  if (gradientMinima.length) legend.push({ label: 'gradient minimum', color: PLOT_COLORS.gradientMinimum, symbol: 'diamond' });
  if (stops.length) legend.push({ label: `stop (${result.recording.stopReason})`, color: PLOT_COLORS.stopped, symbol: 'cross' });
  if (regions.some((r) => r.kind === 'skipped')) legend.push({ label: `skipped by ${result.preset}`, color: PLOT_COLORS.skipped, symbol: 'band' });
  if (regions.some((r) => r.kind === 'stopped')) legend.push({ label: 'after the stop', color: PLOT_COLORS.stopped, symbol: 'band' });
  return {
    run,
    analysis,
    result,
    answer,
    layers,
    width,
    height,
    gradientHeight,
    xDomain,
    yDomain: options.lossDomain ? [...options.lossDomain] : (lossDomain(run, result) ?? [0, 1]),
    gDomain: gradientDomain(result, grad, numIt) ?? [-1, 1],
    rows,
    marks,
    bands,
    labels,
    stripRows,
    lossMinima,
    gradientMinima,
    stops,
    regions,
    legend,
  };
}
