/**
 * The range test on a compiled tfjs `LayersModel`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { LrfindError } from '../../errors.js';
import { analyzeRuns } from '../../analysis/combine.js';
import { confirmLr, confirmPlan, type Confirmation } from '../../confirm/index.js';
import {
  analyzeOptionsOf,
  analyzeRun,
  assertConfirmPlanOptions,
  measuredResult,
  planCandidates,
  recordRangeTest,
  type LrFindResult,
  type RangeTestOptions,
} from '../../recorder/loop.js';
import type { RunMeta } from '../../runs/run.js';
import { accumulatingStep } from './accumulate.js';
import { ensureTrainable, useBackend, type BackendPreference } from './backend.js';
import { assertTensorData, datasetSource, inModelOrder, isDataset, tensorSource, type BatchDataset, type BatchSource, type TensorData } from './data.js';
import { optimizerName, setLearningRate } from './optimizer.js';
import { snapshotTraining } from './state.js';
import { lockModel } from './lock.js';
import { guardStep } from './tape.js';
import { assertCompiledModel, firstNumber, trainableState } from './model.js';
import { holdBack, tfjsTrials, type ConfirmOptions, type HeldBack } from './confirm.js';
import * as msg from './messages.js';

/** Options of {@link lrFind}. */
export interface LrFindOptions extends RangeTestOptions {
  /** Examples per step, for `{ x, y }` data (a dataset brings its own batches). __Default value:__ `32` */
  readonly batchSize?: number;
  /** Shuffle `{ x, y }` data, a new seeded order every pass. __Default value:__ `true` */
  readonly shuffle?: boolean;
  /** Seed of the shuffle. __Default value:__ `0` */
  readonly seed?: number;
  /**
   * Validation data: its loss is measured after EVERY step and kept as `valLosses` (slow — a full evaluation per
   * step; keep it small). __Default value:__ none
   */
  readonly validationData?: TensorData;
  /**
   * Switch the (global) tfjs backend first: `'auto'` picks the fastest one (see `useBackend`). By default the
   * current backend is kept. Either way, a backend that cannot train the model is replaced by `cpu` before the
   * test, with a notice. __Default value:__ `undefined` (keep the current backend)
   */
  readonly backend?: BackendPreference;
  /** Where one-line notices (a backend fallback) go. __Default value:__ `console.warn` */
  readonly onNotice?: (message: string) => void;
  /**
   * Batches per lr step, their gradients averaged before one optimizer step (pytorch-lr-finder's
   * `accumulation_steps`): range-tests an effective batch `accumulate` times `batchSize` when memory (a browser's
   * WebGL) holds only small ones. The recorded loss is the mean of the step's batch losses; `meta.accumulate` says
   * so. Each step costs `accumulate` forward and backward passes. __Default value:__ `1`
   */
  readonly accumulate?: number;
  /**
   * Confirm trials after the test — on by default: lrfind trains short trials at its best candidate lrs from the
   * restored state on the same batches, prunes them by successive halving and answers with the lr whose trial reached
   * the lowest validation loss (`result.answer`, `basis: 'measured'`; the trials are `result.confirmation`). They cost
   * about 3× the range test's steps (4× in all), and on the evaluation corpus they cut the answer's regret by more
   * than half. Measured on `validationData` (the trials' own `confirm.validationData` first), else on a slice of the
   * training data held back before the range test — nothing ever trains on it; data too small to hold any back skips
   * the default trials with a notice. `false` turns them off (the range-test estimate answers). With `repeats`, once,
   * after the last test, on the candidates of the combined analysis. __Default value:__ `true`
   */
  readonly confirm?: boolean | ConfirmOptions;
  /**
   * Range-test the model this many times, each from the same restored state with another batch order (shuffle seeds
   * `seed`, `seed + 1`, …; a `tf.data` dataset brings its own order each pass), and answer from the median curve of
   * the runs (`analyzeRuns`): one unlucky batch order cannot move the answer, and `repeats.spreadDecades` shows how
   * reproducible it is. Costs `repeats` range tests. __Default value:__ `1`
   */
  readonly repeats?: number;
}

/**
 * The learning-rate range test (Smith 2015; fastai's `lr_find`) on a compiled tfjs model: trains `numIt` batches
 * at exponentially (or linearly) growing learning rates, records every raw loss, stops when the loss diverges or
 * turns non-finite, then puts the model back exactly as it was and analyzes the curve.
 *
 * Afterwards the model's weights (trainable and not), the optimizer's state (its slots — momentum, Adam
 * moments —, iteration count and learning rate) are bit-identical to before — also when the loss turns NaN, the
 * caller aborts or training throws. `trainable` flags are never touched; which layers were trainable is recorded
 * (`meta.trainableLayers`, `meta.frozenLayers`). A model with frozen layers gets `meta.frozen: true` and one
 * recommended lr for its head (the inflection method); pass `frozen: false` for an unfrozen fine-tune to get a slice
 * for discriminative lrs; a model with every layer trainable otherwise gets lrfind's own recommendation.
 * No tensor is leaked.
 *
 * Each step is one `model.trainOnBatch` at the scheduled lr; the data cycles for as many passes as `numIt` needs.
 *
 * @param model - a compiled `tf.LayersModel`.
 * @param data - `{ x, y }` tensors, or a `tf.data.Dataset` of `{ xs, ys }` batches (as `fitDataset` takes).
 * @param options - `startLr` (1e-7), `endLr` (10), `numIt` (100), `schedule` ('exp'), `batchSize` (32),
 * `stopDiv` (true), `signal`, `onProgress`, … (see {@link LrFindOptions}).
 * @returns the run (RAW losses, smoothed losses, times, stop reason, metadata) and its analysis.
 * @throws {TypeError} / {RangeError} for a bad model, data or option; {LrfindError} `E_ABORTED` when `signal`
 * aborts and `E_TRAINING` when a step throws — both after the restore, with the partial run in `details.run`;
 * `E_BUSY` at once, touching nothing, when the model is already in a range test (another `lrFind`, a
 * `lrFinderCallback`'s `fit`) or training in `fit`.
 * @example
 * const { run, analysis } = await lrFind(model, { x: xs, y: ys }, { numIt: 100 });
 * run.stopReason;                    // => 'diverged'
 * analysis.choice.suggestion;        // => { lr: 0.0021, index: 58 }
 */
export async function lrFind(
  model: tf.LayersModel,
  data: TensorData | BatchDataset,
  options: LrFindOptions = {},
): Promise<LrFindResult> {
  const { repeats = 1 } = options;
  if (!Number.isSafeInteger(repeats) || repeats < 1 || repeats > 100) {
    throw msg.mustBeIn('lrFind', 'repeats', 'an integer in [1, 100]', repeats);
  }
  assertCompiledModel('lrFind', model);
  // one range test per model: a second call is refused here, before anything is touched
  const release = lockModel('lrFind', model);
  // the global backend goes back to what it was (a backend option or a fallback to cpu switch it for the test only)
  const backendBefore = tf.getBackend();
  try {
    return await lrFindWithBackend(model, data, options, repeats);
  } finally {
    try {
      if (backendBefore && tf.getBackend() !== backendBefore) await tf.setBackend(backendBefore);
    } finally {
      release();
    }
  }
}

async function lrFindWithBackend(model: tf.LayersModel, data: TensorData | BatchDataset, options: LrFindOptions, repeats: number): Promise<LrFindResult> {
  const split = await heldBackFor(model, data, options);
  const held = split === 'off' || split === null ? undefined : split;
  const opts = split === 'off' ? { ...options, confirm: false } : options;
  try {
    const train = held?.train ?? data;
    if (repeats > 1) return await lrFindRepeated(model, train, opts, repeats, held);
    return await lrFindOnce(model, train, opts, undefined, held);
  } finally {
    held?.dispose();
  }
}

/**
 * The slice the confirm trials are measured on when there is no validation data, held back BEFORE any range test so
 * that nothing — no range test, no trial — ever trains on it; `null` when the trials have validation data or do not
 * run, `'off'` when data too small to hold any back turns the default trials off with a notice (asked-for trials throw).
 */
async function heldBackFor(model: tf.LayersModel, data: TensorData | BatchDataset, options: LrFindOptions): Promise<HeldBack | null | 'off'> {
  const { confirm = true } = options;
  if (confirm === false || typeof confirm !== 'object' && confirm !== true) return null;
  const given = (typeof confirm === 'object' && confirm !== null ? confirm.validationData : undefined) ?? options.validationData;
  if (given !== undefined) return null;
  assertCompiledModel('lrFind', model);
  if (typeof data !== 'object' || data === null) {
    throw msg.mustBeType('lrFind', 'data', '{ x, y } tensors or a tf.data.Dataset', data);
  }
  if (!isDataset(data)) assertTensorData('lrFind', 'data', data);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw msg.mustBeIn('lrFind', 'seed', 'an integer', seed);
  try {
    return await holdBack('lrFind', data, typeof confirm === 'object' && confirm !== null ? confirm.holdBack : undefined, seed);
  } catch (error) {
    if (options.confirm !== undefined) throw error;
    (options.onNotice ?? console.warn)(`lrFind: no confirm trials: ${(error as Error).message}; the answer is the range-test estimate`);
    return 'off';
  }
}

async function lrFindRepeated(
  model: tf.LayersModel,
  data: TensorData | BatchDataset,
  options: LrFindOptions,
  repeats: number,
  held: HeldBack | undefined,
): Promise<LrFindResult> {
  const seed = options.seed ?? 0;
  const results: LrFindResult[] = [];
  let combined: ReturnType<typeof analyzeRuns> | null = null;
  for (let k = 0; k < repeats; k++) {
    // each range test restores the model exactly, so every repeat starts from the same state; the confirm trials
    // run once, after the last, on the candidates of the combined analysis
    const last = k === repeats - 1;
    results.push(
      await lrFindOnce(
        model,
        data,
        { ...options, seed: seed + k, meta: { ...options.meta, repeat: k + 1, repeats }, ...(last ? {} : { confirm: false }) },
        last
          ? (run) => {
              const runs = [...results.map((r) => r.run), run];
              combined = analyzeRuns(runs, analyzeOptionsOf(runs[0]));
              return combined.analysis;
            }
          : undefined,
        held,
      ),
    );
  }
  const runs = results.map((r) => r.run);
  const all = (combined ?? analyzeRuns(runs, analyzeOptionsOf(runs[0]))) as ReturnType<typeof analyzeRuns>;
  const { confirmation } = results[repeats - 1];
  const repeatsInfo = { runs, perRun: all.perRun, spreadDecades: all.spreadDecades };
  if (confirmation) return { ...measuredResult(runs[0], all.analysis, confirmation), repeats: repeatsInfo };
  return { answer: all.analysis.answer, run: runs[0], analysis: all.analysis, repeats: repeatsInfo };
}

async function lrFindOnce(
  model: tf.LayersModel,
  data: TensorData | BatchDataset,
  options: LrFindOptions,
  // the analysis the confirm trials take their candidates from (repeats: the combined one)
  confirmAnalysis?: (run: LrFindResult['run']) => LrFindResult['analysis'],
  // the slice held back for the trials (`data` is then the rest)
  held?: HeldBack,
): Promise<LrFindResult> {
  const optimizer = assertCompiledModel('lrFind', model);
  const { batchSize = 32, shuffle = true, seed = 0, validationData, backend, onNotice, accumulate = 1 } = options;
  if (!Number.isSafeInteger(accumulate) || accumulate < 1) {
    throw msg.mustBeIn('lrFind', 'accumulate', 'an integer >= 1', accumulate);
  }
  if (typeof shuffle !== 'boolean') throw msg.mustBeType('lrFind', 'shuffle', 'a boolean', shuffle);
  if (!Number.isSafeInteger(seed)) throw msg.mustBeIn('lrFind', 'seed', 'an integer', seed);
  if (validationData !== undefined) assertTensorData('lrFind', 'validationData', validationData);
  if (typeof data !== 'object' || data === null) {
    throw msg.mustBeType('lrFind', 'data', '{ x, y } tensors or a tf.data.Dataset', data);
  }
  const { confirm = true } = options;
  if (typeof confirm !== 'boolean' && (typeof confirm !== 'object' || confirm === null || Array.isArray(confirm))) {
    throw msg.mustBeType('lrFind', 'confirm', 'a boolean or { candidates, steps, budget, validationData }', confirm);
  }
  const confirmOptions: ConfirmOptions | null = confirm === false ? null : confirm === true ? {} : confirm;
  if (confirmOptions) {
    // checked now, not after the range test has run
    assertConfirmPlanOptions('lrFind', confirmOptions);
    if (confirmOptions.validationData !== undefined) assertTensorData('lrFind', 'confirm.validationData', confirmOptions.validationData);
  }
  if (backend !== undefined) await useBackend(backend);
  // `data` is already what the range test trains on: the slice the trials are measured on was held back in lrFind
  const source: BatchSource = isDataset(data) ? await datasetSource('lrFind', data) : tensorSource('lrFind', data, batchSize, shuffle, seed);
  try {
    const { backend: active } = await ensureTrainable(model, source.sample.xs, source.sample.ys, onNotice ? { onNotice } : {});
    const layers = trainableState(model);
    // some layers frozen → a frozen body; all trainable could be from scratch or an unfrozen fine-tune: the caller says
    const frozen = options.frozen ?? (layers.frozen.length > 0 ? true : undefined);
    const meta: RunMeta = {
      batchSize: source.batchSize,
      optimizer: optimizerName(optimizer),
      backend: active,
      ...(isDataset(data) ? {} : { seed, shuffle }),
      // full batch (batchesPerEpoch 1) is then a fact for the analysis, not a guess from the noise
      ...(source.examples === undefined ? {} : { trainExamples: source.examples }),
      ...(source.batchesPerEpoch === undefined ? {} : { batchesPerEpoch: source.batchesPerEpoch }),
      ...(accumulate > 1 ? { accumulate } : {}),
      trainableLayers: layers.trainable,
      frozenLayers: layers.frozen,
      ...options.meta,
    };
    const state = snapshotTraining(model);
    try {
      const run = await recordRangeTest(
        'lrFind',
        accumulate > 1
          ? accumulatingStep(model, optimizer, () => source.next(), accumulate, (lr) => setLearningRate(optimizer, lr))
          : async (lr) => {
              const { xs, ys } = await source.next();
              setLearningRate(optimizer, lr);
              return firstNumber(await guardStep(() => model.trainOnBatch(xs, ys)));
            },
        {
          ...options,
          frozen,
          meta,
          validate:
            validationData === undefined
              ? undefined
              : () => {
                  const x = inModelOrder('lrFind', validationData.x, model.inputNames, 'input');
                  const y = inModelOrder('lrFind', validationData.y, model.outputNames, 'output');
                  const out = model.evaluate(x, y, { batchSize: source.batchSize });
                  const value = firstNumber(out);
                  tf.dispose(out);
                  return value;
                },
        },
      );
      const analysis = analyzeRun(run);
      if (!confirmOptions) return { answer: analysis.answer, run, analysis };
      const confirmation = await confirmTrials(model, state, data, run, confirmAnalysis?.(run) ?? analysis, source.batchSize, {
        shuffle,
        seed,
        validationData: held?.validation ?? validationData,
        heldBack: held !== undefined,
        options,
        confirmOptions,
      });
      return measuredResult(run, analysis, confirmation);
    } finally {
      // a restore that throws must not keep the snapshot's tensors
      try {
        state.restore();
      } finally {
        state.dispose();
      }
    }
  } finally {
    source.dispose();
  }
}

/** Plan and run the confirm trials of {@link lrFind} (the model is restored before and after each one). */
async function confirmTrials(
  model: tf.LayersModel,
  state: ReturnType<typeof snapshotTraining>,
  data: TensorData | BatchDataset,
  run: LrFindResult['run'],
  analysis: LrFindResult['analysis'],
  batchSize: number,
  ctx: {
    shuffle: boolean;
    seed: number;
    validationData: TensorData | undefined;
    heldBack: boolean;
    options: LrFindOptions;
    confirmOptions: ConfirmOptions;
  },
): Promise<Confirmation> {
  const { confirmOptions: c, options } = ctx;
  const candidates = planCandidates('lrFind', analysis, c.candidates);
  const rangeTestSteps = Math.max(1, run.lrs.length);
  const plan = confirmPlan(candidates.length, { budget: c.budget, steps: c.steps, eta: c.eta, extend: c.extend, rangeTestSteps, resumable: true });
  // the trials use the budget to the step (the last round takes what is left)
  const planned = c.budget ?? (c.steps === undefined ? 3 * rangeTestSteps : plan.total);
  const trials = await tfjsTrials('lrFind', model, state, data, { batchSize, shuffle: ctx.shuffle, seed: ctx.seed }, {
    ...c,
    fallbackValidation: ctx.validationData,
    ...(ctx.heldBack ? { validationData: ctx.validationData, heldBack: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    plannedSteps: () => planned,
  });
  try {
    return await confirmLr(candidates, trials.trial, {
      fn: 'lrFind',
      rangeTestSteps,
      basis: trials.basis,
      resumable: true,
      onPruned: (lrs) => trials.release(lrs),
      ...(c.steps === undefined ? {} : { steps: c.steps }),
      ...(c.budget === undefined ? {} : { budget: c.budget }),
      ...(c.eta === undefined ? {} : { eta: c.eta }),
      ...(c.extend === undefined ? {} : { extend: c.extend }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    // an abort or a failed trial: the range test's run goes with the partial confirmation
    if (error instanceof LrfindError) {
      throw new LrfindError(error.code, error.message, { cause: error.cause, details: { ...error.details, run } });
    }
    throw error;
  } finally {
    trials.dispose();
  }
}
