import { argminFinite } from '../argmin.js';
import { assertCurve } from '../assert.js';
import { ema } from '../ema.js';
import { gradient } from '../gradient.js';
import { logCorrectlyRounded } from '../log.js';
import type { LrCurve, Recording } from '../types.js';
import { valleyIndex } from '../valley.js';
import { Findings, makeRecording, pySlice } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/**
 * fastai v2's recording rule, post hoc: debiased EMA (β = 0.98) of the raw losses; `best` is the running
 * minimum of the smoothed loss (starting at +∞) and the run stops — keeping the stopping point — once the smoothed
 * loss exceeds 4 × best. A NaN never stops it (fastai's comparison with NaN is false).
 *
 * @example
 * recordFastai({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, 1, 9] }).points; // => 3
 */
export function recordFastai(curve: LrCurve): Recording {
  assertCurve('recordFastai', curve);
  const s = ema(curve.losses, { beta: 0.98, debias: true });
  let best = Infinity;
  for (let i = 0; i < s.length; i++) {
    if (s[i] < best) best = s[i];
    if (s[i] > 4 * best) return makeRecording(curve, s, i, 'diverged');
  }
  return makeRecording(curve, s, null, 'completed');
}

/**
 * fastai's `steep` index: the first minimum of the finite `g[k] = (Y[k+1] − Y[k]) / (ln L[k+1] − ln L[k])`, with
 * the logarithms numpy computes (correctly rounded). `Math.log` is off by an ulp in ~3% of cases, which reorders
 * slopes that tie to the last bits (a flat stretch of the curve), so the slopes are computed with `Math.log` and
 * those an ulp of a logarithm could make the minimum are recomputed with {@link logCorrectlyRounded} — usually
 * one. Returns -1 when no slope is finite.
 */
function steepIndex(Y: ArrayLike<number>, L: ArrayLike<number>): number {
  const m = Y.length - 1;
  const g = new Float64Array(m);
  const err = new Float64Array(m);
  let threshold = Infinity;
  for (let k = 0; k < m; k++) {
    const a = Math.log(L[k]);
    const b = Math.log(L[k + 1]);
    const d = b - a;
    g[k] = (Y[k + 1] - Y[k]) / d;
    // each log may be an ulp off, and the difference of the logs rounds differently: bound the slope's change
    err[k] = d === 0 ? Infinity : (Math.abs(g[k]) * 8 * Number.EPSILON * (Math.abs(a) + Math.abs(b) + Math.abs(d))) / Math.abs(d);
    if (Number.isFinite(g[k]) && g[k] + err[k] < threshold) threshold = g[k] + err[k];
  }
  let best = -1;
  let bestValue = Infinity;
  for (let k = 0; k < m; k++) {
    // distinct lrs whose Math.log values coincide: the exact slope may be finite
    const collided = err[k] === Infinity && L[k] !== L[k + 1];
    if (!collided && !(Number.isFinite(g[k]) && g[k] - err[k] <= threshold)) continue;
    const exact = (Y[k + 1] - Y[k]) / (logCorrectlyRounded(L[k + 1]) - logCorrectlyRounded(L[k]));
    if (Number.isFinite(exact) && (best < 0 || exact < bestValue)) {
      best = k;
      bestValue = exact;
    }
  }
  return best;
}

/** `valley` and `slide` parameters as fastai ships them. */
const SLIDE = { lrDiff: 15, thresh: 0.005, adjust: 1 } as const;

/**
 * The fastai v2 preset: `lr_find()` with its four suggestion functions — `valley` (its default), `slide`,
 * `minimum` and `steep` — on `lrs[numIt//10 : -5]`, truncated at the first NaN.
 * @example
 * fastai.analyze({ lrs, losses }, { numIt: 100 }).suggestions.valley; // => { lr: 1.6e-3, index: 49 }
 */
export const fastai: Preset = {
  name: 'fastai',
  description: 'fastai v2 lr_find: valley (default), slide, minimum, steep',
  source: 'fastai/fastai fastai/callback/schedule.py (LRFinder, valley, slide, minimum, steep)',
  suggestionNames: ['valley', 'slide', 'minimum', 'steep'],
  analyze(curve: LrCurve, options: PresetOptions = {}): PresetResult {
    assertCurve('fastai.analyze', curve);
    const recording = recordFastai(curve);
    const numIt = options.numIt ?? curve.lrs.length;
    const n = recording.points;
    const [start, stop0] = pySlice(n, Math.floor(numIt / 10), -5);
    let stop = stop0;
    for (let i = start; i < stop; i++) {
      if (Number.isNaN(recording.smoothed[i])) {
        stop = i;
        break;
      }
    }
    const Y = recording.smoothed.subarray(start, stop);
    const len = Y.length;
    const f = new Findings();
    const lr = (k: number) => ({ lr: recording.lrs[start + k], index: start + k });
    const window = `lrs[${start}:${stop}] (numIt // 10 = ${Math.floor(numIt / 10)}, skip_end = 5, cut at the first NaN)`;

    if (len === 0) {
      for (const name of ['valley', 'slide', 'minimum', 'steep']) {
        f.none(name, `no points left in ${window}: the run has ${n} recorded points`);
      }
    } else {
      f.set('valley', lr(valleyIndex(Y)));
      if (len < SLIDE.lrDiff + 1) {
        f.none('slide', `slide needs at least ${SLIDE.lrDiff + 1} points in ${window}, got ${len}`);
      } else {
        const g = gradient(Y);
        let r = len - 1;
        let l = len - 1 - SLIDE.lrDiff;
        let res = l;
        while (l >= 0 && Math.abs(g[r] - g[l]) > SLIDE.thresh) {
          res = l;
          r -= 1;
          l -= 1;
        }
        f.set('slide', { lr: recording.lrs[start + res] * SLIDE.adjust, index: start + res });
      }
      const iMin = argminFinite(Y);
      if (iMin < 0) f.none('minimum', `no finite loss in ${window}`);
      else f.set('minimum', { lr: recording.lrs[start + iMin] / 10, index: start + iMin });
      if (len < 2) {
        f.none('steep', `steep needs at least 2 points in ${window}, got ${len}`);
      } else {
        const k = steepIndex(Y, recording.lrs.subarray(start, stop));
        if (k < 0) f.none('steep', `no finite slope in ${window}`);
        else f.set('steep', lr(k));
      }
    }
    return { preset: 'fastai', recording, suggestions: f.suggestions, reasons: f.reasons };
  },
};
