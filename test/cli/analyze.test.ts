import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, formatLr, PRESETS, PRESET_NAMES } from '../../src/index.js';
import { analysisToText } from '../../src/cli/commands/analyze.js';
import { LOW_CONFIDENCE_HINT } from '../../src/analysis/answer.js';
import { parseRun } from '../../src/recorder/index.js';
import type { Run } from '../../src/runs/run.js';

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
  it('leads with the answer block (lr, range, confidence, why) in at most 10 lines; --all adds every suggestion by tool', () => {
    const run = file('classic.json', JSON.stringify(classic()));
    const short = lrfind('analyze', run);
    expect(short.code).toBe(0);
    expect(short.stderr).toBe('');
    expect(short.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
    expect(short.stdout).not.toMatch(/^tool\s+suggestion/m);
    const r = lrfind('analyze', run, '--all');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(short.stdout)).toBe(true);
    expect(lrfind('analyze', run, '--verbose').stdout).toBe(r.stdout);
    const lines = r.stdout.split('\n');
    // what was read, in the one vocabulary of steps, the stop and the points analyzed
    expect(lines[0]).toMatch(/^classic\.json: lrfind run; 120 steps \(stopped: diverged\), the first \d+ analyzed$/);
    const lib = analyze(classic());
    const choice = lib.choice.suggestion as { lr: number };
    expect(lines[2]).toMatch(new RegExp(`^answer\\s+${formatLr(choice.lr).replace('.', '\\.')}  \\(range-test estimate\\)$`));
    expect(lines[3]).toMatch(/^range\s+\d\.\d\de-\d … \d\.\d\de-\d$/);
    expect(lines[4]).toMatch(/^confidence\s+(high|medium|low) — \S/);
    expect(r.stdout).toMatch(/^why\s+\S/m);
    // a from-scratch run has no slice row
    expect(r.stdout).not.toMatch(/^slice/m);
    expect(lrfind('analyze', run, '--unfrozen').stdout).toMatch(/^slice\s+\S+ … \S+/m);
    const header = lines.findIndex((l) => /^tool\s+suggestion\s+lr\s+note$/.test(l));
    expect(header).toBeGreaterThan(3);
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    expect(rows).toHaveLength(Object.keys(lib.suggestions).length);
    // each tool named once, on its first row; every suggestion of every preset listed under it
    const tools = rows.map((l) => l.split(/\s+/)[0]).filter((t) => t !== '');
    expect(tools).toEqual(PRESET_NAMES);
    for (const name of PRESET_NAMES) for (const s of PRESETS[name].suggestionNames) expect(r.stdout).toMatch(new RegExp(`\\s${s}( ★)?\\s`));
    const valley = rows.find((l) => l.startsWith('fastai '));
    expect(valley).toMatch(/^fastai\s+valley\s+\d\.\d\de-?\d+/);
    // aligned: the lr column starts at the same offset on every row
    const lrColumn = lines[header].indexOf('lr ');
    for (const row of rows) expect(row.slice(lrColumn)).toMatch(/^(\d|—)/);
    expect(rows.filter((l) => l.includes('★'))).toHaveLength(1);
  });

  it('flags suggestions past the stop, at the first recorded point or far from the others, and says why', () => {
    const { lrs, losses } = classic();
    // a loss that only rises: several methods can only point at the first point
    const rising = file('rising.json', JSON.stringify({ lrs, losses: lrs.map((_, i) => 1 + i / 100 + 0.001 * Math.sin(i)) }));
    const out = lrfind('analyze', rising, '--all');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/⚠ [^\n]*at the first recorded point/);
    const json = JSON.parse(lrfind('analyze', rising, '--json').stdout);
    expect(Object.values(json.flags as Record<string, string>).some((f) => f.includes('at the first recorded point'))).toBe(true);
    const far = JSON.parse(lrfind('analyze', file('far.json', JSON.stringify({ lrs, losses })), '--json').stdout);
    for (const [name, why] of Object.entries(far.flags as Record<string, string>)) {
      expect(far.suggestions[name]).not.toBeNull();
      expect(why).toMatch(/past the stop \(step \d+\)|at the first recorded point|\d\.\d decades (above|below) the others/);
    }
  });

  it('-q prints only the answer\'s lr, for scripts', () => {
    const curve = classic();
    const run = file('quiet.json', JSON.stringify(curve));
    const r = lrfind('analyze', run, '-q');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\S+\n$/);
    const lr = Number(r.stdout);
    expect(Math.abs(lr / (analyze(curve).answer?.lr ?? NaN) - 1)).toBeLessThan(0.002); // 3 significant digits
    // a slice (unfrozen model) prints its two ends
    expect(lrfind('analyze', run, '-q', '--unfrozen').stdout).toMatch(/^\S+ \S+\n$/);
    // as a tool would answer
    const valley = (analyze(curve, { preset: 'fastai' }).suggestions.valley as { lr: number }).lr;
    expect(Number(lrfind('analyze', run, '-q', '--preset', 'fastai').stdout)).toBe(Number(valley.toPrecision(3)));
    const bad = lrfind('analyze', run, '-q', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^lrfind: --json and -q\/--quiet cannot be given together\n$/);
  });

  it('-q with no answer prints nothing on stdout and the reason on stderr (exit 2)', () => {
    const r = lrfind('analyze', file('one.json', '{"lrs": [0.001], "losses": [2.3]}'), '-q');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lrfind: no answer: .+\n$/);
  });

  it('--preset answers as that tool would: its own default suggestion is the choice, with no confidence', () => {
    const curve = classic(100);
    const run = file('presets.json', JSON.stringify(curve));
    const expected: Record<string, string> = {
      fastai: 'valley',
      fastai1: 'minGrad',
      'torch-lr-finder': 'steepest',
      lightning: 'steepest',
      keras: 'minLossDiv10',
      inflection: 'frozen',
    };
    for (const [preset, name] of Object.entries(expected)) {
      const out = JSON.parse(lrfind('analyze', run, '--preset', preset, '--json').stdout);
      expect(out.choice.name).toBe(name);
      expect(out.choice.suggestion).toEqual(out.suggestions[name]);
      expect(out.choice.confidence).toBeNull();
      const text = lrfind('analyze', run, '--preset', preset).stdout;
      // lrfind's answer first, then the tool's own
      expect(text).toMatch(new RegExp(`^${preset}\\s+\\S+  \\(${name}\\) — the tool's own answer$`, 'm'));
      expect(text.split('\n')[2]).toMatch(/^answer\s/);
    }
    const unfrozen = JSON.parse(lrfind('analyze', run, '--preset', 'inflection', '--unfrozen', '--json').stdout);
    expect(unfrozen.choice.name).toBe('unfrozen');
    expect(unfrozen.choice.suggestion).toEqual(unfrozen.suggestions.unfrozen);
  });

  it('--json prints exactly one object with the documented keys and the library\'s numbers', () => {
    const curve = classic();
    const run = file('classic2.json', JSON.stringify({ ...curve, meta: { note: 'extra fields are fine' } }));
    const r = lrfind('analyze', run, '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'answer', 'preset', 'steps', 'plannedSteps', 'points', 'stopIndex', 'stopReason', 'source', 'choice', 'suggestions', 'reasons', 'flags', 'candidates', 'candidatesFrom',
    ]);
    expect(out.preset).toBeNull();
    expect(out.steps).toBe(curve.lrs.length);
    expect(out.plannedSteps).toBeNull();
    expect(out.stopReason).toBe('diverged');
    expect(out.source).toEqual({ format: 'lrfind', rawLossesRecovered: false, description: 'lrfind run' });
    const lib = analyze(curve);
    expect(out.answer).toEqual(JSON.parse(JSON.stringify(lib.answer)));
    expect(out.answer.basis).toBe('range test');
    expect(out.points).toBe(lib.points);
    expect(out.suggestions).toEqual(JSON.parse(JSON.stringify(lib.suggestions)));
    expect(out.choice).toMatchObject({ name: lib.choice.name, suggestion: lib.choice.suggestion, reason: lib.choice.reason });
    expect(out.choice.range).toEqual(lib.suggestions['lrfind.range']);
    for (const [name, s] of Object.entries(out.suggestions as Record<string, unknown>)) {
      expect(name).toMatch(/^[a-z-]+[0-9]?\.[A-Za-z0-9]+$/);
      if (s === null) expect(typeof out.reasons[name]).toBe('string');
      else expect(s).toSatisfy((v: Record<string, unknown>) => typeof v.lr === 'number' || Array.isArray(v.range));
    }
    expect(Array.isArray(out.candidates.loss)).toBe(true);
    expect(Array.isArray(out.candidates.gradient)).toBe(true);
  });

  it('recognises a fastai save read without --format (its default schedule) and says so on stderr: never smoothed twice', () => {
    const imports = new URL('../fixtures/imports/', import.meta.url).pathname;
    const save = join(imports, 'fastai-v2.json');
    const detected = lrfind('analyze', save, '--json');
    expect(detected.code).toBe(0);
    expect(detected.stderr).toMatch(/^lrfind: .*fastai-v2\.json: read as fastai: its lrs follow fastai's default schedule \(num_it = 100\)[^\n]*--format json if they are raw\)\n$/);
    const asFastai = lrfind('analyze', save, '--format', 'fastai', '--json');
    expect(asFastai.stderr).toBe('');
    const a = JSON.parse(detected.stdout);
    const b = JSON.parse(asFastai.stdout);
    expect(a.suggestions).toEqual(b.suggestions);
    expect(a.source).toMatchObject({ format: 'fastai', rawLossesRecovered: true });
    // as raw losses, when the user says so: a different answer, no note
    const raw = lrfind('analyze', save, '--format', 'json', '--json');
    expect(raw.stderr).toBe('');
    expect(JSON.parse(raw.stdout).choice.suggestion).not.toEqual(a.choice.suggestion);
    // the same save as a CSV, and piped on standard input
    const csv = lrfind('analyze', join(imports, 'fastai-v2.csv'), '-q');
    expect(csv.stderr).toMatch(/read as fastai/);
    expect(lrfindWithInput(readFileSync(save, 'utf8'), 'analyze', '-', '-q').stdout).toBe(lrfind('analyze', save, '--format', 'fastai', '-q').stdout);
    // raw losses on the same schedule (pytorch-lr-finder's exponential schedule is the same formula) stay raw
    const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 1e8 ** (i / 100));
    const noisy = lrs.map((lr, i) => 2.3 - 1.5 / (1 + Math.exp(-(Math.log10(lr) + 3) * 2)) + 0.05 * Math.sin(i * 7.3));
    const rawRun = lrfind('analyze', file('torch-raw.json', JSON.stringify({ lrs, losses: noisy })), '--json');
    expect(rawRun.stderr).toBe('');
    expect(JSON.parse(rawRun.stdout).source.format).toBe('lrfind');
    // lrfind's own runs (metadata, or the last step at endLr) are never taken for fastai's
    for (const run of ['real-mnist-mlp-adam-300.json', 'edge-classic-noisy-100.json']) {
      expect(lrfind('analyze', new URL(`../fixtures/runs/${run}`, import.meta.url).pathname, '-q').stderr).toBe('');
    }
  });

  it('reads a headerless two-column CSV with --no-header, with the file\'s own line numbers in errors', () => {
    const { lrs, losses } = classic(80);
    const rows = lrs.map((lr, i) => `${lr},${losses[i]}`);
    const run = file('noheader.csv', `${rows.join('\n')}\n`);
    const refused = lrfind('analyze', run);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 1 must be a header naming the columns/);
    const r = lrfind('analyze', run, '--no-header', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).suggestions).toEqual(JSON.parse(JSON.stringify(analyze({ lrs, losses }).suggestions)));
    const semicolons = file('noheader-semi.csv', `${rows.map((l) => l.replace(',', ';')).join('\n')}\n`);
    expect(lrfind('analyze', semicolons, '--no-header', '-q').stdout).toBe(lrfind('analyze', run, '--no-header', '-q').stdout);
    const bad = lrfind('analyze', file('noheader-bad.csv', `${rows[0]}\n${lrs[1]},x\n`), '--no-header');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^lrfind: .*noheader-bad\.csv: line 2, column "loss": expected a loss .*got "x"\n$/);
    const three = lrfind('analyze', file('three.csv', '1e-6,2.3,4\n'), '--no-header');
    expect(three.code).toBe(2);
    expect(three.stderr).toMatch(/--no-header reads two columns, lr then loss \(line 1 has 3/);
  });

  it('says what it read: a pytorch-lr-finder history, raw losses recovered', () => {
    const history = new URL('../fixtures/imports/', import.meta.url).pathname;
    const r = lrfind('analyze', join(history, 'torch-lr-finder.json'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source).toMatchObject({ format: 'torch-lr-finder', rawLossesRecovered: true });
    expect(lrfind('analyze', join(history, 'torch-lr-finder.json')).stdout.split('\n')[0]).toMatch(/torch-lr-finder, raw losses recovered from the EMA \(β = 0\.95\)/);
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

describe('analysisToText: the next step for a low-confidence answer', () => {
  const load = (name: string): Run => parseRun(readFileSync(new URL(`../fixtures/runs/${name}`, import.meta.url), 'utf8'), { file: name });

  it('suggests measuring under a range-test answer that is not high, and nowhere else', () => {
    const low = load('real-mnist-mlp-sgd-100.json');
    const lowAnalysis = analyze(low);
    expect(lowAnalysis.answer?.confidence).toBe('low');
    const text = analysisToText('low.json', low, lowAnalysis);
    expect(text).toMatch(new RegExp(`^next\\s+${LOW_CONFIDENCE_HINT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    // the next line closes the answer block
    const lines = text.split('\n');
    expect(lines.findIndex((l) => l.startsWith('next'))).toBe(lines.findIndex((l) => l.startsWith('why')) + 1);
    // a run that carries its trials has its measured answer: nothing to suggest
    const trials = { lr: 0.1, reason: 'lowest validation loss', basis: 'validation', trials: [{ lr: 0.01, round: 0, steps: 5, loss: 1, diverged: false }, { lr: 0.1, round: 0, steps: 5, loss: 0.5, diverged: false }] };
    const measured = analyze(low, { trials });
    expect(measured.answer?.basis).toBe('measured');
    expect(analysisToText('low.json', low, measured)).not.toMatch(/^next/m);
    expect(analysisToText('low.json', low, measured)).toMatch(/^range test\s+\S+/m);
    const high = load('real-mnist-mlp-adam-300.json');
    expect(analyze(high).answer?.confidence).toBe('high');
    expect(analysisToText('high.json', high, analyze(high))).not.toMatch(/^next/m);
  });
});
