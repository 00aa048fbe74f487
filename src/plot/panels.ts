/**
 * The stacked panels of a chart: the label strip, the loss panel with its layers, and the panels below it, from a
 * chart's model and its layer groups. Pure; internal to `src/plot`.
 *
 * @module
 */
import type { CurveRow } from './curve.js';
import type { Layer, LayerGroup } from './layers.js';
import type { StripLabel } from './strip.js';
import { stripPanel } from './strip.js';

/** What {@link chartPanels} reads of a chart's model. */
export interface PanelModel {
  readonly width: number;
  readonly height: number;
  readonly gradientHeight: number;
  readonly stripRows: number;
  readonly labels: readonly unknown[];
  readonly layers: { readonly gradient?: boolean };
}

/** What every chart's model holds besides its own marks: the sizes, the domains, the curve rows and the labels. */
export interface ChartModel extends PanelModel {
  readonly xDomain: [number, number];
  readonly yDomain: number[];
  readonly gDomain: number[];
  readonly rows: CurveRow[];
  readonly labels: StripLabel[];
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
