/**
 * Differential fuzzing: compares lrfind's anchor presets with the numpy/scipy reference on the random runs
 * written by scripts/reference/fuzz_runs.py, and prints every disagreement (recording points, stop index, any
 * suggestion's index/lr/null-ness, inflection candidates).
 *
 * Run: python3 scripts/reference/fuzz_runs.py 2000 1 && npx tsx scripts/fuzz-presets.ts [/tmp/lrfind-fuzz]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS, type PresetName } from '../src/analysis/index.js';
import { parseJsonLenient } from '../src/runs/runFile.js';

interface RefPreset {
  recording: { points: number; stopIndex: number | null; smoothed: number[] };
  suggestions: Record<string, unknown>;
  candidates?: unknown;
}
interface FuzzRun {
  lrs: number[];
  losses: number[];
  numIt: number;
  presets: Record<string, RefPreset>;
}

const dir = process.argv[2] ?? '/tmp/lrfind-fuzz';
const { runs } = parseJsonLenient(readFileSync(join(dir, 'runs.json'), 'utf8'), 'runs.json') as { runs: FuzzRun[] };
let failures = 0;
const byPreset = new Map<string, number>();
runs.forEach((run, r) => {
  for (const [name, want] of Object.entries(run.presets)) {
    const got = PRESETS[name as PresetName].analyze({ lrs: run.lrs, losses: run.losses }, { numIt: run.numIt });
    const problems: string[] = [];
    if (got.recording.points !== want.recording.points) problems.push(`points ${got.recording.points} != ${want.recording.points}`);
    if (got.recording.stopIndex !== want.recording.stopIndex) problems.push(`stopIndex ${got.recording.stopIndex} != ${want.recording.stopIndex}`);
    for (const [s, w] of Object.entries(want.suggestions)) {
      const g = got.suggestions[s] ?? null;
      const same = JSON.stringify(g === null ? null : 'range' in g ? { indices: g.indices, range: g.range } : { index: g.index, lr: g.lr }) ===
        JSON.stringify(w);
      if (!same) problems.push(`${s}: ${JSON.stringify(g)} != ${JSON.stringify(w)}`);
    }
    const norm = (c: unknown) =>
      JSON.stringify(c, (_k, v: unknown) =>
        v !== null && typeof v === 'object' && 'index' in v && 'lr' in v ? { index: v.index, lr: v.lr } : v,
      );
    if (want.candidates !== undefined && norm(got.candidates) !== norm(want.candidates)) {
      problems.push('candidates differ');
    }
    if (problems.length > 0) {
      failures++;
      byPreset.set(name, (byPreset.get(name) ?? 0) + 1);
      if (failures <= 20) {
        console.log(`run ${r} (n=${run.lrs.length}, numIt=${run.numIt}) ${name}: ${problems.join('; ')}`);
      }
    }
  }
});
console.log(`${runs.length} runs, ${failures} preset results differ`, Object.fromEntries(byPreset));
process.exitCode = failures > 0 ? 1 : 0;
