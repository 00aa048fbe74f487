/**
 * How much can a single range test say about the best lr? For every position a range test offers (lrfind's answer,
 * its two minima, the steep band's centre, where the loss rises again, an EMA's argmin, the anchors' picks) and for
 * blends of two, a shift (and a blend weight) is tuned on 14 families and scored on the 15th (leave one family out),
 * and a ridge regression on eight curve features is fitted the same way. The held-out figures bound what any
 * range-test-only recipe of this kind reaches on the corpus (docs/evaluation.md, "How far a range test goes").
 *
 *   npx tsx eval/ceiling.ts
 */
import { fileURLToPath } from 'node:url';
import { analyzeLrfind } from '../src/analysis/presets/lrfind.js';
import { argminFinite } from '../src/analysis/argmin.js';
import { analysisOf, leaveOneFamilyOut, loadCorpus, regret, suggestionLr, type Entry, type LofoResult } from './score.js';

/** Everything the study reads off one range test, in log10(lr) unless said otherwise. */
export interface Features {
  readonly answer: number;
  readonly minSmoothed: number;
  readonly minMedian: number;
  readonly centre: number;
  /** Where the spike-free loss first rises 10 % of the descent above its minimum (before lrfind's stop). */
  readonly rise10: number;
  /** Argmin of a bias-corrected EMA (β = 0.9) of the raw losses up to lrfind's stop. */
  readonly ema90: number;
  readonly fastaiMinimum: number;
  readonly fastaiValley: number;
  /** log10 of lrfind's descent / noise. */
  readonly logSnr: number;
  /** Recorded points per decade of lr (/ 100). */
  readonly density: number;
  /** Lowest over highest spike-free loss before the stop. */
  readonly depthRatio: number;
}

const log = (lr: number | null): number => (lr === null ? NaN : Math.log10(lr));

/**
 * The features of one entry's range test.
 *
 * @example
 * features(loadCorpus()[0]).rise10 > features(loadCorpus()[0]).minMedian; // => true
 */
export function features(e: Entry): Features {
  const r = analyzeLrfind(e.run, 3);
  const rec = r.recording;
  const n = rec.smoothedPoints;
  const x = (i: number): number => Math.log10(rec.lrs[i]);
  const ev = r.evidence;
  if (ev === null) throw new Error(`eval/ceiling: ${e.id} has no lrfind answer`);
  const med = rec.median.subarray(0, n);
  const iMin = argminFinite(med);
  let peak = -Infinity;
  let top = -Infinity;
  for (let i = 0; i < n; i++) {
    if (i <= iMin && med[i] > peak) peak = med[i];
    if (med[i] > top) top = med[i];
  }
  let rise = n - 1;
  for (let j = iMin; j < n; j++) {
    if (med[j] > med[iMin] + 0.1 * (peak - med[iMin])) {
      rise = j;
      break;
    }
  }
  let avg = 0;
  let emaBest = 0;
  let emaMin = Infinity;
  for (let i = 0; i < n; i++) {
    avg = 0.9 * avg + 0.1 * e.run.losses[i];
    const s = avg / (1 - 0.9 ** (i + 1));
    if (s < emaMin) [emaMin, emaBest] = [s, i];
  }
  const a = analysisOf(e.run);
  return {
    answer: log(suggestionLr(r.suggestions.recommended)),
    minSmoothed: x(ev.minimum),
    minMedian: x(iMin),
    centre: (x(ev.band[0]) + x(ev.band[1])) / 2,
    rise10: x(rise),
    ema90: x(emaBest),
    fastaiMinimum: log(suggestionLr(a.suggestions['fastai.minimum'])),
    fastaiValley: log(suggestionLr(a.suggestions['fastai.valley'])),
    logSnr: Math.log10(Math.min(ev.snr, 1e4)),
    density: n / (x(n - 1) - x(0)) / 100,
    depthRatio: med[iMin] / top,
  };
}

/** Shifts tried, in decades: −1.5 … 1.5 by 0.05. */
const SHIFTS = Array.from({ length: 61 }, (_, k) => -1.5 + k * 0.05);
const WEIGHTS = [0, 0.25, 0.5, 0.75, 1];

type Position = Exclude<keyof Features, 'logSnr' | 'density' | 'depthRatio'>;
const POSITIONS: readonly Position[] = ['answer', 'minSmoothed', 'minMedian', 'centre', 'rise10', 'ema90', 'fastaiMinimum', 'fastaiValley'];

function lofoOf(corpus: readonly Entry[], feats: Map<string, Features>, name: string, at: (f: Features) => number): LofoResult<number> {
  return leaveOneFamilyOut(corpus, { name, params: SHIFTS, pick: (e, c) => 10 ** (at(feats.get(e.id) as Features) + c) });
}

function solve(a: number[][], b: number[]): number[] {
  // Gaussian elimination with partial pivoting (a is small and symmetric positive definite)
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const w = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * w[k];
    w[r] = s / m[r][r];
  }
  return w;
}

/**
 * Area under the ROC curve of `risk` for telling the entries with regret > `threshold` from the others (0.5 = no
 * better than chance, 1 = every large regret ranked above every small one; ties count half).
 *
 * @example
 * auc([3, 2, 1], [true, false, false]); // => 1
 */
export function auc(risk: readonly number[], large: readonly boolean[]): number {
  let sum = 0;
  let pairs = 0;
  risk.forEach((p, i) => {
    if (!large[i]) return;
    risk.forEach((q, j) => {
      if (large[j]) return;
      sum += p > q ? 1 : p === q ? 0.5 : 0;
      pairs++;
    });
  });
  return pairs === 0 ? NaN : sum / pairs;
}

/** How well signals read off the curve flag lrfind's large regrets (> 0.5), as markdown. */
export function confidenceSignals(corpus: readonly Entry[]): string {
  const rows = corpus.map((e) => {
    const f = features(e);
    const a = analysisOf(e.run);
    return { e, f, level: a.choice.confidence, regret: regret(e, 10 ** f.answer) };
  });
  const large = rows.map((r) => r.regret > 0.5);
  const signals: [string, (r: (typeof rows)[number]) => number][] = [
    ["lrfind's confidence (low > medium > high)", (r) => ({ high: 0, medium: 1, low: 2 })[r.level ?? 'low']],
    ['− log10(descent / noise)', (r) => -r.f.logSnr],
    ['lowest / highest spike-free loss', (r) => r.f.depthRatio],
    ['distance from the answer to fastai valley (decades)', (r) => Math.abs(r.f.answer - r.f.fastaiValley)],
    ['distance between the smoothed and the median minimum (decades)', (r) => Math.abs(r.f.minSmoothed - r.f.minMedian)],
    ['− points per decade', (r) => -r.f.density],
    ['− log2(batch size)', (r) => -Math.log2(r.e.config.batchSize)],
  ];
  return [
    `## Which curve signals flag a large regret (lrfind's answer, regret > 0.5: ${large.filter(Boolean).length} of ${rows.length})`,
    '',
    '| signal (higher = riskier) | AUC |',
    '|---|---:|',
    ...signals.map(([name, s]) => `| ${name} | ${auc(rows.map(s), large).toFixed(2)} |`),
    '',
  ].join('\n');
}

/** The study as markdown. */
export function ceilingTable(corpus: readonly Entry[]): string {
  const feats = new Map(corpus.map((e) => [e.id, features(e)]));
  const rows: { name: string; r: LofoResult<unknown> }[] = [];
  for (const p of POSITIONS) rows.push({ name: `${p} + c`, r: lofoOf(corpus, feats, p, (f) => f[p]) });
  const pairs: [Position, Position][] = [
    ['answer', 'fastaiMinimum'],
    ['answer', 'fastaiValley'],
    ['answer', 'rise10'],
    ['answer', 'ema90'],
    ['minMedian', 'fastaiValley'],
    ['fastaiMinimum', 'fastaiValley'],
  ];
  for (const [p, q] of pairs) {
    const params = WEIGHTS.flatMap((w) => SHIFTS.map((c) => ({ w, c })));
    const r = leaveOneFamilyOut(corpus, {
      name: `${p} ⊕ ${q}`,
      params,
      pick: (e, { w, c }) => {
        const f = feats.get(e.id) as Features;
        return 10 ** (w * f[p] + (1 - w) * f[q] + c);
      },
    });
    rows.push({ name: `w·${p} + (1−w)·${q} + c`, r });
  }
  // ridge regression of (best − minMedian) on eight features, then a tuned shift; λ large (small λ is worse)
  const row = (f: Features): number[] => [
    f.answer - f.minMedian,
    f.rise10 - f.minMedian,
    f.ema90 - f.minMedian,
    f.centre - f.minMedian,
    f.logSnr,
    f.density,
    f.depthRatio,
    1,
  ];
  for (const lambda of [1, 100]) {
    const weightsFor = new Map<string, number[]>();
    const families = [...new Set(corpus.map((e) => e.family))];
    for (const fam of families) {
      const train = corpus.filter((e) => e.family !== fam);
      const k = 8;
      const ata = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? lambda : 0)));
      const aty = new Array<number>(k).fill(0);
      for (const e of train) {
        const f = feats.get(e.id) as Features;
        const xr = row(f);
        const y = Math.log10(e.bestLr) - f.minMedian;
        for (let i = 0; i < k; i++) {
          aty[i] += xr[i] * y;
          for (let j = 0; j < k; j++) ata[i][j] += xr[i] * xr[j];
        }
      }
      weightsFor.set(fam, solve(ata, aty));
    }
    const r = leaveOneFamilyOut(corpus, {
      name: `ridge λ=${lambda}`,
      params: SHIFTS,
      // the held-out family's prediction uses the weights fitted without it (the shift is tuned by leaveOneFamilyOut)
      pick: (e, c) => {
        const f = feats.get(e.id) as Features;
        const w = weightsFor.get(e.family) as number[];
        return 10 ** (f.minMedian + row(f).reduce((s, v, i) => s + v * w[i], 0) + c);
      },
    });
    rows.push({ name: `ridge (λ = ${lambda}) on 8 curve features + c`, r });
  }
  return [
    '## How far a range test goes: leave one family out over recipes of range-test features',
    '',
    'Each recipe: log10(lr) = its position + a shift c (and a blend weight w), c and w tuned on the other 14 families.',
    'The ridge rows fit their weights without the held-out family too (one fit per fold; a slightly optimistic shortcut: the shift is then tuned with those fold weights on every family).',
    '',
    '| recipe | held-out mean | median | worst | in-sample mean |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(({ name, r }) => `| ${name} | ${r.mean.toFixed(3)} | ${r.median.toFixed(3)} | ${r.worst.toFixed(2)} | ${r.inSample.mean.toFixed(3)} |`),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = loadCorpus();
  process.stdout.write(ceilingTable(corpus) + '\n' + confidenceSignals(corpus));
}
