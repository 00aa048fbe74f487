import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ema, type EmaOptions } from '../../src/analysis/ema.js';
import { invertEma, invertRunningMean, runningMean } from '../../src/analysis/unsmooth.js';

/** The smoothing each anchor tool applies, as `ema` options. */
const FORMS: Record<string, EmaOptions> = {
  fastai: { beta: 0.98, debias: true },
  lightning: { beta: 0.98, debias: true, debiasOffset: 1 },
  'torch-lr-finder': { beta: 0.95, init: 'first' },
  keras: { beta: 0.9, debias: true },
  'no debias': { beta: 0.7, debias: false },
};

/** A realistic range-test curve: a plateau, a descent, noise, and a blow-up at the end. */
function curve(n: number, seed: number, noise = 0.05): number[] {
  let state = seed >>> 0 || 1;
  const rand = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32) - 0.5;
  };
  return Array.from({ length: n }, (_, i) => {
    const t = i / Math.max(1, n - 1);
    const base = 2.3 - 1.5 / (1 + Math.exp(-12 * (t - 0.45))) + (t > 0.8 ? 40 * (t - 0.8) ** 2 : 0);
    return base * (1 + noise * rand());
  });
}

function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]));
  }
  return worst;
}

describe('invertEma(ema(x)) gives x back', () => {
  for (const [name, options] of Object.entries(FORMS)) {
    it(`${name}: to 1e-12 relative on realistic curves`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 2 ** 31 }), (n, seed) => {
          const raw = curve(n, seed);
          const back = invertEma(ema(raw, options), options);
          expect(back).toHaveLength(n);
          expect(maxRelError(back, raw)).toBeLessThan(1e-12);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('ema(invertEma(s)) gives s back (it is a two-sided inverse)', () => {
    const s = ema(curve(100, 7), FORMS.fastai);
    expect(maxRelError(ema(invertEma(s, FORMS.fastai), FORMS.fastai), s)).toBeLessThan(1e-13);
  });

  it('defaults match ema defaults (β = 0.98, debiased, zero-started)', () => {
    const raw = curve(50, 3);
    expect(maxRelError(invertEma(ema(raw)), raw)).toBeLessThan(1e-12);
  });

  it('recovers arbitrary finite series, including negative and tiny values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 100 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.boolean(),
        (raw, beta, seeded) => {
          const options: EmaOptions = seeded ? { beta, init: 'first' } : { beta };
          const back = invertEma(ema(raw, options), options);
          const scale = Math.max(1, ...raw.map(Math.abs));
          // absolute error relative to the series scale: amplification ≈ (1 + β)/(1 − β)
          const bound = (4 * Number.EPSILON * scale * (1 + beta)) / (1 - beta) * 8;
          raw.forEach((x, i) => expect(Math.abs(back[i] - x)).toBeLessThanOrEqual(bound));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('invertEma known answers', () => {
  it('undoes a hand-computed debiased EMA', () => {
    // m = [1, 0.5 + 2, …] with β = 0.5: s0 = 0.5/0.5 = 1, s1 = (0.25 + 1)/0.75
    expect(Array.from(invertEma([1, 1.25 / 0.75], { beta: 0.5 }))).toEqual([1, 2]);
  });

  it('undoes the seeded form (pytorch-lr-finder smooth_f = 0.05)', () => {
    const back = invertEma([2, 2.1], { beta: 0.95, init: 'first' });
    expect(back[0]).toBe(2);
    expect(back[1]).toBeCloseTo(4, 12);
  });

  it('beta = 0 is the identity', () => {
    expect(Array.from(invertEma([3, 1, 2], { beta: 0 }))).toEqual([3, 1, 2]);
  });

  it('returns an empty array for an empty series and never mutates its input', () => {
    expect(invertEma([])).toHaveLength(0);
    const s = Object.freeze([1, 2, 3]);
    invertEma(s);
    expect(s).toEqual([1, 2, 3]);
  });
});

describe('invertEma with non-finite values', () => {
  it('marks everything after a NaN as NaN (not recoverable)', () => {
    const raw = [2, 1.9, NaN, 1.5, 1.4];
    const back = invertEma(ema(raw), {});
    expect(back[0]).toBeCloseTo(2, 12);
    expect(back[1]).toBeCloseTo(1.9, 12);
    expect(Array.from(back.slice(2)).every(Number.isNaN)).toBe(true);
  });

  it('gives the infinity back at the step where the loss blew up, NaN after', () => {
    for (const options of Object.values(FORMS)) {
      const back = invertEma(ema([2, 1.5, Infinity, 3], options), options);
      expect(back[2]).toBe(Infinity);
      expect(Number.isNaN(back[3])).toBe(true);
    }
  });

  it('a NaN in the middle of a recorded series (a tool that logged NaN and went on) poisons only what depends on it', () => {
    const back = invertEma([1, NaN, 1, 1], { beta: 0.5, debias: false });
    expect(back[0]).toBe(2);
    expect(Number.isNaN(back[1]) && Number.isNaN(back[2])).toBe(true);
    expect(back[3]).toBe(1);
  });
});

describe('invertEma conditioning on float32 records (fastai v2 records torch float32)', () => {
  it('recovers the raw curve to about 1e-5 relative when the smoothed values were rounded to float32', () => {
    let worst = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const raw = curve(100, seed).map(Math.fround);
      const recorded = Array.from(ema(raw, FORMS.fastai), Math.fround);
      worst = Math.max(worst, maxRelError(invertEma(recorded, FORMS.fastai), raw));
    }
    // float32 rounding (6e-8) × amplification ≈ (1 + β)/(1 − β) ≈ 99, with the loss varying along the curve
    expect(worst).toBeLessThan(5e-5);
    expect(worst).toBeGreaterThan(1e-7); // the loss of precision is real: documented, not hidden
  });
});

describe('invertEma input checks', () => {
  it('throws TypeError for non-numeric input and RangeError for bad beta / offset', () => {
    expect(() => invertEma('abc' as unknown as number[])).toThrow(TypeError);
    expect(() => invertEma([1, '2'] as unknown as number[])).toThrow(/invertEma: smoothed\[1\]/);
    expect(() => invertEma([1], { beta: 1 })).toThrow(RangeError);
    expect(() => invertEma([1], { debiasOffset: NaN })).toThrow(/debiasOffset/);
  });
});

describe('runningMean / invertRunningMean (Keras logs["loss"], TF >= 2.2 and Keras 3)', () => {
  it('known answers, with a reset at an epoch boundary', () => {
    expect(Array.from(runningMean([1, 3, 5, 10, 20], { resets: [3] }))).toEqual([1, 2, 3, 10, 15]);
    expect(Array.from(invertRunningMean([1, 2, 3, 10, 15], { resets: [3] }))).toEqual([1, 3, 5, 10, 20]);
  });

  it('invertRunningMean(runningMean(x)) gives x back to 1e-12 relative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 300 }), (n, seed, epoch) => {
        const raw = curve(n, seed);
        const resets = Array.from({ length: Math.floor((n - 1) / epoch) }, (_, i) => (i + 1) * epoch);
        expect(maxRelError(invertRunningMean(runningMean(raw, { resets }), { resets }), raw)).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('a NaN poisons the rest of its epoch only', () => {
    const back = invertRunningMean(runningMean([1, NaN, 3, 4, 5], { resets: [3] }), { resets: [3] });
    expect(back[0]).toBe(1);
    expect([back[1], back[2]].every(Number.isNaN)).toBe(true);
    expect([back[3], back[4]]).toEqual([4, 5]);
  });

  it('rejects bad reset indices', () => {
    expect(() => runningMean([1, 2], { resets: [5] })).toThrow(RangeError);
    expect(() => invertRunningMean([1, 2], { resets: [0.5] })).toThrow(/resets\[0\]/);
  });

  it('invertRunningMean(…, { batches }) weights each mean by its in-epoch batch index (a log started mid-epoch)', () => {
    // raw 4, 2, 6, 8 from batch 0; logged from batch 1 on: means 3, 4, 5
    expect(Array.from(invertRunningMean([3, 4, 5], { batches: [1, 2, 3] }))).toEqual([3, 6, 8]);
    // rows every other batch: the mean of the two batches since the last row
    expect(Array.from(invertRunningMean([4, 4, 5], { batches: [0, 2, 3] }))).toEqual([4, 4, 8]);
    // a batch index that goes back is a new epoch
    expect(Array.from(invertRunningMean([2, 3, 10, 15], { batches: [1, 2, 0, 1] }))).toEqual([2, 5, 10, 20]);
    // with batches 0, 1, 2… it is the plain inverse
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }), (raw) => {
        const means = runningMean(raw);
        const a = invertRunningMean(means);
        const b = invertRunningMean(means, { batches: raw.map((_, i) => i) });
        expect(Array.from(b)).toEqual(Array.from(a));
      }),
    );
  });

  it('rejects bad batch indices', () => {
    expect(() => invertRunningMean([1, 2], { batches: [0] })).toThrow(new RangeError('invertRunningMean: batches must have one index per mean (got 1, expected 2)'));
    expect(() => invertRunningMean([1, 2], { batches: [0, 1.5] })).toThrow(new RangeError('invertRunningMean: batches[1] must be an integer >= 0 (got 1.5)'));
    expect(() => invertRunningMean([1, 2], { batches: [0, -1] })).toThrow(/batches\[1\]/);
  });
});
