import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ema, type EmaOptions } from '../../src/analysis/index.js';
import { powCorrectlyRounded } from '../../src/analysis/pow.js';
import { closeTo, loadReference, mismatches } from './fixtures.js';

interface PrimitivesRef {
  inputs: Record<string, number[]>;
  ema: { input: string; options: EmaOptions; expected: number[] }[];
}
const ref = loadReference<PrimitivesRef>('primitives.json');

describe('ema', () => {
  it('known answers (debiased, plain, seeded, Lightning offset)', () => {
    expect(Array.from(ema([1, 1, 1], { beta: 0.9 }))).toEqual([1, 1, 1]);
    expect(Array.from(ema([2, 4], { beta: 0.5, debias: false }))).toEqual([1, 2.5]);
    const seeded = ema([2, 4], { beta: 0.95, init: 'first' });
    expect(seeded[0]).toBe(2);
    expect(seeded[1]).toBeCloseTo(2.1, 14);
    // debiased with beta 0.5: m = [1, 2.5], divisors 1 - 0.5^k = [0.5, 0.75]
    expect(Array.from(ema([2, 4], { beta: 0.5 }))).toEqual([2, 2.5 / 0.75]);
    // Lightning's offset: divisors 1 - 0.5^(k+1) = [0.75, 0.875]
    expect(Array.from(ema([2, 4], { beta: 0.5, debiasOffset: 1 }))).toEqual([1 / 0.75, 2.5 / 0.875]);
    expect(ema([], { beta: 0.9 }).length).toBe(0);
    expect(ema([5])).toBeInstanceOf(Float64Array);
  });

  it.each(ref.ema.map((c) => [c.input, JSON.stringify(c.options), c] as const))(
    'equals the numpy reference on %s with %s',
    (_input, _options, c) => {
      const got = ema(Object.freeze(ref.inputs[c.input].slice()), c.options);
      expect(mismatches(got, c.expected, 1e-12)).toEqual([]);
    },
  );

  it('the debiased zero-started form is bit-identical to the Python reference (correctly rounded powers)', () => {
    for (const c of ref.ema.filter((e) => e.options.init === undefined)) {
      expect(Array.from(ema(ref.inputs[c.input], c.options)), `${c.input} ${JSON.stringify(c.options)}`).toEqual(c.expected);
    }
  });

  it('propagates a NaN to every later value (as the anchors do)', () => {
    const s = ema([1, 2, NaN, 3, 4], { beta: 0.9 });
    expect(Number.isFinite(s[1])).toBe(true);
    expect(Array.from(s.subarray(2)).every(Number.isNaN)).toBe(true);
  });

  it('smoothing a constant returns it (debiased and seeded forms)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom<EmaOptions>(
          { beta: 0.98 },
          { beta: 0.9 },
          { beta: 0.95, init: 'first' },
          { beta: 0.5 },
          { beta: 0 },
        ),
        (c, n, options) => {
          const s = ema(Object.freeze(new Array<number>(n).fill(c)), options);
          for (let i = 0; i < n; i++) if (!closeTo(s[i], c, 1e-12, 1e-300)) return false;
          return true;
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('is linear: ema(a·x + b) = a·ema(x) + b for the debiased form', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0.125, max: 8, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (x, a, b) => {
          const s = ema(x, { beta: 0.9 });
          const t = ema(
            x.map((v) => a * v + b),
            { beta: 0.9 },
          );
          return s.every((v, i) => Math.abs(t[i] - (a * v + b)) <= 1e-9 * (1 + Math.abs(a * v) + Math.abs(b)));
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('never mutates its input (frozen arrays and typed arrays)', () => {
    const input = Object.freeze([3, 2, 1, NaN, 5]);
    ema(input, { beta: 0.9 });
    ema(input, { beta: 0.95, init: 'first' });
    const typed = Float32Array.of(1, 2, 3);
    ema(typed);
    expect(Array.from(typed)).toEqual([1, 2, 3]);
  });

  it('rejects bad input and options, naming the function', () => {
    expect(() => ema('abc' as unknown as number[])).toThrow(TypeError);
    expect(() => ema([1, 'x' as unknown as number])).toThrow(/^ema: values\[1\]/);
    expect(() => ema([1], { beta: 1 })).toThrow(RangeError);
    expect(() => ema([1], { beta: 1 })).toThrow(/^ema: beta .*got 1/);
    expect(() => ema([1], { beta: -0.1 })).toThrow(/^ema: beta/);
    expect(() => ema([1], { beta: NaN })).toThrow(RangeError);
    expect(() => ema([1], { debiasOffset: Infinity })).toThrow(/^ema: debiasOffset/);
  });
});

/** The correctly rounded value of x^k, computed exactly with BigInt (x > 0 finite, k ≥ 0, result normal). */
function exactPow(x: number, k: number): number {
  if (k === 0) return 1;
  // x = mant · 2^exp with an odd-or-not integer mantissa of up to 53 bits
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)) | (biased === 0 ? 0n : 1n << 52n);
  const exp = (biased === 0 ? 1 : biased) - 1075;
  const p = mant ** BigInt(k);
  const len = p.toString(2).length;
  const shift = Math.max(0, len - 54);
  const q = p >> BigInt(shift);
  const sticky = (p & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
  // 55 significant bits with the sticky bit last: Number() rounds it to nearest-even exactly once
  let value = Number((q << 1n) | sticky);
  let e2 = shift - 1 + exp * k;
  while (e2 > 0) {
    const s = Math.min(e2, 1000);
    value *= 2 ** s;
    e2 -= s;
  }
  while (e2 < 0) {
    const s = Math.max(e2, -1000);
    value *= 2 ** s;
    e2 -= s;
  }
  return value;
}

describe('powCorrectlyRounded', () => {
  it('known answers where V8 and glibc disagree', () => {
    expect(powCorrectlyRounded(0.98, 4)).toBe(0.9223681599999999);
    expect(powCorrectlyRounded(0.9, 4)).toBe(0.6561);
    expect(powCorrectlyRounded(0.5, 3)).toBe(0.125);
    expect(powCorrectlyRounded(7, 0)).toBe(1);
    expect(powCorrectlyRounded(2, 0.5)).toBe(Math.SQRT2);
  });

  it('equals the exactly computed, correctly rounded power', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.99999, noNaN: true }), fc.integer({ min: 0, max: 1500 }), (x, k) => {
        const want = exactPow(x, k);
        return want < 1e-280 || powCorrectlyRounded(x, k) === want;
      }),
      { seed: 42, numRuns: 300 },
    );
    for (const beta of [0.98, 0.9, 0.95]) {
      for (let k = 1; k <= 400; k++) expect(powCorrectlyRounded(beta, k)).toBe(exactPow(beta, k));
    }
  });
});
