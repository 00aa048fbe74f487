import { argminFinite, argminFiniteOf } from '../argmin.js';
import { assertCurve, assertInteger } from '../assert.js';
import { smoothFastai1F32 } from '../float32.js';
import { unitGradientAt } from '../gradient.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, recordWith, skipWindow } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/**
 * fastai v1's recording rule, post hoc, in torch float32 as fastai1 computes it: the debiased EMA (β = 0.98) of
 * `SmoothenValue` on the float32 loss tensor ({@link smoothFastai1F32}); `best` is the smoothed loss at step 0 and
 * then the running minimum; the run stops, keeping the stopping point, when the smoothed loss exceeds `4 × best`
 * (a float32 product) or is NaN.
 *
 * @param curve - the raw run.
 * @param options - `recorded`: fastai1's own saved smoothed losses, used as they are (no re-smoothing).
 * @example
 * recordFastai1({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, NaN, 1] }).points; // => 2
 */
export function recordFastai1(curve: LrCurve, options: Pick<PresetOptions, 'recorded'> = {}): Recording {
  assertCurve('recordFastai1', curve);
  return recordWith(curve, options.recorded, 'recordFastai1', smoothFastai1F32, (s) => {
    let best = Infinity;
    for (let i = 0; i < s.length; i++) {
      if (i === 0 || s[i] < best) best = s[i];
      if (Number.isNaN(s[i])) return { index: i, reason: 'non-finite' };
      if (s[i] > Math.fround(4 * best)) return { index: i, reason: 'diverged' };
    }
    return null;
  });
}

/**
 * The fastai v1 preset: `Recorder.plot(skip_start=10, skip_end=5, suggestion=True)` — `minGrad` (the lr of the
 * steepest fall of the loss, gradient against the step index; fastai1's `min_grad_lr`) and `minLossDiv10`.
 * @example
 * fastai1.analyze({ lrs, losses }).suggestions.minGrad; // => { lr: 1.0e-2, index: 61 }
 */
export const fastai1: Preset = {
  name: 'fastai1',
  description: 'fastai v1 Recorder.plot(suggestion=True): minGrad, minLossDiv10',
  source: 'fastai/fastai1 fastai/basic_train.py (Recorder.plot), fastai/callbacks/lr_finder.py',
  suggestionNames: ['minGrad', 'minLossDiv10'],
  analyze(curve: LrCurve, options: PresetOptions = {}): PresetResult {
    assertCurve('fastai1.analyze', curve);
    const { skipStart = 10, skipEnd = 5 } = options;
    assertInteger('fastai1.analyze', 'skipStart', skipStart, 0);
    assertInteger('fastai1.analyze', 'skipEnd', skipEnd, 0);
    const recording = recordFastai1(curve, options);
    const n = recording.points;
    const [start, stop] = skipWindow(n, skipStart, skipEnd, true);
    const Y = recording.smoothed.subarray(start, stop);
    const f = new Findings();
    const window = `lrs[${start}:${stop}] (skip_start = ${skipStart}, skip_end = ${skipEnd})`;
    if (Y.length < 2) {
      f.none('minGrad', `needs at least 2 points in ${window}; the run has ${n} recorded points`);
    } else {
      const k = argminFiniteOf(Y.length, (i) => unitGradientAt(Y, i));
      if (k < 0) f.none('minGrad', `no finite gradient in ${window}`);
      else f.set('minGrad', { lr: recording.lrs[start + k], index: start + k });
    }
    // fastai1 prints the min-loss suggestion only after np.gradient succeeded (it returns on the failure)
    const m = Y.length < 2 ? -1 : argminFinite(Y);
    if (Y.length < 2) {
      f.none('minLossDiv10', `fastai1 gives no suggestion with fewer than 2 points in ${window}; the run has ${n} recorded points`);
    } else if (m < 0) f.none('minLossDiv10', `no finite loss in ${window}`);
    else f.set('minLossDiv10', { lr: recording.lrs[start + m] / 10, index: start + m });
    return { preset: 'fastai1', recording, suggestions: f.suggestions, reasons: f.reasons };
  },
};
