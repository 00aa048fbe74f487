import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logCorrectlyRounded } from '../../src/analysis/log.js';

// Values where V8's Math.log is an ulp off the correctly rounded logarithm (which numpy/glibc return); the
// expected values are Python's math.log, checked against a 60-digit Decimal ln.
const KNOWN: [number, number][] = [
  [0.05941398666763955, -2.8232256145460775],
  [0.6917385784874839, -0.3685471714922723],
  [1.1459164598673601, 0.13620471848652113],
  [1.1704514868650482, 0.15738956058417267],
];

describe('logCorrectlyRounded', () => {
  it('known answers', () => {
    for (const [x, want] of KNOWN) expect(logCorrectlyRounded(x)).toBe(want);
    expect(logCorrectlyRounded(1)).toBe(0);
    expect(logCorrectlyRounded(2)).toBe(Math.LN2);
    expect(logCorrectlyRounded(10)).toBe(Math.LN10);
    expect(logCorrectlyRounded(Math.E)).toBe(1);
    expect(logCorrectlyRounded(5e-324)).toBe(-744.4400719213812);
    expect(logCorrectlyRounded(Number.MAX_VALUE)).toBe(709.782712893384);
    const powersOfTwo: [number, number][] = [
      [-1074, -744.4400719213812],
      [-1000, -693.1471805599454],
      [-37, -25.646445680717978],
      [3, 2.0794415416798357],
      [100, 69.31471805599453],
      [1000, 693.1471805599454],
    ];
    for (const [k, want] of powersOfTwo) expect(logCorrectlyRounded(2 ** k)).toBe(want);
    expect(logCorrectlyRounded(0)).toBe(-Infinity);
    expect(Number.isNaN(logCorrectlyRounded(-1))).toBe(true);
  });

  it('is within an ulp of Math.log', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
        const a = logCorrectlyRounded(x);
        const b = Math.log(x);
        return Math.abs(a - b) <= 2 * Number.EPSILON * Math.max(1, Math.abs(b));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
