import { argminFiniteOf } from '../argmin.js';
import { assertCurve, assertInteger } from '../assert.js';
import { ema } from '../ema.js';
import { torchGradientF32At } from '../float32.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, recordWith, skipWindow } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';
import * as msg from '../messages.js';

/**
 * PyTorch Lightning's recording rule as shipped, post hoc: EMA β = 0.98 debiased with the global step, which is
 * already incremented — `s[k] = m / (1 − β^(k+2))`; the stop test `k ≥ 1 and s > threshold × best` (the
 * `early_stop_threshold`, default 4; `Infinity` for `None`) runs *before* the best-loss update
 * `if s < best or k == 0: best = s` (best starts at 0). The stopping point is kept. Python floats (float64).
 *
 * @param curve - the raw run.
 * @param options - `divergeTh` (the `early_stop_threshold`) and `recorded` (Lightning's own saved results).
 * @example
 * recordLightning({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, 1, 1] }).stopReason; // => 'completed'
 */
export function recordLightning(curve: LrCurve, options: Pick<PresetOptions, 'recorded' | 'divergeTh'> = {}): Recording {
  assertCurve('recordLightning', curve);
  const { divergeTh = 4 } = options;
  if (!(typeof divergeTh === 'number' && divergeTh > 0)) {
    throw msg.badDivergeTh(divergeTh);
  }
  const smooth = (losses: ArrayLike<number>): Float64Array => ema(losses, { beta: 0.98, debias: true, debiasOffset: 1 });
  return recordWith(curve, options.recorded, 'recordLightning', smooth, (s) => {
    let best = 0;
    for (let k = 0; k < s.length; k++) {
      const stop = k >= 1 && s[k] > divergeTh * best;
      if (s[k] < best || k === 0) best = s[k];
      if (stop) return { index: k, reason: 'diverged' };
    }
    return null;
  });
}

/**
 * The Lightning preset: `_LRFinder.suggestion(skip_begin=10, skip_end=1)` — `steepest`, the lr where the gradient
 * of the recorded loss is most negative, computed against the LINEAR learning rate (as shipped since 2.5.3;
 * Lightning issue #21141): on an exponential schedule the small lrs have tiny spacing, so this is biased toward
 * small learning rates. Reproduced, not endorsed.
 * @example
 * lightning.analyze({ lrs, losses }).suggestions.steepest; // => { lr: 8.1e-5, index: 33 } (biased small)
 */
export const lightning: Preset = {
  name: 'lightning',
  description: 'Lightning Tuner.lr_find suggestion(): steepest against linear lr (as shipped; biased to small lrs)',
  source: 'Lightning-AI/pytorch-lightning src/lightning/pytorch/tuner/lr_finder.py (_LRCallback, suggestion)',
  suggestionNames: ['steepest'],
  analyze(curve: LrCurve, options: PresetOptions = {}): PresetResult {
    assertCurve('lightning.analyze', curve);
    const { skipStart = 10, skipEnd = 1 } = options;
    assertInteger('lightning.analyze', 'skipStart', skipStart, 0);
    assertInteger('lightning.analyze', 'skipEnd', skipEnd, 0);
    const recording = recordLightning(curve, options);
    const n = recording.points;
    const [start, stop] = skipWindow(n, skipStart, skipEnd, false);
    // `torch.tensor(results["loss"][…])` is float32: a loss beyond float32's range is infinite there, and dropped
    let count = 0;
    for (let i = start; i < stop; i++) if (Number.isFinite(Math.fround(recording.smoothed[i]))) count++;
    // all of them finite (the usual case): the window itself, as views — no copies of the run's length
    const all = count === stop - start;
    const idx = all ? undefined : new Int32Array(count);
    if (idx !== undefined) for (let i = start, j = 0; i < stop; i++) if (Number.isFinite(Math.fround(recording.smoothed[i]))) idx[j++] = i;
    const f = new Findings();
    if (count < 2) {
      f.none(
        'steepest',
        `needs at least 2 finite points in lrs[${start}:${stop}] (skip_begin = ${skipStart}, skip_end = ${skipEnd}); got ${count}`,
      );
    } else {
      let Y = recording.smoothed.subarray(start, stop);
      let L = recording.lrs.subarray(start, stop);
      if (idx !== undefined) {
        Y = new Float64Array(count);
        L = new Float64Array(count);
        for (let j = 0; j < count; j++) {
          Y[j] = recording.smoothed[idx[j]];
          L[j] = recording.lrs[idx[j]];
        }
      }
      // torch.gradient(losses, spacing=[lrs]) on float32 tensors
      const k = argminFiniteOf(Y.length, (i) => torchGradientF32At(Y, L, i));
      if (k < 0) f.none('steepest', 'no finite gradient (repeated learning rates?)');
      else f.set('steepest', { lr: L[k], index: idx === undefined ? start + k : idx[k] });
    }
    return { preset: 'lightning', recording, suggestions: f.suggestions, reasons: f.reasons };
  },
};
