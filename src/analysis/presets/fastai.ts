import { argminFinite } from '../argmin.js';
import { assertCurve } from '../assert.js';
import { smoothFastaiF32 } from '../float32.js';
import type { LrCurve, Recording } from '../types.js';
import { valleyIndex } from '../valley.js';
import { Findings, pySlice, recordWith } from './common.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/**
 * fastai v2's recording rule, post hoc, in torch float32 as fastai computes it: the debiased EMA (β = 0.98) of
 * `AvgSmoothLoss` ({@link smoothFastaiF32}); `best` is the running minimum of the smoothed loss (starting at +∞)
 * and the run stops — keeping the stopping point — once the smoothed loss exceeds `4 × best` (a float32 product).
 * A NaN never stops it (fastai's comparison with NaN is false).
 *
 * Float32 matters: on a slowly falling loss (a full-batch run's flat start) float32 smoothing produces equal
 * neighbours that float64 does not, and `valley` breaks its strictly decreasing run at them.
 *
 * @param curve - the raw run.
 * @param options - `recorded`: fastai's own saved smoothed losses, used as they are (no re-smoothing).
 * @example
 * recordFastai({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, 1, 9] }).points; // => 3
 */
export function recordFastai(curve: LrCurve, options: Pick<PresetOptions, 'recorded'> = {}): Recording {
  assertCurve('recordFastai', curve);
  return recordWith(curve, options.recorded, 'recordFastai', smoothFastaiF32, (s) => {
    let best = Infinity;
    for (let i = 0; i < s.length; i++) {
      if (s[i] < best) best = s[i];
      if (s[i] > Math.fround(4 * best)) return { index: i, reason: 'diverged' };
    }
    return null;
  });
}

/**
 * fastai's `steep` index, in float32 as fastai computes it on its tensors: the first minimum of the finite
 * `g[k] = (Y[k+1] − Y[k]) / (ln L[k+1] − ln L[k])`, every operation rounded to float32, with `L` the lrs rounded to
 * float32 (`tensor(lrs)`) and `ln` the float32 nearest the logarithm (torch's own float32 log is within an ulp
 * of it: 108 of 46,008 lrs differ, and on 254 curves no index moved; scripts/reference/check_float32_torch.py).
 * Returns -1 when no slope is finite.
 */
function steepIndex(Y: ArrayLike<number>, L: ArrayLike<number>): number {
  const m = Y.length - 1;
  let best = -1;
  let bestValue = Infinity;
  let logPrev = Math.fround(Math.log(Math.fround(L[0])));
  for (let k = 0; k < m; k++) {
    const logNext = Math.fround(Math.log(Math.fround(L[k + 1])));
    const g = Math.fround(Math.fround(Y[k + 1] - Y[k]) / Math.fround(logNext - logPrev));
    logPrev = logNext;
    if (Number.isFinite(g) && (best < 0 || g < bestValue)) {
      best = k;
      bestValue = g;
    }
  }
  return best;
}

/**
 * Element `i` of `np.gradient` of a float32 array (unit spacing): float32 differences, halved inside. `slide` reads a
 * few elements from the end, so they are computed when read rather than as an array of the run's length.
 */
function gradientF32At(Y: ArrayLike<number>, i: number): number {
  const n = Y.length;
  if (i === 0) return Math.fround(Y[1] - Y[0]);
  if (i === n - 1) return Math.fround(Y[n - 1] - Y[n - 2]);
  return Math.fround(Math.fround(Y[i + 1] - Y[i - 1]) / 2);
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
    const recording = recordFastai(curve, options);
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
        // `to_np` of the float32 loss tensor: numpy keeps float32 through the gradient and the difference
        const g = (i: number): number => gradientF32At(Y, i);
        let r = len - 1;
        let l = len - 1 - SLIDE.lrDiff;
        let res = l;
        while (l >= 0 && Math.abs(Math.fround(g(r) - g(l))) > SLIDE.thresh) {
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
