import { argminFiniteOf } from '../argmin.js';
import { assertCurve, assertInteger, assertNumberIn } from '../assert.js';
import { unitGradientAt } from '../gradient.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, recordWith, skipWindow } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/** pytorch-lr-finder's `smooth_f` and `diverge_th` defaults. */
const SMOOTH_F = 0.05;
const DIVERGE_TH = 5;

/**
 * pytorch-lr-finder's recording rule, post hoc: the seeded EMA `s[0] = raw[0]; s[i] = f·raw[i] + (1 − f)·s[i−1]`
 * (`smooth_f = f`, default 0.05, no bias correction; `0` records the raw losses); `best` starts at `s[0]` and is
 * the running minimum; the run stops, keeping the stopping point, when `s > diverge_th × best` (default 5).
 * Python floats throughout (the tool records `loss.item()`), so float64 here too.
 *
 * @param curve - the raw run.
 * @param options - `smoothF`, `divergeTh` (the tool's settings; `Infinity` never stops) and `recorded` (its own
 *   saved history).
 * @example
 * recordTorchLrFinder({ lrs: [1e-3, 1e-2], losses: [1, 200] }, { divergeTh: Infinity }).stopIndex; // => null
 * recordTorchLrFinder({ lrs: [1e-3, 1e-2], losses: [1, 200] }).points; // => 2 (s[1] = 10.95 > 5)
 */
export function recordTorchLrFinder(
  curve: LrCurve,
  options: Pick<PresetOptions, 'recorded' | 'smoothF' | 'divergeTh'> = {},
): Recording {
  assertCurve('recordTorchLrFinder', curve);
  const { smoothF = SMOOTH_F, divergeTh = DIVERGE_TH } = options;
  assertNumberIn('recordTorchLrFinder', 'smoothF', smoothF, 0, 1, { minInclusive: true });
  // Infinity is the tool's "never stop" (`diverge_th=float('inf')`), as it is Lightning's `None`
  if (divergeTh !== Infinity) assertNumberIn('recordTorchLrFinder', 'divergeTh', divergeTh, 0, Infinity);
  // the seeded EMA with the anchor's own constants: smooth_f and (1 - smooth_f). ema(…, { beta: 0.95,
  // init: 'first' }) is the same filter, but its weight 1 − 0.95 is 0.050000000000000044, not 0.05: an ulp that
  // decides ties on flat curves
  const smooth = (losses: ArrayLike<number>): Float64Array => {
    const s = new Float64Array(losses.length);
    s[0] = losses[0];
    for (let i = 1; i < losses.length; i++) s[i] = smoothF > 0 ? smoothF * losses[i] + (1 - smoothF) * s[i - 1] : losses[i];
    return s;
  };
  return recordWith(curve, options.recorded, 'recordTorchLrFinder', smooth, (s) => {
    let best = s[0];
    for (let i = 0; i < s.length; i++) {
      if (i > 0 && s[i] < best) best = s[i];
      if (s[i] > divergeTh * best) return { index: i, reason: 'diverged' };
    }
    return null;
  });
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
  analyze(curve: LrCurve, options: PresetOptions = {}): PresetResult {
    assertCurve('torch-lr-finder.analyze', curve);
    const { skipStart = 10, skipEnd = 5 } = options;
    assertInteger('torch-lr-finder.analyze', 'skipStart', skipStart, 0);
    assertInteger('torch-lr-finder.analyze', 'skipEnd', skipEnd, 0);
    const recording = recordTorchLrFinder(curve, options);
    const n = recording.points;
    const [start, stop] = skipWindow(n, skipStart, skipEnd, true);
    const Y = recording.smoothed.subarray(start, stop);
    const f = new Findings();
    if (Y.length < 2) {
      f.none(
        'steepest',
        `needs at least ${skipStart + skipEnd + 2} recorded points (2 after skip_start = ${skipStart}, skip_end = ${skipEnd}); the run has ${n}`,
      );
    } else {
      const k = argminFiniteOf(Y.length, (i) => unitGradientAt(Y, i));
      if (k < 0) f.none('steepest', `no finite gradient in lrs[${start}:${stop}]`);
      else f.set('steepest', { lr: recording.lrs[start + k], index: start + k });
    }
    return { preset: 'torch-lr-finder', recording, suggestions: f.suggestions, reasons: f.reasons };
  },
};
