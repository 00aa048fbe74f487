/**
 * The pure half of `src/plot`: Vega-Lite spec builders, the downsampler, axis and theme helpers. No file system,
 * no vega runtime (types only) — safe for browsers and re-exported by the package root. Rendering (SVG, PNG,
 * HTML files) lives in `lrfind/plot`.
 *
 * @module
 */
export { downsampleIndices, type DownsampleOptions } from './downsample.js';
export { lrLabel, logTicks } from './ticks.js';
export { lrfindTheme, PLOT_COLORS, PLOT_FONT, PLOT_FONT_STACK, RUN_COLORS } from './theme.js';
export { finderSpec, type FinderLayers, type FinderSpecOptions } from './finderSpec.js';
export { confirmPanel, withConfirmPanel, type ConfirmPanelOptions } from './confirmPanel.js';
export { overlaySpec, type OverlayLayers, type OverlayRun, type OverlaySpecOptions } from './overlaySpec.js';
export { escapeHtml, escapeScript, reportHtml, type ReportEntry, type ReportHtmlOptions, type ReportScripts } from './html.js';
export type { CurveRow, PlotRun, Region } from './curve.js';
export { schedulePanel, scheduleReportSpec, withSchedulePanel, type ScheduleSeries, type SchedulePanelOptions, type ScheduleReportOptions } from './scheduleSpec.js';
