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
  it('range-tests the bundled MNIST digits, then measures: the answer block first, progress of both phases on stderr, run file + SVG report', () => {
    const out = join(dir, 'demo');
    const r = lrfind('run', '--demo', '--num-it', '40', '--out', out);
    expect(r.stderr).not.toMatch(/Hi, looks like/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MNIST demo: lrfind run; \d+ (of 40 )?steps( \(stopped: \w+\))?(, the first \d+ analyzed)?\n/);
    expect(r.stdout).toMatch(/^answer\s+\S+\s+\(measured by short trials\)$/m);
    expect(r.stdout).toMatch(/^range test\s+\S+/m);
    // short: the answer block and where the files went, in at most 10 lines; --all adds the tools and the trials
    expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
    expect(r.stdout).not.toMatch(/^fastai\s+valley\s/m);
    expect(r.stdout).toMatch(/MNIST demo: 2560 digits, MLP 784-128-10 \(Adam\) on wasm, [\d.]+ s \(range test \+ \d+ trial steps\)/);
    // stderr is a pipe here: plain lines at the first step and every 10%, for the test and then the trials
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('range test: step'));
    expect(lines[0]).toMatch(/^range test: step 1\/40, lr 1\.00e-7, loss \d+\.\d{4}$/);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(r.stderr).toMatch(/^confirm trials: step 1\/\d+, lr /m);
    const run = parseRun(readFileSync(join(out, 'demo-run.json'), 'utf8'), { file: 'demo-run.json' });
    expect(run.lrs[0]).toBe(1e-7);
    expect(run.meta).toMatchObject({ numIt: 40, batchSize: 64, optimizer: 'Adam', backend: 'wasm', schedule: 'exp' });
    expect(run.smoothedLosses!.length).toBe(run.lrs.length);
    expect(run.confirmation?.basis).toBe('validation');
    const svg = readFileSync(join(out, 'demo-report.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    // the report draws the measured lr
    const lr = /^answer\s+(\S+)/m.exec(r.stdout)![1];
    expect(svg).toContain(`answer: ${Number(lr).toExponential(1)} (measured`);
  });

  it('--no-confirm --json prints one object with the range-test answer; --no-report writes no SVG; flags reach the test', () => {
    const out = join(dir, 'json');
    const r = lrfind('run', '--demo', '--num-it', '20', '--start-lr', '1e-5', '--end-lr', '1', '--batch-size', '32', '--backend', 'cpu', '--no-report', '--no-progress', '--no-confirm', '--json', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { runFile: string; report: null; backend: string; answer: { basis: string } | null; confirmation?: unknown };
    expect(doc.backend).toBe('cpu');
    expect(doc.report).toBeNull();
    expect(doc.confirmation).toBeUndefined();
    if (doc.answer) expect(doc.answer.basis).toBe('range test');
    expect(existsSync(join(out, 'demo-report.svg'))).toBe(false);
    const run = parseRun(readFileSync(doc.runFile, 'utf8'), { file: doc.runFile });
    expect(run.lrs[0]).toBe(1e-5);
    expect(run.meta).toMatchObject({ numIt: 20, startLr: 1e-5, endLr: 1, batchSize: 32, backend: 'cpu' });
    expect(run.confirmation).toBeUndefined();
  });

  it('--json after the trials: answer.lr is the measured lr, inside its range; analyze -q / --json and the report of the saved run say the same', () => {
    const out = join(dir, 'confirm');
    const r = lrfind('run', '--demo', '--num-it', '30', '--start-lr', '1e-5', '--confirm', '--json', '--no-progress', '--out', out);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      answer: { lr: number; range: [number, number]; basis: string; confidence: string; rangeTest: { lr: number } };
      confirmation: { lr: number };
      steps: number;
      plannedSteps: number;
      stopReason: string;
      runFile: string;
    };
    expect(doc.answer.lr).toBe(doc.confirmation.lr);
    expect(doc.answer.basis).toBe('measured');
    expect(doc.answer.range[0]).toBeLessThanOrEqual(doc.answer.lr);
    expect(doc.answer.lr).toBeLessThanOrEqual(doc.answer.range[1]);
    expect(['high', 'medium', 'low']).toContain(doc.answer.confidence);
    expect(typeof doc.answer.rangeTest.lr).toBe('number');
    // the training digits are the same as without trials
    const file = doc.runFile;
    const run = parseRun(readFileSync(file, 'utf8'), { file });
    expect(run.confirmation?.basis).toBe('validation');
    expect(run.confirmation?.steps).toBeLessThanOrEqual(3 * run.lrs.length);
    // one story of the run: the driver's steps and stop
    expect(doc.steps).toBe(run.lrs.length);
    expect(doc.plannedSteps).toBe(30);
    expect(doc.stopReason).toBe(run.stopReason);
    // the saved run keeps its trials: every surface gives the measured answer
    const q = lrfind('analyze', file, '-q');
    expect(Number(q.stdout)).toBe(Number(doc.answer.lr.toPrecision(3)));
    const json = JSON.parse(lrfind('analyze', file, '--json').stdout) as { answer: { lr: number; basis: string }; stopReason: string; confirmation: { lr: number; trials: unknown[] } };
    expect(json.answer).toEqual(doc.answer);
    expect(json.stopReason).toBe(doc.stopReason);
    expect(json.confirmation.trials.length).toBe(run.confirmation?.trials.length);
    const all = lrfind('analyze', file, '--all');
    expect(all.stdout).toMatch(/^confirm trials \(validation loss, \d+ of \d+ steps\):$/m);
    expect(all.stdout).toMatch(/^round {2}lr {7}steps {2}val loss/m);
    expect(all.stdout).toMatch(/ best {2}/);
    expect(all.stdout).toMatch(/^measured: \d\.\d\de-?\d+ \(.+\) — lowest validation loss after \d+ steps/m);
    const svg = join(out, 'report.svg');
    const rep = lrfind('report', file, '-o', svg);
    expect(rep.code).toBe(0);
    expect(rep.stdout).toMatch(/answer \S+ \(measured, \w+ confidence\)/);
    const drawn = readFileSync(svg, 'utf8');
    expect(drawn).toContain('confirm trials');
    const label = (Number(doc.answer.lr.toPrecision(2))).toExponential(1).replace('e+', 'e');
    expect(drawn).toContain(`answer: ${label} (measured`);
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
      ['--start-lr', '1', '--end-lr', '1e-5'],
      ['--start-lr', '0.1', '--end-lr', '0.1'],
    ]) {
      const r = lrfind('run', '--demo', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    const reversed = lrfind('run', '--demo', '--start-lr', '1', '--end-lr', '1e-5');
    expect(reversed.stderr).toBe('lrfind: --start-lr must be below --end-lr: a range test raises the lr (got 1 and 0.00001)\n');
  });
});
