import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRun } from '../../src/recorder/index.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

function lrfind(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lrfind run --demo', () => {
  it('range-tests the bundled MNIST digits: table on stdout, plain progress on stderr, run file + SVG report', () => {
    const out = join(dir, 'demo');
    const r = lrfind('run', '--demo', '--num-it', '40', '--out', out);
    expect(r.stderr).not.toMatch(/Hi, looks like/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MNIST demo: \d+ points recorded/);
    expect(r.stdout).toMatch(/lrfind\.recommended/);
    expect(r.stdout).toMatch(/fastai\.valley/);
    expect(r.stdout).toMatch(/MNIST demo: 2560 digits, MLP 784-128-10 \(Adam\), \d+ of 40 steps on wasm/);
    // stderr is a pipe here: plain lines at the first step and every 10%
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('range test: step'));
    expect(lines[0]).toMatch(/^range test: step 1\/40, lr 1\.00e-7, loss \d+\.\d{4}$/);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const run = parseRun(readFileSync(join(out, 'demo-run.json'), 'utf8'), { file: 'demo-run.json' });
    expect(run.lrs[0]).toBe(1e-7);
    expect(run.meta).toMatchObject({ numIt: 40, batchSize: 64, optimizer: 'Adam', backend: 'wasm', schedule: 'exp' });
    expect(run.smoothedLosses!.length).toBe(run.lrs.length);
    expect(readFileSync(join(out, 'demo-report.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('--json prints one object; --no-report writes no SVG; flags reach the test', () => {
    const out = join(dir, 'json');
    const r = lrfind('run', '--demo', '--num-it', '20', '--start-lr', '1e-5', '--end-lr', '1', '--batch-size', '32', '--backend', 'cpu', '--no-report', '--no-progress', '--json', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { runFile: string; report: null; backend: string; choice: unknown };
    expect(doc.backend).toBe('cpu');
    expect(doc.report).toBeNull();
    expect(existsSync(join(out, 'demo-report.svg'))).toBe(false);
    const run = parseRun(readFileSync(doc.runFile, 'utf8'), { file: doc.runFile });
    expect(run.lrs[0]).toBe(1e-5);
    expect(run.meta).toMatchObject({ numIt: 20, startLr: 1e-5, endLr: 1, batchSize: 32, backend: 'cpu' });
  });

  it('--confirm trains trials after the test: progress, the trials table, the measured answer; the run file keeps them', () => {
    const out = join(dir, 'confirm');
    const r = lrfind('run', '--demo', '--num-it', '30', '--start-lr', '1e-5', '--confirm', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^confirm trials: step 1\/\d+, lr /m);
    expect(r.stdout).toMatch(/^confirm trials \(validation loss, \d+ of \d+ steps\):$/m);
    expect(r.stdout).toMatch(/^round {2}lr {7}steps {2}val loss/m);
    expect(r.stdout).toMatch(/^1 {6}\d\.\d\de-?\d+ +\d+ +\d\.\d+ +(kept|pruned)/m);
    expect(r.stdout).toMatch(/ best {2}/);
    expect(r.stdout).toMatch(/^measured: \d\.\d\de-?\d+ \(.+\) — lowest validation loss after \d+ steps/m);
    // the training digits are the same as without --confirm
    expect(r.stdout).toMatch(/MNIST demo: 1920 digits/);
    const file = join(out, 'demo-run.json');
    const run = parseRun(readFileSync(file, 'utf8'), { file });
    expect(run.confirmation?.basis).toBe('validation');
    expect(run.confirmation?.steps).toBeLessThanOrEqual(3 * run.lrs.length);
    // analyze and report of the saved run show the trials again
    const a = lrfind('analyze', file);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^confirm trials \(validation loss/m);
    expect(a.stdout).toContain(`measured: ${run.confirmation?.lr?.toExponential(2).replace('e+', 'e')}`);
    const json = JSON.parse(lrfind('analyze', file, '--json').stdout) as { confirmation: { lr: number; trials: unknown[] } };
    expect(json.confirmation.lr).toBe(run.confirmation?.lr);
    expect(json.confirmation.trials.length).toBe(run.confirmation?.trials.length);
    const spec = join(out, 'report.json');
    expect(lrfind('report', file, '-o', spec).code).toBe(0);
    expect(readFileSync(spec, 'utf8')).toMatch(/"confirm trials"/);
  });

  it('usage errors are one line on stderr and exit 2', () => {
    const noDemo = lrfind('run');
    expect(noDemo.code).toBe(2);
    expect(noDemo.stderr).toMatch(/^lrfind: lrfind run: only the built-in demo runs from the command line/);
    expect(noDemo.stderr.trim().split('\n').length).toBe(1);
    for (const args of [
      ['--num-it', '1'],
      ['--start-lr', '0'],
      ['--schedule', 'cosine'],
      ['--backend', 'tpu'],
      ['--batch-size', 'x'],
    ]) {
      const r = lrfind('run', '--demo', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});
