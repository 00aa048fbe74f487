import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { movingMedian } from '../../src/analysis/index.js';

/** The definition: sort each window, take its middle (NaN sorts last). */
function reference(v: readonly number[], window: number, edges: 'shrink' | 'shift'): number[] {
  const n = v.length;
  const w = edges === 'shift' ? Math.max(1, Math.min(window, n % 2 === 1 ? n : n - 1)) : window;
  const h = (w - 1) / 2;
  return v.map((_, i) => {
    const r = Math.min(h, i, n - 1 - i);
    const from = edges === 'shift' ? Math.min(Math.max(0, i - h), n - w) : i - r;
    const len = edges === 'shift' ? w : 2 * r + 1;
    const s = v.slice(from, from + len).sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
    return s[(len - 1) / 2];
  });
}

describe('movingMedian(values, window, edges)', () => {
  it('equals sorting every window, for both edge rules (the sliding sorted window included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -6, max: 6 }).map((x) => x / 2), { maxLength: 80 }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('shrink' as const, 'shift' as const),
        (v, k, edges) => {
          expect(Array.from(movingMedian(v, 2 * k + 1, edges))).toEqual(reference(v, 2 * k + 1, edges));
        },
      ),
      { seed: 17, numRuns: 3000 },
    );
  });

  it('with NaN in the series, sorts it last in each window', () => {
    const v = [1, NaN, 3, 2, 5, NaN, 4, 0];
    for (const edges of ['shrink', 'shift'] as const) {
      expect(Array.from(movingMedian(v, 3, edges))).toEqual(reference(v, 3, edges));
    }
  });

  it('never mutates its input', () => {
    const v = Object.freeze([3, 1, 2, 5, 4]);
    movingMedian(v, 3, 'shift');
    expect(v).toEqual([3, 1, 2, 5, 4]);
  });
});
