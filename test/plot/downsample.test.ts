import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleIndices } from '../../src/plot/downsample.js';

/** First index of the smallest / largest finite value. */
function argExt(values: ArrayLike<number>, sign: 1 | -1): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && (best < 0 || sign * v < sign * values[best])) best = i;
  }
  return best;
}

describe('downsampleIndices', () => {
  it('keeps short runs whole', () => {
    expect([...downsampleIndices([0, 1, 2], [[5, 4, 3]])]).toEqual([0, 1, 2]);
  });

  it('keeps first, last, min and max of each column (known answer)', () => {
    // 12 points, 2 columns of 6: column 0 has its max at 2 and min at 4; column 1 has its min at 7, max at 9
    const x = Array.from({ length: 12 }, (_, i) => i);
    const y = [0, 1, 5, 2, -3, 0, 1, -4, 0, 9, 2, 1];
    expect([...downsampleIndices(x, [y], { buckets: 2, threshold: 4 })]).toEqual([0, 2, 4, 5, 6, 7, 9, 11]);
  });

  it('keeps both sides of every gap so lines break where the full line breaks', () => {
    const x = Array.from({ length: 40 }, (_, i) => i);
    const y = x.map((i) => (i >= 17 && i <= 19 ? NaN : Math.sin(i)));
    const kept = new Set(downsampleIndices(x, [y], { buckets: 2, threshold: 4 }));
    for (const i of [16, 17, 19, 20]) expect(kept.has(i)).toBe(true);
  });

  it('keeps every index asked for', () => {
    const x = Array.from({ length: 10_000 }, (_, i) => i);
    const y = x.map((i) => Math.sin(i / 30));
    const kept = new Set(downsampleIndices(x, [y], { buckets: 50, keep: [1234, 4321, 9998] }));
    for (const i of [1234, 4321, 9998]) expect(kept.has(i)).toBe(true);
    expect(kept.size).toBeLessThanOrEqual(50 * 4 + 3);
  });

  it('cuts 100,000 points to a few per column', () => {
    const x = Array.from({ length: 100_000 }, (_, i) => Math.log10(1e-7) + (8 * i) / 99_999);
    const y = x.map((v, i) => Math.sin(v) + ((i * 7919) % 13) / 100);
    expect(downsampleIndices(x, [y], { buckets: 600 }).length).toBeLessThanOrEqual(2400);
  });

  it('does not mutate its inputs (frozen arrays)', () => {
    const x = Object.freeze(Array.from({ length: 100 }, (_, i) => i));
    const y = Object.freeze(x.map((i) => i % 7));
    expect(() => downsampleIndices(x, [y], { buckets: 5 })).not.toThrow();
  });

  it('rejects bad input with the function name and the value', () => {
    expect(() => downsampleIndices([1, 2], [[1]])).toThrow(/downsampleIndices: series\[0\] must have the same length as x \(got 1, expected 2\)/);
    expect(() => downsampleIndices([1, 2], [], { buckets: 0 })).toThrow(/buckets must be an integer >= 1 \(got 0\)/);
    expect(() => downsampleIndices([1, 2], [], { keep: [5] })).toThrow(/keep index 5 is outside the curve/);
  });

  const curve = fc
    .integer({ min: 1, max: 400 })
    .chain((n) =>
      fc.record({
        x: fc.array(fc.double({ min: -8, max: 2, noNaN: true }), { minLength: n, maxLength: n }).map((a) => a.sort((p, q) => p - q)),
        ys: fc.array(
          fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(NaN)), { minLength: n, maxLength: n }),
          { minLength: 1, maxLength: 3 },
        ),
        buckets: fc.integer({ min: 1, max: 30 }),
        keep: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }),
      }),
    );

  it('property: sorted, unique, in range; keeps the ends, the asked indices and every global extremum', () => {
    fc.assert(
      fc.property(curve, ({ x, ys, buckets, keep }) => {
        const out = [...downsampleIndices(x, ys, { buckets, keep, threshold: 0 })];
        for (let j = 1; j < out.length; j++) expect(out[j]).toBeGreaterThan(out[j - 1]);
        expect(out[0]).toBe(0);
        expect(out[out.length - 1]).toBe(x.length - 1);
        const kept = new Set(out);
        for (const i of keep) expect(kept.has(i)).toBe(true);
        for (const y of ys) {
          for (const sign of [1, -1] as const) {
            const i = argExt(y, sign);
            if (i >= 0) expect(kept.has(i)).toBe(true);
          }
        }
      }),
    );
  });

  it('property: in every pixel column the kept points have the same extent as all points', () => {
    fc.assert(
      fc.property(curve, ({ x, ys, buckets }) => {
        const kept = new Set(downsampleIndices(x, ys, { buckets, threshold: 0 }));
        const lo = x[0];
        const hi = x[x.length - 1];
        const col = (i: number) => (hi > lo ? Math.min(buckets - 1, Math.floor(((x[i] - lo) / (hi - lo)) * buckets)) : Math.floor((i * buckets) / x.length));
        for (const y of ys) {
          const all = new Map<number, [number, number]>();
          const some = new Map<number, [number, number]>();
          y.forEach((v, i) => {
            if (!Number.isFinite(v)) return;
            for (const m of kept.has(i) ? [all, some] : [all]) {
              const e = m.get(col(i)) ?? [Infinity, -Infinity];
              m.set(col(i), [Math.min(e[0], v), Math.max(e[1], v)]);
            }
          });
          expect(some).toEqual(all);
        }
      }),
    );
  });

  it('property: at most first, last, min and max per column and series, plus gaps and kept indices', () => {
    fc.assert(
      fc.property(curve, ({ x, ys, buckets, keep }) => {
        let gaps = 0;
        for (const y of ys) for (let i = 1; i < y.length; i++) if (Number.isFinite(y[i]) !== Number.isFinite(y[i - 1])) gaps += 2;
        const out = downsampleIndices(x, ys, { buckets, keep, threshold: 0 });
        expect(out.length).toBeLessThanOrEqual(buckets * (2 + 2 * ys.length) + gaps + keep.length);
      }),
    );
  });

  it('property: a run no longer than the threshold comes back whole', () => {
    fc.assert(
      fc.property(curve, ({ x, ys, buckets }) => {
        const out = downsampleIndices(x, ys, { buckets, threshold: x.length });
        expect([...out]).toEqual(x.map((_, i) => i));
      }),
    );
  });
});
