import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logTicks, lrLabel } from '../../src/plot/ticks.js';

describe('lrLabel', () => {
  it('writes two significant digits: short scientific form below 1, plain numbers from 1 up', () => {
    expect(lrLabel(0.001234)).toBe('1.2e-3');
    expect(lrLabel(10)).toBe('10');
    expect(lrLabel(1.94)).toBe('1.9');
    expect(lrLabel(0.999)).toBe('1');
    expect(lrLabel(0.94)).toBe('9.4e-1');
    expect(lrLabel(0.000911, 2)).toBe('9.11e-4');
    expect(lrLabel(NaN)).toBe('NaN');
  });
});

describe('logTicks', () => {
  it('gives the decades 1e-6 … 10 and nothing in between', () => {
    expect(logTicks(1e-6, 10)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  it('adds 2× and 5× steps on short ranges', () => {
    expect(logTicks(1e-3, 3e-2)).toEqual([1e-3, 2e-3, 5e-3, 0.01, 0.02]);
  });

  it('falls back to the ends inside one step', () => {
    expect(logTicks(1.1e-3, 1.3e-3)).toEqual([1.1e-3, 1.3e-3]);
    expect(logTicks(0.5, 0.5)).toEqual([0.5]);
  });

  it('rejects bad bounds', () => {
    expect(() => logTicks(0, 1)).toThrow(/logTicks: bounds must be finite, positive and ordered \(got 0, 1\)/);
    expect(() => logTicks(1, 0.1)).toThrow(RangeError);
  });

  it('property: ticks are ascending, inside the range, and at least two unless the range is a point', () => {
    fc.assert(
      fc.property(fc.double({ min: -12, max: 4, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, span) => {
        const lo = 10 ** a;
        const hi = 10 ** (a + span);
        const t = logTicks(lo, hi);
        for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
        for (const v of t) {
          expect(v).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
          expect(v).toBeLessThanOrEqual(hi * (1 + 1e-9));
        }
        if (hi > lo) expect(t.length).toBeGreaterThanOrEqual(2);
        expect(t.length).toBeLessThanOrEqual(40);
      }),
    );
  });
});
