/**
 * How far does each method's suggestion move when the same run is perturbed in ways that should not matter — or
 * that real runs do suffer from? The table behind docs/evaluation.md's robustness section.
 *
 * For every real recorded run in test/fixtures/runs, each method's suggestion on the clean run is compared with its
 * suggestion on: the loss shifted so that it crosses zero (a negative log-likelihood), shifted so that it is
 * negative until the blow-up, scaled ×1000, one wild batch (×20) three quarters of the way down the descent, and the
 * noise of the raw loss doubled. Reported: the median shift in
 * decades, and how often the method's answer is lost or moves by more than half a decade.
 *
 *   npx tsx scripts/robustness.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, parseRun, suggestionCentre, movingMedian, savitzkyGolay } from '../src/index.js';

const DIR = new URL('../test/fixtures/runs/', import.meta.url).pathname;
const METHODS = [
  'lrfind.recommended',
  'fastai.valley',
  'fastai.slide',
  'fastai.minimum',
  'fastai.steep',
  'fastai1.minGrad',
  'torch-lr-finder.steepest',
  'lightning.steepest',
  'keras.minGrad',
  'inflection.frozen',
];

type Perturb = (losses: Float64Array, lrs: Float64Array) => Float64Array;

/** The robust start (median of the first 5 losses) and minimum (of the 5-point moving median) of a raw run. */
function firstAndMin(l: Float64Array): { first: number; min: number } {
  const finite = l.findIndex((v) => !Number.isFinite(v));
  const med = movingMedian(l.subarray(0, finite < 0 ? l.length : finite), 5);
  const first = [...l.subarray(0, 5)].sort((a, b) => a - b)[2];
  let min = Infinity;
  for (const v of med) if (v < min) min = v;
  return { first, min };
}

const PERTURBATIONS: Record<string, Perturb> = {
  'crossing zero: loss − (first + min) / 2': (l) => {
    const { first, min } = firstAndMin(l);
    return l.map((v) => v - (first + min) / 2);
  },
  'negative: loss − (first + 1)': (l) => {
    const { first } = firstAndMin(l);
    return l.map((v) => v - (first + 1));
  },
  'loss × 1000': (l) => l.map((v) => v * 1000),
  'one wild batch (×20) mid-descent': (l) => {
    const out = l.slice();
    // the middle of the descent: halfway between the start and the (robustly smoothed) minimum
    const finite = out.findIndex((v) => !Number.isFinite(v));
    const n = finite < 0 ? out.length : finite;
    const smooth = savitzkyGolay(movingMedian(out.subarray(0, n), 5), { windowSize: Math.max(5, (Math.round(n / 10) | 1)) });
    let iMin = 0;
    for (let i = 0; i < n; i++) if (smooth[i] < smooth[iMin]) iMin = i;
    const at = Math.floor(iMin * 0.75);
    out[at] = out[at] * 20;
    return out;
  },
  'noise doubled': (l) => {
    const finite = l.findIndex((v) => !Number.isFinite(v));
    const n = finite < 0 ? l.length : finite;
    const smooth = savitzkyGolay(movingMedian(l.subarray(0, n), 5), { windowSize: Math.max(5, (Math.round(n / 10) | 1)) });
    return l.map((v, i) => (i < n ? v + (v - smooth[i]) : v));
  },
  'first loss × 1.5': (l) => {
    const out = l.slice();
    out[0] *= 1.5;
    return out;
  },
  'first loss × 3': (l) => {
    const out = l.slice();
    out[0] *= 3;
    return out;
  },
  'noisy start (first 10%, 3× noise)': (l) => {
    const finite = l.findIndex((v) => !Number.isFinite(v));
    const n = finite < 0 ? l.length : finite;
    const med = movingMedian(l.subarray(0, n), 5);
    const m = Math.max(3, Math.round(n / 10));
    return l.map((v, i) => (i < m ? med[i] + 3 * (v - med[i]) : v));
  },
  'abrupt blow-up (jump ×10 after the minimum)': (l) => {
    const finite = l.findIndex((v) => !Number.isFinite(v));
    const n = finite < 0 ? l.length : finite;
    const med = movingMedian(l.subarray(0, n), 5);
    let iMin = 0;
    for (let i = 0; i < n; i++) if (med[i] < med[iMin]) iMin = i;
    const { first, min } = firstAndMin(l);
    let j = iMin;
    while (j < n - 1 && med[j] <= min + 0.1 * Math.abs(first - min)) j++;
    return l.map((v, i) => (i < j ? v : i === j ? 10 * Math.abs(first) + Math.abs(min) : NaN));
  },
};

const runs = readdirSync(DIR)
  .filter((f) => f.startsWith('real-') && f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, run: parseRun(readFileSync(join(DIR, f), 'utf8'), { file: f }) }));

const shiftsOf = (clean: number | null, other: number | null): number => {
  if (clean === null) return NaN;
  if (other === null) return Infinity;
  return Math.abs(Math.log10(other / clean));
};

console.log(`${runs.length} real recorded runs (test/fixtures/runs/real-*.json). Shift = |log10(perturbed lr / clean lr)|;`);
console.log('"lost or > 0.5 dec." counts runs where the perturbed run gives no suggestion or one more than half a decade away.\n');
const header = ['method', ...Object.keys(PERTURBATIONS).map((p) => `${p}: median shift (dec.) / lost or > 0.5 dec.`)];
console.log(`| ${header.join(' | ')} |`);
console.log(`|---|${Object.keys(PERTURBATIONS).map(() => '---:').join('|')}|`);
const clean = runs.map(({ run }) => analyze(run, { numIt: run.meta.numIt }));
const perturbed = Object.fromEntries(
  Object.entries(PERTURBATIONS).map(([name, f]) => [
    name,
    runs.map(({ run }) => analyze({ lrs: run.lrs, losses: f(run.losses, run.lrs) }, { numIt: run.meta.numIt })),
  ]),
);
for (const m of METHODS) {
  const cells = Object.keys(PERTURBATIONS).map((p) => {
    const shifts = clean
      .map((a, i) => shiftsOf(suggestionCentre(a.suggestions[m] ?? null), suggestionCentre(perturbed[p][i].suggestions[m] ?? null)))
      .filter((s) => !Number.isNaN(s));
    const sorted = [...shifts].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const bad = shifts.filter((s) => s > 0.5).length;
    return `${Number.isFinite(median) ? median.toFixed(2) : '∞'} / ${bad}`;
  });
  console.log(`| ${m} | ${cells.join(' | ')} |`);
}
