import { assertCurve, assertInteger } from '../assert.js';
import { unitGradientAt } from '../gradient.js';
import { localExtrema, localExtremaOf } from '../localExtrema.js';
import type { Candidate, LrCurve } from '../types.js';
import { Findings } from './common.js';
import { recordFastai1 } from './fastai1.js';
import type { Preset, PresetOptions, PresetResult } from './types.js';

/**
 * Inflection-point candidates of a recorded curve, ranked right to left (largest lr first): local minima of the
 * loss and of its gradient (against the step index), each with scipy `argrelextrema(…, np.less_equal, order)`
 * semantics.
 *
 * @example
 * inflectionCandidates([1e-3, 1e-2, 1e-1, 1], [3, 2, 1, 2], 1).loss; // => [{ lr: 0.1, index: 2 }]
 */
export function inflectionCandidates(
  lrs: ArrayLike<number>,
  losses: ArrayLike<number>,
  order: number,
): { loss: Candidate[]; gradient: Candidate[] } {
  const toCandidates = (idx: number[]): Candidate[] => idx.reverse().map((i) => ({ lr: lrs[i], index: i }));
  const loss = toCandidates(localExtrema(losses, { order, kind: 'min' }));
  const n = losses.length;
  // `gradient(losses)` (unit spacing) element by element where the search reads it: no array of the run's length
  const slope = (i: number): number => unitGradientAt(losses, i);
  const grad = n >= 2 ? toCandidates(localExtremaOf(n, slope, { order, kind: 'min' })) : [];
  return { loss, gradient: grad };
}

/**
 * The fastai-forum `find_optimal_lr(learner, noise=3)` method on the whole fastai v1 recorded curve (no
 * trimming): candidates are the minima of the loss and of its gradient (noise filter `order`, default 3), ranked
 * right to left. A FROZEN model (only the head trains) gets one lr — the rightmost gradient minimum — with the
 * rightmost loss minimum / 10 as a lower bound; an UNFROZEN model gets a slice: (second-rightmost gradient
 * minimum, rightmost gradient minimum), for discriminative learning rates.
 * @example
 * inflection.analyze({ lrs, losses }, { order: 3 }).suggestions.unfrozen; // => { range: [1.4e-1, 4.8e0], indices: [80, 94] }
 */
export const inflection: Preset = {
  name: 'inflection',
  description: 'fastai-forum find_optimal_lr: ranked loss/gradient minima, frozen lr + lower bound, unfrozen slice',
  source: 'fastai forum "Automated learning rate suggester" (find_optimal_lr with argrelextrema, noise=3)',
  suggestionNames: ['frozen', 'frozenLowerBound', 'unfrozen'],
  analyze(curve: LrCurve, options: PresetOptions = {}): PresetResult {
    assertCurve('inflection.analyze', curve);
    const order = options.order ?? 3;
    assertInteger('inflection.analyze', 'order', order, 1);
    const recording = recordFastai1(curve, options);
    const candidates = inflectionCandidates(recording.lrs, recording.smoothed, order);
    const f = new Findings();
    const [g0, g1] = candidates.gradient;
    const [l0] = candidates.loss;
    if (g0 === undefined) f.none('frozen', `no gradient minimum with order ${order} on ${recording.points} points`);
    else f.set('frozen', { lr: g0.lr, index: g0.index });
    if (l0 === undefined) f.none('frozenLowerBound', `no loss minimum with order ${order} on ${recording.points} points`);
    else f.set('frozenLowerBound', { lr: l0.lr / 10, index: l0.index });
    if (g0 === undefined || g1 === undefined) {
      f.none('unfrozen', `a slice needs two gradient minima with order ${order}; found ${candidates.gradient.length}`);
    } else {
      f.set('unfrozen', { range: [g1.lr, g0.lr], indices: [g1.index, g0.index] });
    }
    return { preset: 'inflection', recording, suggestions: f.suggestions, reasons: f.reasons, candidates };
  },
};
