import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { splitRunArgument } from '../../src/cli/commands/compare.js';
import { compareRuns, COMPARED_SUGGESTIONS } from '../../src/runs/compare.js';
import { spreadDecades } from '../../src/analysis/spread.js';
import { importRun } from '../../src/runs/import/importRun.js';
import { analyzeRun } from '../../src/recorder/loop.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/imports/', import.meta.url).pathname;

function lrfind(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A classic range-test curve whose steep descent sits at 10^centre. */
function curve(centre: number, n = 120): { lrs: number[]; losses: number[] } {
  const lrs = Array.from({ length: n }, (_, i) => 1e-7 * 1e8 ** (i / (n - 1)));
  const losses = lrs.map((lr, i) => {
    const x = Math.log10(lr);
    return 2.3 - 1.5 / (1 + Math.exp(-(x - centre) * 3)) + (x > centre + 2.5 ? Math.exp((x - centre - 2.5) * 4) - 1 : 0) + 0.01 * Math.sin(i * 7.3);
  });
  return { lrs, losses };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-compare-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('spreadDecades', () => {
  it('is log10(max/min) over the runs that have a suggestion; ranges count by their geometric centre', () => {
    expect(spreadDecades([{ lr: 1e-3, index: 1 }, { lr: 1e-2, index: 2 }, null])).toBeCloseTo(1, 12);
    expect(spreadDecades([{ range: [1e-4, 1e-2], indices: [1, 2] }, { lr: 1e-1, index: 3 }])).toBeCloseTo(2, 12);
    expect(spreadDecades([{ lr: 1e-3, index: 1 }, null])).toBeNull();
    expect(spreadDecades([{ lr: 5e-4, index: 1 }, { lr: 5e-4, index: 9 }])).toBe(0);
  });
});

describe('compareRuns', () => {
  it('one row per compared suggestion, one value per run, names from the file names', () => {
    const a = curve(-4);
    const b = curve(-3);
    const cmp = compareRuns([
      { file: 'runs/seed1.json', run: { lrs: Float64Array.from(a.lrs), losses: Float64Array.from(a.losses), meta: {} }, analysis: analyze(a) },
      { file: 'runs/seed2.json', run: { lrs: Float64Array.from(b.lrs), losses: Float64Array.from(b.losses), meta: {} }, analysis: analyze(b) },
    ]);
    expect(cmp.runs.map((r) => r.name)).toEqual(['seed1.json', 'seed2.json']);
    expect(cmp.runs[0]).toMatchObject({ steps: 120, source: { format: 'lrfind', rawLossesRecovered: false } });
    expect(cmp.runs[0].recording).toMatch(/^120 steps \(stopped: diverged\), the first \d+ analyzed/);
    expect(cmp.rows.map((r) => r.name)).toEqual(COMPARED_SUGGESTIONS);
    expect(COMPARED_SUGGESTIONS.slice(0, 4)).toEqual(['answer', 'lrfind.recommended', 'lrfind.range', 'fastai.valley']);
    const rec = cmp.rows[0];
    expect(rec.values).toHaveLength(2);
    // the second curve is the first shifted one decade right: lrfind's recommendation moves by about a decade
    expect(rec.spreadDecades).toBeGreaterThan(0.7);
    expect(rec.spreadDecades).toBeLessThan(1.3);
  });

  it('uses the paths as given when two files share a name', () => {
    const a = curve(-4);
    const run = { lrs: Float64Array.from(a.lrs), losses: Float64Array.from(a.losses), meta: {} };
    const cmp = compareRuns([
      { file: 'a/run.json', run, analysis: analyze(a) },
      { file: 'b/run.json', run, analysis: analyze(a) },
    ]);
    expect(cmp.runs.map((r) => r.name)).toEqual(['a/run.json', 'b/run.json']);
    // only as much of the path as tells them apart
    const deep = compareRuns([
      { file: 'x/a/run.json', run, analysis: analyze(a) },
      { file: 'x/b/run.json', run, analysis: analyze(a) },
      { file: 'other.json', run, analysis: analyze(a) },
    ]);
    expect(deep.runs.map((r) => r.name)).toEqual(['a/run.json', 'b/run.json', 'other.json']);
    expect(cmp.rows.every((r) => r.spreadDecades === 0 || r.spreadDecades === null)).toBe(true);
  });
});

describe('splitRunArgument', () => {
  it('takes FORMAT:PATH only when FORMAT is a format name', () => {
    expect(splitRunArgument('fastai:lr_find.json')).toEqual({ format: 'fastai', path: 'lr_find.json' });
    expect(splitRunArgument('torch-lr-finder:a:b.json')).toEqual({ format: 'torch-lr-finder', path: 'a:b.json' });
    expect(splitRunArgument('C:/runs/a.json')).toEqual({ path: 'C:/runs/a.json' });
    expect(splitRunArgument('notaformat:x.json')).toEqual({ path: 'notaformat:x.json' });
  });
});

describe('lrfind compare (built CLI)', () => {
  it('prints a table: a column per run, a row per suggestion, the spread in decades', () => {
    const a = file('frozen.json', JSON.stringify(curve(-4)));
    const b = file('unfrozen.json', JSON.stringify(curve(-3)));
    const r = lrfind('compare', a, b);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^suggestion\s+frozen\.json\s+unfrozen\.json\s+spread \(decades\)$/);
    expect(lines[1]).toMatch(/^steps\s+120\s+120$/);
    expect(lines[2]).toMatch(/^analyzed\s+\d+\s+\d+$/);
    expect(lines[3]).toMatch(/^source\s+lrfind\s+lrfind$/);
    expect(lines.slice(4).map((l) => l.split(/\s{2,}/)[0])).toEqual(COMPARED_SUGGESTIONS);
    expect(lines[4]).toMatch(/^answer\s+\d\.\d\de-\d\s+\d\.\d\de-\d\s+\d\.\d\d$/);
    expect(lines[5]).toMatch(/^lrfind\.recommended\s+\d\.\d\de-\d\s+\d\.\d\de-\d\s+\d\.\d\d$/);
  });

  it('--json prints exactly one object with runs and rows', () => {
    const a = file('s1.json', JSON.stringify(curve(-4)));
    const b = file('s2.json', JSON.stringify(curve(-4.5)));
    const r = lrfind('compare', a, b, '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const doc = JSON.parse(r.stdout) as { runs: { name: string; points: number }[]; rows: { name: string; values: unknown[]; spreadDecades: number | null }[] };
    expect(doc.runs.map((x) => x.name)).toEqual(['s1.json', 's2.json']);
    expect(doc.rows[0].name).toBe('answer');
    expect(doc.rows[0].values).toHaveLength(2);
    expect(typeof doc.rows[0].spreadDecades).toBe('number');
  });

  it('reads every tool’s format, with FORMAT:FILE for the one that needs it', () => {
    const r = lrfind(
      'compare',
      join(FIXTURES, 'lightning.json'),
      join(FIXTURES, 'torch-lr-finder.json'),
      `fastai:${join(FIXTURES, 'fastai-v2.json')}`,
      '--json',
    );
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { runs: { source: { format: string; rawLossesRecovered: boolean } }[] };
    expect(doc.runs.map((x) => x.source.format)).toEqual(['lightning', 'torch-lr-finder', 'fastai']);
    expect(doc.runs.every((x) => x.source.rawLossesRecovered)).toBe(true);
    // the same suggestions as analyzing each imported run directly (with what its metadata says: lrfind's valley skips
    // the first numIt // 10 points, as fastai's does)
    const fastai = importRun(spawnSync('cat', [join(FIXTURES, 'fastai-v2.json')], { encoding: 'utf8' }).stdout, { format: 'fastai' });
    const direct = analyzeRun(fastai).suggestions['lrfind.recommended'];
    expect((JSON.parse(r.stdout) as { rows: { values: unknown[] }[] }).rows[1].values[2]).toEqual(direct);
  });

  it('--preset compares every suggestion of one method', () => {
    const a = file('p1.json', JSON.stringify(curve(-4)));
    const b = file('p2.json', JSON.stringify(curve(-3)));
    const r = lrfind('compare', a, b, '--preset', 'fastai', '--json');
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { rows: { name: string; spreadDecades: number | null }[] };
    expect(doc.rows.map((x) => x.name)).toEqual(['valley', 'slide', 'minimum', 'steep']);
    expect(doc.rows[0].spreadDecades).toBeGreaterThan(0.5);
  });

  it('tells runs with the same file name apart by their folders', () => {
    for (const d of ['seed1', 'seed2']) mkdirSync(join(dir, d), { recursive: true });
    const a = file('seed1/run.json', JSON.stringify(curve(-4)));
    const b = file('seed2/run.json', JSON.stringify(curve(-3.5)));
    const r = lrfind('compare', a, b);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^suggestion\s+seed1\/run\.json\s+seed2\/run\.json\s+spread/);
  });

  it('needs two runs', () => {
    const a = file('one.json', JSON.stringify(curve(-4)));
    const r = lrfind('compare', a);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('lrfind: compare needs at least two runs (got 1)\n');
  });

  it('--help has an example', () => {
    const r = lrfind('compare', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ lrfind compare /);
  });
});
