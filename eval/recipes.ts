/**
 * Issue 19: lrfind's range-test answer against every anchor on every set — the corpus, the two holdouts, the third
 * holdout (`--holdout-c`, scored only at the end) — with the exact regret where `eval/exact/` has it, the safety
 * check (no answer at or above a grid lr whose constant-lr training diverged), every candidate recipe tried under
 * leave-one-family-out over the corpus and both holdouts pooled, and the confidence calibration by level.
 *
 *   npx tsx eval/recipes.ts [--holdout-c]
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeLrfind, LRFIND_TUNING, type LrfindResult } from '../src/analysis/presets/lrfind.js';
import { valleyIndex } from '../src/analysis/valley.js';
import { analysisOf, loadCorpus, mean, regret, suggestionLr, type Entry } from './score.js';
import { exactRegret } from './exact.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The first holdout's families (session 3); the rest of eval/holdout is the second (session 4). */
const FIRST_HOLDOUT = ['holdout-lstm', 'holdout-mae', 'holdout-deep-tanh', 'holdout-circles'];
/** The families added to the corpus in session 6 (issue 19 item 4): also scored as a set of their own. */
export const SESSION6_FAMILIES = ['seq2seq-reverse', 'stream-teacher'];
/** Every point suggestion of the anchor tools. */
export const ANCHORS = [
  'fastai.valley', 'fastai.minimum', 'fastai.steep', 'fastai.slide', 'fastai1.minGrad', 'fastai1.minLossDiv10',
  'torch-lr-finder.steepest', 'lightning.steepest', 'keras.minGrad', 'keras.minLossDiv10', 'inflection.frozen', 'inflection.frozenLowerBound',
] as const;

/** The sets scored: name → entries. */
export function sets(withC: boolean): Record<string, Entry[]> {
  const hold = loadCorpus(join(here, 'holdout'));
  const corpus = loadCorpus();
  const added = corpus.filter((e) => SESSION6_FAMILIES.includes(e.family));
  const out: Record<string, Entry[]> = {
    corpus,
    ...(added.length > 0 ? { 'corpus before session 6': corpus.filter((e) => !SESSION6_FAMILIES.includes(e.family)), 'new families (session 6)': added } : {}),
    'first holdout': hold.filter((e) => FIRST_HOLDOUT.includes(e.family)),
    'second holdout': hold.filter((e) => !FIRST_HOLDOUT.includes(e.family)),
  };
  if (withC && existsSync(join(here, 'holdout-c', 'index.json'))) out['third holdout'] = loadCorpus(join(here, 'holdout-c'));
  return out;
}

const L = Math.log10;
const firstDiverged = (e: Entry): number => {
  const i = e.grid.diverged.findIndex((d) => d);
  return i < 0 ? Infinity : e.grid.lrs[i];
};
const choiceLr = (e: Entry): number | null => suggestionLr(analysisOf(e.run).choice.suggestion);
const anchorLr = (name: string) => (e: Entry): number | null => suggestionLr(analysisOf(e.run).suggestions[name]);

/** Exact regret where the cache (or the grid itself) has the lr, else `undefined`. */
function exactOf(e: Entry, lr: number | null): number | undefined {
  if (lr !== null && e.grid.lrs.some((g) => Math.abs(g / lr - 1) < 1e-9)) return regret(e, lr);
  return exactRegret(e, lr);
}

interface Score {
  readonly mean: number;
  readonly worst: number;
  readonly exactMean?: number;
  readonly exactWorst?: number;
  readonly unsafe: number;
}
function scoreOf(es: readonly Entry[], pick: (e: Entry) => number | null): Score {
  const rs = es.map((e) => regret(e, pick(e)));
  const ex = es.map((e) => exactOf(e, pick(e)));
  const unsafe = es.filter((e) => {
    const lr = pick(e);
    return lr !== null && lr >= firstDiverged(e) * (1 - 1e-9);
  }).length;
  const all = ex.every((x) => x !== undefined);
  return {
    mean: mean(rs),
    worst: Math.max(...rs),
    ...(all ? { exactMean: mean(ex as number[]), exactWorst: Math.max(...(ex as number[])) } : {}),
    unsafe,
  };
}
const fmt = (s: Score, exact: boolean): string =>
  exact && s.exactMean !== undefined ? `${s.exactMean.toFixed(3)} / ${s.exactWorst!.toFixed(2)}` : `${s.mean.toFixed(3)} / ${s.worst.toFixed(2)}`;

/** `belowBottom` that never binds: the recipe as adopted in session 5. */
const OFF = -10;

/** A candidate recipe: its parameters and its lr (log10) on an entry's features. */
export interface Recipe<P> {
  readonly name: string;
  readonly params: readonly P[];
  pick(e: Entry, p: P): number | null;
}

/** What a recipe reads off one run: lrfind's recording and evidence, the anchors' suggestions. */
interface Features {
  readonly r: LrfindResult;
  readonly x: (i: number) => number;
  readonly xMin: number;
  readonly xValley: number;
  readonly fastaiValley: number | null;
  readonly fastaiMinimum: number | null;
  /** lrfind 0.2's answer, log10 (3/4 of the way from the band's centre to the minimum, ≥ 0.3 below it, ≥ the band's low end, less a 4-step lag). */
  readonly recommended: number | null;
}
function oldAnswer(r: LrfindResult): number | null {
  const ev = r.evidence;
  if (ev === null) return null;
  const n = r.recording.smoothedPoints;
  const x = (i: number): number => L(r.recording.lrs[i]);
  const [lo, hi] = ev.band;
  const centre = (x(lo) + x(hi)) / 2;
  const xMin = (x(ev.minimum) + x(argmin(r.recording.median))) / 2;
  let t = Math.max(Math.min(centre + 0.75 * (xMin - centre), xMin - 0.3), x(lo));
  t -= (4 * (x(n - 1) - x(0))) / (n - 1);
  let best = 0;
  for (let i = 0; i < n; i++) if (Math.abs(x(i) - t) < Math.abs(x(best) - t)) best = i;
  return x(best);
}
const featureCache = new Map<string, Features | null>();
export function features(e: Entry): Features | null {
  if (featureCache.has(e.id)) return featureCache.get(e.id)!;
  const r = analyzeLrfind(e.run, 3, LRFIND_TUNING, { numIt: e.run.meta.numIt, fullBatch: e.run.meta.batchesPerEpoch === 1 });
  const ev = r.evidence;
  const lg = (v: number | null): number | null => (v === null ? null : L(v));
  const f: Features | null =
    ev === null
      ? null
      : {
          r,
          x: (i) => L(r.recording.lrs[i]),
          // the minimum as lrfind reads it: the smoothed argmin and the spike-free median's, averaged in log lr
          xMin: (L(r.recording.lrs[ev.minimum]) + L(r.recording.lrs[argmin(r.recording.median)])) / 2,
          xValley: L(r.recording.lrs[ev.valley]),
          fastaiValley: lg(anchorLr('fastai.valley')(e)),
          fastaiMinimum: lg(anchorLr('fastai.minimum')(e)),
          recommended: oldAnswer(r),
        };
  featureCache.set(e.id, f);
  return f;
}
function argmin(a: ArrayLike<number>): number {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] < a[k]) k = i;
  return k;
}

const shifts = (lo: number, hi: number): number[] => Array.from({ length: Math.round((hi - lo) * 10) + 1 }, (_, i) => Math.round((lo + i / 10) * 10) / 10);
const tenthLr = (x: number | null): number | null => (x === null ? null : 10 ** x);

/** Every recipe tried for issue 19 (docs/evaluation.md lists them with these figures). */
export const RECIPES: readonly Recipe<number>[] = [
  { name: "0.2's answer (towards the minimum from the band, lag) × 10^c", params: shifts(-0.5, 0.5), pick: (e, c) => { const f = features(e); return f === null || f.recommended === null ? null : f.recommended + c; } },
  { name: 'loss minimum + c', params: shifts(-1, 0.2), pick: (e, c) => { const f = features(e); return f === null ? null : f.xMin + c; } },
  { name: "fastai's valley + c", params: shifts(-0.4, 1), pick: (e, c) => { const f = features(e); return f?.fastaiValley == null ? null : f.fastaiValley + c; } },
  { name: "valley on lrfind's kernel-smoothed curve + c", params: shifts(-0.4, 1), pick: (e, c) => { const f = features(e); if (f === null) return null; const y = f.r.recording.smoothed.subarray(0, f.r.recording.smoothedPoints); return f.x(valleyOf(y)) + c; } },
  { name: "geometric mean of fastai's valley and minimum/10 + c", params: shifts(-0.2, 0.6), pick: (e, c) => { const f = features(e); return f?.fastaiValley == null || f.fastaiMinimum == null ? null : (f.fastaiValley + f.fastaiMinimum) / 2 + c; } },
  { name: "geometric mean of 0.2's answer and fastai's valley + c", params: shifts(-0.2, 0.6), pick: (e, c) => { const f = features(e); return f?.fastaiValley == null || f.recommended === null ? null : (f.fastaiValley + f.recommended) / 2 + c; } },
  { name: "geometric mean of 0.2's answer and minimum/10 + c", params: shifts(-0.2, 0.6), pick: (e, c) => { const f = features(e); return f?.fastaiMinimum == null || f.recommended === null ? null : (f.fastaiMinimum + f.recommended) / 2 + c; } },
  { name: "midway between fastai's own valley and the loss minimum + c", params: shifts(-0.4, 0.6), pick: (e, c) => { const f = features(e); return f?.fastaiValley == null ? null : (f.fastaiValley + f.xMin) / 2 + c; } },
  { name: "midway between the valley on lrfind's kernel-smoothed curve and the minimum + c", params: shifts(-0.4, 0.6), pick: (e, c) => { const f = features(e); if (f === null) return null; const y = f.r.recording.smoothed.subarray(0, f.r.recording.smoothedPoints); return (f.x(valleyOf(y)) + f.xMin) / 2 + c; } },
  { name: "**midway between the valley (fastai's rule on the spike-free median) and the minimum + c**, uncapped", params: shifts(-0.4, 0.6), pick: (e, c) => { const f = features(e); return f === null ? null : (f.xValley + f.xMin) / 2 + c; } },
  { name: "midway between fastai's own valley and the minimum; over 1.2 decades apart: the valley + 0.8 instead", params: shifts(-0.4, 0.6), pick: (e, c) => { const f = features(e); if (f?.fastaiValley == null) return null; return Math.abs(f.xMin - f.fastaiValley) > 1.2 ? f.fastaiValley + 0.8 : (f.fastaiValley + f.xMin) / 2 + c; } },
  { name: "midway between fastai's own valley and the minimum; a sweep without a blow-up: the valley + 0.6 instead", params: shifts(-0.4, 0.6), pick: (e, c) => { const f = features(e); if (f?.fastaiValley == null) return null; return !f.r.recording.sawDivergence ? f.fastaiValley + 0.6 : (f.fastaiValley + f.xMin) / 2 + c; } },
  { name: "midway between fastai's own valley and the minimum; descent < 3× the noise: the valley + 0.6 instead (0.6 fixed by eye)", params: shifts(-0.4, 0.6), pick: (e, c) => { const f = features(e); if (f?.fastaiValley == null) return null; return f.r.evidence!.snr < 3 ? f.fastaiValley + 0.6 : (f.fastaiValley + f.xMin) / 2 + c; } },
  { name: "midway between fastai's own valley and the minimum + 0.1; descent < 3× the noise: the valley + c (c tuned)", params: shifts(-0.4, 1), pick: (e, c) => { const f = features(e); if (f?.fastaiValley == null) return null; return f.r.evidence!.snr < 3 ? f.fastaiValley + c : (f.fastaiValley + f.xMin) / 2 + 0.1; } },
  { name: 'adopted in session 5: midway (valley on the median) + c, capped 0.15 below the growth edge and the blow-up, full batch ≤ minimum/10', params: shifts(-0.2, 0.6), pick: (e, c) => lrfindWith(e, c, OFF) },
  // session 6: aimed at the first holdout (an LSTM sweep that never blew up, its minimum at the stop: 4.82)
  { name: 'adopted; a sweep that never blew up, its minimum at the stop: the valley (on the median) + c instead', params: shifts(-0.2, 1), pick: (e, c) => { const f = features(e); if (f === null) return null; return cutAtMinimum(f) ? Math.min(f.xValley + c, f.xMin) : lrfindWith(e, 0.2, OFF); } },
  { name: 'adopted, never more than c decades above the valley (on the median)', params: shifts(0.2, 1.4), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f === null || a === null ? a : Math.min(a, f.xValley + c); } },
  { name: 'adopted; a sweep that never blew up: its minimum read as the first lr within 10 % of the depth of the bottom (the loss had stopped falling there) + c', params: shifts(-0.2, 0.6), pick: (e, c) => { const f = features(e); if (f === null) return null; if (f.r.recording.sawDivergence) return lrfindWith(e, 0.2, OFF); return Math.min((f.xValley + bottomEdge(f, 0.1)) / 2 + c, lrfindWith(e, 0.2, OFF) ?? Infinity); } },
  // session 7: more ways to combine the anchors, and caps on the sweeps that never blew up (the first holdout's LSTM)
  { name: "median of every anchor's pick + c", params: shifts(-1, 1), pick: (e, c) => { const xs = anchorsOf(e, ANCHORS); return xs.length > 0 ? medianOf(xs) + c : null; } },
  { name: "median of fastai's valley, minimum/10 and the session-5 answer + c", params: shifts(-0.6, 0.6), pick: (e, c) => { const xs = anchorsOf(e, ['fastai.valley', 'fastai.minimum']); const a = lrfindWith(e, 0.2, OFF); if (a !== null) xs.push(a); return xs.length > 0 ? medianOf(xs) + c : null; } },
  { name: "session-5 answer, never above fastai's minimum/10 + c", params: shifts(-0.4, 1), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return a === null || f?.fastaiMinimum == null ? a : Math.min(a, f.fastaiMinimum + c); } },
  { name: 'session-5 answer; `low` confidence: c decades lower', params: shifts(0, 0.8), pick: (e, c) => { const a = lrfindWith(e, 0.2, OFF); return a === null ? a : a - (features(e)?.r.evidence?.confidence === 'low' ? c : 0); } },
  { name: 'session-5 answer, c decades lower on a sweep of < 20 points per decade', params: shifts(0, 0.6), pick: (e, c) => { const a = lrfindWith(e, 0.2, OFF); if (a === null) return a; const n = e.run.lrs.length; return (n - 1) / (L(e.run.lrs[n - 1]) - L(e.run.lrs[0])) < 20 ? a - c : a; } },
  { name: 'session-5 answer; a sweep that never blew up: c decades lower', params: shifts(0, 1), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f === null || a === null || f.r.recording.sawDivergence ? a : a - c; } },
  { name: "session-5 answer; a sweep that never blew up: never above fastai's valley + c", params: shifts(0, 1.4), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f?.fastaiValley == null || a === null || f.r.recording.sawDivergence ? a : Math.min(a, f.fastaiValley + c); } },
  { name: "session-5 answer; a sweep that never blew up: never above fastai's minimum/10 + c", params: shifts(0, 1.4), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f?.fastaiMinimum == null || a === null || f.r.recording.sawDivergence ? a : Math.min(a, f.fastaiMinimum + c); } },
  { name: "session-5 answer; a sweep that never blew up: never above lrfind's minimum (both curves averaged) − c", params: shifts(0, 1.2), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f === null || a === null || f.r.recording.sawDivergence ? a : Math.min(a, f.xMin - c); } },
  ...[0.01, 0.02, 0.05].map((q): Recipe<number> => ({ name: `session-5 answer; a sweep that never blew up: never above the first lr within ${q * 100} % of the depth of the median's bottom − c`, params: shifts(-1, 0.6), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f === null || a === null || f.r.recording.sawDivergence ? a : Math.min(a, bottomEdge(f, q) - c); } })),
  { name: "session-5 answer, on every sweep never above the spike-free median's minimum − c", params: shifts(0, 1.2), pick: (e, c) => { const f = features(e); const a = lrfindWith(e, 0.2, OFF); return f === null || a === null ? a : Math.min(a, bottomEdge(f, 0) - c); } },
  { name: "**adopted (session 7)**: the session-5 recipe; a sweep that never blew up: never above the spike-free median's minimum − c", params: shifts(0, 1), pick: (e, c) => lrfindWith(e, 0.2, c) },
];
const medianOf = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The anchors' picks on an entry, log10, those that have one. */
const anchorsOf = (e: Entry, names: readonly string[]): number[] =>
  names.map((n) => anchorLr(n)(e)).filter((v): v is number => v !== null && v > 0).map((v) => L(v));
/** The first lr where the spike-free median comes within `q` of the descent's depth above its minimum. */
export function bottomEdge(f: Features, q: number): number {
  const m = f.r.recording.median.subarray(0, f.r.recording.smoothedPoints);
  let iMin = 0;
  for (let i = 1; i < m.length; i++) if (m[i] < m[iMin]) iMin = i;
  let peak = -Infinity;
  for (let i = 0; i <= iMin; i++) if (m[i] > peak) peak = m[i];
  let i = 0;
  while (i < iMin && m[i] > m[iMin] + q * (peak - m[iMin])) i++;
  return f.x(i);
}
/** A sweep that never blew up and whose smoothed minimum is its last point or the one before: the minimum is a lower bound. */
const cutAtMinimum = (f: Features): boolean => !f.r.recording.sawDivergence && f.r.evidence!.minimum >= f.r.recording.smoothedPoints - 2;
/** fastai's valley index on a curve (the longest strictly decreasing subsequence, a third plus a sixth into it). */
const valleyOf = (y: Float64Array): number => valleyIndex(y);
const adoptedCache = new Map<string, number | null>();
/** lrfind's answer (log10) with `aboveMidpoint` and `belowBottom` (−10: the session-7 rule off, as adopted in session 5). */
export function lrfindWith(e: Entry, aboveMidpoint: number, belowBottom = LRFIND_TUNING.belowBottom): number | null {
  const key = `${e.id} ${aboveMidpoint} ${belowBottom}`;
  if (!adoptedCache.has(key)) {
    const r = analyzeLrfind(e.run, 3, { ...LRFIND_TUNING, aboveMidpoint, belowBottom }, { numIt: e.run.meta.numIt, fullBatch: e.run.meta.batchesPerEpoch === 1 });
    const lr = suggestionLr(r.suggestions.recommended);
    adoptedCache.set(key, lr === null ? null : L(lr));
  }
  return adoptedCache.get(key)!;
}

/** Leave one family out over `pool`: per family, the parameter best on the other families, scored on it. */
export function lofo<P>(pool: readonly Entry[], recipe: Recipe<P>): { held: Map<string, number>; params: Set<P>; inSample: P } {
  const fams = [...new Set(pool.map((e) => e.family))];
  const table = recipe.params.map((p) => pool.map((e) => regret(e, tenthLr(recipe.pick(e, p)))));
  const held = new Map<string, number>();
  const params = new Set<P>();
  for (const fam of fams) {
    let bi = 0;
    let bm = Infinity;
    table.forEach((row, pi) => {
      const m = mean(row.filter((_, i) => pool[i].family !== fam));
      if (m < bm) [bm, bi] = [m, pi];
    });
    params.add(recipe.params[bi]);
    pool.forEach((e, i) => {
      if (e.family === fam) held.set(e.id, table[bi][i]);
    });
  }
  let ib = 0;
  table.forEach((row, pi) => {
    if (mean(row) < mean(table[ib])) ib = pi;
  });
  return { held, params, inSample: recipe.params[ib] };
}

function main(): void {
  const withC = process.argv.includes('--holdout-c');
  const all = sets(withC);
  const out: string[] = [];
  const names = Object.keys(all);
  // 1. the answer against the anchors, per set
  out.push('## The range-test answer against every anchor, per set (exact regret where measured, else interpolated)', '');
  out.push('| set | n | lrfind answer: mean / worst | best anchor by mean | its mean / worst | lowest worst of any anchor | floor: other seed | answers at/above a diverging grid lr (lrfind / best anchor) |');
  out.push('|---|---:|---|---|---|---|---|---|');
  for (const name of names) {
    const es = all[name];
    const exact = es.every((e) => exactOf(e, choiceLr(e)) !== undefined);
    const mine = scoreOf(es, choiceLr);
    const anchors = ANCHORS.map((a) => ({ a, s: scoreOf(es, anchorLr(a)) }));
    const key = (s: Score): number => (exact && s.exactMean !== undefined ? s.exactMean : s.mean);
    const keyW = (s: Score): number => (exact && s.exactWorst !== undefined ? s.exactWorst : s.worst);
    const best = anchors.reduce((p, q) => (key(q.s) < key(p.s) ? q : p));
    const lowestWorst = anchors.reduce((p, q) => (keyW(q.s) < keyW(p.s) ? q : p));
    const byId = new Map(es.map((e) => [e.id, e]));
    const floor = scoreOf(es, (e) => byId.get(e.pairId)?.bestLr ?? null);
    out.push(
      `| ${name}${exact ? '' : ' (interpolated)'} | ${es.length} | ${fmt(mine, exact)} | ${best.a}${exact && best.s.exactMean === undefined ? ' (interpolated)' : ''} | ${fmt(best.s, exact)} | ${keyW(lowestWorst.s).toFixed(2)} (${lowestWorst.a}) | ${fmt(floor, true)} | ${mine.unsafe} / ${best.s.unsafe} |`,
    );
  }
  // 2. the recipes, leave one family out over the corpus and the two holdouts pooled
  const pool = [...all.corpus, ...all['first holdout'], ...all['second holdout']];
  const families = new Set(pool.map((e) => e.family)).size;
  const addedPart = all['new families (session 6)'] !== undefined;
  out.push('', `## Every recipe tried, leave one family out over the corpus and both holdouts (${families} families, interpolated regret)`, '');
  out.push(`| recipe | c chosen per fold | pooled held-out mean / worst | corpus | first holdout | second holdout |${addedPart ? ' new families (session 6) |' : ''} in-sample c |`);
  out.push(`|---|---|---|---|---|---|${addedPart ? '---|' : ''}---|`);
  for (const recipe of RECIPES) {
    const r = lofo(pool, recipe);
    const part = (es: Entry[]): string => {
      const rs = es.map((e) => r.held.get(e.id)!);
      return `${mean(rs).toFixed(3)} / ${Math.max(...rs).toFixed(2)}`;
    };
    const added = addedPart ? ` ${part(all['new families (session 6)'])} |` : '';
    out.push(`| ${recipe.name} | ${[...r.params].join(', ')} | ${part(pool)} | ${part(all.corpus)} | ${part(all['first holdout'])} | ${part(all['second holdout'])} |${added} ${r.inSample} |`);
  }
  // 3. calibration by level
  const calib = (es: Entry[], label: string): void => {
    const rows = es.map((e) => {
      const lr = choiceLr(e);
      return { level: analysisOf(e.run).choice.confidence ?? 'none', r: exactOf(e, lr) ?? regret(e, lr) };
    });
    const big = rows.filter((x) => x.r > 1);
    out.push('', `### Calibration by level: ${label} (${es.length} entries; exact regret where measured)`, '');
    out.push('| level | n | mean regret | share with regret ≤ 0.3 | share ≤ 0.5 | of the regrets > 1 |');
    out.push('|---|---:|---:|---:|---:|---:|');
    for (const level of ['high', 'medium', 'low']) {
      const xs = rows.filter((x) => x.level === level);
      if (xs.length === 0) continue;
      const share = (t: number): string => `${((100 * xs.filter((x) => x.r <= t).length) / xs.length).toFixed(0)} %`;
      out.push(`| ${level} | ${xs.length} | ${mean(xs.map((x) => x.r)).toFixed(3)} | ${share(0.3)} | ${share(0.5)} | ${big.filter((x) => x.level === level).length} of ${big.length} |`);
    }
  };
  out.push('', '## Confidence');
  calib(pool, 'the corpus and both holdouts');
  if (all['third holdout']) calib(all['third holdout'], 'the third holdout');
  console.log(out.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
