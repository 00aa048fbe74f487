import { describe, expect, it } from 'vitest';
import {
  analyze,
  DivergenceMonitor,
  movingMedian,
  recordLrfind,
  inflectionCandidates,
  isPresetName,
  recordFastai,
  recordFastai1,
  recordKeras,
  recordLightning,
  recordTorchLrFinder,
} from '../../src/analysis/index.js';

// The `// =>` results in the TSDoc @example blocks of src/analysis that no other test pins down: the docs must not
// drift from the code.
describe('TSDoc examples of src/analysis', () => {
  it('recording rules', () => {
    expect(recordFastai({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, 1, 9] }).points).toBe(3);
    expect(recordFastai1({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, NaN, 1] }).points).toBe(2);
    expect(recordKeras({ lrs: [1e-3, 1e-2], losses: [1, 1] }).points).toBe(2);
    expect(recordLightning({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, 1, 1] }).stopReason).toBe('completed');
    const torch = recordTorchLrFinder({ lrs: [1e-3, 1e-2], losses: [1, 200] });
    expect(torch.points).toBe(2);
    expect(torch.smoothed[1]).toBeCloseTo(10.95, 12);
    expect(torch.stopReason).toBe('diverged');
  });

  it('inflectionCandidates, isPresetName, DivergenceMonitor', () => {
    expect(inflectionCandidates([1e-3, 1e-2, 1e-1, 1], [3, 2, 1, 2], 1).loss).toEqual([{ lr: 0.1, index: 2 }]);
    expect(isPresetName('fastai')).toBe(true);
    expect(isPresetName('fastai3')).toBe(false);
    const m = new DivergenceMonitor();
    expect([2, 1, 1.5, 5].map((x) => m.update(x))).toEqual([null, null, null, 'diverged']);
  });

  it('analyze, recordLrfind, movingMedian', () => {
    const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 1e8 ** (i / 99));
    const losses = lrs.map((lr) => 2.3 - 0.3 * Math.tanh(Math.log10(lr) + 3) + (lr > 1 ? 10 * lr : 0));
    const a = analyze({ lrs, losses }, { preset: 'fastai' });
    expect(a.suggestions.valley).toEqual({ lr: lrs[46], index: 46 });
    expect(lrs[46]).toBeCloseTo(5.2e-4, 5);
    expect(recordLrfind({ lrs: [1, 2, 3, 4, 5, 6], losses: [6, 5, 4, 3, 2, NaN] }).points).toBe(6);
    expect(Array.from(movingMedian([1, 9, 2, 3, 40, 4, 5]))).toEqual([1, 2, 3, 4, 4, 5, 5]);
    expect(Array.from(movingMedian([1, 9, 2], 3))).toEqual([1, 2, 2]);
    expect(Array.from(movingMedian([9, 1, 2, 3, 4], 3, 'shift'))).toEqual([2, 2, 2, 3, 3]);
  });

  it("movingMedian 'shift' keeps the full window at the ends, fits short series, refuses unknown edges", () => {
    // a high first batch: 'shrink' keeps it, 'shift' filters it
    expect(movingMedian([30, 3, 2, 2.5, 2.2, 2.1, 2], 5)[0]).toBe(30);
    expect(movingMedian([30, 3, 2, 2.5, 2.2, 2.1, 2], 5, 'shift')[0]).toBe(2.5);
    // the last value is filtered the same way
    expect(movingMedian([3, 2.5, 2.2, 2.1, 2, 2, 40], 5, 'shift')[6]).toBe(2.1);
    // shorter than the window: the longest odd window that fits
    expect(Array.from(movingMedian([5, 1, 3, 2], 7, 'shift'))).toEqual([3, 3, 2, 2]);
    expect(Array.from(movingMedian([], 5, 'shift'))).toEqual([]);
    expect(() => movingMedian([1, 2, 3], 3, 'wrap' as never)).toThrow(/movingMedian: edges must be 'shrink' or 'shift'/);
  });
});
