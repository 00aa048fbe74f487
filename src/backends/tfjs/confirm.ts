/**
 * The confirm trials of `lrFind(…, { confirm })` on a tfjs model: each trial restores the model and optimizer to the
 * state before the range test, trains on the same batches at one constant lr, and measures the validation loss.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { DivergenceMonitor } from '../../analysis/divergence.js';
import type { ConfirmBasis, TrialFunction, TrialOutcome } from '../../confirm/index.js';
import type { ConfirmPlanOptions, RangeTestProgress } from '../../recorder/loop.js';
import { yieldToEventLoop } from '../../recorder/loop.js';
import { assertTensorData, datasetSource, inModelOrder, isDataset, isTensorOrArray, mapTensors, mulberry32, tensorSource, tensorsIn, tensorsOf, type BatchDataset, type TensorData, type TensorOrArray } from './data.js';
import { setLearningRate } from './optimizer.js';
import { captureTraining, type CapturedTraining, type TrainingState } from './state.js';
import { guardStep } from './tape.js';
import * as msg from './messages.js';
import { firstNumber } from './model.js';

/**
 * How far a trial's 5-step median training loss may rise above its best, in multiples of the first loss, before the
 * trial counts as diverged and stops: 100× (the evaluation's ground truth calls a run diverged at 100× its first loss).
 *
 * @example
 * TRIAL_BLOW_UP; // => 100
 */
export const TRIAL_BLOW_UP = 100;

/** The `confirm` option of the tfjs `lrFind`. */
export interface ConfirmOptions extends ConfirmPlanOptions {
  /**
   * Data the trials are measured on. __Default value:__ `lrFind`'s `validationData`, else a held-back slice of the
   * training data (see `holdBack`)
   */
  readonly validationData?: TensorData;
  /**
   * Without validation data: the fraction of `{ x, y }` examples (a seeded random subset) held back from the trials'
   * training to measure them on, or for a dataset the number of its first batches held back.
   * __Default value:__ `0.2` for tensors, `2` batches for a dataset
   */
  readonly holdBack?: number;
}

/** Everything a tfjs trial needs; built once per `lrFind` call. */
export interface TfjsTrials {
  readonly trial: TrialFunction;
  readonly basis: ConfirmBasis;
  /** Free the saved states of these lrs' trials (they will not be resumed). */
  release(lrs: readonly number[]): void;
  /** Free the held-back tensors and every saved trial state (idempotent). */
  dispose(): void;
}

const first = (t: TensorOrArray): tf.Tensor => tensorsOf(t)[0];

function gatherRows(t: TensorOrArray, idx: tf.Tensor1D): TensorOrArray {
  return mapTensors(t, (x) => tf.gather(x, idx));
}

function concatBatches(batches: { xs: TensorOrArray; ys: TensorOrArray }[]): TensorData {
  // a tensor, an array or a name → tensor map: concatenated part by part, in the first batch's shape
  const cat = (parts: TensorOrArray[]): TensorOrArray => {
    const p0 = parts[0];
    if (p0 instanceof tf.Tensor) return tf.concat(parts as tf.Tensor[]);
    if (Array.isArray(p0)) return p0.map((_, i) => tf.concat(parts.map((p) => (p as tf.Tensor[])[i])));
    return Object.fromEntries(Object.keys(p0).map((k) => [k, tf.concat(parts.map((p) => (p as tf.NamedTensorMap)[k]))]));
  };
  return { x: cat(batches.map((b) => b.xs)), y: cat(batches.map((b) => b.ys)) };
}

/** Training data split into what is trained on and a held-back slice that nothing trains on. */
export interface HeldBack {
  /** The data the range test and the trials train on. */
  readonly train: TensorData | BatchDataset;
  /** The held-back slice the trials are measured on. */
  readonly validation: TensorData;
  /** Free the tensors the split made (idempotent). */
  dispose(): void;
}

/**
 * Hold back part of the training data for measuring confirm trials: for `{ x, y }` tensors a seeded random subset of
 * `fraction` of the examples (not the tail: data sorted by class must not lose a class), for a dataset its first
 * `fraction` batches (`skip` gives the rest). Nothing trains on the held-back slice — not the range test, not a trial.
 *
 * @param fn - the public entry, for messages.
 * @param data - the training data.
 * @param fraction - examples' fraction in (0, 1) for tensors, a batch count ≥ 1 for a dataset. __Default value:__
 *   `0.2` for tensors, `2` batches for a dataset
 * @param seed - seed of the subset.
 * @throws {RangeError} for a bad `fraction` or data too small to hold any back.
 * @example
 * const { train, validation, dispose } = await holdBack('lrFind', { x, y }, 0.2, 0);
 * validation.x.shape[0]; // => 200 (of 1,000 examples)
 */
export async function holdBack(fn: string, data: TensorData | BatchDataset, fraction: number | undefined, seed: number): Promise<HeldBack> {
  const dataset = isDataset(data);
  if (fraction !== undefined) {
    const ok = dataset ? Number.isSafeInteger(fraction) && fraction >= 1 : typeof fraction === 'number' && fraction > 0 && fraction < 1;
    if (!ok) {
      throw msg.badHoldBack(fn, dataset, fraction);
    }
  }
  const owned: tf.Tensor[] = [];
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    tf.dispose(owned);
  };
  if (dataset) {
    const count = fraction ?? 2;
    const batches: { xs: TensorOrArray; ys: TensorOrArray }[] = [];
    const iterator = await data.iterator();
    let validation: TensorData;
    try {
      for (let i = 0; i < count; i++) {
        const out = await iterator.next();
        if (out.done) break;
        const value = out.value as unknown;
        const el = (Array.isArray(value) && value.length === 2 ? { xs: value[0], ys: value[1] } : value) as Partial<{ xs: TensorOrArray; ys: TensorOrArray }>;
        if (typeof el !== 'object' || el === null || !isTensorOrArray(el.xs) || !isTensorOrArray(el.ys)) {
          // the element is ours now: free what it holds before refusing it
          tf.dispose(tensorsIn(value));
          throw msg.badDatasetElement(fn, value);
        }
        batches.push({ xs: el.xs, ys: el.ys });
      }
      if (batches.length === 0) throw msg.datasetEmpty(fn);
      validation = concatBatches(batches);
    } finally {
      for (const b of batches) tf.dispose([...tensorsOf(b.xs), ...tensorsOf(b.ys)]);
    }
    owned.push(...tensorsOf(validation.x), ...tensorsOf(validation.y));
    return { train: data.skip(batches.length), validation, dispose };
  }
  const n = first(data.x).shape[0] ?? 0;
  const held = Math.max(1, Math.round(n * (fraction ?? 0.2)));
  if (n - held < 1) {
    throw msg.tooFewToHoldBack(fn, n, held);
  }
  const rng = mulberry32(seed ^ 0x5bd1e995);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const heldIdx = tf.tensor1d(order.slice(0, held).sort(), 'int32');
  const trainIdx = tf.tensor1d(order.slice(held).sort(), 'int32');
  const validation = { x: gatherRows(data.x, heldIdx), y: gatherRows(data.y, heldIdx) };
  const train = { x: gatherRows(data.x, trainIdx), y: gatherRows(data.y, trainIdx) };
  tf.dispose([heldIdx, trainIdx]);
  owned.push(...[validation.x, validation.y, train.x, train.y].flatMap(tensorsOf));
  return { train, validation, dispose };
}

/**
 * Build the trial function of `lrFind`'s confirm trials for a tfjs model.
 *
 * Every trial: `state.restore()` (the model and optimizer as before the range test), a fresh batch source with the
 * same seed (the same batches for every trial), `steps` calls of `trainOnBatch` at the constant `lr`, then
 * `model.evaluate` on the validation data (or the held-back slice) — and `state.restore()` again, whatever happens.
 * A longer trial of an lr already tried resumes where the shorter one stopped (its state was captured with
 * `captureTraining`): the same batches, the same bits, only the added steps' cost.
 * A trial whose training loss turns non-finite or blows up (its 5-step median rises 99× the first loss's size above its
 * best: about 100× the first loss, the evaluation's own divergence rule) stops early and ranks last. Anything milder —
 * Adam's first steps at a high lr often spike the loss 10–50× and recover — trains on and is judged by its validation
 * loss.
 *
 * @throws {TypeError} / {RangeError} for bad confirm options.
 * @example
 * const trials = await tfjsTrials('lrFind', model, state, { x, y }, { batchSize: 32, shuffle: true, seed: 0 }, {});
 * try { await trials.trial(1e-3, 50, { round: 0, index: 0 }); } finally { trials.dispose(); } // => 0.41
 */
export async function tfjsTrials(
  fn: string,
  model: tf.LayersModel,
  state: TrainingState,
  data: TensorData | BatchDataset,
  source: { batchSize: number; shuffle: boolean; seed: number },
  options: ConfirmOptions & {
    fallbackValidation?: TensorData;
    onProgress?: (progress: RangeTestProgress) => void;
    plannedSteps?: () => number;
    /** `validationData` is a slice held back from the training data (see {@link holdBack}): the basis says so. */
    heldBack?: boolean;
  },
): Promise<TfjsTrials> {
  const optimizer = model.optimizer;
  const given = options.validationData ?? options.fallbackValidation;
  if (given !== undefined) assertTensorData(fn, options.validationData === undefined ? 'validationData' : 'confirm.validationData', given);
  let validation: TensorData;
  let train: TensorData | BatchDataset;
  let split: HeldBack | null = null;
  if (given) {
    validation = given;
    train = data;
  } else {
    split = await holdBack(fn, data, options.holdBack, source.seed);
    validation = split.validation;
    train = split.train;
  }
  // a model with a fixed batch size (a stateful RNN) evaluates in its own batches only
  const fixedBatch = (model.inputs ?? []).some((input) => typeof input.shape[0] === 'number');
  const evalBatch = fixedBatch ? source.batchSize : Math.max(source.batchSize, 256);
  let done = 0;
  // where each lr's trial stopped: a longer trial of the same lr resumes there (bit-identical to starting again)
  const saved = new Map<number, { state: CapturedTraining; steps: number; losses: number[] }>();
  const release = (lr: number): void => {
    saved.get(lr)?.state.dispose();
    saved.delete(lr);
  };
  const trial: TrialFunction = async (lr, steps, info): Promise<TrialOutcome> => {
    state.restore();
    const prior = saved.get(lr);
    const from = prior !== undefined && prior.steps <= steps ? prior.steps : 0;
    if (prior !== undefined && from > 0) prior.state.apply();
    const batches = isDataset(train)
      ? await datasetSource(fn, train)
      : tensorSource(fn, train, source.batchSize, source.shuffle, source.seed);
    try {
      for (let i = 0; i < from; i++) await batches.next();
      setLearningRate(optimizer, lr);
      // diverged: the 5-step running median of the raw training loss rose TRIAL_BLOW_UP − 1 times the first loss's
      // size above its best (scale floored at the first loss: a loss that has fallen close to zero must not count its
      // batch noise as a blow-up). Not the range test's 4×: a constant-lr trial is judged by its validation loss, and
      // an early transient (Adam at a high lr: ×10–50 on step 2, then recovering) is no divergence
      const monitor = new DivergenceMonitor({ factor: TRIAL_BLOW_UP, floor: 1 });
      const losses = from > 0 && prior ? prior.losses.slice() : [];
      const median = (end: number): number => {
        const w = losses.slice(Math.max(0, end - 5), end).sort((a, b) => a - b);
        return w[Math.floor((w.length - 1) / 2)];
      };
      for (let i = 1; i <= losses.length; i++) monitor.update(median(i));
      for (let i = from; i < steps; i++) {
        if (info.signal?.aborted) {
          throw msg.trialAborted(fn, lr, i, steps, info.signal.reason);
        }
        const { xs, ys } = await batches.next();
        const loss = firstNumber(await guardStep(() => model.trainOnBatch(xs, ys)));
        done++;
        options.onProgress?.({ phase: 'trial', step: done, numIt: options.plannedSteps?.() ?? done, lr, loss, smoothedLoss: loss });
        losses.push(loss);
        if (!Number.isFinite(loss) || monitor.update(median(losses.length)) !== null) {
          release(lr);
          return { loss: NaN, steps: i + 1, diverged: true, trained: i + 1 - from };
        }
        if (i % 8 === 7) await yieldToEventLoop();
      }
      const out = model.evaluate(
        inModelOrder(fn, validation.x, model.inputNames, 'input'),
        inModelOrder(fn, validation.y, model.outputNames, 'output'),
        { batchSize: evalBatch },
      );
      const value = firstNumber(out as tf.Scalar | tf.Scalar[]);
      tf.dispose(out);
      release(lr);
      if (!info.final && Number.isFinite(value)) saved.set(lr, { state: captureTraining(model), steps, losses });
      return { loss: value, steps, diverged: !Number.isFinite(value), trained: steps - from };
    } finally {
      batches.dispose();
      state.restore();
    }
  };
  let disposed = false;
  return {
    trial,
    basis: given && options.heldBack !== true ? 'validation' : 'held-back',
    release(lrs) {
      for (const lr of lrs) release(lr);
    },
    dispose() {
      for (const lr of [...saved.keys()]) release(lr);
      if (disposed) return;
      disposed = true;
      split?.dispose();
    },
  };
}
