import { describe, expect, it } from 'vitest';
import { analyze, PRESETS, PRESET_NAMES } from '../../src/analysis/analyze.js';
import {
  analysisToJson,
  answerOf,
  describeRecording,
  formatLr,
  formatSuggestion,
  presetAnswerName,
  suggestionFlags,
} from '../../src/analysis/answer.js';

/** A classic curve: a plateau, a descent around 1e-3, a minimum, then a blow-up. */
function classic(n = 120) {
  const lrs = Array.from({ length: n }, (_, i) => 1e-7 * 1e8 ** (i / (n - 1)));
  const losses = lrs.map((lr, i) => {
    const x = Math.log10(lr);
    return 2.3 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + (x > -0.5 ? Math.exp((x + 0.5) * 4) - 1 : 0) + 0.03 * Math.sin(i * 7.3);
  });
  return { lrs, losses };
}

describe('formatLr', () => {
  it('writes lrs below 1 in short scientific form and from 1 up as plain numbers', () => {
    expect(formatLr(0.001234)).toBe('1.23e-3');
    expect(formatLr(0.5)).toBe('5.00e-1');
    expect(formatLr(1.94)).toBe('1.94');
    expect(formatLr(1.9, 1)).toBe('1.9');
    expect(formatLr(10)).toBe('10');
    expect(formatLr(12.345)).toBe('12.3');
    expect(formatLr(0.9999)).toBe('1'); // rounds up to 1: a plain number
    expect(formatLr(2e6)).toBe('2.00e6');
    expect(formatLr(NaN)).toBe('NaN');
    expect(formatLr(-Infinity)).toBe('-Infinity');
  });

  it('formats suggestions: one lr, a range, none', () => {
    expect(formatSuggestion({ lr: 3e-3, index: 4 })).toBe('3.00e-3');
    expect(formatSuggestion({ range: [1e-4, 2.5], indices: [3, 40] })).toBe('1.00e-4 … 2.5');
    expect(formatSuggestion(null)).toBe('—');
  });
});

describe('describeRecording', () => {
  it('is the one wording of steps trained, the stop and the points analyzed', () => {
    expect(describeRecording(100, { points: 85, stopIndex: 84, stopReason: 'diverged' })).toBe('100 steps (stopped: diverged), the first 85 analyzed');
    expect(describeRecording(100, { points: 100, stopIndex: null, stopReason: 'completed' })).toBe('100 steps');
    expect(describeRecording(1, { points: 1, stopIndex: null, stopReason: 'completed' })).toBe('1 step');
  });

  it("tells the driver's own stop and the planned steps when the run records them", () => {
    const rec = { points: 80, stopIndex: 79, stopReason: 'diverged' } as const;
    expect(describeRecording(82, rec, { planned: 100, stopReason: 'diverged' })).toBe('82 of 100 steps (stopped: diverged), the first 80 analyzed');
    // the driver completed, the method's rule cut the curve: the driver's word is the run's stop
    expect(describeRecording(100, rec, { planned: 100, stopReason: 'completed' })).toBe('100 steps, the first 80 analyzed');
    expect(describeRecording(60, { points: 60, stopIndex: null, stopReason: 'completed' }, { stopReason: 'aborted' })).toBe('60 steps (stopped: aborted)');
  });
});

describe('presetAnswerName', () => {
  it("names each tool's own default answer, a suggestion the tool makes", () => {
    expect(PRESET_NAMES.map((p) => presetAnswerName(p))).toEqual(['recommended', 'valley', 'minGrad', 'steepest', 'steepest', 'minLossDiv10', 'frozen']);
    expect(presetAnswerName('inflection', false)).toBe('unfrozen');
    expect(presetAnswerName('lrfind', false)).toBe('slice');
    for (const p of PRESET_NAMES) {
      expect(PRESETS[p].suggestionNames).toContain(presetAnswerName(p));
      expect(PRESETS[p].suggestionNames).toContain(presetAnswerName(p, false));
    }
  });

  it("is the choice of an analysis run with that preset, with no confidence", () => {
    const curve = classic();
    for (const p of PRESET_NAMES.filter((name) => name !== 'lrfind')) {
      const a = analyze(curve, { preset: p });
      expect(a.choice.name).toBe(presetAnswerName(p));
      expect(a.choice.suggestion).toEqual(a.suggestions[presetAnswerName(p)]);
      expect(a.choice.confidence).toBeNull();
      expect(a.choice.range).toBeNull();
    }
    expect(analyze(curve, { preset: 'inflection', frozen: false }).choice.name).toBe('unfrozen');
  });
});

describe('suggestionFlags', () => {
  it('flags a suggestion past the stop, at the first point, or more than 2 decades from the others — with the reason', () => {
    const analysis = {
      preset: null,
      points: 50,
      suggestions: {
        'a.x': { lr: 1e-3, index: 20 },
        'b.x': { lr: 2e-3, index: 22 },
        'c.x': { lr: 1.5e-3, index: 21 },
        'd.far': { lr: 1e-7, index: 0 },
        'e.past': { lr: 0.5, index: 58 },
        'f.none': null,
      },
      reasons: {},
      candidates: { loss: [], gradient: [] },
      choice: { name: 'a.x', suggestion: { lr: 1e-3, index: 20 }, reason: '' },
      results: [{ preset: 'lrfind' as const, recording: { points: 50, smoothed: new Float64Array(50), lrs: new Float64Array(50), stopIndex: 49, stopReason: 'diverged' as const }, suggestions: {}, reasons: {} }],
    };
    const lrs = Array.from({ length: 60 }, (_, i) => 1e-7 * 10 ** (i / 8));
    const flags = suggestionFlags(analysis, lrs);
    expect(Object.keys(flags).sort()).toEqual(['d.far', 'e.past']);
    expect(flags['d.far']).toMatch(/^at the first recorded point; 4\.\d decades below the others$/);
    expect(flags['e.past']).toMatch(/^past the stop \(step 49\); 2\.\d decades above the others$/);
  });

  it('flags nothing on a clean curve where the methods agree, and is pure', () => {
    const curve = classic();
    const a = analyze(curve);
    const flags = suggestionFlags(a, curve.lrs);
    for (const name of ['lrfind.recommended', 'fastai.valley', 'torch-lr-finder.steepest']) expect(flags[name]).toBeUndefined();
    expect(suggestionFlags(a, curve.lrs)).toEqual(flags);
  });
});

describe('analysisToJson', () => {
  it('is the JSON document of analyze --json: the answer with its range and confidence, the stop, flags and source', () => {
    const curve = classic();
    const a = analyze(curve);
    const doc = analysisToJson(a, { lrs: curve.lrs, source: { format: 'csv', rawLossesRecovered: false, description: 'csv (raw losses)' } });
    expect(doc.steps).toBe(120);
    expect(doc.points).toBe(a.points);
    expect(doc.stopIndex).toBe(a.results[0].recording.stopIndex);
    expect(doc.choice).toEqual(answerOf(a));
    expect(doc.choice.range).toEqual(a.choice.range);
    expect(['high', 'medium', 'low']).toContain(doc.choice.confidence);
    expect(doc.source?.format).toBe('csv');
    expect(JSON.parse(JSON.stringify(doc)).suggestions).toEqual(JSON.parse(JSON.stringify(a.suggestions)));
    expect(analysisToJson(a, { lrs: curve.lrs }).source).toBeNull();
  });
});
