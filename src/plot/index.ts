/**
 * `lrfind/plot`: the lr-finder plot as Vega-Lite (pure spec builders) and SVG rendering through vega. Runs in
 * browsers and in Node; PNG, the HTML report writer and report files are in `lrfind/node`.
 *
 * @module
 */
export * from './specs.js';
export { renderSvg, type RenderSvgOptions } from './render.js';
