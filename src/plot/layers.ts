/**
 * Layers shared by the spec builders: the layer and layer-group types, shaded regions, the hover tooltip layer, a
 * field clipped to its drawn domain. Pure; internal to `src/plot`.
 *
 * @module
 */
import type { axisX } from './axes.js';
import { PLOT_COLORS } from './theme.js';

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
