import { assertNumericArray } from './assert.js';
import type { NumericArray } from './types.js';
import * as msg from './messages.js';

/**
 * Numerical derivative with numpy's `np.gradient` semantics (`edge_order=1`): second-order central differences
 * inside, one-sided first differences at both ends.
 *
 * `spacing` is either a scalar step (default 1, "against the index") or the coordinates of each sample, which may
 * be non-uniform — pass `log10(lr)` for d loss / d log10(lr). With coordinates, the interior uses numpy's
 * non-uniform second-order formula; when every step is equal numpy switches to the scalar form, and so do we, so
 * results are the same numbers numpy prints.
 *
 * Reference: numpy `gradient` (numpy/lib/_function_base_impl.py). Complexity O(n).
 *
 * @param values - samples `y` (n ≥ 2; not mutated).
 * @param spacing - scalar step or coordinates `x` of the same length as `values`.
 * @returns `dy/dx` at every sample.
 * @throws {TypeError} when the inputs are not numeric; {RangeError} for fewer than 2 values, a length mismatch or
 *   a zero/non-finite scalar step.
 * @example
 * gradient([1, 4, 9, 16]);                 // => Float64Array [3, 4, 6, 7]
 * gradient([1, 4, 9, 16], 2);              // => Float64Array [1.5, 2, 3, 3.5]
 * gradient([0, 1, 8], [0, 1, 2]);          // => Float64Array [1, 4, 7]
 */
export function gradient(values: NumericArray, spacing: number | NumericArray = 1): Float64Array {
  return gradientInto(values, spacing);
}

/**
 * {@link gradient} written into `scratch` (at least `values.length` long, not `values` or `spacing` themselves): a
 * caller that needs the gradient only for a while reuses one array of the run's length for it.
 *
 * @example
 * gradientInto([1, 2, 4], 1, new Float64Array(3)); // => Float64Array [1, 1.5, 2]
 */
export function gradientInto(values: NumericArray, spacing: number | NumericArray = 1, scratch?: Float64Array): Float64Array {
  assertNumericArray('gradient', values);
  const n = values.length;
  if (n < 2) throw msg.tooFewValues(n);
  const out = scratch === undefined ? new Float64Array(n) : scratch.subarray(0, n);
  let step: number | undefined;
  let dx: NumericArray | undefined;
  if (typeof spacing === 'number') {
    if (!Number.isFinite(spacing) || spacing === 0) {
      throw msg.badSpacing('gradient', 'a finite non-zero number', spacing);
    }
    step = spacing;
  } else {
    assertNumericArray('gradient', spacing, 'spacing');
    if (spacing.length !== n) {
      throw msg.sameLengthAs('gradient', 'spacing', 'values', spacing.length, n);
    }
    // the steps are taken where they are used, not kept in an array of the run's length (the same differences)
    const first = spacing[1] - spacing[0];
    let uniform = true;
    for (let i = 0; i < n - 1 && uniform; i++) if (spacing[i + 1] - spacing[i] !== first) uniform = false;
    // numpy reduces constant coordinate steps to the scalar case; the numbers differ in the last bits otherwise
    if (uniform) step = first;
    else dx = spacing;
  }
  if (step !== undefined) {
    const two = 2 * step;
    for (let i = 1; i < n - 1; i++) out[i] = (values[i + 1] - values[i - 1]) / two;
    out[0] = (values[1] - values[0]) / step;
    out[n - 1] = (values[n - 1] - values[n - 2]) / step;
    return out;
  }
  const at = dx as NumericArray;
  let dx2 = at[1] - at[0];
  for (let i = 1; i < n - 1; i++) {
    const dx1 = dx2;
    dx2 = at[i + 1] - at[i];
    const a = -dx2 / (dx1 * (dx1 + dx2));
    const b = (dx2 - dx1) / (dx1 * dx2);
    const c = dx1 / (dx2 * (dx1 + dx2));
    out[i] = a * values[i - 1] + b * values[i] + c * values[i + 1];
  }
  out[0] = (values[1] - values[0]) / (at[1] - at[0]);
  out[n - 1] = (values[n - 1] - values[n - 2]) / (at[n - 1] - at[n - 2]);
  return out;
}

/**
 * Element `i` of {@link gradient} with unit spacing (`np.gradient(values)`): the same numbers, one at a time, for a
 * search that reads the gradient once (no array of the run's length). `values` needs at least 2 elements.
 *
 * @example
 * unitGradientAt([1, 2, 4], 1); // => 1.5
 * unitGradientAt([1, 2, 4], 2); // => 2
 */
export function unitGradientAt(values: ArrayLike<number>, i: number): number {
  const n = values.length;
  // `(…) / 1` at the ends and `/ (2 · 1)` inside, as gradient computes them (x / 1 is x exactly)
  if (i === 0) return values[1] - values[0];
  if (i === n - 1) return values[n - 1] - values[n - 2];
  return (values[i + 1] - values[i - 1]) / 2;
}
