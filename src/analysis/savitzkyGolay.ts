import * as sgModule from 'ml-savitzky-golay';
import { assertInteger, assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';

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
 * A thin wrapper over `ml-savitzky-golay` that returns a series of the input length (the ends use a replicated
 * padding of `windowSize/2` samples) and checks its options up front.
 *
 * Reference: A. Savitzky, M. J. E. Golay, Analytical Chemistry 36 (1964); mljs `ml-savitzky-golay`.
 * Complexity O(n · windowSize).
 *
 * @param values - evenly spaced samples (not mutated; NaN propagates over a window).
 * @param options - see {@link SavitzkyGolayOptions}.
 * @returns the filtered series, same length.
 * @throws {RangeError} for a bad window (even, < 5, larger than the series), polynomial or derivative.
 * @example
 * savitzkyGolay([1, 2, 3, 4, 5, 6, 7], { windowSize: 5 }); // => Float64Array [≈1.09, ≈2.03, 3, 4, 5, ≈5.97, ≈6.91]
 * savitzkyGolay([0, 1, 4, 9, 16, 25, 36], { windowSize: 5, derivative: 1 })[3]; // => 6
 */
export function savitzkyGolay(values: NumericArray, options: SavitzkyGolayOptions = {}): Float64Array {
  const { windowSize = 9, polynomial = 2, derivative = 0, spacing = 1 } = options;
  assertNumericArray('savitzkyGolay', values);
  assertInteger('savitzkyGolay', 'windowSize', windowSize, 5);
  if (windowSize % 2 === 0) throw new RangeError(`savitzkyGolay: windowSize must be odd (got ${windowSize})`);
  if (windowSize > values.length) {
    throw new RangeError(
      `savitzkyGolay: windowSize must not exceed the number of values (got ${windowSize} for ${values.length} values)`,
    );
  }
  assertInteger('savitzkyGolay', 'polynomial', polynomial, 1, windowSize - 1);
  assertInteger('savitzkyGolay', 'derivative', derivative, 0, polynomial);
  if (!Number.isFinite(spacing) || spacing <= 0) {
    throw new RangeError(`savitzkyGolay: spacing must be a finite number > 0 (got ${spacing})`);
  }
  const result = mlSavitzkyGolay(Array.from(values), spacing, {
    windowSize,
    polynomial,
    derivative,
    pad: 'pre',
    padValue: 'replicate',
  });
  return Float64Array.from(result);
}
