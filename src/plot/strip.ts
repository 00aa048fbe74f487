/**
 * The label strip: suggestion labels laid out in rows above the plot, so no curve, rule or symbol crosses them. Pure;
 * internal to `src/plot`.
 *
 * @module
 */
import { pixelOf, labelWidth } from './axes.js';
import type { Layer } from './layers.js';

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
