import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argminFinite } from '../../src/analysis/argmin.js';

/** Brute force: numpy's argmin (first minimum) over the finite values of values[start:end]. */
function bruteArgmin(values: readonly number[], start: number, end: number): number {
  let best = -1;
  for (let i = Math.max(0, start); i < Math.min(end, values.length); i++) {
    if (!Number.isFinite(values[i])) continue;
    if (best === -1 || values[i] < values[best]) best = i;
  }
  return best;
}

const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);

describe('argminFinite', () => {
  it('known answers: first minimum, non-finite values skipped, -1 when none is finite', () => {
    expect(argminFinite([3, NaN, 1, 1, -Infinity])).toBe(2);
    expect(argminFinite([NaN, NaN])).toBe(-1);
    expect(argminFinite([])).toBe(-1);
    expect(argminFinite([Infinity, 5])).toBe(1);
    expect(argminFinite([2, 0, 0, 1])).toBe(1);
    expect(argminFinite([5, 1, 7, 0, 3], 2, 4)).toBe(3);
    expect(argminFinite([5, 1, 7, 0, 3], 2, 3)).toBe(2);
    expect(argminFinite([5, 1, 7], 1, 100)).toBe(1);
  });

  it('equals a brute-force first-minimum search over the finite values of a window', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), fc.nat(60), fc.nat(60), (values, start, end) => {
        return argminFinite(Object.freeze(values.slice()), start, end) === bruteArgmin(values, start, end);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('equals numpy argmin on finite data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }), (values) => {
        const min = Math.min(...values);
        return argminFinite(values) === values.indexOf(min);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('is invariant to an offset and a positive scale (exact on integer data)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 9 }), (x, b, a) => {
        return argminFinite(x.map((v) => a * v + b)) === argminFinite(x);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('accepts typed arrays and never mutates', () => {
    const y = Float32Array.of(3, 1, 2);
    expect(argminFinite(y)).toBe(1);
    expect(Array.from(y)).toEqual([3, 1, 2]);
  });

  it('rejects non-numeric input, naming the function', () => {
    expect(() => argminFinite(undefined as unknown as number[])).toThrow(TypeError);
    expect(() => argminFinite([1, '2' as unknown as number])).toThrow(/^argminFinite: /);
  });
});
