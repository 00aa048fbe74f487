/**
 * Full analysis of a 1,000,000-point curve: lrfind's `analyze()` (every preset + lrfind's own method) against
 * numpy/scipy doing the same work (bench/analysis.py: lfilter EMAs, accumulate stop rules, np.gradient,
 * argrelextrema, savgol_filter, an O(n log n) valley), side by side in one run. The Python side runs only when
 * python3 with numpy and scipy is present; its suggestion indices are checked against ours.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type Suggestion } from '../src/index.js';
import { median } from './median.js';

const N = Number(process.env.BENCH_POINTS ?? 1_000_000);
const REPEATS = 5;

/** A realistic range-test shape: plateau, descent, minimum, blow-up; deterministic noise. */
function curve(n: number): { lrs: Float64Array; losses: Float64Array } {
  const lrs = new Float64Array(n);
  const losses = new Float64Array(n);
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    const lr = 1e-7 * Math.pow(1e8, i / (n - 1));
    const x = Math.log10(lr);
    lrs[i] = lr;
    losses[i] = 2.3 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + (x > -0.5 ? Math.exp((x + 0.5) * 4) - 1 : 0) + 0.05 * (rnd() - 0.5);
  }
  return { lrs, losses };
}

const { lrs, losses } = curve(N);
analyze({ lrs, losses }); // warm-up (JIT)
const times: number[] = [];
let result = analyze({ lrs, losses });
for (let r = 0; r < REPEATS; r++) {
  const t = performance.now();
  result = analyze({ lrs, losses });
  times.push(performance.now() - t);
}
const ours = median(times);

const dir = mkdtempSync(join(tmpdir(), 'lrfind-bench-'));
let python: { ms: number; numpy: string; scipy: string; indices: Record<string, number> } | undefined;
let pythonNote = '';
try {
  const file = join(dir, 'curve.bin');
  const both = new Float64Array(2 * N);
  both.set(lrs, 0);
  both.set(losses, N);
  writeFileSync(file, Buffer.from(both.buffer));
  const script = fileURLToPath(new URL('./analysis.py', import.meta.url));
  const run = spawnSync('python3', [script, file, String(REPEATS)], { encoding: 'utf8' });
  if (run.status === 0) python = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  else pythonNote = run.error ? 'python3 not found' : `python side failed: ${run.stderr.trim().split('\n').pop()}`;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const indexOf = (s: Suggestion | undefined): number | undefined => (s && 'index' in s ? s.index : undefined);
// lrfind computes these as the tools do, in float32 (docs/methods.md); the numpy side here does the same work in
// float64, so on a noisy million-point curve their indices may differ by a near-tie. Their exactness is checked
// against the float32 references in test/fixtures, not here.
const FLOAT32 = new Set(['fastai.valley', 'fastai.slide', 'fastai.minimum', 'fastai.steep', 'fastai1.minGrad', 'fastai1.minLossDiv10', 'lightning.steepest']);
let agree = 0;
const disagreements: string[] = [];
const float32Differences: string[] = [];
if (python) {
  for (const [name, idx] of Object.entries(python.indices)) {
    const mine = indexOf(result.suggestions[name]);
    if (mine === idx) agree++;
    else (FLOAT32.has(name) ? float32Differences : disagreements).push(`${name}: lrfind ${mine}, numpy ${idx}`);
  }
}

console.log(`Full analysis of a ${N.toLocaleString('en-US')}-point curve (median of ${REPEATS}):\n`);
console.log('| implementation | time (ms) | ratio to lrfind |');
console.log('|---|---:|---:|');
console.log(`| lrfind analyze() (7 methods), Node ${process.version} | ${ours.toFixed(0)} | 1.00 |`);
if (python) {
  console.log(`| numpy ${python.numpy} / scipy ${python.scipy}, same work | ${python.ms.toFixed(0)} | ${(python.ms / ours).toFixed(2)} |`);
  console.log(`\nSuggestion indices agree on ${agree}/${Object.keys(python.indices).length} methods.`);
  if (float32Differences.length) console.log(`float32 in lrfind (as the tool), float64 here: ${float32Differences.join('; ')}`);
  if (disagreements.length) console.log(`Disagreements: ${disagreements.join('; ')}`);
} else {
  console.log(`| numpy/scipy | — | (${pythonNote}) |`);
}
console.log(`\nPer method (one run each):\n`);
console.log('| method | time (ms) |');
console.log('|---|---:|');
const { PRESETS } = await import('../src/index.js');
for (const [name, preset] of Object.entries(PRESETS)) {
  const t = performance.now();
  preset.analyze({ lrs, losses });
  console.log(`| ${name} | ${(performance.now() - t).toFixed(0)} |`);
}
if (disagreements.length) process.exitCode = 1;
