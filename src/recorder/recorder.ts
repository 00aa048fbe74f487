/**
 * The recorder: collects one point per range-test step (lr, raw loss, optional validation loss, wall time), applies
 * the online stop rule, and hands back a {@link Run}. Framework-free: any training code can feed it.
 *
 * @module
 */
import { DivergenceMonitor, type DivergenceOptions } from '../analysis/divergence.js';
import { describeValue } from '../errors.js';
import { VERSION } from '../version.js';
import { withJsonArrays, type Run, type RunMeta, type RunStopReason } from '../runs/run.js';
import * as msg from './messages.js';

/** Options of {@link LrRecorder}. */
export interface LrRecorderOptions {
  /**
   * The divergence stop: `true` for the default rule (see {@link DivergenceMonitor}, applied to the median of the
   * last 5 raw losses: it rose more than 3× the best value's scale above the best — fastai's `> 4 × best` for
   * ordinary positive losses, but safe for negative and near-zero ones), an object to tune it (`factor`, `floor`),
   * `false` to never stop on divergence. A non-finite loss stops the run in every case: a NaN or ±Infinity loss means the weights are
   * no longer finite, and every later step would be NaN too.
   * __Default value:__ `true`
   */
  readonly stopDiv?: boolean | DivergenceOptions;
  /**
   * Weight β of the debiased exponential moving average of the raw loss that the run keeps as `smoothedLosses`
   * (fastai's `AvgSmoothLoss`, for progress display and comparison; the stop rule watches a 5-step median instead).
   * __Default value:__ `0.98`
   */
  readonly beta?: number;
  /** Metadata stored with the run; `lrfindVersion` and `startedAt` are filled in. __Default value:__ `{}` */
  readonly meta?: RunMeta;
  /** Clock in milliseconds, injectable for tests. __Default value:__ `performance.now` */
  readonly now?: () => number;
}

/** Optional extras of one recorded step. */
export interface RecordExtras {
  /** Validation loss measured after this step. */
  readonly valLoss?: number;
}

/**
 * Records a range test step by step and decides when it must stop.
 *
 * Keeps the RAW loss of every step (the anchors keep only their smoothed loss), a debiased EMA, an optional
 * validation loss and the wall time since construction. {@link LrRecorder.record} returns
 * the stop reason as soon as the run must end; the stopping step itself is kept, as in fastai.
 *
 * @example
 * const rec = new LrRecorder({ meta: { schedule: 'exp' } });
 * rec.record(1e-4, 2.3); // => null
 * rec.record(1e-3, 2.1); // => null
 * rec.record(1e-2, NaN); // => 'non-finite'
 * rec.toRun().losses;    // => Float64Array [2.3, 2.1, NaN]
 */
export class LrRecorder {
  private readonly lrs: number[] = [];
  private readonly losses: number[] = [];
  private readonly smoothed: number[] = [];
  private readonly valLosses: number[] = [];
  private readonly times: number[] = [];
  private readonly monitor: DivergenceMonitor | null;
  private readonly beta: number;
  private readonly now: () => number;
  private readonly t0: number;
  private readonly meta: RunMeta;
  private avg = 0;
  private hasVal = false;
  private reason: RunStopReason | undefined;

  constructor(options: LrRecorderOptions = {}) {
    const { stopDiv = true, beta = 0.98, meta = {}, now = () => performance.now() } = options;
    if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) {
      throw new RangeError(`LrRecorder: beta must be a number in [0, 1) (got ${describeValue(beta)})`);
    }
    if (typeof stopDiv !== 'boolean' && (typeof stopDiv !== 'object' || stopDiv === null)) {
      throw new TypeError(`LrRecorder: stopDiv must be a boolean or { factor, floor } (got ${describeValue(stopDiv)})`);
    }
    this.monitor = stopDiv === false ? null : new DivergenceMonitor(stopDiv === true ? {} : stopDiv);
    this.beta = beta;
    this.now = now;
    this.t0 = now();
    this.meta = {
      ...meta,
      lrfindVersion: VERSION,
      startedAt: meta.startedAt ?? new Date().toISOString(),
      smoothing: { kind: 'ema-debiased', beta },
    };
  }

  /** Number of steps recorded so far. */
  get length(): number {
    return this.lrs.length;
  }

  /** Why the run ended, once it has; `undefined` while it runs. */
  get stopReason(): RunStopReason | undefined {
    return this.reason;
  }

  /** The debiased EMA of the raw loss after the last step (NaN before the first). */
  get smoothedLoss(): number {
    return this.smoothed.length === 0 ? NaN : this.smoothed[this.smoothed.length - 1];
  }

  /**
   * Record one step: the lr it used and its raw loss.
   *
   * @param lr - the learning rate the step trained with (finite, > 0).
   * @param loss - the raw loss of the step; NaN / ±Infinity are recorded and stop the run.
   * @returns `'non-finite'` or `'diverged'` when the run must stop after this step, else `null`.
   * @throws {RangeError} for a bad lr; {LrfindError} `E_LR_ORDER` for an lr below the previous step's (nothing is
   * recorded); {Error} when the run has already ended.
   */
  record(lr: number, loss: number, extras: RecordExtras = {}): 'non-finite' | 'diverged' | null {
    if (this.reason !== undefined) {
      throw new Error(`LrRecorder.record: the run has already ended (${this.reason})`);
    }
    if (typeof lr !== 'number' || !Number.isFinite(lr) || !(lr > 0)) {
      throw new RangeError(`LrRecorder.record: lr must be a finite number > 0 (got ${describeValue(lr)})`);
    }
    if (typeof loss !== 'number') {
      throw new TypeError(`LrRecorder.record: loss must be a number (got ${describeValue(loss)})`);
    }
    const i = this.lrs.length;
    // refused before anything is recorded: the run stays a valid range test (repeated lrs are fine)
    if (i > 0 && lr < this.lrs[i - 1]) throw msg.lrDecreased(lr, this.lrs[i - 1], i);
    this.lrs.push(lr);
    this.losses.push(loss);
    this.avg = this.beta * this.avg + (1 - this.beta) * loss;
    const smooth = this.avg / (1 - this.beta ** (i + 1));
    this.smoothed.push(smooth);
    const val = extras.valLoss;
    if (val !== undefined) this.hasVal = true;
    this.valLosses.push(val ?? NaN);
    this.times.push(this.now() - this.t0);
    let reason: 'non-finite' | 'diverged' | null = null;
    if (!Number.isFinite(loss)) reason = 'non-finite';
    else if (this.monitor) reason = this.monitor.update(this.trailingMedian());
    if (reason !== null) this.reason = reason;
    return reason;
  }

  /**
   * Median of the last 5 raw losses (1 or 3 at the start): what the stop rule watches. Spike-proof like a smoother,
   * but it lags only 2 steps, where the debiased EMA (β = 0.98) lags ~50 — on a 100-step test its best value never
   * gets near the raw minimum, and a clear blow-up (loss ×10) can run to the end unstopped.
   */
  private trailingMedian(): number {
    const n = this.losses.length;
    const k = n >= 5 ? 5 : n >= 3 ? 3 : 1;
    const window = this.losses.slice(n - k).sort((a, b) => a - b);
    return window[(k - 1) / 2];
  }

  /**
   * End the run for a reason of the caller's: `'completed'`, `'aborted'` or `'error'`. A run already ended by the
   * stop rule keeps its reason.
   */
  finish(reason: 'completed' | 'aborted' | 'error'): void {
    if (this.reason === undefined) this.reason = reason;
  }

  /**
   * The run recorded so far: RAW losses, the smoothed losses, validation losses when any step had one, wall times
   * and the metadata.
   *
   * @example
   * new LrRecorder().toRun().lrs.length; // => 0
   */
  toRun(): Run {
    const run: { -readonly [K in keyof Run]: Run[K] } = {
      lrs: Float64Array.from(this.lrs),
      losses: Float64Array.from(this.losses),
      smoothedLosses: Float64Array.from(this.smoothed),
      times: Float64Array.from(this.times),
      meta: { ...this.meta },
    };
    if (this.hasVal) run.valLosses = Float64Array.from(this.valLosses);
    if (this.reason !== undefined) run.stopReason = this.reason;
    return withJsonArrays(run);
  }
}
