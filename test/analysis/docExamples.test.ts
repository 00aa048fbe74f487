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
import {
  Findings,
  makeRecording,
  prefix,
  pySlice,
  recordWith,
  skipWindow,
  type StopAt,
} from '../../src/analysis/presets/common.js';
import { analyzeLrfind, LRFIND_TUNING, MIN_POINTS, stabilityEdge } from '../../src/analysis/presets/lrfind.js';

// Examples of src/analysis checked by hand where test/docs/tsdocExamples.test.ts (which runs every `// =>` line it can)
// cannot: the ones that need a curve built first. The docs must not
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

  it('the preset helpers: pySlice, skipWindow, makeRecording, recordWith, Findings, prefix', () => {
    expect(pySlice(10, 2, -3)).toEqual([2, 7]);
    expect(pySlice(10, -4, 100)).toEqual([6, 10]);
    expect(pySlice(3, 5, -1)).toEqual([3, 3]);
    expect(skipWindow(100, 10, 5, true)).toEqual([10, 95]);
    expect(skipWindow(100, 10, 0, true)).toEqual([10, 100]);
    expect(skipWindow(100, 10, 0, false)).toEqual([10, 10]);
    const curve = { lrs: [1e-3, 1e-2, 1e-1, 1], losses: [2.3, 2.1, 1.9, 9] };
    const rec = makeRecording(curve, Float64Array.of(2.3, 2.2, 2.0, 4.5), 2, 'diverged');
    expect({ ...rec, smoothed: Array.from(rec.smoothed), lrs: Array.from(rec.lrs) }).toEqual({
      points: 3,
      smoothed: [2.3, 2.2, 2],
      lrs: [0.001, 0.01, 0.1],
      stopIndex: 2,
      stopReason: 'diverged',
    });
    expect(makeRecording(curve, Float64Array.of(2.3, 2.2, 2.0, 4.5), null, 'completed').points).toBe(4);
    const smooth = (losses: ArrayLike<number>) => Float64Array.from(losses);
    const stopAt: StopAt = (s) => {
      const i = s.findIndex((v) => v > 2 * s[0]);
      return i < 0 ? null : { index: i, reason: 'diverged' };
    };
    expect(recordWith(curve, undefined, 'myTool', smooth, stopAt).stopReason).toBe('diverged');
    expect(recordWith(curve, [2.3, 2.2, 2.0, 2.1], 'myTool', smooth, stopAt).stopReason).toBe('completed');
    const f = new Findings();
    f.set('valley', { lr: 1e-3, index: 40 });
    f.none('steep', 'no descent');
    expect(f.suggestions).toEqual({ valley: { lr: 0.001, index: 40 }, steep: null });
    expect(f.reasons).toEqual({ steep: 'no descent' });
    expect(Array.from(prefix([1, 2, 3, 4], 2))).toEqual([1, 2]);
  });

  it("lrfind's MIN_POINTS, LRFIND_TUNING, analyzeLrfind, stabilityEdge", () => {
    expect(MIN_POINTS).toBe(5);
    expect(LRFIND_TUNING).toEqual({ aboveMidpoint: 0.2, edgeMargin: 0.15, belowBottom: 0.5 });
    const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 1e8 ** (i / 99));
    const losses = lrs.map((lr) => 2.3 - 0.3 * Math.tanh(Math.log10(lr) + 3) + (lr > 1 ? 10 * lr : 0));
    const recommended = analyzeLrfind({ lrs, losses }, 3).suggestions.recommended as { lr: number; index: number };
    expect(recommended.index).toBe(68);
    expect(recommended.lr.toPrecision(3)).toBe('0.0313');
    const atMidpoint = analyzeLrfind({ lrs, losses }, 3, { ...LRFIND_TUNING, aboveMidpoint: 0 });
    const mid = atMidpoint.suggestions.recommended as { lr: number; index: number };
    expect(mid.index).toBe(66);
    expect(mid.lr.toPrecision(3)).toBe('0.0215');
    const edge = stabilityEdge([1, 2, 4, 8], [1, 0.5, 2, 9], 1)!;
    expect(edge.index).toBe(1);
    expect(edge.x).toBeCloseTo(Math.log10(2 / 1.5), 12);
  });
});
