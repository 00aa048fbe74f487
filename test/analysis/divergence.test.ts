import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divergenceIndex, DivergenceMonitor } from '../../src/analysis/index.js';

/** The rule as documented, brute force: stop at the first non-finite loss or loss > best + (factor − 1)·scale. */
function bruteDivergence(losses: readonly number[], factor = 4, floor = 0.01) {
  let best = Infinity;
  let first = NaN;
  for (let i = 0; i < losses.length; i++) {
    const x = losses[i];
    if (!Number.isFinite(x)) return { index: i, reason: 'non-finite' };
    if (Number.isNaN(first)) first = x;
    best = Math.min(best, x);
    const scale = Math.max(Math.abs(best), floor * Math.max(Math.abs(first), Number.MIN_VALUE));
    if (x > best + (factor - 1) * scale) return { index: i, reason: 'diverged' };
  }
  return null;
}

describe('DivergenceMonitor / divergenceIndex', () => {
  it('known answers', () => {
    const m = new DivergenceMonitor();
    expect([2, 1, 1.5, 5].map((x) => m.update(x))).toEqual([null, null, null, 'diverged']);
    expect(m.bestLoss).toBe(1);
    expect(divergenceIndex([2, 1, 1.5, 5])).toEqual({ index: 3, reason: 'diverged' });
    expect(divergenceIndex([2, 1, 1.5, 4])).toBeNull(); // 4 = best + 3·best is not above it
    expect(divergenceIndex([-1, -2, -1.9])).toBeNull();
    expect(divergenceIndex([1, NaN])).toEqual({ index: 1, reason: 'non-finite' });
    expect(divergenceIndex([1, Infinity])).toEqual({ index: 1, reason: 'non-finite' });
    expect(divergenceIndex([1, 2, -Infinity])).toEqual({ index: 2, reason: 'non-finite' });
    expect(divergenceIndex([])).toBeNull();
    expect(divergenceIndex([1, 1.5, 2.5], { factor: 2 })).toEqual({ index: 2, reason: 'diverged' });
  });

  it('is safe for losses that fall to ~0 or below (fastai #962): the floor keeps noise from stopping it', () => {
    // a loss that reaches 1e-6 and wobbles: the ratio test s > 4·best would stop at once
    expect(divergenceIndex([1, 0.1, 1e-6, 3e-6, 1e-5, 0.02])).toBeNull();
    expect(divergenceIndex([1, 0.1, 1e-6, 3e-6, 1e-5, 0.05])).toEqual({ index: 5, reason: 'diverged' });
    // negative log-likelihoods
    // best −3.5, scale 3.5: the limit is −3.5 + 3·3.5 = 7
    expect(divergenceIndex([-0.5, -3, -2.9, -3.5, -2, 7])).toBeNull();
    expect(divergenceIndex([-0.5, -3, -2.9, -3.5, 7.5])).toEqual({ index: 4, reason: 'diverged' });
  });

  it('equals the documented rule (brute force) on random series', () => {
    const value = fc.oneof(
      { weight: 20, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.double({ min: 1.5, max: 6, noNaN: true }), (x, factor) => {
        const got = divergenceIndex(Object.freeze(x.slice()), { factor });
        return JSON.stringify(got) === JSON.stringify(bruteDivergence(x, factor));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('is invariant to the loss scale (multiplying by a power of two, exact in floating point)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 60 }),
        fc.integer({ min: -20, max: 20 }),
        (x, k) => {
          const c = 2 ** k;
          return JSON.stringify(divergenceIndex(x)) === JSON.stringify(divergenceIndex(x.map((v) => v * c)));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('rejects bad options, naming the class and the value', () => {
    expect(() => new DivergenceMonitor({ factor: 1 })).toThrow(RangeError);
    expect(() => new DivergenceMonitor({ factor: 1 })).toThrow(/^DivergenceMonitor: factor .*got 1/);
    expect(() => new DivergenceMonitor({ floor: -1 })).toThrow(/^DivergenceMonitor: floor/);
    expect(() => divergenceIndex([1], { factor: NaN })).toThrow(RangeError);
    expect(() => divergenceIndex('x' as unknown as number[])).toThrow(/^divergenceIndex: /);
  });
});
