import { describe, expect, it } from 'vitest';
import { analyze, analyzeRuns, combineCurves, type LrSuggestion } from '../../src/analysis/index.js';
import { LrfindError } from '../../src/errors.js';
import { classic } from './curves.js';


describe('combineCurves(runs)', () => {
  it('takes the median, the lowest and the highest loss at each lr', () => {
    const c = combineCurves([
      { lrs: [1, 2, 3], losses: [3, 2, 9] },
      { lrs: [1, 2, 3], losses: [3, 1, 2] },
      { lrs: [1, 2], losses: [4, 2] },
    ]);
    expect([...c.lrs]).toEqual([1, 2, 3]);
    expect([...c.losses]).toEqual([3, 2, 9]);
    expect([...c.lower]).toEqual([3, 1, 2]);
    expect([...c.upper]).toEqual([4, 2, Infinity]);
    expect(c.runs).toBe(3);
  });

  it('takes the mean of the middle two with an even number of runs (two and four), +∞ only where both are', () => {
    const two = combineCurves([
      { lrs: [1, 2, 3], losses: [3, 2, 9] },
      { lrs: [1, 2], losses: [1, 4] },
    ]);
    // at lr 3 the second run had stopped: its +∞ against 9 — the median of {9, +∞} is +∞ (the run diverged there)
    expect([...two.losses]).toEqual([2, 3, Infinity]);
    expect([...two.lower]).toEqual([1, 2, 9]);
    expect([...two.upper]).toEqual([3, 4, Infinity]);
    expect(two.runs).toBe(2);
    const four = combineCurves([
      { lrs: [1, 2], losses: [1, 5] },
      { lrs: [1, 2], losses: [2, 5] },
      { lrs: [1, 2], losses: [10, 7] },
      { lrs: [1, 2], losses: [4, NaN] },
    ]);
    // sorted {1, 2, 4, 10} → (2 + 4) / 2; sorted {5, 5, 7, +∞} → (5 + 7) / 2
    expect([...four.losses]).toEqual([3, 6]);
    // two runs diverged at lr 2: the middle two are +∞ and the median with them
    const split = combineCurves([
      { lrs: [1, 2], losses: [1, 5] },
      { lrs: [1, 2], losses: [1, NaN] },
    ]);
    expect(split.losses[1]).toBe(Infinity);
    const both = combineCurves([
      { lrs: [1, 2], losses: [1, NaN] },
      { lrs: [1, 2], losses: [1, Infinity] },
    ]);
    expect(both.losses[1]).toBe(Infinity);
  });

  it('reads runs with other schedules by interpolation in log10(lr), NaN counting as diverged', () => {
    const c = combineCurves([
      { lrs: [1e-3, 1e-2, 1e-1], losses: [1, 2, 3] },
      { lrs: [1e-3, 1e-1], losses: [1, 3] },
      { lrs: [1e-3, 1e-2, 1e-1], losses: [1, 2, NaN] },
    ]);
    expect(c.losses[1]).toBeCloseTo(2, 12);
    expect(c.losses[2]).toBe(3);
    expect(c.upper[2]).toBe(Infinity);
  });

  it('refuses no runs and lrs that do not increase, naming the run', () => {
    expect(() => combineCurves([])).toThrow(LrfindError);
    expect(() => combineCurves([{ lrs: [1, 2], losses: [1, 1] }, { lrs: [2, 1], losses: [1, 1] }])).toThrow(/combineCurves \(run 2\): learning rates must not decrease \(lrs\[1\] = 1 after 2\)/);
  });
});

describe('analyzeRuns(runs)', () => {
  it('answers from the median curve: a run with a wild burst cannot move it', () => {
    const runs = [classic(150, { seed: 1 }), classic(150, { seed: 2 }), classic(150, { seed: 3, spikeAt: 60 })];
    const { analysis, perRun, spreadDecades, curve } = analyzeRuns(runs);
    expect(curve.runs).toBe(3);
    expect(perRun).toHaveLength(3);
    const lr = (analysis.choice.suggestion as LrSuggestion).lr;
    const single = (analyze(classic(150, { seed: 1 })).choice.suggestion as LrSuggestion).lr;
    expect(Math.abs(Math.log10(lr / single))).toBeLessThan(0.2);
    expect(spreadDecades).not.toBeNull();
    expect(analysis.choice.confidenceReason).toMatch(/3 runs combined/);
  });

  it('lowers the confidence when the runs disagree', () => {
    const { analysis, spreadDecades } = analyzeRuns([classic(200, { centre: -4, noise: 0.005, bottom: 0.4 }), classic(200, { centre: -2, noise: 0.005, bottom: 0.4 })]);
    expect(spreadDecades!).toBeGreaterThan(1);
    expect(analysis.choice.confidence).toBe('low');
    expect(analysis.choice.confidenceReason).toMatch(/^the runs disagree: 2 runs combined \(median curve\); per-run answers \d\.\d\d decades apart; the median curve alone: /);
  });
});
