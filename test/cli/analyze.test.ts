import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, PRESETS, PRESET_NAMES } from '../../src/index.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

function lrfind(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return lrfindWithInput(undefined, ...args);
}

function lrfindWithInput(input: string | undefined, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A classic range-test shape with deterministic noise, 120 points from 1e-7 to 10. */
function classic(n = 120): { lrs: number[]; losses: number[] } {
  const lrs: number[] = [];
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const lr = 1e-7 * 1e8 ** (i / (n - 1));
    const x = Math.log10(lr);
    lrs.push(lr);
    losses.push(2.3 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + (x > -0.5 ? Math.exp((x + 0.5) * 4) - 1 : 0) + 0.03 * Math.sin(i * 7.3));
  }
  return { lrs, losses };
}

let dir: string;
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lrfind analyze (built CLI)', () => {
  it('prints an aligned table of every preset, lrs in 1.23e-3 form', () => {
    const run = file('classic.json', JSON.stringify(classic()));
    const r = lrfind('analyze', run);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/classic\.json: \d+ points recorded/);
    for (const name of PRESET_NAMES) {
      for (const s of PRESETS[name].suggestionNames) expect(r.stdout).toContain(`${name}.${s}`);
    }
    const valley = lines.find((l) => l.startsWith('fastai.valley'));
    expect(valley).toMatch(/^fastai\.valley\s+\d\.\d\de-?\d+/);
    // aligned: the lr column starts at the same offset on every suggestion row
    const rows = lines.filter((l) => /^(lrfind|fastai|fastai1|torch-lr-finder|lightning|keras|inflection)\./.test(l));
    const offsets = new Set(rows.map((l) => l.search(/\s\S/) + 1 + (l.slice(l.search(/\s\S/) + 1).length - l.slice(l.search(/\s\S/) + 1).trimStart().length)));
    expect(offsets.size).toBe(1);
    expect(r.stdout).toMatch(/recommended \(lrfind\.recommended\): \d\.\d\de-?\d+/);
  });

  it('--json prints exactly one object with the documented keys and the library\'s numbers', () => {
    const curve = classic();
    const run = file('classic2.json', JSON.stringify({ ...curve, meta: { note: 'extra fields are fine' } }));
    const r = lrfind('analyze', run, '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['preset', 'points', 'suggestions', 'reasons', 'candidates', 'choice']);
    expect(out.preset).toBeNull();
    const lib = analyze(curve);
    expect(out.points).toBe(lib.points);
    expect(out.suggestions).toEqual(JSON.parse(JSON.stringify(lib.suggestions)));
    for (const [name, s] of Object.entries(out.suggestions as Record<string, unknown>)) {
      expect(name).toMatch(/^[a-z-]+[0-9]?\.[A-Za-z0-9]+$/);
      if (s === null) expect(typeof out.reasons[name]).toBe('string');
      else expect(s).toSatisfy((v: Record<string, unknown>) => typeof v.lr === 'number' || Array.isArray(v.range));
    }
    expect(Array.isArray(out.candidates.loss)).toBe(true);
    expect(Array.isArray(out.candidates.gradient)).toBe(true);
  });

  it('--preset fastai gives fastai\'s four suggestions under their own names, as the library does', () => {
    const curve = classic(100);
    const run = file('fastai.json', JSON.stringify(curve));
    const out = JSON.parse(lrfind('analyze', run, '--preset', 'fastai', '--json').stdout);
    expect(out.preset).toBe('fastai');
    expect(Object.keys(out.suggestions)).toEqual(['valley', 'slide', 'minimum', 'steep']);
    const lib = analyze(curve, { preset: 'fastai' });
    expect(out.suggestions.valley).toEqual(lib.suggestions.valley);
    expect(out.points).toBe(lib.results[0].recording.points);
  });

  it('uses meta.numIt for fastai\'s start skip', () => {
    const curve = classic(100);
    const a = JSON.parse(lrfind('analyze', file('n1.json', JSON.stringify(curve)), '--preset', 'fastai', '--json').stdout);
    const b = JSON.parse(
      lrfind('analyze', file('n2.json', JSON.stringify({ ...curve, meta: { numIt: 400 } })), '--preset', 'fastai', '--json').stdout,
    );
    expect(b.suggestions).toEqual(JSON.parse(JSON.stringify(analyze(curve, { preset: 'fastai', numIt: 400 }).suggestions)));
    expect(a.suggestions.valley.index).not.toBe(undefined);
  });

  it('reads CSV with lr,loss columns and non-finite cells', () => {
    const { lrs, losses } = classic(60);
    const csv = 'lr,loss\r\n' + lrs.map((lr, i) => `${lr},${i === 59 ? 'nan' : losses[i]}`).join('\r\n') + '\r\n';
    const r = lrfind('analyze', file('run.csv', csv), '--preset', 'keras', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.suggestions.minGrad.lr).toBeGreaterThan(0);
  });

  it('a run too short for a method is an answer with reasons, not an error', () => {
    const r = lrfind('analyze', file('short.json', '{"lrs": [0.001, 0.01, 0.1], "losses": [2.3, 2.2, null]}'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.suggestions['fastai.slide']).toBeNull();
    expect(out.reasons['fastai.slide']).toMatch(/points/);
    expect(out.suggestions['torch-lr-finder.steepest']).toBeNull();
    expect(out.reasons['torch-lr-finder.steepest']).toMatch(/17/);
    expect(out.suggestions['lrfind.recommended']).toBeNull();
  });

  it.each([
    ['missing file', () => join(dir, 'nope.json'), /nope\.json: cannot read the file \(no such file\)/],
    ['invalid JSON', () => file('bad.json', '{"lrs": [1, 2'), /bad\.json: invalid JSON/],
    ['missing arrays', () => file('noarr.json', '{"lr": [1]}'), /noarr\.json: no loss column \(looked for "loss", "losses"; found "lr"\)/],
    ['non-numeric lr', () => file('str.json', '{"lrs": ["a"], "losses": [1]}'), /str\.json: "lrs"\[0\] must be a number \(got "a"\)/],
    ['mismatched lengths', () => file('len.json', '{"lrs": [1, 2], "losses": [1]}'), /len\.json: .*same length \(got 2 and 1\)/],
    ['negative lr', () => file('neg.json', '{"lrs": [0.1, -1], "losses": [1, 1]}'), /neg\.json: "lrs"\[1\]: learning rates must be finite and > 0 \(got -1\)/],
    ['zero lr in CSV', () => file('zero.csv', 'lr,loss\n0,1\n'), /zero\.csv: .*learning rates must be finite and > 0/],
    ['empty run', () => file('empty.json', '{"lrs": [], "losses": []}'), /empty\.json: the run is empty/],
    ['empty file', () => file('blank.csv', ''), /blank\.csv: the file is empty/],
    ['CSV without a loss column', () => file('cols.csv', 'lr,val\n0.1,1\n'), /cols\.csv: no loss column \(looked for "loss", "losses"; found "lr", "val"\); name it with --loss-column/],
  ])('%s: one line on stderr naming the file, nothing on stdout, exit 2', (_name, make, message) => {
    const r = lrfind('analyze', make());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--preset', 'fastai3'], /--preset must be one of/],
    [['--order', '0'], /--order must be an integer >= 1 \(got "0"\)/],
    [['--num-it', 'x'], /--num-it must be an integer >= 1/],
  ])('bad flag %j: exit 2 with the flag and value', (flags, message) => {
    const r = lrfind('analyze', file('ok.json', JSON.stringify(classic(30))), ...flags);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('--unfrozen makes the choice a slice, --frozen one lr; both together is a usage error', () => {
    const run = file('state.json', JSON.stringify(classic()));
    const unfrozen = JSON.parse(lrfind('analyze', run, '--unfrozen', '--json').stdout);
    expect(unfrozen.choice.name).toBe('lrfind.slice');
    expect(unfrozen.choice.suggestion.range).toHaveLength(2);
    const frozen = JSON.parse(lrfind('analyze', run, '--frozen', '--json').stdout);
    expect(frozen.choice.name).toBe('lrfind.recommended');
    const both = lrfind('analyze', run, '--frozen', '--unfrozen');
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toBe('lrfind: --frozen and --unfrozen cannot be given together\n');
  });

  it('report and compare take the same analysis flags', () => {
    const run = file('flags.json', JSON.stringify(classic()));
    const run2 = file('flags2.json', JSON.stringify(classic(90)));
    const svg = join(dir, 'flags.svg');
    expect(lrfind('report', run, '--unfrozen', '--order', '2', '--num-it', '120', '-o', svg).code).toBe(0);
    const cmp = lrfind('compare', run, run2, '--frozen', '--order', '5', '--json');
    expect(cmp.code).toBe(0);
    expect(lrfind('compare', run, run2, '--order', '0').code).toBe(2);
  });

  it('reads the run from standard input when RUN is -', () => {
    const curve = classic(80);
    const r = lrfindWithInput(JSON.stringify(curve), 'analyze', '-', '--preset', 'fastai', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).suggestions).toEqual(JSON.parse(JSON.stringify(analyze(curve, { preset: 'fastai' }).suggestions)));
    const bad = lrfindWithInput('{"lrs": [1', 'analyze', '-');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^lrfind: <stdin>: invalid JSON/);
  });

  it('--help shows an example and exits 0', () => {
    const r = lrfind('analyze', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ lrfind analyze run.json');
  });
});

describe('lrfind analyze: the tool settings of a saved run (built CLI)', () => {
  const torchRun = (name: string) =>
    JSON.parse(readFileSync(new URL(`../fixtures/torch/${name}.json`, import.meta.url), 'utf8')) as {
      lrs: number[];
      losses: number[];
      tools: Record<string, { smoothed: number[]; suggestions: Record<string, number | null> }>;
    };
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'lrfind-settings-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a pytorch-lr-finder history recorded with diverge_th=1e300 gives what the tool printed', () => {
    // fb-mlp-sgd-100 was recorded with diverge_th=1e300: the history runs past where 5 × best would stop
    const run = torchRun('fb-mlp-sgd-100');
    const tool = run.tools['torch-lr-finder'];
    const path = join(tmp, 'history.json');
    writeFileSync(path, JSON.stringify({ lr: run.lrs.slice(0, tool.smoothed.length), loss: tool.smoothed }));
    const r = lrfind('analyze', path, '--format', 'torch-lr-finder', '--preset', 'torch-lr-finder', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { points: number; suggestions: { steepest: { index: number } } };
    expect(out.points).toBe(tool.smoothed.length);
    expect(out.suggestions.steepest.index).toBe(tool.suggestions.steepest);
  });

  it('--smooth-f, --skip-start and --skip-end state the tool settings of a raw run', () => {
    // fb-mlp-adam-100: pytorch-lr-finder ran with smooth_f=0.1, skip_start=5, skip_end=0
    const run = torchRun('fb-mlp-adam-100');
    const path = join(tmp, 'raw.json');
    writeFileSync(path, JSON.stringify({ lrs: run.lrs, losses: run.losses }));
    const args = ['analyze', path, '--preset', 'torch-lr-finder', '--json'];
    const stated = JSON.parse(lrfind(...args, '--smooth-f', '0.1', '--skip-start', '5', '--skip-end', '0').stdout);
    expect(stated.suggestions.steepest.index).toBe(run.tools['torch-lr-finder'].suggestions.steepest);
    const defaults = JSON.parse(lrfind(...args).stdout);
    expect(defaults.suggestions.steepest.index).not.toBe(run.tools['torch-lr-finder'].suggestions.steepest);
  });

  it.each([
    ['--smooth-f', '1', /--smooth-f must be a number in \[0, 1\) \(got "1"\)/],
    ['--diverge-th', '0', /--diverge-th must be a number in \(0, ∞\) or inf \(got "0"\)/],
    ['--skip-end', '-1', /--skip-end must be an integer >= 0 \(got "-1"\)/],
  ])('%s %s is a usage error', (flag, value, says) => {
    const path = join(tmp, 'c.json');
    writeFileSync(path, JSON.stringify(classic()));
    const r = lrfind('analyze', path, flag, value);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(says);
  });
});
