/**
 * The tools that record an EMA of the loss (fastai v1/v2, pytorch-lr-finder, Lightning): fastai's `num_it` from its
 * lrs, and the guard that detected losses really were smoothed.
 *
 * @module
 */
import { notSmoothed } from '../messages.js';
import type { ImportFormat } from './formats.js';

/**
 * The `num_it` a fastai v2 `lr_find` ran with, when its lrs show it: with the default `start_lr=1e-7` and
 * `end_lr=10`, `lrs[i] = 1e-7 · 1e8^(i/num_it)`, so `num_it = ln(1e8) / ln(lrs[1]/lrs[0])` — accepted only when that
 * is an integer (to 1e-6) no smaller than the run. fastai skips `num_it // 10` points, and a run that stopped early
 * is shorter than `num_it`; this keeps the fastai preset's suggestions the ones fastai printed.
 *
 * @example
 * fastaiNumIt(Array.from({ length: 98 }, (_, i) => 1e-7 * 1e8 ** (i / 100))); // => 100
 */
export function fastaiNumIt(lrs: ArrayLike<number>): number | undefined {
  if (lrs.length < 2 || lrs[0] !== 1e-7 || !(lrs[1] > lrs[0])) return undefined;
  const estimate = Math.log(1e8) / Math.log(lrs[1] / lrs[0]);
  const numIt = Math.round(estimate);
  if (Math.abs(estimate - numIt) > 1e-6 * numIt || numIt < lrs.length) return undefined;
  // the last recorded lr must sit on the same schedule
  const last = lrs.length - 1;
  const expected = 1e-7 * (10 / 1e-7) ** (last / numIt);
  return Math.abs(lrs[last] - expected) <= 1e-9 * expected ? numIt : undefined;
}

/**
 * A guard on detection: an EMA of positive losses inverts to positive losses (up to rounding), whereas raw losses
 * taken for an EMA invert to noise amplified 20–100×, which goes negative. When a detected file's positive losses
 * invert to clearly negative ones, they were not smoothed by the tool detected: refuse rather than guess.
 *
 * @example
 * const recorded = Float64Array.of(2.3, 2.2, 2.1);
 * assertPlausiblyInverted(recorded, Float64Array.of(2.3, 2.1, 1.9), 'fastai', 'h.json'); // passes
 * assertPlausiblyInverted(recorded, Float64Array.of(2.3, -5, 1.9), 'fastai', 'h.json');
 * // throws LrfindError E_FORMAT "h.json: read as fastai (detected), but undoing its smoothing gives a negative loss
 * // at [1]: these losses look raw; say --format json for raw losses, or --format fastai to insist"
 */
export function assertPlausiblyInverted(recorded: Float64Array, raw: Float64Array, format: ImportFormat, file: string): void {
  let scale = 0;
  for (const v of recorded) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return; // a loss that can be negative: no sign to check
    scale = Math.max(scale, v);
  }
  const at = raw.findIndex((v) => v < -1e-6 * scale);
  if (at === -1) return;
  throw notSmoothed(file, format, at);
}
