import { assertNumberIn, assertNumericArray } from './assert.js';
import type { NumericArray, StopReason } from './types.js';

/** Options of {@link divergenceIndex} and of the online {@link DivergenceMonitor}. */
export interface DivergenceOptions {
  /**
   * The loss has diverged once it rose `factor − 1` times the best loss's scale above the best loss. For positive
   * losses with the default floor this is fastai's `loss > 4 × best`.
   * __Default value:__ `4`
   */
  readonly factor?: number;
  /**
   * Lower limit of the scale, relative to the first loss's magnitude: the scale is
   * `max(|best|, floor × max(|first|, tiny))`. Keeps a loss that falls to ~0 (or crosses zero, for
   * negative log-likelihoods) from tripping the rule on noise — the ratio test `loss > 4 × best` stops at once
   * there (fastai #962).
   * __Default value:__ `0.01`
   */
  readonly floor?: number;
}

/**
 * Online divergence rule: feed it one (smoothed) loss per step; `update` says whether to stop and why.
 * Stops on the first non-finite loss (`'non-finite'`) and when `loss > best + (factor − 1)·scale` (`'diverged'`),
 * with `scale = max(|best|, floor·|first|)`. Safe for negative and near-zero losses, unlike the anchors' ratio test.
 *
 * @example
 * const m = new DivergenceMonitor();
 * [2, 1, 1.5, 5].map((x) => m.update(x)); // => [null, null, null, 'diverged']
 */
export class DivergenceMonitor {
  private readonly factor: number;
  private readonly floor: number;
  private best = Infinity;
  private first = NaN;

  constructor(options: DivergenceOptions = {}) {
    const { factor = 4, floor = 0.01 } = options;
    assertNumberIn('DivergenceMonitor', 'factor', factor, 1, Infinity);
    assertNumberIn('DivergenceMonitor', 'floor', floor, 0, Infinity, { minInclusive: true });
    this.factor = factor;
    this.floor = floor;
  }

  /** The best loss so far (+∞ before the first finite loss). */
  get bestLoss(): number {
    return this.best;
  }

  /** Record one loss; returns the stop reason, or `null` to go on. */
  update(loss: number): Exclude<StopReason, 'completed'> | null {
    if (!Number.isFinite(loss)) return 'non-finite';
    if (Number.isNaN(this.first)) this.first = loss;
    if (loss < this.best) this.best = loss;
    const scale = Math.max(Math.abs(this.best), this.floor * Math.max(Math.abs(this.first), Number.MIN_VALUE));
    return loss > this.best + (this.factor - 1) * scale ? 'diverged' : null;
  }
}

/**
 * Post-hoc form of {@link DivergenceMonitor}: the index of the step at which the rule stops a run (that step is
 * kept), and why; `null` when it never stops.
 *
 * @param losses - (smoothed) losses, in step order.
 * @example
 * divergenceIndex([2, 1, 1.5, 5]);       // => { index: 3, reason: 'diverged' }
 * divergenceIndex([-1, -2, -1.9]);       // => null (negative losses are fine)
 * divergenceIndex([1, NaN]);             // => { index: 1, reason: 'non-finite' }
 */
export function divergenceIndex(
  losses: NumericArray,
  options: DivergenceOptions = {},
): { index: number; reason: Exclude<StopReason, 'completed'> } | null {
  assertNumericArray('divergenceIndex', losses);
  const monitor = new DivergenceMonitor(options);
  for (let i = 0; i < losses.length; i++) {
    const reason = monitor.update(losses[i]);
    if (reason !== null) return { index: i, reason };
  }
  return null;
}
