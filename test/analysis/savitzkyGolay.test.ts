import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { savitzkyGolay } from '../../src/analysis/index.js';
import { loadReference, mismatches } from './fixtures.js';

interface PrimitivesRef {
  inputs: Record<string, number[]>;
  savitzkyGolay: { input: string; windowSize: number; polynomial: number; derivative: number; spacing: number; expected: number[] }[];
}
const ref = loadReference<PrimitivesRef>('primitives.json');

describe('savitzkyGolay', () => {
  it('known answers: the doc examples', () => {
    const s = savitzkyGolay([1, 2, 3, 4, 5, 6, 7], { windowSize: 5 });
    expect(Array.from(s.subarray(2, 5)).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([3, 4, 5]);
    // replicated ends: the window at 0 is [1, 1, 1, 2, 3] → (−3 + 12 + 17 + 24 − 9) / 35
    expect(s[0]).toBeCloseTo(41 / 35, 12);
    expect(s[1]).toBeCloseTo(67 / 35, 12);
    expect(s[6]).toBeCloseTo(239 / 35, 12);
    expect(savitzkyGolay([0, 1, 4, 9, 16, 25, 36], { windowSize: 5, derivative: 1 })[3]).toBeCloseTo(6, 12);
  });

  it('differentiates sin into cos (window 11, cubic)', () => {
    const h = 0.01;
    const t = Array.from({ length: 700 }, (_, i) => i * h);
    const d = savitzkyGolay(
      t.map(Math.sin),
      { windowSize: 11, polynomial: 3, derivative: 1, spacing: h },
    );
    for (let i = 5; i < t.length - 5; i++) expect(Math.abs(d[i] - Math.cos(t[i]))).toBeLessThan(1e-6);
    const d2 = savitzkyGolay(t.map(Math.sin), { windowSize: 21, polynomial: 4, derivative: 2, spacing: h });
    for (let i = 10; i < t.length - 10; i++) expect(Math.abs(d2[i] + Math.sin(t[i]))).toBeLessThan(1e-4);
  });

  it('reproduces a polynomial of its degree exactly away from the ends, and its derivatives', () => {
    const y = Array.from({ length: 40 }, (_, i) => 0.5 * i * i - 3 * i + 2);
    const s = savitzkyGolay(y, { windowSize: 7, polynomial: 2 });
    const d = savitzkyGolay(y, { windowSize: 7, polynomial: 2, derivative: 1 });
    const dd = savitzkyGolay(y, { windowSize: 7, polynomial: 2, derivative: 2 });
    for (let i = 3; i < 37; i++) {
      expect(s[i]).toBeCloseTo(y[i], 9);
      expect(d[i]).toBeCloseTo(i - 3, 9);
      expect(dd[i]).toBeCloseTo(1, 9);
    }
  });

  // scipy.signal.savgol_filter(x, w, p, deriv=d, delta=h, mode='nearest') — the same filter with replicated ends
  it.each(ref.savitzkyGolay.map((c) => [c.windowSize, c.polynomial, c.derivative, c.spacing, c] as const))(
    'equals scipy savgol_filter(mode="nearest") with window %i, polynomial %i, derivative %i, delta %d',
    (_w, _p, _d, _h, c) => {
      const x = Object.freeze(ref.inputs[c.input].slice());
      const got = savitzkyGolay(x, {
        windowSize: c.windowSize,
        polynomial: c.polynomial,
        derivative: c.derivative,
        spacing: c.spacing,
      });
      // ml-savitzky-golay inverts the normal equations, scipy solves a least-squares problem: agree to ~1e-12 of
      // the signal's scale (the weights differ in the last bits)
      let scale = 0;
      for (const v of c.expected) scale = Math.max(scale, Math.abs(v));
      expect(mismatches(got, c.expected, 1e-9, scale)).toEqual([]);
    },
  );

  it('smoothing a constant returns it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 50 }),
        (c, half, p, extra) => {
          const w = 5 + 2 * half;
          const polynomial = Math.min(p, w - 1);
          const s = savitzkyGolay(Object.freeze(new Array<number>(w + extra).fill(c)), { windowSize: w, polynomial });
          return s.length === w + extra && s.every((v) => Math.abs(v - c) <= 1e-9 * Math.max(1, Math.abs(c)));
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('is linear: an offset passes through smoothing and vanishes from derivatives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 11, maxLength: 60 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (x, c) => {
          const s0 = savitzkyGolay(x, { windowSize: 11, polynomial: 3 });
          const s1 = savitzkyGolay(x.map((v) => v + c), { windowSize: 11, polynomial: 3 });
          const d0 = savitzkyGolay(x, { windowSize: 11, polynomial: 3, derivative: 1 });
          const d1 = savitzkyGolay(x.map((v) => v + c), { windowSize: 11, polynomial: 3, derivative: 1 });
          const tol = 1e-9 * (1 + Math.abs(c));
          return s0.every((v, i) => Math.abs(s1[i] - v - c) <= tol) && d0.every((v, i) => Math.abs(d1[i] - v) <= tol);
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('the slope of a constant is zero', () => {
    const d = savitzkyGolay(new Array<number>(30).fill(4.2), { windowSize: 9, polynomial: 3, derivative: 1 });
    for (const v of d) expect(Math.abs(v)).toBeLessThan(1e-9);
  });

  it('never mutates its input', () => {
    const x = Object.freeze([1, 3, 2, 5, 4, 6, 8]);
    savitzkyGolay(x, { windowSize: 5 });
    const typed = Float64Array.of(1, 3, 2, 5, 4, 6, 8);
    savitzkyGolay(typed, { windowSize: 5, derivative: 1 });
    expect(Array.from(typed)).toEqual([1, 3, 2, 5, 4, 6, 8]);
  });

  it('rejects bad options, naming the function and the value', () => {
    const x = new Array<number>(20).fill(1);
    expect(() => savitzkyGolay(x, { windowSize: 6 })).toThrow(RangeError);
    expect(() => savitzkyGolay(x, { windowSize: 6 })).toThrow(/^savitzkyGolay: windowSize .*6/);
    expect(() => savitzkyGolay(x, { windowSize: 3 })).toThrow(/^savitzkyGolay: windowSize/);
    expect(() => savitzkyGolay(x, { windowSize: 21 })).toThrow(/^savitzkyGolay: windowSize .*21/);
    expect(() => savitzkyGolay(x, { windowSize: 5, polynomial: 5 })).toThrow(/^savitzkyGolay: polynomial/);
    expect(() => savitzkyGolay(x, { windowSize: 5, polynomial: 2, derivative: 3 })).toThrow(/^savitzkyGolay: derivative/);
    expect(() => savitzkyGolay(x, { spacing: 0 })).toThrow(/^savitzkyGolay: spacing/);
    expect(() => savitzkyGolay('x' as unknown as number[])).toThrow(TypeError);
  });
});
