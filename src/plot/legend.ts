/**
 * The legend panel: entries laid out in rows under the chart, each with the symbol that matches its mark. Pure;
 * internal to `src/plot`.
 *
 * @module
 */
import { labelWidth } from './axes.js';
import type { Layer } from './layers.js';

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
