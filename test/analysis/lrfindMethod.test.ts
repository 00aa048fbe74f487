import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, lrfindMethod, recordLrfind, type LrSuggestion, type RangeSuggestion } from '../../src/analysis/index.js';
import { classic } from './curves.js';


const lr = (s: unknown): number => (s as LrSuggestion).lr;
const decades = (a: number, b: number): number => Math.abs(Math.log10(a / b));

describe("lrfind's own method", () => {
  it('finds the steepest descent without lag (the EMA-based anchors sit to its right)', () => {
    const curve = classic(100);
    const a = analyze(curve);
    // the true steepest point of the tanh descent is at 10^-3
    expect(decades(lr(a.suggestions['lrfind.steepest']), 1e-3)).toBeLessThan(0.15);
    // fastai v1's gradient of its EMA-smoothed curve lags to the right (towards divergence)
    expect(Math.log10(lr(a.suggestions['fastai1.minGrad']))).toBeGreaterThan(-3 + 0.3);
  });

  it("recommends an lr above the steep-descent band's low end and clearly below the loss minimum", () => {
    const a = analyze(classic(200), { preset: 'lrfind' });
    const rec = lr(a.suggestions.recommended);
    const [lo] = (a.suggestions.range as RangeSuggestion).range;
    expect(rec).toBeGreaterThanOrEqual(lo);
    expect(Math.log10(rec)).toBeLessThan(Math.log10(lr(a.suggestions.minimumDiv10) * 10) - 0.2);
    expect(a.reasons.recommended).toMatch(/descent\/noise = \d+\.\d/);
  });

  it('ignores a single wild batch (the moving median removes it)', () => {
    const clean = classic(120);
    const spiked = { lrs: clean.lrs, losses: clean.losses.slice() };
    spiked.losses[50] *= 20;
    const a = analyze(clean, { preset: 'lrfind' });
    const b = analyze(spiked, { preset: 'lrfind' });
    expect(b.suggestions.recommended).toEqual(a.suggestions.recommended);
    expect(b.points).toBe(a.points);
  });

  it('is unchanged by scaling the loss, and by shifting it below zero before the blow-up', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.integer({ min: 1, max: 50 }), (scale, seed) => {
        const base = classic(100, { seed });
        const a = analyze(base, { preset: 'lrfind' }).suggestions.recommended;
        const scaled = analyze({ lrs: base.lrs, losses: base.losses.map((v) => v * scale) }, { preset: 'lrfind' });
        expect(scaled.suggestions.recommended).toEqual(a);
        // a negative log-likelihood crossing zero: fastai's ratio rule stops at once, lrfind's does not
        const shifted = { lrs: base.lrs, losses: base.losses.map((v) => v - 1.5) };
        const fa = analyze(shifted, { preset: 'fastai' }).results[0].recording;
        const stop = fa.points - 1;
        // fastai's `s > 4·best` fires on the very step its smoothed loss first goes below zero, mid-descent
        expect(fa.smoothed[stop]).toBeLessThan(0);
        expect(fa.smoothed[stop - 1]).toBeGreaterThanOrEqual(0);
        // lrfind records on into the blow-up and its recommendation does not move
        expect(recordLrfind(shifted).points).toBeGreaterThan(fa.points);
        expect(analyze(shifted, { preset: 'lrfind' }).suggestions.recommended).toEqual(a);
      }),
      { seed: 42, numRuns: 25 },
    );
  });

  it('stops at the first non-finite loss and suggests from the finite part', () => {
    const curve = classic(100);
    const losses = curve.losses.slice();
    for (let i = 80; i < 100; i++) losses[i] = NaN;
    const rec = recordLrfind({ lrs: curve.lrs, losses });
    expect(rec.stopIndex).toBeLessThanOrEqual(80);
    const a = analyze({ lrs: curve.lrs, losses }, { preset: 'lrfind' });
    expect(a.suggestions.recommended).not.toBeNull();
    expect((a.suggestions.recommended as LrSuggestion).index).toBeLessThan(80);
  });

  it('answers null with a reason when the loss never decreases, or the run is too short', () => {
    const rising = { lrs: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10], losses: [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6] };
    const a = lrfindMethod.analyze(rising);
    expect(a.suggestions.recommended).toBeNull();
    expect(a.reasons.recommended).toMatch(/never decreases/);
    const short = lrfindMethod.analyze({ lrs: [1e-3, 1e-2, 1e-1], losses: [2, 1, 0.5] });
    for (const name of lrfindMethod.suggestionNames) {
      expect(short.suggestions[name]).toBeNull();
      expect(short.reasons[name]).toMatch(/at least 5 finite losses/);
    }
  });

  it('gives one lr for a frozen body and a slice below the loss minimum for an unfrozen model', () => {
    const curve = classic(150);
    const frozen = analyze(curve, { frozen: true }).choice;
    const unfrozen = analyze(curve, { frozen: false }).choice;
    const unknown = analyze(curve).choice;
    expect(frozen.name).toBe('lrfind.recommended');
    expect(unknown.suggestion).toEqual(frozen.suggestion);
    expect(unfrozen.name).toBe('lrfind.slice');
    const [lo, hi] = (unfrozen.suggestion as RangeSuggestion).range;
    expect(lo).toBeLessThanOrEqual(hi);
    const own = analyze(curve, { preset: 'lrfind' });
    expect(hi).toBeLessThanOrEqual(lr(own.suggestions.minimumDiv10) * 10);
    expect(unfrozen.reason).toMatch(/^unfrozen model, a slice: /);
  });
});

describe('analyze().candidates', () => {
  it("are the inflection method's when it runs, else the chosen preset's, and say so", () => {
    const curve = classic(120);
    const all = analyze(curve);
    expect(all.candidatesFrom).toBe('inflection');
    expect(all.candidates).toEqual(all.results.find((r) => r.preset === 'inflection')!.candidates);
    const own = analyze(curve, { preset: 'lrfind' });
    expect(own.candidatesFrom).toBe('lrfind');
    expect(own.candidates).toEqual(own.results[0].candidates);
    const none = analyze(curve, { preset: 'fastai' });
    expect(none.candidatesFrom).toBeNull();
    expect(none.candidates).toEqual({ loss: [], gradient: [] });
  });
});
