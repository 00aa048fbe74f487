import { describe, expect, it } from 'vitest';
import { analyze, PRESETS, type PresetName, type PresetResult } from '../../src/analysis/index.js';
import { loadFixtureRun, loadReference, mismatches, runFileNames, type PresetsReference } from './fixtures.js';

// Reference outputs of the anchors' algorithms (numpy/scipy, scripts/reference/anchors.py) on every fixture run.
const reference = loadReference<PresetsReference>('presets.json');
const runNames = runFileNames();
const ANCHORS: PresetName[] = ['fastai', 'fastai1', 'torch-lr-finder', 'lightning', 'keras', 'inflection'];

function curveOf(name: string) {
  const run = loadFixtureRun(name);
  return { curve: { lrs: run.lrs, losses: run.losses }, numIt: run.meta.numIt };
}

describe('fixtures', () => {
  it('every run file has a reference, and every reference a run file (rerun scripts/reference/anchors.py)', () => {
    expect(Object.keys(reference.runs).sort()).toEqual(runNames);
  });

  it('include real tfjs curves and hand-made edge cases', () => {
    expect(runNames.filter((n) => n.startsWith('real-')).length).toBeGreaterThanOrEqual(8);
    expect(runNames.filter((n) => n.startsWith('edge-')).length).toBeGreaterThanOrEqual(30);
  });

  it('each reference run has the run file length and its numIt', () => {
    for (const name of runNames) {
      const run = loadFixtureRun(name);
      expect(reference.runs[name].points, name).toBe(run.lrs.length);
      expect(reference.runs[name].numIt, name).toBe(run.meta.numIt ?? run.lrs.length);
    }
  });
});

describe.each(ANCHORS)('preset %s equals its numpy/scipy reference', (presetName) => {
  it.each(runNames)('on %s', (runName) => {
    const { curve, numIt } = curveOf(runName);
    const expected = reference.runs[runName].presets[presetName];
    const preset = PRESETS[presetName];
    const result: PresetResult = preset.analyze(curve, { numIt });

    const rec = result.recording;
    expect(rec.points, 'recording.points').toBe(expected.recording.points);
    expect(rec.stopIndex, 'recording.stopIndex').toBe(expected.recording.stopIndex);
    expect(rec.stopReason, 'recording.stopReason').toBe(expected.recording.stopReason);
    expect(rec.lrs.length).toBe(rec.points);
    expect(Array.from(rec.lrs)).toEqual(Array.from(curve.lrs).slice(0, rec.points));
    // bit-identical to numpy: the same operations in the same order, and correctly rounded debias powers
    expect(mismatches(rec.smoothed, expected.recording.smoothed, 0), 'smoothed').toEqual([]);

    // every suggestion: null-ness, index and lr exactly; the names are the preset's suggestion names
    expect(Object.keys(result.suggestions).sort()).toEqual([...preset.suggestionNames].sort());
    expect(Object.keys(expected.suggestions).sort()).toEqual([...preset.suggestionNames].sort());
    for (const name of preset.suggestionNames) {
      const got = result.suggestions[name];
      const want = expected.suggestions[name];
      if (want === null) {
        expect(got, `${name} should be null`).toBeNull();
        expect(typeof result.reasons[name], `${name} has a reason`).toBe('string');
        expect(result.reasons[name].length).toBeGreaterThan(0);
      } else if ('range' in want) {
        expect(got, name).toEqual({ range: want.range, indices: want.indices });
      } else {
        expect(got, name).toEqual({ lr: want.lr, index: want.index });
      }
    }
    if (expected.candidates !== undefined) {
      expect(result.candidates, 'candidates').toEqual(expected.candidates);
    }
  });
});

describe('analyze() on every fixture', () => {
  it.each(runNames)('all presets on %s: names preset.name, points from lrfind, anchors as referenced', (runName) => {
    const { curve, numIt } = curveOf(runName);
    const a = analyze(curve, { numIt });
    expect(a.preset).toBeNull();
    expect(a.points).toBe(PRESETS.lrfind.analyze(curve, { numIt }).recording.points);
    expect(a.results.map((r) => r.preset)).toEqual(Object.keys(PRESETS));
    const names = a.results.flatMap((r) => PRESETS[r.preset].suggestionNames.map((s) => `${r.preset}.${s}`));
    expect(Object.keys(a.suggestions).sort()).toEqual(names.sort());
    for (const presetName of ANCHORS) {
      const expected = reference.runs[runName].presets[presetName].suggestions;
      for (const [name, want] of Object.entries(expected)) {
        const got = a.suggestions[`${presetName}.${name}`];
        if (want === null) expect(got).toBeNull();
        else if ('range' in want) expect(got).toEqual({ range: want.range, indices: want.indices });
        else expect(got).toEqual({ lr: want.lr, index: want.index });
      }
    }
    for (const [name, value] of Object.entries(a.suggestions)) {
      if (value === null) expect(typeof a.reasons[name], `reason for ${name}`).toBe('string');
    }
  });

  it.each(ANCHORS)('one preset (%s): unprefixed names, that preset\'s points', (presetName) => {
    for (const runName of runNames) {
      const { curve, numIt } = curveOf(runName);
      const a = analyze(curve, { preset: presetName, numIt });
      const expected = reference.runs[runName].presets[presetName];
      expect(a.preset).toBe(presetName);
      expect(a.points, runName).toBe(expected.recording.points);
      expect(Object.keys(a.suggestions).sort()).toEqual(Object.keys(expected.suggestions).sort());
      if (expected.candidates !== undefined) expect(a.candidates).toEqual(expected.candidates);
    }
  });
});
