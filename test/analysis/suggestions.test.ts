import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LrfindError } from '../../src/errors.js';
import { analyze, PRESET_NAMES, PRESETS, type PresetName, type Suggestion } from '../../src/analysis/index.js';

/** Suggestions that are a tenth of a run lr (the "min loss / 10" family). */
const DIV10 = new Set(['fastai.minimum', 'fastai1.minLossDiv10', 'keras.minLossDiv10', 'inflection.frozenLowerBound', 'lrfind.minimumDiv10']);

/** A random raw range test: geometric or linear lrs, the classic shape, noise, sometimes a non-finite tail. */
const runArb = fc
  .record({
    n: fc.integer({ min: 1, max: 160 }),
    startExp: fc.integer({ min: -8, max: -3 }),
    decades: fc.integer({ min: 1, max: 9 }),
    linear: fc.boolean(),
    base: fc.double({ min: 0.05, max: 10, noNaN: true }),
    drop: fc.double({ min: 0, max: 0.9, noNaN: true }),
    centre: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    blowup: fc.double({ min: 0, max: 50, noNaN: true }),
    noise: fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 160, maxLength: 160 }),
    tail: fc.constantFrom('none', 'nan', 'inf', 'nan-middle'),
  })
  .map((p) => {
    const start = 10 ** p.startExp;
    const end = start * 10 ** p.decades;
    const lrs = Array.from({ length: p.n }, (_, i) => {
      const t = p.n === 1 ? 0 : i / (p.n - 1);
      return p.linear ? start + (end - start) * t : start * (end / start) ** t;
    });
    const losses = lrs.map((_, i) => {
      const t = p.n === 1 ? 0 : i / (p.n - 1);
      const y = p.base * (1 - p.drop / (1 + Math.exp(-15 * (t - p.centre)))) + p.blowup * Math.max(0, t - 0.85) ** 2;
      return y * (1 + p.noise[i]);
    });
    if (p.n > 4 && p.tail === 'nan') losses.fill(NaN, p.n - 3);
    if (p.n > 4 && p.tail === 'inf') losses[p.n - 2] = Infinity;
    if (p.n > 4 && p.tail === 'nan-middle') losses[Math.floor(p.n / 2)] = NaN;
    return { lrs, losses };
  });

function check(name: string, s: Suggestion, lrs: readonly number[], points: number): void {
  if (s === null) return;
  const lo = Math.min(...lrs);
  const hi = Math.max(...lrs);
  if ('range' in s) {
    const [a, b] = s.indices;
    expect(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b < points && a <= b, name).toBe(true);
    expect(s.range, name).toEqual([lrs[a], lrs[b]]);
    return;
  }
  expect(Number.isInteger(s.index) && s.index >= 0 && s.index < points, `${name} index ${s.index}`).toBe(true);
  const div = DIV10.has(name) ? 10 : 1;
  expect(s.lr, name).toBe(lrs[s.index] / div);
  expect(s.lr >= lo / div && s.lr <= hi / div, `${name} lr ${s.lr} in [${lo / div}, ${hi / div}]`).toBe(true);
}

describe('suggestions of every preset', () => {
  it('lie inside the run\'s lr range (a tenth of it for the /10 methods), at a recorded step', () => {
    fc.assert(
      fc.property(runArb, ({ lrs, losses }) => {
        const a = analyze({ lrs: Object.freeze(lrs), losses: Object.freeze(losses) });
        for (const result of a.results) {
          for (const [name, s] of Object.entries(result.suggestions)) {
            check(`${result.preset}.${name}`, s, lrs, result.recording.points);
            if (s === null) expect(result.reasons[name], `${result.preset}.${name} reason`).toMatch(/\S/);
          }
          for (const c of [...(result.candidates?.loss ?? []), ...(result.candidates?.gradient ?? [])]) {
            expect(c.lr).toBe(lrs[c.index]);
          }
        }
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('are invariant to the loss scale (× a power of two), except fastai slide (its threshold is absolute)', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: -12, max: 12 }), ({ lrs, losses }, k) => {
        const c = 2 ** k;
        const a = analyze({ lrs, losses });
        const b = analyze({ lrs, losses: losses.map((v) => v * c) });
        const strip = (s: Record<string, Suggestion>) => {
          const copy = { ...s };
          delete copy['fastai.slide'];
          return copy;
        };
        expect(strip(b.suggestions)).toEqual(strip(a.suggestions));
        expect(b.points).toBe(a.points);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it.each(PRESET_NAMES)('%s never mutates its input and rejects a bad curve with a typed error', (name: PresetName) => {
    const lrs = Object.freeze([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    const losses = Object.freeze([2, 1.5, 1, 3, NaN]);
    PRESETS[name].analyze({ lrs, losses });
    expect(losses).toEqual([2, 1.5, 1, 3, NaN]);
    expect(() => PRESETS[name].analyze({ lrs: [], losses: [] })).toThrow(LrfindError);
    expect(() => PRESETS[name].analyze({ lrs: [1, 0], losses: [1, 2] })).toThrow(/learning rates must be finite and > 0/);
    expect(() => PRESETS[name].analyze({ lrs: [1, 2], losses: [1] })).toThrow(/same length/);
    expect(() => PRESETS[name].analyze(null as unknown as { lrs: number[]; losses: number[] })).toThrow(TypeError);
  });

  it('analyze rejects bad options with a RangeError naming it', () => {
    const curve = { lrs: [1e-3, 1e-2, 1e-1], losses: [2, 1, 3] };
    expect(() => analyze(curve, { preset: 'fastai3' as PresetName })).toThrow(/^analyze: unknown preset "?fastai3/);
    expect(() => analyze(curve, { order: 0 })).toThrow(RangeError);
    expect(() => analyze(curve, { order: 0 })).toThrow(/^analyze: order/);
    expect(() => analyze(curve, { numIt: 0 })).toThrow(/^analyze: numIt/);
    expect(() => PRESETS.inflection.analyze(curve, { order: 0 })).toThrow(/^inflection\.analyze: order/);
  });
});
