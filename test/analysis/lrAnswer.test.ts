import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  answerAsSuggestions,
  nearestLrIndex,
  answerWithTrials,
  measuredAnswer,
  MEASURE_HINT,
  MEASURED_MARGIN,
  rangeTestAnswer,
  withTrials,
  type AnswerTrials,
} from '../../src/analysis/index.js';
import { runFromJson } from '../../src/runs/runFile.js';
import { analyzeWithMeta } from '../../src/runs/analyzed.js';

const trial = (lr: number, loss: number, round = 0, diverged = false) => ({ lr, round, steps: 10 * (round + 1), loss, diverged });

const trials: AnswerTrials = {
  lr: 1e-2,
  reason: 'lowest validation loss after 20 steps (0.5)',
  basis: 'validation',
  trials: [trial(1e-3, 0.9), trial(3e-3, 0.62), trial(1e-2, 0.55), trial(3e-2, 0.6), trial(1e-1, NaN, 0, true), trial(1e-2, 0.5, 1), trial(3e-2, 0.54, 1)],
};

describe('rangeTestAnswer(choice)', () => {
  it('widens the range so that it always holds the lr (the answer may sit outside lrfind\'s band)', () => {
    const a = rangeTestAnswer({
      suggestion: { lr: 3.1e-2, index: 70 },
      range: { range: [1.8e-4, 4.7e-3], indices: [30, 55] },
      confidence: 'low',
      confidenceReason: 'noisy',
      reason: 'r',
    });
    expect(a).toMatchObject({ lr: 3.1e-2, range: [1.8e-4, 3.1e-2], confidence: 'low', basis: 'range test', next: MEASURE_HINT });
  });

  it('is null when the choice has none; a high answer has no next step', () => {
    expect(rangeTestAnswer({ suggestion: null, reason: 'too few points' })).toBeNull();
    const a = rangeTestAnswer({ suggestion: { lr: 1e-3, index: 3 }, range: null, confidence: 'high', confidenceReason: 'clear', reason: 'r' });
    expect(a).toEqual({ lr: 1e-3, range: [1e-3, 1e-3], confidence: 'high', basis: 'range test', reason: 'r', confidenceReason: 'clear' });
  });

  it("gives a slice's head lr as the lr and keeps the slice", () => {
    const a = rangeTestAnswer({ suggestion: { range: [1e-5, 1e-3], indices: [10, 40] }, confidence: 'medium', confidenceReason: 'c', reason: 'r' });
    expect(a).toMatchObject({ lr: 1e-3, slice: [1e-5, 1e-3], range: [1e-5, 1e-3] });
  });
});

describe('measuredAnswer(trials, estimate)', () => {
  it("answers with the trials' lr; its range holds the lrs within the margin of their last round's best", () => {
    const a = measuredAnswer(trials, null);
    // round 1: best 0.5, 3e-2 at 0.54 is within 10 %; round 0 (their last round): 3e-3 at 0.62 vs best 0.55 is not
    expect(a).toMatchObject({ lr: 1e-2, range: [1e-2, 3e-2], basis: 'measured', confidence: 'high' });
    expect(a?.reason).toBe('measured: lowest validation loss after 20 steps (0.5)');
    expect(a?.confidenceReason).toMatch(/both sides trained worse; range: the lrs whose trials came within 10% of the best validation loss/);
    expect(MEASURED_MARGIN).toBe(0.1);
  });

  it('is medium when the best is the highest lr tried, low when one lr alone survived', () => {
    const edge = { ...trials, lr: 3e-2, trials: [trial(1e-3, 0.9), trial(1e-2, 0.6), trial(3e-2, 0.5)] };
    expect(measuredAnswer(edge, null)).toMatchObject({ confidence: 'medium' });
    expect(measuredAnswer(edge, null)?.confidenceReason).toMatch(/highest lr tried/);
    const lone = { ...trials, lr: 1e-3, trials: [trial(1e-3, 0.9), trial(1e-2, NaN, 0, true)] };
    expect(measuredAnswer(lone, null)).toMatchObject({ confidence: 'low', range: [1e-3, 1e-3] });
  });

  it('keeps the range-test estimate it started from, and is null when every trial diverged', () => {
    const estimate = rangeTestAnswer({ suggestion: { lr: 4e-3, index: 5 }, range: { range: [6e-4, 8e-3], indices: [1, 9] }, confidence: 'high', confidenceReason: 'c', reason: 'r' });
    expect(measuredAnswer(trials, estimate)?.rangeTest).toEqual({ lr: 4e-3, range: [6e-4, 8e-3], confidence: 'high', reason: 'r', confidenceReason: 'c' });
    expect(measuredAnswer({ ...trials, lr: null }, estimate)).toBeNull();
    // then the estimate answers, marked low and pointing at what to do
    const fallback = answerWithTrials(estimate, { ...trials, lr: null, reason: 'every trial diverged' });
    expect(fallback).toMatchObject({ lr: 4e-3, basis: 'range test', confidence: 'low', next: MEASURE_HINT });
    expect(fallback?.confidenceReason).toMatch(/the confirm trials picked none \(every trial diverged\)/);
  });

  it('measures a measured answer again from its own range-test estimate', () => {
    const estimate = rangeTestAnswer({ suggestion: { lr: 4e-3, index: 5 }, range: null, confidence: 'medium', confidenceReason: 'c', reason: 'r' });
    const once = answerWithTrials(estimate, trials);
    const other = { ...trials, lr: 3e-2 };
    expect(answerWithTrials(once, other)).toEqual(answerWithTrials(estimate, other));
    expect(answerWithTrials(once, null)).toEqual(estimate);
  });
});

describe('analyze(curve).answer', () => {
  const lrs = Array.from({ length: 100 }, (_, i) => 1e-6 * 10 ** (i / 14));
  const losses = lrs.map((lr, i) => 2.3 - 0.8 * Math.tanh(Math.log10(lr) + 3) + (lr > 0.3 ? 4 * lr : 0) + 0.02 * Math.sin(i));

  it("is lrfind's range-test answer, and with trials the measured one (withTrials, the trials option)", () => {
    const a = analyze({ lrs, losses });
    expect(a.answer?.basis).toBe('range test');
    expect(a.answer?.lr).toBe((a.choice.suggestion as { lr: number }).lr);
    const m = withTrials(a, trials);
    expect(m.answer).toMatchObject({ lr: 1e-2, basis: 'measured' });
    expect(m.answer?.rangeTest?.lr).toBe(a.answer?.lr);
    expect(analyze({ lrs, losses }, { trials }).answer).toEqual(m.answer);
  });

  it("stays lrfind's answer under a tool's preset (the tool's own is choice)", () => {
    const a = analyze({ lrs, losses }, { preset: 'fastai' });
    expect(a.choice.name).toBe('valley');
    expect(a.answer?.lr).toBe(analyze({ lrs, losses }).answer?.lr);
  });

  it('is null with a reason when no answer is possible', () => {
    const a = analyze({ lrs: [1e-3, 1e-2, 1e-1], losses: [2, 1, 0.5] });
    expect(a.answer).toBeNull();
    expect(a.noAnswer).toMatch(/^no answer: /);
  });

  it('lies in its range on random curves (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 160 }),
        fc.double({ min: -8, max: -3, noNaN: true }),
        fc.double({ min: 0.5, max: 6, noNaN: true }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 160, maxLength: 160 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.boolean(),
        (n, start, decades, noise, amp, frozen) => {
          const l = Array.from({ length: n }, (_, i) => 10 ** (start + (decades * i) / (n - 1)));
          const y = l.map((lr, i) => 2 - Math.tanh(Math.log10(lr) - start - decades / 2) + (lr > 10 ** (start + decades * 0.8) ? 5 : 0) + amp * noise[i]);
          const a = analyze({ lrs: l, losses: y }, { frozen: frozen ? undefined : false });
          if (a.answer === null) return typeof a.noAnswer === 'string' && a.noAnswer.length > 0;
          const [lo, hi] = a.answer.range;
          return lo <= a.answer.lr && a.answer.lr <= hi && lo > 0 && Number.isFinite(hi);
        },
      ),
      { numRuns: 300, seed: 18 },
    );
  });
});

describe('answer.lr lies in answer.range on every curve of the evaluation corpus and its holdouts', () => {
  for (const dir of ['eval/corpus', 'eval/holdout']) {
    it(dir, () => {
      const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');
      expect(files.length).toBeGreaterThan(10);
      let answered = 0;
      for (const f of files) {
        const entry = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { run?: unknown };
        if (entry.run === undefined) continue;
        const run = runFromJson(entry.run, f);
        for (const frozen of [undefined, false]) {
          const a = analyzeWithMeta(run, frozen === undefined ? {} : { frozen }).answer;
          if (a === null) continue;
          answered++;
          expect(a.range[0], f).toBeLessThanOrEqual(a.lr);
          expect(a.lr, f).toBeLessThanOrEqual(a.range[1]);
        }
      }
      expect(answered).toBeGreaterThan(10);
    });
  }
});

describe('nearestLrIndex / answerAsSuggestions', () => {
  it('finds the nearest lr on a log scale, -1 for none', () => {
    expect(nearestLrIndex([1e-4, 1e-3, 1e-2], 2e-3)).toBe(1);
    expect(nearestLrIndex([1e-4, 1e-3, 1e-2], 5e-3)).toBe(2); // log-nearer to 1e-2
    expect(nearestLrIndex([], 1)).toBe(-1);
  });

  it('places an answer on a run: a lr or a slice, and its range (none when it is a single lr)', () => {
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1];
    const base = { lr: 1e-2, range: [1e-3, 1e-2] as const, confidence: 'high' as const, basis: 'measured' as const, reason: '', confidenceReason: '' };
    expect(answerAsSuggestions(base, lrs)).toEqual({ suggestion: { lr: 1e-2, index: 2 }, range: { range: [1e-3, 1e-2], indices: [1, 2] } });
    expect(answerAsSuggestions({ ...base, range: [1e-2, 1e-2] }, lrs).range).toBeNull();
    expect(answerAsSuggestions({ ...base, slice: [1e-4, 1e-2] }, lrs).suggestion).toEqual({ range: [1e-4, 1e-2], indices: [0, 2] });
  });
});
