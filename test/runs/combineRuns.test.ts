import { describe, expect, it } from 'vitest';
import { analyzeRuns, ema } from '../../src/analysis/index.js';
import { combineRuns } from '../../src/runs/analyzed.js';
import type { Run } from '../../src/runs/run.js';
import { classic } from '../analysis/curves.js';

const runOf = (seed: number, extra: Partial<Run> = {}): Run => {
  const { lrs, losses } = classic(150, { seed, noise: 0.05 });
  return { lrs, losses, meta: { numIt: 150 }, ...extra } as Run;
};

describe('combineRuns(runs)', () => {
  it('answers from the median curve and returns it as a run to draw, without smoothing or trials', () => {
    const runs = [runOf(1), runOf(2), runOf(3)];
    const c = combineRuns(runs);
    const expected = analyzeRuns(runs, { numIt: 150 });
    expect(c.analysis.choice).toEqual(expected.analysis.choice);
    expect(c.spreadDecades).toBe(expected.spreadDecades);
    expect(c.perRun).toHaveLength(3);
    expect(Array.from(c.run.losses)).toEqual(Array.from(expected.curve.losses));
    expect(c.run.smoothedLosses).toBeUndefined();
    expect(c.run.confirmation).toBeUndefined();
    expect(c.run.meta).toEqual(runs[0].meta);
  });

  it("leaves a tool's saved smoothing of the first run out of the combined analysis", () => {
    const first = runOf(1);
    // an imported fastai save: its own smoothed losses travel with it, and belong to it alone
    const imported = { ...first, smoothedLosses: ema(first.losses, { beta: 0.98 }), meta: { numIt: 150, source: { tool: 'fastai' } } } as unknown as Run;
    const plain = combineRuns([first, runOf(2), runOf(3)], { preset: 'fastai' });
    const withSave = combineRuns([imported, runOf(2), runOf(3)], { preset: 'fastai' });
    expect(withSave.analysis.suggestions).toEqual(plain.analysis.suggestions);
  });
});
