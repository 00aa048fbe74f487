/**
 * Checks and sizes shared by the spec builders: the default chart size, the run check, the size options, the drawn
 * preset's result. It re-exports the chart parts (axes, layers, panels, strip, legend). Pure; internal to `src/plot`.
 *
 * @module
 */
import type { Analysis } from '../analysis/analyze.js';
import type { PresetName, PresetResult } from '../analysis/presets/types.js';
import type { PlotRun } from './curve.js';
import * as msg from './messages.js';

/**
 * Default chart size in pixels.
 *
 * @example
 * DEFAULT_SIZE; // => { width: 600, height: 300, gradientHeight: 110 }
 */
export const DEFAULT_SIZE = Object.freeze({ width: 600, height: 300, gradientHeight: 110 });


/**
 * Check that `run` has `lrs` and `losses` of one length ≥ 1 with finite positive lrs.
 *
 * @example
 * assertPlotRun('finderSpec', { lrs: [1e-3, 1e-2], losses: [2.3, 2.1] }); // passes
 * assertPlotRun('finderSpec', { lrs: [1e-3, 0], losses: [2.3, 2.1] });
 * // throws LrfindError E_BAD_LR "finderSpec: lrs[1] must be a finite number > 0 (got 0)"
 * assertPlotRun('finderSpec', { lrs: [1e-3], losses: [2.3, 2.1] });
 * // throws LrfindError E_LENGTH_MISMATCH "finderSpec: lrs and losses differ in length (1 vs 2)"
 */
export function assertPlotRun(fn: string, run: unknown): asserts run is PlotRun {
  const r = run as PlotRun | null | undefined;
  if (r === null || typeof r !== 'object' || r.lrs?.length === undefined || r.losses?.length === undefined) {
    throw msg.notARun(fn, r);
  }
  if (r.lrs.length !== r.losses.length) {
    throw msg.runLengthMismatch(fn, r.lrs.length, r.losses.length);
  }
  if (r.lrs.length === 0) throw msg.runEmpty(fn);
  for (let i = 0; i < r.lrs.length; i++) {
    const lr = r.lrs[i];
    if (!(Number.isFinite(lr) && lr > 0)) {
      throw msg.runBadLr(fn, i, lr);
    }
  }
}

/**
 * Check the size options shared by the spec builders.
 *
 * @example
 * checkSize('finderSpec', 'width', 800);       // passes
 * checkSize('finderSpec', 'width', undefined); // passes (the default applies)
 * checkSize('finderSpec', 'width', 5);
 * // throws RangeError "finderSpec: width must be an integer in [10, 20000] (got 5)"
 */
export function checkSize(fn: string, name: string, value: number | undefined, min = 10, max = 20_000): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw msg.sizeOutOfRange(fn, name, value, min, max);
  }
}

/**
 * Check the size options of a spec builder and fill in the defaults.
 *
 * @throws {RangeError} naming `fn`, the option and the bad value.
 * @example
 * plotSize('finderSpec', { width: 800 }); // => { width: 800, height: 300, gradientHeight: 110 }
 */
export function plotSize(
  fn: string,
  options: { width?: number; height?: number; gradientHeight?: number; buckets?: number },
): { width: number; height: number; gradientHeight: number } {
  checkSize(fn, 'width', options.width);
  checkSize(fn, 'height', options.height);
  checkSize(fn, 'gradientHeight', options.gradientHeight);
  checkSize(fn, 'buckets', options.buckets, 1, 10_000_000);
  return {
    width: options.width ?? DEFAULT_SIZE.width,
    height: options.height ?? DEFAULT_SIZE.height,
    gradientHeight: options.gradientHeight ?? DEFAULT_SIZE.gradientHeight,
  };
}

/**
 * The result of `preset` in `analysis`, or a RangeError naming the ones present.
 *
 * @example
 * resultOf('finderSpec', analyze(run), undefined).preset; // => 'lrfind' (the first)
 * resultOf('finderSpec', analyze(run), 'fastai').preset;  // => 'fastai'
 * resultOf('finderSpec', analyze(run, { preset: 'fastai' }), 'keras');
 * // throws RangeError "finderSpec: preset "keras" is not in the analysis (it has fastai)"
 */
export function resultOf(fn: string, analysis: Analysis, preset: PresetName | undefined): PresetResult {
  if (!analysis || !Array.isArray(analysis.results) || analysis.results.length === 0) {
    throw msg.notAnAnalysis(fn, analysis);
  }
  if (preset === undefined) return analysis.results[0];
  const found = analysis.results.find((r) => r.preset === preset);
  if (found === undefined) {
    throw msg.presetNotInAnalysis(fn, preset, analysis.results.map((r) => r.preset));
  }
  return found;
}

export * from './axes.js';
export * from './layers.js';
export * from './panels.js';
export * from './strip.js';
export * from './legend.js';
