import { argminFinite } from '../argmin.js';
import { assertCurve } from '../assert.js';
import { gradient } from '../gradient.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, makeRecording, pySlice } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/** pytorch-lr-finder's `smooth_f` default. */
const SMOOTH_F = 0.05;

/**
 * pytorch-lr-finder's recording rule, post hoc: the seeded EMA `s[0] = raw[0]; s[i] = 0.05·raw[i] + 0.95·s[i−1]`
 * (`smooth_f = 0.05`, no bias correction); `best` starts at `s[0]` and is the running minimum; the run stops,
 * keeping the stopping point, when `s > 5 × best` (`diverge_th = 5`).
 *
 * @example
 * recordTorchLrFinder({ lrs: [1e-3, 1e-2], losses: [1, 200] }).points; // => 2 (s[1] = 10.95 > 5)
 */
export function recordTorchLrFinder(curve: LrCurve): Recording {
  assertCurve('recordTorchLrFinder', curve);
  // the seeded EMA with the anchor's own constants: smooth_f = 0.05 and (1 - smooth_f). ema(…, { beta: 0.95,
  // init: 'first' }) is the same filter, but its weight 1 − 0.95 is 0.050000000000000044, not 0.05: an ulp that
  // decides ties on flat curves
  const losses = curve.losses;
  const s = new Float64Array(losses.length);
  s[0] = losses[0];
  for (let i = 1; i < losses.length; i++) s[i] = SMOOTH_F * losses[i] + (1 - SMOOTH_F) * s[i - 1];
  let best = s[0];
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s[i] < best) best = s[i];
    if (s[i] > 5 * best) return makeRecording(curve, s, i, 'diverged');
  }
  return makeRecording(curve, s, null, 'completed');
}

/**
 * The pytorch-lr-finder preset: `LRFinder.plot(skip_start=10, skip_end=5, suggest_lr=True)` — `steepest`, the lr
 * where `np.gradient` of the recorded loss (against the step index) is most negative.
 * @example
 * torchLrFinder.analyze({ lrs, losses }).suggestions.steepest; // => { lr: 1.0e-2, index: 61 }
 */
export const torchLrFinder: Preset = {
  name: 'torch-lr-finder',
  description: 'pytorch-lr-finder LRFinder.plot(suggest_lr=True): steepest',
  source: 'davidtvs/pytorch-lr-finder torch_lr_finder/lr_finder.py (range_test, plot)',
  suggestionNames: ['steepest'],
  analyze(curve: LrCurve, _options: PresetOptions = {}): PresetResult {
    assertCurve('torch-lr-finder.analyze', curve);
    const recording = recordTorchLrFinder(curve);
    const n = recording.points;
    const [start, stop] = pySlice(n, 10, -5);
    const Y = recording.smoothed.subarray(start, stop);
    const f = new Findings();
    if (Y.length < 2) {
      f.none(
        'steepest',
        `needs at least 17 recorded points (2 after skip_start = 10, skip_end = 5); the run has ${n}`,
      );
    } else {
      const k = argminFinite(gradient(Y));
      if (k < 0) f.none('steepest', `no finite gradient in lrs[${start}:${stop}]`);
      else f.set('steepest', { lr: recording.lrs[start + k], index: start + k });
    }
    return { preset: 'torch-lr-finder', recording, suggestions: f.suggestions, reasons: f.reasons };
  },
};
