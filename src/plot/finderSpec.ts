/**
 * The lr-finder plot as a Vega-Lite spec: the model (finderModel.ts), its layer groups (finderPanels.ts), stacked into
 * panels with the title, the label strip and the legend. Pure.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis/analyze.js';
import { describeRecording } from '../analysis/answer.js';
import type { PlotRun } from './curve.js';
import { legendPanel, chartPanels } from './parts.js';
import { lrfindTheme } from './theme.js';
import { lrLabel } from './ticks.js';
import { type FinderSpecOptions, type FinderModel, finderModel } from './finderModel.js';
import { FINDER_LAYER_GROUPS } from './finderPanels.js';

/** The subtitle: the run in the one vocabulary of steps and stop, and the answer. */
function subtitle(m: FinderModel): string {
  const a = m.answer;
  const s = a.suggestion;
  const value = s === null ? 'no answer' : 'range' in s ? `${lrLabel(s.range[0])} – ${lrLabel(s.range[1])}` : lrLabel(s.lr);
  const measured = m.answer.name === 'lrfind.measured' ? 'measured, ' : '';
  const conf2 = a.confidence ? ` (${measured}${a.confidence} confidence)` : '';
  return `${describeRecording(m.run.lrs.length, m.result.recording, { planned: m.run.meta?.numIt, stopReason: m.run.stopReason })} · answer: ${value}${s === null ? '' : conf2}`;
}

/**
 * The lr-finder plot as a Vega-Lite spec: loss against learning rate on a log axis (decade ticks), raw loss faint
 * and the preset's smoothed loss bold; the answer as a solid rule (a slice as a band) with its range as a band; the
 * stop, and the ends the method skipped, shaded; and, below, d loss / d log10(lr) on the same x axis. Other
 * suggestions (`suggestions`) and the inflection candidates (`layers.candidates`) on request. Labels live in a strip
 * above the loss panel, laid out so that none overlaps another or leaves the chart, and no curve or rule crosses
 * them; what the marks mean is in the legend. Long runs are downsampled per pixel column (M4, see
 * {@link downsampleIndices}) with every marked point kept exactly. Pure: the data is inlined in the spec.
 *
 * @param run - the raw run (a `Run`, or any `{ lrs, losses, meta? }`).
 * @param analysis - `analyze(run)`'s result.
 * @param options - see {@link FinderSpecOptions}.
 * @returns a Vega-Lite spec (validates against the Vega-Lite schema; render it with `renderSvg` or embed it).
 * @throws {TypeError} for a run or analysis of the wrong shape; {RangeError} for a preset or suggestion name not
 *   in the analysis, or a bad size.
 * @example
 * const spec = finderSpec(run, analyze(run), { suggestions: ['fastai.valley'] });
 * spec.datasets.labels.map((l) => l.text); // => ['answer (recommended) 9.1e-4', 'range 5.2e-4 – 1.6e-3', 'fastai.valley 1.6e-3']
 */
export function finderSpec(run: PlotRun, analysis: Analysis, options: FinderSpecOptions = {}): TopLevelSpec {
  const m = finderModel(run, analysis, options);
  const groups = FINDER_LAYER_GROUPS.map((g) => g(m));
  const { datasets, loss: lossPanel, panels } = chartPanels(m, groups);
  const head = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Learning-rate range test', subtitle: subtitle(m) },
    config: lrfindTheme(),
    datasets,
  };
  const legend = legendPanel(m.legend, m.width);
  if (legend) {
    panels.push(legend.panel);
    datasets.legend = legend.rows;
  }
  if (panels.length === 1) return { ...head, ...lossPanel } as unknown as TopLevelSpec;
  return {
    ...head,
    vconcat: panels,
    spacing: 6,
    resolve: { scale: { x: 'shared', y: 'independent' } },
  } as unknown as TopLevelSpec;
}

export { checkSize, plotSize, resultOf, type LayerGroup } from './parts.js';
export * from './finderModel.js';
export { FINDER_LAYER_GROUPS } from './finderPanels.js';
