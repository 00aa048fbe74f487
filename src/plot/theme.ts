import type { Config } from 'vega-lite';

/**
 * The font every lrfind chart uses. The PNG renderer loads the DejaVu Sans TrueType file shipped by the
 * `dejavu-fonts-ttf` package (Bitstream Vera licence), so text renders the same on a bare machine; browsers fall
 * back to the next family in {@link PLOT_FONT_STACK} when DejaVu is not installed.
 * @example
 * PLOT_FONT; // => 'DejaVu Sans'
 */
export const PLOT_FONT = 'DejaVu Sans';

/**
 * The CSS font-family list written into specs: the bundled font first, then common sans-serif fallbacks.
 * @example
 * PLOT_FONT_STACK; // => 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif'
 */
export const PLOT_FONT_STACK = `${PLOT_FONT}, Verdana, Helvetica, Arial, sans-serif`;

/**
 * Colours of the chart's elements (colour-blind safe; raw loss faint, smoothed loss bold).
 * @example
 * PLOT_COLORS.gradientMinimum; // => '#1b7837'
 */
export const PLOT_COLORS = Object.freeze({
  raw: '#9ecae1',
  smoothed: '#08519c',
  gradient: '#08519c',
  suggestion: '#d95f02',
  choice: '#b30000',
  band: '#fdae6b',
  skipped: '#969696',
  stopped: '#de2d26',
  lossMinimum: '#7b3294',
  gradientMinimum: '#1b7837',
  grid: '#e6e6e6',
});

/**
 * Colours of the runs of an overlay, in order (Tableau 10).
 * @example
 * RUN_COLORS.length; // => 10 (an overlay cycles through them)
 */
export const RUN_COLORS = Object.freeze([
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
]);

/**
 * lrfind's default Vega-Lite theme: the bundled font, quiet grid, no chart border, white background (so PNGs
 * and SVGs read the same on dark pages).
 *
 * @example
 * lrfindTheme().font; // => 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif'
 */
export function lrfindTheme(): Config {
  return {
    font: PLOT_FONT_STACK,
    background: 'white',
    padding: 8,
    view: { stroke: '#bdbdbd' },
    title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 11, subtitleColor: '#636363' },
    axis: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      gridColor: PLOT_COLORS.grid,
      domainColor: '#888888',
      tickColor: '#888888',
    },
    legend: { labelFontSize: 11, titleFontSize: 11, orient: 'right', labelLimit: 260 },
    concat: { spacing: 8 },
    text: { fontSize: 10 },
  };
}
