import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeOptionsForRun } from '../../src/runs/analyzed.js';
import { displayNames, shortName } from '../../src/runs/names.js';
import { runSource } from '../../src/runs/source.js';

describe('displayNames', () => {
  it('uses base names, and as much of the path as tells equal names apart', () => {
    expect(displayNames(['out/seed1.json', 'out/seed2.json'])).toEqual(['seed1.json', 'seed2.json']);
    expect(displayNames(['a/x/run.json', 'b/x/run.json', 'c.json'])).toEqual(['a/x/run.json', 'b/x/run.json', 'c.json']);
    expect(displayNames(['seed1/run.json', 'seed2/run.json'])).toEqual(['seed1/run.json', 'seed2/run.json']);
    expect(displayNames(['-', 'run.json'])).toEqual(['<stdin>', 'run.json']);
    expect(displayNames(['C:\\runs\\a\\run.json', 'C:\\runs\\b\\run.json'])).toEqual(['a/run.json', 'b/run.json']);
  });

  it('keeps the names of one file given twice apart', () => {
    expect(displayNames(['run.json', './run.json'])).toEqual(['run.json', './run.json']);
    expect(displayNames(['run.json', 'run.json'])).toEqual(['run.json', 'run.json (2)']);
  });

  it('always gives distinct names, one per path, each a suffix of its path (property)', () => {
    const segment = fc.constantFrom('a', 'b', 'seed1', 'run.json', 'x.csv');
    fc.assert(
      fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')), { minLength: 1, maxLength: 6 }), (paths) => {
        const names = displayNames(paths);
        expect(names).toHaveLength(paths.length);
        expect(new Set(names).size).toBe(names.length);
        names.forEach((n, i) => expect(paths[i].endsWith(n.replace(/ \(\d+\)$/, ''))).toBe(true));
      }),
    );
  });
});

describe('shortName', () => {
  it('shortens in the middle, keeping the start and the distinctive end', () => {
    expect(shortName('mnist-mlp-adam-batch64-seed1.json', 20)).toBe('mnist-mlp…seed1.json');
    expect(shortName('run.json', 20)).toBe('run.json');
    expect([...shortName('é'.repeat(50), 10)]).toHaveLength(10);
  });
});

describe('runSource', () => {
  it('says what was read and whether raw losses were recovered', () => {
    expect(runSource({ meta: {} })).toEqual({ format: 'lrfind', rawLossesRecovered: false, description: 'lrfind run' });
    expect(runSource({ meta: { source: { tool: 'fastai', smoothing: { kind: 'ema-debiased', beta: 0.98 } } } })).toEqual({
      format: 'fastai',
      rawLossesRecovered: true,
      description: 'fastai, raw losses recovered from the EMA (β = 0.98)',
    });
    expect(runSource({ meta: { source: { tool: 'keras', smoothing: { kind: 'running-mean' } } } }).description).toBe('keras, raw losses recovered from the per-epoch running mean');
    expect(runSource({ meta: { source: { tool: 'csv', smoothing: { kind: 'none' } } } })).toMatchObject({ format: 'csv', rawLossesRecovered: false });
    // a run file written by a script records its own note: still an lrfind run
    expect(runSource({ meta: { source: { tool: 'scripts/record.ts', smoothing: { kind: 'none' } } } })).toMatchObject({ format: 'lrfind', description: 'lrfind run (recorded by scripts/record.ts)' });
  });
});

describe('analyzeOptionsForRun', () => {
  it('takes the settings given, else the run metadata', () => {
    expect(analyzeOptionsForRun({ meta: { numIt: 200, frozen: true } })).toEqual({ preset: undefined, order: 3, numIt: 200, frozen: true });
    expect(analyzeOptionsForRun({ meta: { numIt: 200, frozen: true } }, { numIt: 50, frozen: false, order: 5, preset: 'fastai' })).toEqual({
      preset: 'fastai',
      order: 5,
      numIt: 50,
      frozen: false,
    });
    expect(analyzeOptionsForRun({ meta: { numIt: 'x' as unknown as number } })).toMatchObject({ numIt: undefined, frozen: undefined });
  });
});
