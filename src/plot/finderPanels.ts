/**
 * The layer groups of the finder plot, bottom to top: regions, bands, curves, marks, candidates, the stop, the
 * hover tooltips. Each reads the chart's model; a new kind of mark is a new group here. Pure.
 *
 * @module
 */
import { axisX, drawnField, hoverLayer, lossAxisY, regionLayers, type Layer, type LayerGroup } from './parts.js';
import { PLOT_COLORS } from './theme.js';
import type { FinderModel } from './finderModel.js';

/** The lr encodings of the two panels (the lower panel carries the lr labels). */
function xEncodings(m: FinderModel) {
  return {
    loss: axisX(m.xDomain, { title: m.layers.gradient ? null : 'learning rate (log scale)', labels: !m.layers.gradient }),
    gradient: axisX(m.xDomain, { title: 'learning rate (log scale)', labels: true }),
  };
}

/** Shaded skipped ends and the part after the stop. */
function regionGroup(m: FinderModel): LayerGroup {
  if (!m.regions.length) return { loss: [], gradient: [] };
  const x = xEncodings(m);
  return { loss: regionLayers(x.loss), gradient: regionLayers(x.gradient), datasets: { regions: m.regions } };
}

/** Bands: the answer's range, a slice answer, range suggestions asked for. */
function bandGroup(m: FinderModel): LayerGroup {
  if (!m.bands.length) return { loss: [], gradient: [] };
  const x = xEncodings(m);
  const band = (xx: typeof x.loss): Layer => ({
    data: { name: 'bands' },
    mark: { type: 'rect', fillOpacity: 0.35 },
    encoding: { x: { ...xx, field: 'from' }, x2: { field: 'to' }, fill: { field: 'color', type: 'nominal', scale: null, legend: null } },
  });
  const edges = (xx: typeof x.loss): Layer[] => ['from', 'to'].map((field) => ({
    data: { name: 'bands' },
    transform: [{ filter: 'datum.answer' }],
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { x: { ...xx, field }, color: { field: 'color', type: 'nominal', scale: null, legend: null } },
  }));
  return { loss: [band(x.loss), ...edges(x.loss)], gradient: [band(x.gradient), ...edges(x.gradient)], datasets: { bands: m.bands } };
}

/** The raw and the smoothed loss. */
function curveGroup(m: FinderModel): LayerGroup {
  const x = xEncodings(m);
  const loss: Layer[] = [];
  const y = (field: string) => lossAxisY(field, m.yDomain);
  if (m.layers.raw) {
    loss.push({
      data: { name: 'curve' },
      transform: drawnField('loss', m.yDomain).transform,
      // strokeOpacity, not opacity: resvg drops a clipped path drawn through an opacity layer
      mark: { type: 'line', clip: true, strokeWidth: 1, strokeOpacity: 0.9, color: PLOT_COLORS.raw },
      encoding: { x: x.loss, y: y('lossDrawn') },
    });
  }
  if (m.layers.smoothed) {
    loss.push({
      data: { name: 'curve' },
      transform: drawnField('smoothed', m.yDomain).transform,
      mark: { type: 'line', clip: true, strokeWidth: 2.5, color: PLOT_COLORS.smoothed },
      encoding: { x: x.loss, y: y('smoothedDrawn') },
    });
  }
  const gy = { field: 'gradientDrawn', type: 'quantitative' as const, scale: { domain: m.gDomain, zero: false, nice: false }, axis: { title: ['d loss', '/ d log₁₀ lr'], tickCount: 4 } };
  const gradient: Layer[] = [
    { mark: { type: 'rule', color: '#969696', strokeDash: [2, 2] }, encoding: { y: { datum: 0, type: 'quantitative', scale: { domain: m.gDomain, zero: false, nice: false } } } },
    {
      data: { name: 'curve' },
      transform: drawnField('gradient', m.gDomain).transform,
      mark: { type: 'line', clip: true, strokeWidth: 1.8, color: PLOT_COLORS.gradient },
      encoding: { x: x.gradient, y: gy },
    },
  ];
  return { loss, gradient, datasets: { curve: m.rows } };
}

/** Single-lr suggestions: a rule through both panels (solid for the answer) and a point on the curve. */
function markGroup(m: FinderModel): LayerGroup {
  if (!m.marks.length) return { loss: [], gradient: [] };
  const x = xEncodings(m);
  const color = { field: 'color', type: 'nominal' as const, scale: null, legend: null };
  const rule = (xx: typeof x.loss): Layer => ({
    data: { name: 'marks' },
    mark: { type: 'rule', strokeWidth: 1.3 },
    encoding: { x: xx, color, strokeDash: { condition: { test: 'datum.answer', value: [1, 0] }, value: [5, 3] }, strokeWidth: { condition: { test: 'datum.answer', value: 2 }, value: 1.2 } },
  });
  return {
    loss: [
      rule(x.loss),
      {
        data: { name: 'marks' },
        mark: { type: 'point', filled: true, size: 70, stroke: 'white', strokeWidth: 1, clip: true, opacity: 1 },
        encoding: { x: x.loss, y: lossAxisY('loss', m.yDomain), color },
      },
    ],
    gradient: [rule(x.gradient)],
    datasets: { marks: m.marks },
  };
}

/** Inflection candidates: loss minima on the loss curve, gradient minima on both panels. */
function candidateGroup(m: FinderModel): LayerGroup {
  const x = xEncodings(m);
  const loss: Layer[] = [];
  const gradient: Layer[] = [];
  const y = lossAxisY('loss', m.yDomain);
  if (m.lossMinima.length) {
    loss.push({ data: { name: 'lossMinima' }, mark: { type: 'point', shape: 'triangle-down', filled: true, size: 70, clip: true, opacity: 1, color: PLOT_COLORS.lossMinimum }, encoding: { x: x.loss, y } });
  }
  if (m.gradientMinima.length) {
    loss.push({ data: { name: 'gradientMinima' }, mark: { type: 'point', shape: 'diamond', filled: true, size: 60, clip: true, opacity: 1, color: PLOT_COLORS.gradientMinimum }, encoding: { x: x.loss, y } });
    gradient.push({
      data: { name: 'gradientMinima' },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 60, clip: true, color: PLOT_COLORS.gradientMinimum },
      encoding: { x: x.gradient, y: { field: 'gradient', type: 'quantitative', scale: { domain: m.gDomain, zero: false, nice: false } } },
    });
  }
  return { loss, gradient, datasets: { lossMinima: m.lossMinima, gradientMinima: m.gradientMinima } };
}

/** The stop: a cross on the curve where the method's stop rule ended the recording. */
function stopGroup(m: FinderModel): LayerGroup {
  if (!m.stops.length) return { loss: [], gradient: [] };
  return {
    loss: [{
      data: { name: 'stops' },
      mark: { type: 'point', shape: 'cross', filled: true, size: 90, clip: true, opacity: 1, color: PLOT_COLORS.stopped },
      encoding: { x: xEncodings(m).loss, y: lossAxisY('loss', m.yDomain) },
    }],
    gradient: [],
    datasets: { stops: m.stops },
  };
}

/** Hover tooltips (browser only). */
function hoverGroup(m: FinderModel): LayerGroup {
  if (!m.layers.tooltips) return { loss: [], gradient: [] };
  const x = xEncodings(m);
  return { loss: [hoverLayer(x.loss, 'curve', 'loss')], gradient: [hoverLayer(x.gradient, 'curve', 'gradient')] };
}

/**
 * The layer groups of the finder plot, bottom to top. A new kind of mark is a new group here.
 *
 * @example
 * FINDER_LAYER_GROUPS.map((g) => g(finderModel(run, analysis)).loss.length); // => [1, 1, 2, 2, 0, 1, 1]
 */
export const FINDER_LAYER_GROUPS: readonly ((m: FinderModel) => LayerGroup)[] = [
  regionGroup,
  bandGroup,
  curveGroup,
  markGroup,
  candidateGroup,
  stopGroup,
  hoverGroup,
];
