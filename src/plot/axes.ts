/**
 * The lr and loss axes of the charts: log-scale lr ticks with short labels, the loss axis, an lr's pixel, a label's
 * width. Pure; internal to `src/plot`.
 *
 * @module
 */
import { logTicks } from './ticks.js';

/**
 * The loss encoding of the loss panel, for the `field` a layer draws (raw or smoothed loss), over a fixed domain.
 *
 * @example
 * lossAxisY('smoothed', [0.2, 2.5]).scale; // => { domain: [0.2, 2.5], zero: false, nice: false }
 */
export function lossAxisY(field: string, domain: readonly number[]) {
  return {
    field,
    type: 'quantitative' as const,
    scale: { domain: [...domain], zero: false, nice: false },
    axis: { title: 'loss', tickCount: 6 },
  };
}

/** A tick label expression: plain numbers from 1 to 999, short scientific form (`1e-4`) elsewhere. */
const LR_LABEL_EXPR =
  "datum.value >= 1 && datum.value < 1000 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";

/**
 * The log-scale lr encoding with decade ticks over `domain`.
 *
 * @example
 * const x = axisX([1e-7, 10], { title: 'learning rate', labels: true });
 * x.scale;       // => { type: 'log', domain: [1e-7, 10], nice: false }
 * x.axis.values; // => [1e-7, 1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 1, 10]
 */
export function axisX(domain: readonly [number, number], options: { title: string | null; labels: boolean }) {
  const lo = domain[0];
  const hi = Math.max(domain[1], domain[0]);
  return {
    field: 'lr',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [lo, hi], nice: false },
    axis: {
      title: options.title,
      values: logTicks(lo, hi),
      labelExpr: LR_LABEL_EXPR,
      grid: true,
      labelFlush: true,
      // the upper panel of a stacked chart shows only the grid: its lr labels are on the panel below
      ...(options.labels ? {} : { labels: false, ticks: false, domain: false, minExtent: 0, maxExtent: 0 }),
    },
  };
}

/**
 * Horizontal pixel position of `lr` on a log axis over `domain` `width` pixels wide.
 *
 * @example
 * pixelOf(1e-3, [1e-6, 1], 600); // => 300 (half-way in decades)
 * pixelOf(1e-6, [1e-6, 1], 600); // => 0
 * pixelOf(5, [1, 1], 600);       // => 300 (an empty domain: the middle)
 */
export function pixelOf(lr: number, domain: readonly [number, number], width: number): number {
  const [lo, hi] = domain;
  if (!(hi > lo)) return width / 2;
  return ((Math.log(lr) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * width;
}

/**
 * Width of a label in pixels, from DejaVu Sans' widest common glyphs at 10px (a little generous on purpose).
 *
 * @example
 * labelWidth('valley 1.6e-3'); // => 85.2 (13 characters · 6.4 + 2)
 */
export function labelWidth(text: string, fontSize = 10): number {
  return [...text].length * 0.64 * fontSize + 2;
}
