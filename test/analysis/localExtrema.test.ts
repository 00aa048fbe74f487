import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localExtrema } from '../../src/analysis/index.js';
import { loadReference } from './fixtures.js';

interface PrimitivesRef {
  inputs: Record<string, number[]>;
  localExtrema: { input: string; order: number; kind: 'min' | 'max'; expected: number[] }[];
}
const ref = loadReference<PrimitivesRef>('primitives.json');

/**
 * scipy's definition, brute force: `argrelextrema(x, np.less_equal | np.greater_equal, order, mode='clip')` keeps i
 * when comparator(x[i], x[clip(i ± s)]) holds for every shift s in 1..order (comparisons with NaN are false).
 */
function scipyArgrelextrema(x: readonly number[], order: number, kind: 'min' | 'max'): number[] {
  const n = x.length;
  const clip = (j: number) => Math.min(n - 1, Math.max(0, j));
  const cmp = kind === 'min' ? (a: number, b: number) => a <= b : (a: number, b: number) => a >= b;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let s = 1; s <= order && ok; s++) ok = cmp(x[i], x[clip(i + s)]) && cmp(x[i], x[clip(i - s)]);
    if (ok) out.push(i);
  }
  return out;
}

describe('localExtrema (scipy argrelextrema, mode clip)', () => {
  it('known answers: ends and plateaus qualify with the non-strict comparators', () => {
    expect(localExtrema([3, 1, 2, 0, 5], { order: 1 })).toEqual([1, 3]);
    expect(localExtrema([3, 1, 2, 0, 5], { order: 2 })).toEqual([3]);
    expect(localExtrema([1, 1, 1], { order: 1 })).toEqual([0, 1, 2]);
    expect(localExtrema([0, 2, 1], { kind: 'max' })).toEqual([1]);
    expect(localExtrema([0, 2, 1])).toEqual([0, 2]);
    expect(localExtrema([2, 1, NaN, 0, 1], { order: 1 })).toEqual([]);
    expect(localExtrema([2, 1, 3, NaN, 0, 1], { order: 1 })).toEqual([1]);
    expect(localExtrema([])).toEqual([]);
    expect(localExtrema([4])).toEqual([0]);
  });

  it.each(ref.localExtrema.map((c) => [c.input, c.order, c.kind, c] as const))(
    'equals scipy on %s, order %i, %s',
    (_input, _order, _kind, c) => {
      expect(localExtrema(Object.freeze(ref.inputs[c.input].slice()), { order: c.order, kind: c.kind })).toEqual(c.expected);
    },
  );

  it('equals a brute-force implementation of scipy\'s definition on random arrays with ties and NaN', () => {
    const value = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(NaN) });
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<'min' | 'max'>('min', 'max'),
        (x, order, kind) => {
          const got = localExtrema(Object.freeze(x.slice()), { order, kind });
          const want = scipyArgrelextrema(x, order, kind);
          return got.length === want.length && got.every((v, i) => v === want[i]);
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('equals the brute force on continuous data with infinities', () => {
    const value = fc.oneof(
      { weight: 10, arbitrary: fc.double({ min: -1, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), fc.integer({ min: 1, max: 5 }), (x, order) => {
        const got = localExtrema(x, { order });
        const want = scipyArgrelextrema(x, order, 'min');
        return JSON.stringify(got) === JSON.stringify(want);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('is invariant to a loss offset and a positive scale (exact on integer data)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 50 }),
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        (x, offset, scale, order) => {
          const y = x.map((v) => v * scale + offset);
          return JSON.stringify(localExtrema(y, { order })) === JSON.stringify(localExtrema(x, { order }));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('rejects a bad order or kind, naming the function and the value', () => {
    expect(() => localExtrema([1, 2], { order: 0 })).toThrow(RangeError);
    expect(() => localExtrema([1, 2], { order: 0 })).toThrow(/^localExtrema: order .*got 0/);
    expect(() => localExtrema([1, 2], { order: 1.5 })).toThrow(/^localExtrema: order/);
    expect(() => localExtrema([1, 2], { kind: 'both' as 'min' })).toThrow(/^localExtrema: kind .*both/);
    expect(() => localExtrema({} as unknown as number[])).toThrow(TypeError);
  });
});
