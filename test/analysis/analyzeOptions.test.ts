import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { assertNumericArray } from '../../src/analysis/assert.js';
import { ema } from '../../src/analysis/ema.js';

const lrs = Array.from({ length: 60 }, (_, i) => 1e-5 * 10 ** (i / 10));
const losses = lrs.map((lr, i) => 2 - Math.log10(lr) * 0.1 + (i > 45 ? (i - 45) ** 2 * 0.05 : 0));

describe('analyze(curve, options) refuses options of the wrong type, naming analyze and the value', () => {
  const cases: [string, unknown, string][] = [
    ['frozen: "false"', { frozen: 'false' }, 'analyze: frozen must be a boolean (got "false")'],
    ['frozen: 0', { frozen: 0 }, 'analyze: frozen must be a boolean (got 0)'],
    ['skipStart: "5"', { skipStart: '5' }, 'analyze: skipStart must be a number (got "5")'],
    ['skipEnd: null', { skipEnd: null }, 'analyze: skipEnd must be a number (got null)'],
    ['divergeTh: "inf"', { divergeTh: 'inf' }, 'analyze: divergeTh must be a number (got "inf")'],
    ['smoothF: "0.05"', { smoothF: '0.05' }, 'analyze: smoothF must be a number (got "0.05")'],
    ['recorded: "fastai"', { recorded: 'fastai' }, 'analyze: recorded must be { tool, smoothed } (got "fastai")'],
    ['options null', null, 'analyze: options must be an object (got null)'],
    ['options a string', 'fast', 'analyze: options must be an object (got "fast")'],
    ['options an array', [1], 'analyze: options must be an object (got an array of length 1)'],
  ];
  for (const [name, options, message] of cases) {
    it(name, () => {
      expect(() => analyze({ lrs, losses }, options as never)).toThrow(new TypeError(message));
    });
  }

  it('still takes good options', () => {
    expect(analyze({ lrs, losses }, { frozen: false, skipStart: 2, divergeTh: 5 }).points).toBeGreaterThan(0);
  });
});

describe('array-likes with non-number elements are refused', () => {
  it('an array-like object is checked element by element', () => {
    expect(() => assertNumericArray('ema', { length: 2, 0: 1, 1: '2' })).toThrow(new TypeError('ema: values[1] must be a number (got "2")'));
    expect(() => ema({ length: 3, 0: 1, 1: 2 } as never)).toThrow(new TypeError('ema: values[2] must be a number (got undefined)'));
    expect(() => analyze({ lrs: { length: 2, 0: 1e-3, 1: '1e-2' } as never, losses: [1, 2] })).toThrow(/^analyze: lrs\[1\] must be a number \(got "1e-2"\)/);
  });

  it('a BigInt typed array and a bad length are not numeric arrays', () => {
    expect(() => assertNumericArray('ema', BigInt64Array.of(1n))).toThrow(/^ema: values must be an array of numbers/);
    expect(() => assertNumericArray('ema', { length: -1 })).toThrow(TypeError);
    expect(() => assertNumericArray('ema', { length: Infinity })).toThrow(TypeError);
  });

  it('typed arrays and arrays of numbers pass', () => {
    expect(() => assertNumericArray('ema', Float32Array.of(1, NaN))).not.toThrow();
    expect(() => assertNumericArray('ema', [1, Infinity])).not.toThrow();
    expect(() => assertNumericArray('ema', { length: 1, 0: 1 })).not.toThrow();
  });
});

describe("analyze(curve, { keepResults: 'first' })", () => {
  const lrs = Array.from({ length: 200 }, (_, i) => 1e-6 * 10 ** (i / 25));
  const losses = lrs.map((lr, i) => 2.3 - 0.8 * Math.tanh(Math.log10(lr) + 3) + (lr > 0.3 ? 4 * lr : 0) + 0.03 * Math.sin(i * 1.7));

  it('gives every suggestion, reason, candidate and the same answer, keeping only the first preset\'s full result', () => {
    const all = analyze({ lrs, losses });
    const light = analyze({ lrs, losses }, { keepResults: 'first' });
    expect(all.results.length).toBe(7);
    expect(light.results.length).toBe(1);
    expect(light.results[0]).toEqual(all.results[0]);
    const { results: _a, ...restAll } = all;
    const { results: _b, ...restLight } = light;
    expect(restLight).toEqual(restAll);
    for (const frozen of [false, true]) {
      const { results: _c, ...a } = analyze({ lrs, losses }, { frozen });
      const { results: _d, ...b } = analyze({ lrs, losses }, { frozen, keepResults: 'first' });
      expect(b).toEqual(a);
    }
  });

  it("'none' gives the same analysis with no curve kept: the first preset's recording has its points and stop, no arrays", () => {
    const first = analyze({ lrs: Float64Array.from(lrs), losses: Float64Array.from(losses) }, { keepResults: 'first' });
    for (const frozen of [false, true, undefined]) {
      for (const preset of [undefined, 'lrfind', 'fastai', 'inflection'] as const) {
        const { results: _a, ...a } = analyze({ lrs, losses }, { frozen, preset });
        const none = analyze({ lrs, losses }, { frozen, preset, keepResults: 'none' });
        const { results, ...b } = none;
        expect(b).toEqual(a);
        expect(results.length).toBe(1);
        expect(results[0].recording.smoothed.length).toBe(0);
        expect(results[0].recording.lrs.length).toBe(0);
      }
    }
    const none = analyze({ lrs, losses }, { keepResults: 'none' });
    const { smoothed: _s, lrs: _l, median: _m, ...stop } = none.results[0].recording as unknown as Record<string, unknown>;
    const { smoothed: _t, lrs: _u, median: _n, ...stopFirst } = first.results[0].recording as unknown as Record<string, unknown>;
    expect(stop).toEqual(stopFirst);
    expect(none.results[0].suggestions).toEqual(first.results[0].suggestions);
  });

  it('refuses another value', () => {
    expect(() => analyze({ lrs, losses }, { keepResults: 'some' as never })).toThrow(/^analyze: keepResults must be 'all', 'first' or 'none'/);
  });
});
