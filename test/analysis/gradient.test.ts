import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradient } from '../../src/analysis/index.js';
import { loadReference, mismatches } from './fixtures.js';

interface PrimitivesRef {
  inputs: Record<string, number[]>;
  gradient: { input: string; spacing: null | number | string; expected: number[] }[];
}
const ref = loadReference<PrimitivesRef>('primitives.json');

describe('gradient (numpy np.gradient semantics)', () => {
  it('known answers: unit, scalar and coordinate spacing', () => {
    expect(Array.from(gradient([1, 4, 9, 16]))).toEqual([3, 4, 6, 7]);
    expect(Array.from(gradient([1, 4, 9, 16], 2))).toEqual([1.5, 2, 3, 3.5]);
    expect(Array.from(gradient([0, 1, 8], [0, 1, 2]))).toEqual([1, 4, 7]);
    expect(Array.from(gradient([1, 3]))).toEqual([2, 2]);
    expect(gradient([1, 2, 3])).toBeInstanceOf(Float64Array);
  });

  it('of a quadratic is exact inside, also on a non-uniform grid (second-order formula)', () => {
    const x = [0, 0.5, 1.7, 2, 3.25, 5, 5.5];
    const y = x.map((v) => 3 * v * v - 2 * v + 1);
    const g = gradient(y, x);
    for (let i = 1; i < x.length - 1; i++) expect(g[i]).toBeCloseTo(6 * x[i] - 2, 10);
    // the ends are one-sided first differences
    expect(g[0]).toBeCloseTo((y[1] - y[0]) / (x[1] - x[0]), 12);
    expect(g[6]).toBeCloseTo((y[6] - y[5]) / (x[6] - x[5]), 12);
  });

  it('of a cubic on a unit grid: central differences (f(x+1) − f(x−1))/2', () => {
    const y = Array.from({ length: 10 }, (_, i) => i ** 3);
    const g = gradient(y);
    for (let i = 1; i < 9; i++) expect(g[i]).toBe(3 * i * i + 1);
  });

  it.each(ref.gradient.map((c) => [c.input, String(c.spacing), c] as const))(
    'equals numpy on %s with spacing %s',
    (_input, _spacing, c) => {
      const y = Object.freeze(ref.inputs[c.input].slice());
      const spacing =
        c.spacing === null ? undefined : typeof c.spacing === 'number' ? c.spacing : Object.freeze(ref.inputs[c.spacing].slice());
      const got = spacing === undefined ? gradient(y) : gradient(y, spacing);
      expect(mismatches(got, c.expected, 1e-12)).toEqual([]);
    },
  );

  it('reduces equal coordinate steps to the scalar form, as numpy does (bit-identical)', () => {
    const c = ref.gradient.find((g) => g.spacing === 'uniform_int');
    expect(c).toBeDefined();
    expect(Array.from(gradient(ref.inputs.y30, ref.inputs.uniform_int))).toEqual(c?.expected);
  });

  it('of a linear function is its slope, for any spacing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (slope, intercept, steps) => {
          const x = [0];
          for (const s of steps) x.push(x[x.length - 1] + s);
          const y = x.map((v) => slope * v + intercept);
          const g = gradient(Object.freeze(y), Object.freeze(x));
          const tol = 1e-6 * (1 + Math.abs(slope) + Math.abs(intercept) / Math.min(...steps));
          return g.every((v) => Math.abs(v - slope) <= tol);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('of a linear function against a scalar step is slope / step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 2, max: 50 }), fc.constantFrom(0.5, 2, -4), (a, n, h) => {
        const y = Array.from({ length: n }, (_, i) => a * i + 7);
        return gradient(y, h).every((v) => v === a / h);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('ignores an offset of the values (integer data: exact)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 40 }), fc.integer({ min: -1000, max: 1000 }), (y, c) => {
        const a = gradient(y);
        const b = gradient(y.map((v) => v + c));
        return a.every((v, i) => v === b[i]);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('never mutates its inputs', () => {
    const y = Object.freeze([1, 5, 2, 8]);
    const x = Object.freeze([0, 1, 3, 4]);
    gradient(y, x);
    gradient(y);
    expect(y).toEqual([1, 5, 2, 8]);
  });

  it('rejects bad input, naming the function and the value', () => {
    expect(() => gradient([1])).toThrow(RangeError);
    expect(() => gradient([1])).toThrow(/^gradient: .*got 1/);
    expect(() => gradient([1, 2, 3], [0, 1])).toThrow(/^gradient: spacing must have the same length .*got 2, expected 3/);
    expect(() => gradient([1, 2, 3], 0)).toThrow(/^gradient: spacing/);
    expect(() => gradient([1, 2, 3], NaN)).toThrow(RangeError);
    expect(() => gradient(null as unknown as number[])).toThrow(TypeError);
    expect(() => gradient([1, 2], ['a', 'b'] as unknown as number[])).toThrow(/^gradient: spacing\[0\]/);
  });
});
