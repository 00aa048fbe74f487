import { argminFinite, argminFiniteOf } from '../argmin.js';
import { assertCurve } from '../assert.js';
import { ema } from '../ema.js';
import { unitGradientAt } from '../gradient.js';
import type { LrCurve, Recording } from '../types.js';
import { Findings, makeRecording } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/**
 * The Keras LR-finder recipe's recording rule, post hoc: debiased EMA β = 0.9; `best` tracks the RAW loss
 * (`if i == 0 or raw < best: best = raw`), then the run stops, keeping the stopping point, when the smoothed loss
 * exceeds 4 × best or is NaN.
 *
 * @example
 * recordKeras({ lrs: [1e-3, 1e-2], losses: [1, 1] }).points; // => 2
 */
export function recordKeras(curve: LrCurve): Recording {
  assertCurve('recordKeras', curve);
  const s = ema(curve.losses, { beta: 0.9, debias: true });
  let best = Infinity;
  for (let i = 0; i < s.length; i++) {
    const raw = curve.losses[i];
    if (i === 0 || raw < best) best = raw;
    if (Number.isNaN(s[i])) return makeRecording(curve, s, i, 'non-finite');
    if (s[i] > 4 * best) return makeRecording(curve, s, i, 'diverged');
  }
  return makeRecording(curve, s, null, 'completed');
}

/**
 * The Keras preset (the Keras LR-finder notebook's recipe) on the whole recorded curve: `minGrad`, the fastest
 * decrease (lower end of the range), and `minLossDiv10`, a tenth of the lr at the minimum (upper end).
 * @example
 * keras.analyze({ lrs, losses }).suggestions.minLossDiv10; // => { lr: 3.8e-3, index: 66 }
 */
export const keras: Preset = {
  name: 'keras',
  description: 'Keras LR-finder recipe: minGrad (lower end), minLossDiv10 (upper end)',
  source: 'the Keras LR-finder notebook recipe (LRFinder callback, on_batch_end / plot)',
  suggestionNames: ['minGrad', 'minLossDiv10'],
  analyze(curve: LrCurve, _options: PresetOptions = {}): PresetResult {
    assertCurve('keras.analyze', curve);
    const recording = recordKeras(curve);
    const n = recording.points;
    const f = new Findings();
    if (n < 2) f.none('minGrad', `needs at least 2 recorded points, got ${n}`);
    else {
      const s = recording.smoothed;
      const k = argminFiniteOf(s.length, (i) => unitGradientAt(s, i));
      if (k < 0) f.none('minGrad', 'no finite gradient on the recorded curve');
      else f.set('minGrad', { lr: recording.lrs[k], index: k });
    }
    const m = argminFinite(recording.smoothed);
    if (m < 0) f.none('minLossDiv10', 'no finite loss on the recorded curve');
    else f.set('minLossDiv10', { lr: recording.lrs[m] / 10, index: m });
    return { preset: 'keras', recording, suggestions: f.suggestions, reasons: f.reasons };
  },
};
