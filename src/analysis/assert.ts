/**
 * Input checks shared by the public entry points of the analysis layer (after spectra-processing's `xCheck`).
 *
 * @module
 */
import { describeValue } from '../errors.js';
import type { LrCurve, NumericArray } from './types.js';
import * as msg from './messages.js';

/** True when `value` is an array or a typed array of numbers (array-like with a numeric `length`). */
function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) && !(value instanceof DataView)) ||
    (typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number')
  );
}

/**
 * Assert that `values` is an array of numbers (any of them may be NaN or ±Infinity).
 *
 * @throws {TypeError} when `values` is not array-like (or a BigInt typed array, or its length is not a count) or
 * holds a non-number — an Array or any other array-like is checked element by element.
 * @example
 * assertNumericArray('ema', [1, 2, NaN]); // passes
 * assertNumericArray('ema', { length: 2, 0: 1, 1: '2' }); // throws TypeError "ema: values[1] must be a number (got "2")"
 */
export function assertNumericArray(fn: string, values: unknown, name = 'values'): asserts values is NumericArray {
  if (!isArrayLike(values)) {
    throw msg.notNumericArray(fn, name, values);
  }
  // a typed array holds numbers by construction, except the BigInt ones
  if (ArrayBuffer.isView(values)) {
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) throw msg.notNumericArray(fn, name, values);
    return;
  }
  // any other array-like (an Array, { length, 0: … }, a tfjs-free wrapper) is checked element by element
  const n = values.length;
  if (!Number.isSafeInteger(n) || n < 0) throw msg.notNumericArray(fn, name, values);
  for (let i = 0; i < n; i++) {
    if (typeof values[i] !== 'number') {
      throw msg.notANumberAt(fn, name, i, values[i]);
    }
  }
}

/**
 * Assert that `curve` is a valid range-test curve: equal-length arrays, learning rates finite, > 0 and never
 * decreasing, not all equal ({@link lrOrderProblem}). Losses may be non-finite. An empty curve is an
 * {@link LrfindError} `E_EMPTY`.
 *
 * @throws {TypeError} when the arrays are missing or not numeric.
 * @throws {LrfindError} `E_LENGTH_MISMATCH`, `E_BAD_LR`, `E_LR_ORDER` or `E_EMPTY`.
 * @example
 * assertCurve('analyze', { lrs: [1e-3, 1e-2], losses: [2.3, 2.1] }); // passes
 */
export function assertCurve(fn: string, curve: unknown): asserts curve is LrCurve {
  if (typeof curve === 'object' && curve !== null && trusted.has(curve)) return;
  if (typeof curve !== 'object' || curve === null) {
    throw msg.notACurve(fn, curve);
  }
  const { lrs, losses } = curve as { lrs?: unknown; losses?: unknown };
  assertNumericArray(fn, lrs, 'lrs');
  assertNumericArray(fn, losses, 'losses');
  if (lrs.length !== losses.length) {
    throw msg.curveLengthMismatch(fn, lrs.length, losses.length);
  }
  if (lrs.length === 0) throw msg.curveEmpty(fn);
  for (let i = 0; i < lrs.length; i++) {
    const lr = lrs[i];
    if (!(lr > 0) || !Number.isFinite(lr)) {
      throw msg.curveBadLr(fn, i, lr);
    }
  }
  const order = lrOrderProblem(lrs);
  if (order !== undefined) {
    throw msg.curveLrOrder(fn, lrOrderMessage(lrs, order, (i) => `lrs[${i}]`), order.index);
  }
}

/**
 * Where a run's learning rates break the range test's order, or `undefined` when they do not: the first index
 * whose lr is smaller than the one before (out of order, shuffled, a decreasing schedule), or `index: 0` with
 * `allEqual` when every lr is the same (no range to test). Repeated lrs are allowed — a per-epoch schedule
 * repeats them — as long as they never decrease: each point is kept in run order, and a method that divides by the
 * lr step (fastai's `steep`, Lightning's gradient) gets a non-finite slope there, which no argmin picks.
 *
 * @example
 * lrOrderProblem([1e-3, 1e-2, 1e-2, 1e-1]); // => undefined
 * lrOrderProblem([1e-3, 1e-2, 5e-3]);       // => { index: 2, allEqual: false }
 * lrOrderProblem([1e-3, 1e-3]);             // => { index: 0, allEqual: true }
 */
export function lrOrderProblem(lrs: ArrayLike<number>): { index: number; allEqual: boolean } | undefined {
  for (let i = 1; i < lrs.length; i++) if (lrs[i] < lrs[i - 1]) return { index: i, allEqual: false };
  return lrs.length > 1 && lrs[0] === lrs[lrs.length - 1] ? { index: 0, allEqual: true } : undefined;
}

/**
 * The message for an {@link lrOrderProblem}, after a prefix naming the function or file: `at` says where index
 * `i` is (`lrs[12]`, `line 14, column "lr"`).
 *
 * @example
 * lrOrderMessage([1e-3, 1e-2, 5e-3], { index: 2, allEqual: false }, (i) => `lrs[${i}]`);
 * // => 'learning rates must not decrease (lrs[2] = 0.005 after 0.01): out of order or shuffled? sort the run by step'
 */
export function lrOrderMessage(lrs: ArrayLike<number>, problem: { index: number; allEqual: boolean }, at: (i: number) => string): string {
  const i = problem.index;
  return problem.allEqual
    ? `every learning rate is ${describeValue(lrs[0])}: a range test needs increasing learning rates`
    : `learning rates must not decrease (${at(i)} = ${describeValue(lrs[i])} after ${describeValue(lrs[i - 1])}): out of order or shuffled? sort the run by step`;
}

/** Curves already checked by an entry point that is still running (see {@link withCheckedCurve}). */
const trusted = new WeakSet<object>();

/**
 * Check `curve` once, then run `fn` with every nested {@link assertCurve} on the same object skipped: `analyze()`
 * calls seven presets and their recording rules, which would otherwise re-check a long run fifteen times.
 *
 * @example
 * withCheckedCurve('analyze', curve, () => fastai.analyze(curve)); // checks once
 */
export function withCheckedCurve<T>(fn: string, curve: unknown, body: () => T): T {
  assertCurve(fn, curve);
  if (trusted.has(curve)) return body();
  trusted.add(curve);
  try {
    return body();
  } finally {
    trusted.delete(curve);
  }
}

/**
 * Assert that an integer option lies in `[min, max]`.
 *
 * @throws {RangeError} naming the function, the option and the bad value.
 * @example
 * assertInteger('localExtrema', 'order', 3, 1); // passes
 */
export function assertInteger(fn: string, name: string, value: unknown, min: number, max = Infinity): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw msg.integerOutOfRange(fn, name, value, min, max);
  }
}

/**
 * Assert that a number option lies in the open/closed interval given.
 *
 * @throws {RangeError} naming the function, the option and the bad value.
 * @example
 * assertNumberIn('ema', 'beta', 0.98, 0, 1); // passes
 */
export function assertNumberIn(
  fn: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  { minInclusive = false, maxInclusive = false } = {},
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minInclusive ? value >= min : value > min) &&
    (maxInclusive ? value <= max : value < max);
  if (!ok) {
    const lo = minInclusive ? '[' : '(';
    const hi = maxInclusive ? ']' : ')';
    throw msg.numberOutOfRange(fn, name, value, min, max, lo, hi);
  }
}
