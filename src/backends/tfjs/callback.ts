/**
 * The range test as a callback inside the user's own `model.fit` (the Keras LRFinder pattern).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { analyzeRun, type LrFindResult, type RangeTestOptions } from '../../recorder/loop.js';
import { LrRecorder } from '../../recorder/recorder.js';
import { numItTooSmall } from '../../recorder/messages.js';
import { expLr, linearLr, resolveSchedule, type ResolvedSchedule } from '../../recorder/schedule.js';
import { getLearningRate, optimizerName, setLearningRate } from './optimizer.js';
import { snapshotTraining, type TrainingState } from './state.js';
import { trainableState } from './model.js';
import { lockModel } from './lock.js';
import { releaseFailedTape } from './tape.js';
import * as msg from './messages.js';

/** Options of {@link lrFinderCallback}: the schedule, stop rule, signal and progress of every range test. */
export type LrFinderCallbackOptions = RangeTestOptions;

async function lossOf(logs: Record<string, unknown> | undefined): Promise<number> {
  const loss = logs?.loss;
  if (typeof loss === 'number') return loss;
  if (loss instanceof tf.Tensor) return (await loss.data())[0];
  throw msg.noLossInLogs(loss);
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined);

/**
 * What `fit`/`fitDataset` tell a callback of an epoch: the training examples (`fit`: after `validationSplit`) and the
 * batches per epoch (`stepsPerEpoch` or `fitDataset`'s `batchesPerEpoch`/dataset size; else examples ÷ batch size,
 * the last batch kept). Unknown values are left out.
 */
function epochShape(params: Record<string, unknown> | undefined): { trainExamples?: number; batchesPerEpoch?: number } {
  const examples = count(params?.samples);
  const batch = count(params?.batchSize);
  const batches = count(params?.steps) ?? (examples !== undefined && batch !== undefined ? Math.ceil(examples / batch) : undefined);
  return { ...(examples === undefined ? {} : { trainExamples: examples }), ...(batches === undefined ? {} : { batchesPerEpoch: batches }) };
}

/**
 * A tfjs callback that runs the range test inside `model.fit`: before each batch it sets the scheduled lr, after it
 * records the raw loss, and it stops `fit` (`model.stopTraining`) after `numIt` batches, on divergence or a
 * non-finite loss, or when `signal` aborts. At the end of training it restores the weights and the optimizer
 * bit for bit and its `result` holds the run and its analysis.
 *
 * If `fit` itself throws, tfjs never calls `onTrainEnd`: call {@link LrFinderCallback.restore} in a `finally`
 * (it does nothing when the state is already restored). One range test per model: from `onTrainBegin` to the
 * restore, `lrFind` on the model is refused (`E_BUSY`), and so is this callback's `fit` while the model is in one.
 *
 * @example
 * const finder = new LrFinderCallback({ numIt: 50 });
 * await model.fit(x, y, { epochs: finder.epochsFor(x.shape[0], 32), callbacks: [finder] });
 * finder.result?.run.lrs.length; // => 50
 */
export class LrFinderCallback extends tf.Callback {
  /** The run and its analysis, once `fit` has returned. */
  result: LrFindResult | undefined;
  private readonly options: RangeTestOptions;
  private readonly schedule: ResolvedSchedule;
  private state: TrainingState | null = null;
  private unlock: (() => void) | null = null;
  private recorder: LrRecorder | null = null;
  private step = 0;
  private lr = NaN;

  constructor(options: LrFinderCallbackOptions = {}) {
    super();
    this.options = options;
    this.schedule = resolveSchedule('lrFinderCallback', options);
    if (this.schedule.numIt < 2) throw numItTooSmall('lrFinderCallback', this.schedule.numIt);
  }

  /**
   * Epochs `fit` needs for the full test: `ceil(numIt / ceil(numSamples / batchSize))` (fit keeps the last
   * incomplete batch of each epoch).
   *
   * @example
   * lrFinderCallback({ numIt: 100 }).epochsFor(1000, 32); // => 4
   */
  epochsFor(numSamples: number, batchSize = 32): number {
    if (!(numSamples >= 1) || !(batchSize >= 1)) {
      throw msg.badEpochsFor(numSamples, batchSize);
    }
    return Math.ceil(this.schedule.numIt / Math.ceil(numSamples / batchSize));
  }

  override async onTrainBegin(): Promise<void> {
    const model = this.model;
    const optimizer = model.optimizer;
    getLearningRate('lrFinderCallback', optimizer);
    this.restore();
    // one range test per model (fit itself is this callback's training: not a reason to refuse)
    this.unlock = lockModel('lrFinderCallback', model, false);
    this.result = undefined;
    this.step = 0;
    const layers = trainableState(model);
    const frozen = this.options.frozen ?? (layers.frozen.length > 0 ? true : undefined);
    this.state = snapshotTraining(model);
    const s = this.schedule;
    this.recorder = new LrRecorder({
      stopDiv: this.options.stopDiv,
      beta: this.options.beta,
      meta: {
        schedule: s.schedule,
        startLr: s.startLr,
        endLr: s.endLr,
        numIt: s.numIt,
        ...(typeof this.params?.batchSize === 'number' ? { batchSize: this.params.batchSize } : {}),
        // full batch (batchesPerEpoch 1) is then a fact for the analysis, as with lrFind
        ...epochShape(this.params),
        optimizer: optimizerName(optimizer),
        backend: tf.getBackend(),
        ...(frozen === undefined ? {} : { frozen }),
        trainableLayers: layers.trainable,
        frozenLayers: layers.frozen,
        ...this.options.meta,
      },
    });
  }

  override async onBatchBegin(): Promise<void> {
    const s = this.schedule;
    this.lr = (s.schedule === 'exp' ? expLr : linearLr)(s.startLr, s.endLr, s.numIt, this.step);
    setLearningRate(this.model.optimizer, this.lr);
  }

  override async onBatchEnd(_batch: number, logs?: Record<string, unknown>): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || recorder.stopReason !== undefined) return;
    const loss = await lossOf(logs);
    const reason = recorder.record(this.lr, loss);
    this.step++;
    this.options.onProgress?.({
      step: this.step,
      numIt: this.schedule.numIt,
      lr: this.lr,
      loss,
      smoothedLoss: recorder.smoothedLoss,
    });
    if (reason === null && this.options.signal?.aborted) recorder.finish('aborted');
    if (reason !== null || recorder.stopReason !== undefined || this.step >= this.schedule.numIt) {
      this.model.stopTraining = true;
    }
  }

  override async onTrainEnd(): Promise<void> {
    const recorder = this.recorder;
    this.restore();
    if (!recorder) return;
    recorder.finish('completed');
    const run = recorder.toRun();
    if (run.lrs.length === 0) {
      throw msg.fitRanNoBatch();
    }
    const analysis = analyzeRun(run);
    this.result = { answer: analysis.answer, run, analysis };
  }

  /** Restore the model and optimizer to their state at the start of `fit` (idempotent). */
  restore(): void {
    try {
      if (this.state) {
        // after fit threw mid-step: free what the failed gradient computation left on tfjs' tape
        releaseFailedTape();
        this.state.restore();
        this.state.dispose();
        this.state = null;
      }
    } finally {
      this.unlock?.();
      this.unlock = null;
    }
  }
}

/**
 * The range test as a callback for your own `model.fit` (the Keras pattern). Give `fit` enough epochs
 * (`finder.epochsFor(numSamples, batchSize)`); the callback stops it after `numIt` batches or on divergence.
 *
 * @param options - `startLr` (1e-7), `endLr` (10), `numIt` (100), `schedule` ('exp'), `stopDiv`, `beta`,
 * `signal`, `onProgress`, `frozen`, `meta`.
 * @returns the callback; after `fit`, `finder.result` is `{ run, analysis }`.
 * @throws {RangeError} for bad schedule options.
 * @example
 * const finder = lrFinderCallback({ numIt: 100 });
 * try {
 *   await model.fit(x, y, { batchSize: 32, epochs: finder.epochsFor(x.shape[0], 32), callbacks: [finder] });
 * } finally {
 *   finder.restore();
 * }
 * finder.result?.analysis.choice.suggestion; // => { lr: 0.0021, index: 58 }
 */
export function lrFinderCallback(options: LrFinderCallbackOptions = {}): LrFinderCallback {
  return new LrFinderCallback(options);
}
