import { spawnSync } from 'node:child_process';
import { linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRun, runToCsv } from '../../src/runs/import/importRun.js';
import { parseRun } from '../../src/runs/import/importRun.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/imports/', import.meta.url).pathname;

function lrfind(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-convert-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const same = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(Array.from(a, (v) => (Number.isNaN(v) ? null : v))).toEqual(Array.from(b, (v) => (Number.isNaN(v) ? null : v)));
};

describe('lrfind convert (built CLI)', () => {
  it('fastai → lrfind run file: raw losses recovered, the tool’s numbers and provenance kept', () => {
    const out = join(dir, 'fastai.json');
    const r = lrfind('convert', join(FIXTURES, 'fastai-v2.json'), '--format', 'fastai', '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}: 98 steps from ${join(FIXTURES, 'fastai-v2.json')} (fastai, raw losses recovered from the EMA (β = 0.98))\n`);
    const run = parseRun(readFileSync(out, 'utf8'), { file: out });
    const direct = importRun(readFileSync(join(FIXTURES, 'fastai-v2.json'), 'utf8'), { format: 'fastai', file: join(FIXTURES, 'fastai-v2.json') });
    same(run.lrs, direct.lrs);
    same(run.losses, direct.losses);
    same(run.smoothedLosses ?? [], direct.smoothedLosses ?? []);
    expect(run.meta.source).toEqual({ tool: 'fastai', smoothing: { kind: 'ema-debiased', beta: 0.98 }, file: join(FIXTURES, 'fastai-v2.json') });
    // and the converted file is read back as an lrfind run, not imported a second time
    const again = lrfind('convert', out, '-o', join(dir, 'again.json'));
    expect(again.code).toBe(0);
    same(parseRun(readFileSync(join(dir, 'again.json'), 'utf8')).losses, direct.losses);
  });

  it('-o - writes to standard output: the run file, or CSV with --to csv', () => {
    const input = join(FIXTURES, 'lightning-nan.json');
    const json = lrfind('convert', input, '-o', '-');
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    same(parseRun(json.stdout).losses, importRun(readFileSync(input, 'utf8')).losses);
    const csv = lrfind('convert', input, '-o', '-', '--to', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('lr,loss,smoothed_loss');
    const bad = lrfind('convert', input, '-o', 'x.json', '--to', 'csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('lrfind: --to csv does not match the extension of -o x.json\n');
  });

  it('Lightning → CSV lr,loss,smoothed_loss, read back exactly', () => {
    const out = join(dir, 'lightning.csv');
    const r = lrfind('convert', join(FIXTURES, 'lightning-nan.json'), '-o', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('lr,loss,smoothed_loss');
    expect(text).toContain(',nan,nan\n');
    const direct = importRun(readFileSync(join(FIXTURES, 'lightning-nan.json'), 'utf8'));
    const back = importRun(text, { file: out });
    same(back.lrs, direct.lrs);
    same(back.losses, direct.losses);
    same(back.smoothedLosses ?? [], direct.smoothedLosses ?? []);
  });

  it('TensorBoard pair → run file', () => {
    const out = join(dir, 'tb.json');
    const r = lrfind('convert', join(FIXTURES, 'tb-train_loss.csv'), '--lr-file', join(FIXTURES, 'tb-lr-SGD.csv'), '-o', out);
    expect(r.code).toBe(0);
    expect(parseRun(readFileSync(out, 'utf8')).lrs).toHaveLength(99);
  });

  it('refuses an output that is an input: same path, another spelling, a symlink, a hard link, the lr file', () => {
    const input = join(dir, 'in.json');
    writeFileSync(input, '{"lrs": [0.1, 0.2], "losses": [1, 2]}');
    const before = readFileSync(input, 'utf8');
    symlinkSync(input, join(dir, 'link.json'));
    linkSync(input, join(dir, 'hard.json'));
    for (const out of [input, join(dir, '.', 'in.json'), 'in.json', join(dir, 'link.json'), join(dir, 'hard.json')]) {
      const r = lrfind('convert', input, '-o', out);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`lrfind: ${out}: the output would overwrite the input ${input}; write it to another file\n`);
    }
    expect(readFileSync(input, 'utf8')).toBe(before);
    const loss = join(dir, 'loss.csv');
    const lr = join(dir, 'lr.csv');
    writeFileSync(loss, 'Wall time,Step,Value\n1,0,2.3\n');
    writeFileSync(lr, 'Wall time,Step,Value\n1,0,0.1\n');
    const r = lrfind('convert', loss, '--lr-file', lr, '-o', lr.replace(/\.csv$/, '.csv'));
    expect(r.stderr).toMatch(/would overwrite the input .*lr\.csv/);
  });

  it('writes atomically: no temporary files left behind, an existing output replaced whole', () => {
    const out = join(dir, 'atomic', 'run.json');
    spawnSync('mkdir', ['-p', join(dir, 'atomic')]);
    writeFileSync(out, 'old');
    expect(lrfind('convert', join(FIXTURES, 'torch-lr-finder.json'), '-o', out).code).toBe(0);
    expect(readdirSync(join(dir, 'atomic'))).toEqual(['run.json']);
    expect(parseRun(readFileSync(out, 'utf8')).lrs).toHaveLength(84);
  });

  it('usage errors: no -o, an unknown extension, an unwritable directory', () => {
    const input = join(FIXTURES, 'torch-lr-finder.json');
    const noOut = lrfind('convert', input);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^lrfind: required option '-o, --output <file>' not specified/);
    const ext = lrfind('convert', input, '-o', join(dir, 'x.txt'));
    expect(ext.code).toBe(2);
    expect(ext.stderr).toBe(`lrfind: -o must end in .json (lrfind run file) or .csv (lr,loss[,smoothed_loss]) (got "${join(dir, 'x.txt')}")\n`);
    const noDir = lrfind('convert', input, '-o', join(dir, 'no', 'such', 'dir.json'));
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/cannot write the file/);
    expect(noDir.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('runToCsv', () => {
  it('writes lr,loss[,smoothed_loss] with nan/inf markers, and importRun reads it back', () => {
    const run = { lrs: Float64Array.of(1e-3, 1e-2, 0.1), losses: Float64Array.of(2.3, Infinity, NaN), smoothedLosses: Float64Array.of(2.3, 2.4, NaN), meta: {} };
    const text = runToCsv(run);
    expect(text).toBe('lr,loss,smoothed_loss\n0.001,2.3,2.3\n0.01,inf,2.4\n0.1,nan,nan\n');
    const back = importRun(text, { file: 'x.csv' });
    same(back.losses, run.losses);
    expect(runToCsv({ lrs: Float64Array.of(1), losses: Float64Array.of(-Infinity), meta: {} })).toBe('lr,loss\n1,-inf\n');
  });
});
