/**
 * Training with a schedule: a tfjs callback that sets the lr (and momentum) of every batch from any
 * {@link Schedule} — one-cycle, cyclical, fastai's preset or your own.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../../schedules/types.js';
import { getMomentum, setMomentum } from './momentum.js';
import { getLearningRate, setLearningRate } from './optimizer.js';
import * as msg from './messages.js';

/** Options of {@link scheduleCallback}. */
export interface ScheduleCallbackOptions {
  /**
   * Apply the schedule's momentum where the optimizer has one (`momentum`, RMSProp's `momentum`, Adam's and
   * Adamax's β1); `false` leaves the optimizer's momentum alone. __Default value:__ `true`
   */
  readonly momentum?: boolean;
  /** The schedule step of the first batch (to resume a training). __Default value:__ `0` */
  readonly initialStep?: number;
}

/** What a {@link ScheduleCallback} applied, batch by batch (for plotting and checks). */
export interface ScheduleHistory {
  /** The lr each batch trained with. */
  readonly lrs: number[];
  /** The momentum each batch trained with, `null` where the optimizer has none. */
  readonly momentums: (number | null)[];
  /** Each batch's training loss, as `fit` reports it (`NaN` when the logs have none). */
  readonly losses: number[];
}

async function lossOf(logs: Record<string, unknown> | undefined): Promise<number> {
  const loss = logs?.loss;
  if (typeof loss === 'number') return loss;
  if (loss instanceof tf.Tensor) return (await loss.data())[0];
  return NaN;
}

/**
 * A tfjs callback applying a schedule per batch during `model.fit` / `fitDataset`: before batch `i` (counted across
 * epochs from `initialStep`) it sets the optimizer's lr to `schedule(i).lr` and, when the schedule has one and the
 * optimizer supports it, its momentum to `schedule(i).momentum`. It restores nothing — this is training — and keeps
 * the {@link ScheduleHistory}. Cost: one schedule call and a scalar update per batch (sgd and momentum rebuild one
 * scalar tensor each), negligible next to a training step.
 *
 * A schedule shorter than the training throws at the first batch past its end (an {@link LrfindError}
 * `E_OPTION` naming the step); size it with {@link ScheduleCallback.stepsFor}.
 *
 * @example
 * const steps = ScheduleCallback.stepsFor(60000, 64, 3); // => 2814
 * const cb = scheduleCallback(oneCycleSchedule({ maxLr: 3e-3, totalSteps: steps }));
 * await model.fit(x, y, { batchSize: 64, epochs: 3, callbacks: [cb] });
 * cb.history.lrs.length; // => 2814
 */
export class ScheduleCallback extends tf.Callback {
  /** What was applied so far, batch by batch. */
  readonly history: ScheduleHistory = { lrs: [], momentums: [], losses: [] };
  /** The schedule step of the next batch. */
  step: number;
  private readonly schedule: Schedule;
  private readonly applyMomentum: boolean;

  constructor(schedule: Schedule, options: ScheduleCallbackOptions = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw msg.mustBeType('scheduleCallback', 'schedule', 'a function (step) => { lr, momentum? }', schedule);
    }
    const { momentum = true, initialStep = 0 } = options;
    if (!Number.isSafeInteger(initialStep) || initialStep < 0) {
      throw msg.mustBeIn('scheduleCallback', 'initialStep', 'an integer >= 0', initialStep);
    }
    this.schedule = schedule;
    this.applyMomentum = momentum;
    this.step = initialStep;
  }

  /**
   * Batches `fit` runs: `epochs · ceil(numSamples / batchSize)` (it keeps the last incomplete batch) — the
   * `totalSteps` of a schedule for that training.
   *
   * @example
   * ScheduleCallback.stepsFor(1000, 32, 3); // => 96
   */
  static stepsFor(numSamples: number, batchSize: number, epochs: number): number {
    for (const [name, value] of [['numSamples', numSamples], ['batchSize', batchSize], ['epochs', epochs]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw msg.mustBeIn('ScheduleCallback.stepsFor', name, 'an integer >= 1', value);
      }
    }
    return epochs * Math.ceil(numSamples / batchSize);
  }

  override async onTrainBegin(): Promise<void> {
    getLearningRate('scheduleCallback', this.model.optimizer);
  }

  override async onBatchBegin(): Promise<void> {
    const optimizer = this.model.optimizer;
    let value: ReturnType<Schedule>;
    try {
      value = this.schedule(this.step);
    } catch (error) {
      throw msg.scheduleHasNoStep(this.step, error);
    }
    const { lr, momentum } = value;
    if (typeof lr !== 'number' || !Number.isFinite(lr) || !(lr >= 0)) {
      throw msg.badScheduleLr(this.step, lr);
    }
    setLearningRate(optimizer, lr);
    if (this.applyMomentum && momentum !== undefined) setMomentum(optimizer, momentum);
    this.history.lrs.push(lr);
    this.history.momentums.push(getMomentum(optimizer) ?? null);
  }

  override async onBatchEnd(_batch: number, logs?: Record<string, unknown>): Promise<void> {
    this.history.losses.push(await lossOf(logs));
    this.step++;
  }
}

/**
 * A callback that trains with `schedule` inside your own `model.fit` or `fitDataset` (see {@link ScheduleCallback}).
 *
 * @param schedule - any schedule: `oneCycleSchedule`, `cyclicSchedule`, `fitOneCycleSchedule`, or your own
 * `(step) => ({ lr, momentum? })`.
 * @param options - `momentum` (apply it, default `true`), `initialStep` (default 0).
 * @returns the callback; `cb.history` holds the lrs, momentums and losses applied.
 * @throws {TypeError} when `schedule` is not a function; {RangeError} for a bad `initialStep`.
 * @example
 * const { schedule } = oneCycleFromAnalysis(analysis, { totalSteps: ScheduleCallback.stepsFor(n, 64, 3) });
 * const cb = scheduleCallback(schedule!);
 * await model.fit(x, y, { batchSize: 64, epochs: 3, callbacks: [cb] });
 * cb.history.lrs[0]; // => maxLr / 25
 */
export function scheduleCallback(schedule: Schedule, options: ScheduleCallbackOptions = {}): ScheduleCallback {
  return new ScheduleCallback(schedule, options);
}
