import * as sgModule from 'ml-savitzky-golay';
import { assertInteger, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

type SgFunction = (data: number[], h: number, options: Record<string, unknown>) => number[];
// The package is CommonJS with an ESM build: Node's ESM loader wraps the CJS exports (default.default), bundlers
// pick the ESM build (default); accept both.
const sgDefault = (sgModule as unknown as { default: SgFunction | { default: SgFunction } }).default;
const mlSavitzkyGolay: SgFunction = typeof sgDefault === 'function' ? sgDefault : sgDefault.default;

/** Options of {@link savitzkyGolay}. */
export interface SavitzkyGolayOptions {
  /** Odd window length, ≥ 5 and ≤ the series length. __Default value:__ `9` */
  readonly windowSize?: number;
  /** Degree of the local polynomial, < windowSize. __Default value:__ `2` */
  readonly polynomial?: number;
  /** Order of the derivative: 0 smooths, 1 gives the slope, 2 the curvature. __Default value:__ `0` */
  readonly derivative?: number;
  /** Sample spacing `h` (for derivatives). __Default value:__ `1` */
  readonly spacing?: number;
}

/**
 * Savitzky–Golay filter: a least-squares polynomial fit in a sliding window, evaluated at its centre. A
 * symmetric (zero-phase) smoother: unlike an EMA, it does not shift the curve's features to the right.
 *
 * Built on `ml-savitzky-golay` (which supplies the least-squares weights); returns a series of the input length
 * (the ends use a replicated padding of `windowSize/2` samples, like scipy's `savgol_filter(mode='nearest')`) and
 * checks its options up front.
 *
 * Reference: A. Savitzky, M. J. E. Golay, Analytical Chemistry 36 (1964); mljs `ml-savitzky-golay`.
 * Complexity O(n · windowSize).
 *
 * @param values - evenly spaced samples (not mutated; NaN propagates over a window).
 * @param options - see {@link SavitzkyGolayOptions}.
 * @returns the filtered series, same length.
 * @throws {RangeError} for a bad window (even, < 5, larger than the series), polynomial or derivative.
 * @example
 * savitzkyGolay([1, 2, 3, 4, 5, 6, 7], { windowSize: 5 }); // => Float64Array [≈1.171, ≈1.914, 3, 4, 5, ≈6.086, ≈6.829]
 * savitzkyGolay([0, 1, 4, 9, 16, 25, 36], { windowSize: 5, derivative: 1 })[3]; // => 6
 */
export function savitzkyGolay(values: NumericArray, options: SavitzkyGolayOptions = {}): Float64Array {
  const { windowSize = 9, polynomial = 2, derivative = 0, spacing = 1 } = options;
  assertNumericArray('savitzkyGolay', values);
  assertInteger('savitzkyGolay', 'windowSize', windowSize, 5);
  if (windowSize % 2 === 0) throw msg.windowNotOdd('savitzkyGolay', 'windowSize', windowSize);
  if (windowSize > values.length) {
    throw msg.windowTooLong(windowSize, values.length);
  }
  assertInteger('savitzkyGolay', 'polynomial', polynomial, 1, windowSize - 1);
  assertInteger('savitzkyGolay', 'derivative', derivative, 0, polynomial);
  if (!Number.isFinite(spacing) || spacing <= 0) {
    throw msg.badSpacing('savitzkyGolay', 'a finite number > 0', spacing);
  }
  const c = coefficients(windowSize, polynomial, derivative, spacing);
  const n = values.length;
  const half = (windowSize - 1) / 2;
  // replicate padding: the same end handling as ml-savitzky-golay's pad 'pre' / scipy's mode='nearest'
  const padded = new Float64Array(n + 2 * half);
  for (let i = 0; i < half; i++) {
    padded[i] = values[0];
    padded[n + half + i] = values[n - 1];
  }
  for (let i = 0; i < n; i++) padded[half + i] = values[i];
  const out = new Float64Array(n);
  // the weights are symmetric (even derivatives) or antisymmetric (odd): pair the samples, half the multiplies
  const sign = derivative % 2 === 0 ? 1 : -1;
  const last = windowSize - 1;
  const centre = c[half];
  for (let k = 0; k < n; k++) {
    let acc = centre * padded[k + half];
    for (let l = 0; l < half; l++) acc += c[l] * (padded[k + l] + sign * padded[k + last - l]);
    out[k] = acc;
  }
  return out;
}

const cache = new Map<string, Float64Array>();

/**
 * The filter's convolution weights, taken from ml-savitzky-golay itself: filtering the unit vector e_j of one
 * window's length yields weight j. Computed once per (window, polynomial, derivative, spacing); the convolution is
 * then a tight typed-array loop (ml-savitzky-golay divides inside its inner loop and copies to plain arrays, which
 * costs ~5× on a 1,000,000-point run).
 */
function coefficients(windowSize: number, polynomial: number, derivative: number, spacing: number): Float64Array {
  const key = `${windowSize}/${polynomial}/${derivative}/${spacing}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = new Float64Array(windowSize);
    const unit = new Array<number>(windowSize).fill(0);
    for (let j = 0; j < windowSize; j++) {
      unit[j] = 1;
      c[j] = mlSavitzkyGolay(unit, spacing, { windowSize, polynomial, derivative, pad: 'none' })[0];
      unit[j] = 0;
    }
    if (cache.size > 64) cache.clear();
    cache.set(key, c);
  }
  return c;
}
