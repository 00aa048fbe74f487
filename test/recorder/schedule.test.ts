import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expLr, linearLr, resolveSchedule, scheduleLr, scheduleLrs } from '../../src/recorder/index.js';

describe('scheduleLrs', () => {
  it('exp: known values, exact endpoints', () => {
    expect(Array.from(scheduleLrs({ startLr: 1e-3, endLr: 1e-1, numIt: 3 }))).toEqual([0.001, 0.01, 0.1]);
    const lrs = scheduleLrs();
    expect(lrs.length).toBe(100);
    expect(lrs[0]).toBe(1e-7);
    expect(lrs[99]).toBe(10);
    expect(lrs[33]).toBeCloseTo(1e-7 * 1e8 ** (33 / 99), 20);
  });

  it('exp: constant ratio between consecutive steps (evenly spaced in log lr)', () => {
    const lrs = scheduleLrs({ startLr: 1e-6, endLr: 1, numIt: 61 });
    const ratio = 10 ** (6 / 60);
    for (let i = 1; i < lrs.length; i++) expect(lrs[i] / lrs[i - 1]).toBeCloseTo(ratio, 12);
  });

  it('linear: known values, constant difference', () => {
    expect(Array.from(scheduleLrs({ startLr: 1, endLr: 3, numIt: 3, schedule: 'linear' }))).toEqual([1, 2, 3]);
    const lrs = scheduleLrs({ startLr: 0.01, endLr: 1, numIt: 100, schedule: 'linear' });
    for (let i = 1; i < lrs.length; i++) expect(lrs[i] - lrs[i - 1]).toBeCloseTo(0.01, 12);
    expect(lrs[99]).toBe(1);
  });

  it('numIt = 1 uses startLr; a reversed or empty range is refused (a range test raises the lr)', () => {
    expect(Array.from(scheduleLrs({ startLr: 0.5, endLr: 2, numIt: 1 }))).toEqual([0.5]);
    expect(() => scheduleLrs({ startLr: 1, endLr: 1e-2, numIt: 3 })).toThrow(/startLr must be below endLr: a range test raises the lr \(got startLr 1, endLr 0\.01\)/);
    expect(() => resolveSchedule('lrFind', { startLr: 0.1, endLr: 0.1 })).toThrow(/^lrFind: startLr must be below endLr/);
  });

  it('expLr / linearLr / scheduleLr agree with scheduleLrs', () => {
    expect(expLr(1e-4, 1, 5, 2)).toBeCloseTo(0.01, 15);
    expect(linearLr(0.1, 0.5, 5, 2)).toBeCloseTo(0.3, 15);
    expect(scheduleLr({ startLr: 1e-4, endLr: 1, numIt: 5 }, 1)).toBeCloseTo(0.001, 15);
    const all = scheduleLrs({ startLr: 1e-5, endLr: 3, numIt: 17, schedule: 'linear' });
    for (let i = 0; i < 17; i++) expect(scheduleLr({ startLr: 1e-5, endLr: 3, numIt: 17, schedule: 'linear' }, i)).toBe(all[i]);
  });

  it('property: exp lrs are monotone, inside [start, end], and log-linear', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1e-2, noNaN: true }),
        fc.double({ min: 1e-1, max: 1e3, noNaN: true }),
        fc.integer({ min: 2, max: 400 }),
        (startLr, endLr, numIt) => {
          const lrs = scheduleLrs({ startLr, endLr, numIt });
          expect(lrs[0]).toBe(startLr);
          expect(lrs[numIt - 1]).toBe(endLr);
          for (let i = 1; i < numIt; i++) {
            expect(lrs[i]).toBeGreaterThan(lrs[i - 1]);
            const t = Math.log(lrs[i] / startLr) / Math.log(endLr / startLr);
            expect(t).toBeCloseTo(i / (numIt - 1), 9);
          }
        },
      ),
    );
  });

  it('rejects bad options with the bad value in the message', () => {
    expect(() => scheduleLrs({ startLr: 0 })).toThrow(/startLr must be a finite number > 0 \(got 0\)/);
    expect(() => scheduleLrs({ endLr: NaN })).toThrow(/endLr .*got NaN/);
    expect(() => scheduleLrs({ numIt: 2.5 })).toThrow(RangeError);
    expect(() => scheduleLrs({ numIt: 0 })).toThrow(/numIt must be an integer >= 1 \(got 0\)/);
    expect(() => scheduleLrs({ schedule: 'cos' as 'exp' })).toThrow(/schedule must be 'exp' or 'linear' \(got "cos"\)/);
    expect(() => scheduleLr({ numIt: 10 }, 10)).toThrow(/step must be an integer in \[0, 9\] \(got 10\)/);
    expect(resolveSchedule('f', {})).toEqual({ startLr: 1e-7, endLr: 10, numIt: 100, schedule: 'exp' });
  });
});
