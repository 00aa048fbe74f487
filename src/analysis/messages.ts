/**
 * The messages of the analysis layer, in one place (after vega-lite's `log/message.ts`): each builder takes the
 * variable parts (the function, the option, the bad value) and returns the error — a `TypeError` / `RangeError`
 * for a programming mistake at the API, an {@link LrfindError} with its stable code for a bad run — for the
 * caller to `throw`. The wording is the contract the tests match; change it here or not at all.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';

/**
 * An argument that must be an array of numbers is not.
 * @example
 * notNumericArray('ema', 'values', 'x').message; // => 'ema: values must be an array of numbers (got "x")'
 */
export const notNumericArray = (fn: string, name: string, value: unknown): TypeError =>
  new TypeError(`${fn}: ${name} must be an array of numbers (got ${describeValue(value)})`);

/**
 * One element of a numeric array is not a number.
 * @example
 * notANumberAt('ema', 'values', 2, 'x').message; // => 'ema: values[2] must be a number (got "x")'
 */
export const notANumberAt = (fn: string, name: string, index: number, value: unknown): TypeError =>
  new TypeError(`${fn}: ${name}[${index}] must be a number (got ${describeValue(value)})`);

/**
 * The options argument is not an object.
 * @example
 * optionsNotObject('analyze', 'fast').message; // => 'analyze: options must be an object (got "fast")'
 */
export const optionsNotObject = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: options must be an object (got ${describeValue(value)})`);

/**
 * An option of the wrong type; `what` words what it must be.
 * @example
 * optionType('analyze', 'frozen', 'a boolean', 'false').message; // => 'analyze: frozen must be a boolean (got "false")'
 */
export const optionType = (fn: string, name: string, what: string, value: unknown): TypeError =>
  new TypeError(`${fn}: ${name} must be ${what} (got ${describeValue(value)})`);

/**
 * The curve argument is not an object `{ lrs, losses }`.
 * @example
 * notACurve('analyze', null).message; // => 'analyze: curve must be an object { lrs, losses } (got null)'
 */
export const notACurve = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: curve must be an object { lrs, losses } (got ${describeValue(value)})`);

/**
 * `lrs` and `losses` differ in length (`E_LENGTH_MISMATCH`).
 * @example
 * curveLengthMismatch('analyze', 3, 2).message; // => 'analyze: lrs and losses must have the same length (got 3 and 2)'
 */
export const curveLengthMismatch = (fn: string, lrs: number, losses: number): LrfindError =>
  new LrfindError('E_LENGTH_MISMATCH', `${fn}: lrs and losses must have the same length (got ${lrs} and ${losses})`, {
    details: { lrs, losses },
  });

/**
 * The curve has no points (`E_EMPTY`).
 * @example
 * curveEmpty('analyze').message; // => 'analyze: the run is empty (no points)'
 */
export const curveEmpty = (fn: string): LrfindError => new LrfindError('E_EMPTY', `${fn}: the run is empty (no points)`);

/**
 * A learning rate that is zero, negative, NaN or infinite (`E_BAD_LR`).
 * @example
 * curveBadLr('analyze', 1, 0).message; // => 'analyze: learning rates must be finite and > 0 (got lrs[1] = 0)'
 */
export const curveBadLr = (fn: string, index: number, value: number): LrfindError =>
  new LrfindError('E_BAD_LR', `${fn}: learning rates must be finite and > 0 (got lrs[${index}] = ${describeValue(value)})`, {
    details: { index, value },
  });

/**
 * The learning rates do not step up (`E_LR_ORDER`); `problem` is the text `lrOrderMessage` words.
 * @example
 * curveLrOrder('analyze', 'all learning rates are equal (1e-3)', 0).code; // => 'E_LR_ORDER'
 */
export const curveLrOrder = (fn: string, problem: string, index: number): LrfindError =>
  new LrfindError('E_LR_ORDER', `${fn}: ${problem}`, { details: { index } });

/**
 * An integer option outside `[min, max]`.
 * @example
 * integerOutOfRange('localExtrema', 'order', 0, 1).message; // => 'localExtrema: order must be an integer >= 1 (got 0)'
 */
export const integerOutOfRange = (fn: string, name: string, value: unknown, min: number, max = Infinity): RangeError => {
  const range = max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  return new RangeError(`${fn}: ${name} must be ${range} (got ${describeValue(value)})`);
};

/**
 * A number option outside its interval; `lo`/`hi` are the brackets (`[` or `(`, `]` or `)`).
 * @example
 * numberOutOfRange('ema', 'beta', 2, 0, 1, '[', ')').message; // => 'ema: beta must be a number in [0, 1) (got 2)'
 */
export const numberOutOfRange = (fn: string, name: string, value: unknown, min: number, max: number, lo: string, hi: string): RangeError =>
  new RangeError(`${fn}: ${name} must be a number in ${lo}${min}, ${max}${hi} (got ${describeValue(value)})`);

/**
 * `debiasOffset` is NaN or infinite.
 * @example
 * debiasOffsetNotFinite('ema', NaN).message; // => 'ema: debiasOffset must be finite (got NaN)'
 */
export const debiasOffsetNotFinite = (fn: string, value: number): RangeError => new RangeError(`${fn}: debiasOffset must be finite (got ${value})`);

/**
 * A reset index that is not an integer in `[0, n]`.
 * @example
 * badReset('invertEma', 0, 9, 5).message; // => 'invertEma: resets[0] must be an integer index in [0, 5] (got 9)'
 */
export const badReset = (fn: string, index: number, value: number, n: number): RangeError =>
  new RangeError(`${fn}: resets[${index}] must be an integer index in [0, ${n}] (got ${value})`);

/**
 * `invertRunningMean`'s `batches` do not give one batch index per mean.
 * @example
 * batchesLength(3, 4).message; // => 'invertRunningMean: batches must have one index per mean (got 3, expected 4)'
 */
export const batchesLength = (got: number, n: number): RangeError =>
  new RangeError(`invertRunningMean: batches must have one index per mean (got ${got}, expected ${n})`);

/**
 * A batch index that is not an integer >= 0.
 * @example
 * badBatchIndex(2, 1.5).message; // => 'invertRunningMean: batches[2] must be an integer >= 0 (got 1.5)'
 */
export const badBatchIndex = (index: number, value: number): RangeError =>
  new RangeError(`invertRunningMean: batches[${index}] must be an integer >= 0 (got ${value})`);

/**
 * A tool's recorded smoothed losses do not pair up with the lrs.
 * @example
 * recordedLengthMismatch('recordFastai', 2, 3).message; // => 'recordFastai: recorded must have one smoothed loss per lr (got 2, expected 3)'
 */
export const recordedLengthMismatch = (fn: string, got: number, expected: number): RangeError =>
  new RangeError(`${fn}: recorded must have one smoothed loss per lr (got ${got}, expected ${expected})`);

/**
 * Lightning's divergence threshold is not a number > 0 (nor Infinity).
 * @example
 * badDivergeTh(-1).message; // => 'recordLightning: divergeTh must be a number > 0 or Infinity (got -1)'
 */
export const badDivergeTh = (value: unknown): RangeError =>
  new RangeError(`recordLightning: divergeTh must be a number > 0 or Infinity (got ${String(value)})`);

/**
 * An option that must be one of a few strings is not; `allowed` is already worded (`'min' or 'max'`).
 * @example
 * notOneOf('localExtrema', 'kind', "'min' or 'max'", 'mid').message; // => "localExtrema: kind must be 'min' or 'max' (got mid)"
 */
export const notOneOf = (fn: string, name: string, allowed: string, value: unknown): RangeError =>
  new RangeError(`${fn}: ${name} must be ${allowed} (got ${String(value)})`);

/**
 * `analyze` was given a preset it does not know.
 * @example
 * unknownPreset('nope', ['fastai', 'keras']).message; // => 'analyze: unknown preset "nope" (expected one of fastai, keras)'
 */
export const unknownPreset = (value: unknown, names: readonly string[]): RangeError =>
  new RangeError(`analyze: unknown preset ${describeValue(value)} (expected one of ${names.join(', ')})`);

/**
 * `recorded.tool` is not a preset name.
 * @example
 * recordedToolNotPreset(3).message; // => 'analyze: recorded.tool must be a preset name (got 3)'
 */
export const recordedToolNotPreset = (value: unknown): RangeError =>
  new RangeError(`analyze: recorded.tool must be a preset name (got ${describeValue(value)})`);

/**
 * An argument that must be as long as another is not (`x` vs `y`, `spacing` vs `values`).
 * @example
 * sameLengthAs('kernelSmooth', 'x', 'y', 2, 3).message; // => 'kernelSmooth: x must have the same length as y (got 2, expected 3)'
 */
export const sameLengthAs = (fn: string, name: string, other: string, got: number, expected: number): RangeError =>
  new RangeError(`${fn}: ${name} must have the same length as ${other} (got ${got}, expected ${expected})`);

/**
 * `combineCurves` was given no runs (`E_EMPTY`); `got` says what it was given.
 * @example
 * combineNoRuns(0).message; // => 'combineCurves: needs at least one run (got 0)'
 */
export const combineNoRuns = (got: number | string): LrfindError =>
  new LrfindError('E_EMPTY', `combineCurves: needs at least one run (got ${got})`);

/**
 * One of the runs to combine has no points (`E_EMPTY`).
 * @example
 * combineRunEmpty(2).message; // => 'combineCurves: run 2 has no points'
 */
export const combineRunEmpty = (run: number): LrfindError => new LrfindError('E_EMPTY', `combineCurves: run ${run} has no points`, { details: { run } });

/**
 * One of the runs to combine has lrs that do not increase strictly (`E_BAD_LR`).
 * @example
 * combineRunNotIncreasing(1).message; // => "combineCurves: run 1's lrs must increase strictly (a range test's schedule)"
 */
export const combineRunNotIncreasing = (run: number): LrfindError =>
  new LrfindError('E_BAD_LR', `combineCurves: run ${run}'s lrs must increase strictly (a range test's schedule)`, { details: { run } });

/**
 * Two runs to combine share no lr: each would count as diverged over the whole of the other's range, and the
 * median curve would say nothing (`E_BAD_LR`).
 * @example
 * combineNoOverlap(2, [10, 50], 1, [0.001, 1]).message;
 * // => "combineCurves: run 2's lrs (10 … 50) do not overlap run 1's (0.001 … 1): combine range tests of the same lr range"
 */
export const combineNoOverlap = (run: number, range: readonly [number, number], ref: number, refRange: readonly [number, number]): LrfindError =>
  new LrfindError(
    'E_BAD_LR',
    `combineCurves: run ${run}'s lrs (${range[0]} … ${range[1]}) do not overlap run ${ref}'s (${refRange[0]} … ${refRange[1]}): combine range tests of the same lr range`,
    { details: { run } },
  );

/**
 * A window size that must be odd is even.
 * @example
 * windowNotOdd('movingMedian', 'window', 4).message; // => 'movingMedian: window must be odd (got 4)'
 */
export const windowNotOdd = (fn: string, name: string, value: number): RangeError => new RangeError(`${fn}: ${name} must be odd (got ${value})`);

/**
 * The Savitzky–Golay window is longer than the data.
 * @example
 * windowTooLong(7, 5).message; // => 'savitzkyGolay: windowSize must not exceed the number of values (got 7 for 5 values)'
 */
export const windowTooLong = (windowSize: number, n: number): RangeError =>
  new RangeError(`savitzkyGolay: windowSize must not exceed the number of values (got ${windowSize} for ${n} values)`);

/**
 * A spacing that is not a valid step; `what` says which (`a finite number > 0`, `a finite non-zero number`).
 * @example
 * badSpacing('gradient', 'a finite non-zero number', 0).message; // => 'gradient: spacing must be a finite non-zero number (got 0)'
 */
export const badSpacing = (fn: string, what: string, value: number): RangeError => new RangeError(`${fn}: spacing must be ${what} (got ${value})`);

/**
 * `gradient` needs two values at least.
 * @example
 * tooFewValues(1).message; // => 'gradient: needs at least 2 values (got 1)'
 */
export const tooFewValues = (n: number): RangeError => new RangeError(`gradient: needs at least 2 values (got ${n})`);
