import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, PRESETS, type AnalyzeOptions, type PresetName } from '../../src/analysis/index.js';

// Real PyTorch range tests and the indices each tool's own code picked on them, run with real torch tensors
// (scripts/reference/torch_range_tests.py). None of these curves is among the runs the presets were written from.
const DIR = join(import.meta.dirname, '..', 'fixtures', 'torch');
const TOOLS = ['fastai', 'fastai1', 'torch-lr-finder', 'lightning'] as const;

interface ToolRecord {
  settings: Record<string, number | 'Infinity'>;
  smoothed: number[];
  suggestions: Record<string, number | null>;
}
interface TorchRun {
  run: { num_it: number; bs: number; n: number };
  lrs: number[];
  losses: number[];
  tools: Record<(typeof TOOLS)[number], ToolRecord>;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (file: string): TorchRun => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as TorchRun;
const settingsOf = (rec: ToolRecord): AnalyzeOptions =>
  Object.fromEntries(Object.entries(rec.settings).map(([k, v]) => [k, v === 'Infinity' ? Infinity : v]));

function indices(tool: PresetName, options: AnalyzeOptions, run: TorchRun): Record<string, number | null> {
  const a = analyze({ lrs: run.lrs, losses: run.losses }, { ...options, preset: tool });
  return Object.fromEntries(
    PRESETS[tool].suggestionNames.map((name) => {
      const s = a.suggestions[name];
      return [name, s === null ? null : 'index' in s ? s.index : null];
    }),
  );
}

describe('real PyTorch range tests: every preset picks the tool’s own index', () => {
  it('has full-batch and mini-batch runs, and runs with non-default tool settings', () => {
    const runs = files.map(load);
    expect(runs.filter((r) => r.run.bs >= r.run.n && r.run.n > 1).length).toBeGreaterThanOrEqual(6);
    expect(files.filter((f) => f.startsWith('const-')).length).toBeGreaterThanOrEqual(3);
    expect(runs.filter((r) => r.run.bs < r.run.n).length).toBeGreaterThanOrEqual(4);
    expect(runs.filter((r) => TOOLS.some((t) => Object.keys(r.tools[t].settings).some((k) => k !== 'numIt'))).length).toBeGreaterThanOrEqual(3);
  });

  describe.each(files)('%s', (file) => {
    const run = load(file);
    it.each(TOOLS)('%s from the raw losses (the tool’s recording emulated)', (tool) => {
      const rec = run.tools[tool];
      expect(indices(tool, settingsOf(rec), run)).toEqual(rec.suggestions);
    });
    it.each(TOOLS)('%s from the tool’s own saved smoothed losses', (tool) => {
      const rec = run.tools[tool];
      const n = rec.smoothed.length;
      const cut = { lrs: run.lrs.slice(0, n), losses: run.losses.slice(0, n) };
      // the saved history ends where the tool stopped: its stop settings need not be stated
      const { divergeTh: _d, smoothF: _s, ...windows } = settingsOf(rec) as Record<string, number>;
      const a = analyze(cut, { ...windows, preset: tool, recorded: { tool, smoothed: rec.smoothed } });
      expect(a.points).toBe(n);
      const got = Object.fromEntries(
        PRESETS[tool].suggestionNames.map((name) => {
          const s = a.suggestions[name];
          return [name, s === null ? null : 'index' in s ? s.index : null];
        }),
      );
      expect(got).toEqual(rec.suggestions);
    });
  });

  it('float32 matters: fastai’s valley on three slow-starting full-batch runs is not float64’s', () => {
    // the float64 EMA of the same losses, through the same valley: it picks another index on these runs
    let missed = 0;
    for (const file of files.filter((f) => !f.startsWith('const-'))) {
      const run = load(file);
      const tool = run.tools.fastai;
      const s = run.tools.fastai.smoothed;
      let equal = 0;
      for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) equal++;
      if (equal >= 10 && run.run.bs >= run.run.n) {
        const f64 = recordFloat64Valley(run);
        if (f64 !== tool.suggestions.valley) missed++;
      }
    }
    expect(missed).toBeGreaterThanOrEqual(3);
  });
});

/** fastai's valley on the float64 EMA of the run (what lrfind 0.1 computed). */
function recordFloat64Valley(run: TorchRun): number {
  const beta = 0.98;
  let m = 0;
  let best = Infinity;
  const s: number[] = [];
  for (let i = 0; i < run.losses.length; i++) {
    m = beta * m + (1 - beta) * run.losses[i];
    const v = m / (1 - beta ** (i + 1));
    s.push(v);
    if (v < best) best = v;
    if (v > 4 * best) break;
  }
  const a = Math.floor(run.run.num_it / 10);
  const Y = s.slice(a, s.length - 5);
  // the longest strictly decreasing subsequence, as fastai's valley
  const lds = Y.map(() => 1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < Y.length; i++) {
    for (let j = 0; j < i; j++) {
      if (Y[i] < Y[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  return a + maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
}
