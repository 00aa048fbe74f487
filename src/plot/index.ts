/**
 * `lrfind/plot`: the lr-finder plot as Vega-Lite (pure spec builders, also exported by the package root) and its
 * rendering to SVG, PNG and a self-contained HTML report (file-system side; vega and resvg load on first use).
 *
 * @module
 */
export * from './specs.js';
export { normalizeSvgIds, plotFontFile, renderPng, renderSvg, type RenderPngOptions, type RenderSvgOptions } from './render.js';
export { renderHtml, reportScripts } from './renderHtml.js';
export { reportFormatOf, reportSpec, writeReport, type ReportFormat, type ReportOptions } from './renderReport.js';
