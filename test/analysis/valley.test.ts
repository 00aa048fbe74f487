import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valleyIndex } from '../../src/analysis/index.js';

/** fastai v2's `valley` (fastai/callback/schedule.py), line for line: the index it takes into lrs. */
function fastaiValley(losses: readonly number[]): number {
  const n = losses.length;
  if (n === 0) return -1;
  let maxStart = 0;
  let maxEnd = 0;
  const lds = new Array<number>(n).fill(1);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  return idx < 0 ? idx + n : idx; // lrs[idx] with Python's negative index
}

describe('valleyIndex (fastai v2 valley)', () => {
  it('known answers', () => {
    expect(valleyIndex([9, 5, 4, 3, 2, 1, 1, 2, 3])).toBe(2);
    expect(valleyIndex([5, 4, 3, 2, 1, 1, 2, 3])).toBe(0);
    expect(valleyIndex([1, 2, 3])).toBe(0);
    expect(valleyIndex([7])).toBe(0);
    expect(valleyIndex([])).toBe(-1);
    // strictly decreasing from the first point: max_start = -1, idx = -1 + 0 + 0 wraps to the last point
    expect(valleyIndex([2, 1])).toBe(1);
    expect(valleyIndex([5, 4, 3, 2, 1])).toBe(0);
    expect(valleyIndex([3, 3, 3, 3])).toBe(0);
  });

  it('equals a literal port of fastai\'s quadratic loop on random arrays with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 80 }), (x) => {
        return valleyIndex(Object.freeze(x.slice())) === fastaiValley(x);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('equals the literal port on continuous data with infinities and NaN', () => {
    const value = fc.oneof(
      { weight: 12, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), (x) => valleyIndex(x) === fastaiValley(x)),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('equals the literal port on range-test-like curves (descent, noise, blow-up)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 200, maxLength: 200 }),
        (n, noise) => {
          const y = Array.from({ length: n }, (_, i) => {
            const t = i / (n - 1);
            return 2.3 - 1.5 / (1 + Math.exp(-12 * (t - 0.5))) + (t > 0.8 ? 30 * (t - 0.8) ** 2 : 0) + noise[i];
          });
          return valleyIndex(Float64Array.from(y)) === fastaiValley(y);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('is invariant to a loss offset and a positive scale (exact on integer data)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 50 }),
        (x, offset, scale) => valleyIndex(x.map((v) => v * scale + offset)) === valleyIndex(x),
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('returns an index inside the array', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 60 }), (x) => {
        const i = valleyIndex(x);
        return Number.isInteger(i) && i >= 0 && i < x.length;
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('rejects non-numeric input, naming the function', () => {
    expect(() => valleyIndex(42 as unknown as number[])).toThrow(TypeError);
    expect(() => valleyIndex([1, null as unknown as number])).toThrow(/^valleyIndex: /);
  });
});
