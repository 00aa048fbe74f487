export { downsampleIndices, type DownsampleOptions } from './downsample.js';
export { lrLabel, logTicks } from './ticks.js';
export { lrfindTheme, PLOT_COLORS, PLOT_FONT, PLOT_FONT_STACK, RUN_COLORS } from './theme.js';
export { finderSpec, type FinderLayers, type FinderSpecOptions } from './finderSpec.js';
export type { CurveRow, PlotRun, Region } from './curve.js';
export { normalizeSvgIds, plotFontFile, renderPng, renderSvg, type RenderPngOptions, type RenderSvgOptions } from './render.js';
