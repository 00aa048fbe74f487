/**
 * Scores lr-suggestion methods on the evaluation corpus (eval/corpus/): no training, under a minute.
 *
 *   npm run eval [-- --json] [-- --methods choice,fastai.valley]
 *   npx tsx eval/score.ts --corpus eval/holdout        (the holdout families)
 *
 * regret(lr) = V(lr) / min V − 1, where V is the ground-truth validation loss of constant-lr training,
 * interpolated linearly in log10(lr) between grid points (clamped at the ends), a diverged grid point counting as
 * max(worst finite grid val loss, the untrained model's val loss). A `null` suggestion scores as the untrained
 * model. See eval/README.md.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../src/recorder/loop.js';
import { runFromJson } from '../src/runs/runFile.js';
import type { Run } from '../src/runs/run.js';
import type { Analysis } from '../src/analysis/analyze.js';
import type { Suggestion } from '../src/analysis/types.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the corpus lives. */
export const CORPUS_DIR = join(here, 'corpus');

/** One range test of the corpus with its ground truth (the JSON file, the run parsed). */
export interface Entry {
  readonly id: string;
  readonly family: string;
  readonly task: string;
  readonly seed: number;
  readonly config: {
    readonly optimizer: string;
    readonly batchSize: number;
    readonly startLr: number;
    readonly endLr: number;
    readonly numIt: number;
    readonly schedule: 'exp' | 'linear';
  };
  readonly budgetSteps: number;
  readonly initialValLoss: number;
  readonly run: Run;
  readonly grid: {
    readonly lrs: readonly number[];
    /** Mean over the batch orders; `null` when a run diverged. */
    readonly valLoss: readonly (number | null)[];
    readonly perOrder: readonly (readonly (number | null)[])[];
    readonly diverged: readonly boolean[];
  };
  readonly pairId: string;
  /** V at each grid lr (diverged → max(worst finite, initial)), its minimum and the lr of the minimum. */
  readonly v: readonly number[];
  readonly best: number;
  readonly bestLr: number;
}

/** A method: a name and its pick on an entry (an lr, or `null` for no suggestion). */
export interface Method {
  readonly name: string;
  pick(entry: Entry): number | null;
}

/** Summary of one method's regrets over a set of entries. */
export interface MethodScore {
  readonly name: string;
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly worst: number;
  readonly worstId: string;
  /** Entries where the method gave no suggestion (scored as the untrained model). */
  readonly nulls: number;
  readonly regrets: readonly number[];
  readonly byFamily: Readonly<Record<string, number>>;
}

/**
 * Read the corpus: every entry listed in `eval/corpus/index.json`, its run parsed and its V curve computed.
 *
 * @example
 * const corpus = loadCorpus();
 * corpus.length; // => 60
 * corpus[0].bestLr; // => 0.01
 */
export function loadCorpus(dir: string = CORPUS_DIR): Entry[] {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { entries: { file: string }[] };
  return index.entries.map(({ file }) => {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<Entry, 'run' | 'v' | 'best' | 'bestLr'> & { run: unknown };
    const run = runFromJson(raw.run, file);
    const { lrs, valLoss, perOrder, diverged } = raw.grid;
    const ok =
      lrs.length >= 2 &&
      lrs.every((lr, i) => Number.isFinite(lr) && lr > 0 && (i === 0 || lr > lrs[i - 1])) &&
      valLoss.length === lrs.length &&
      perOrder.length === lrs.length &&
      diverged.length === lrs.length &&
      Number.isFinite(raw.initialValLoss);
    if (!ok) throw new RangeError(`loadCorpus: ${file}: a malformed grid (lrs must ascend, valLoss/perOrder/diverged match them, initialValLoss finite)`);
    const finite = raw.grid.valLoss.filter((x): x is number => x !== null && Number.isFinite(x));
    const worst = Math.max(raw.initialValLoss, ...finite);
    const v = raw.grid.valLoss.map((x) => (x === null || !Number.isFinite(x) ? worst : x));
    let k = 0;
    for (let i = 1; i < v.length; i++) if (v[i] < v[k]) k = i;
    return { ...raw, run, v, best: v[k], bestLr: raw.grid.lrs[k] };
  });
}

/**
 * The ground-truth validation loss at `lr`: V interpolated linearly in log10(lr), clamped at the grid's ends.
 *
 * @example
 * valLossAt(entry, entry.bestLr) === entry.best; // => true
 */
export function valLossAt(entry: Entry, lr: number): number {
  const { lrs } = entry.grid;
  const x = Math.log10(lr);
  const xs = lrs.map(Math.log10);
  if (!(x > xs[0])) return entry.v[0];
  if (x >= xs[xs.length - 1]) return entry.v[xs.length - 1];
  let i = 0;
  while (xs[i + 1] < x) i++;
  const t = (x - xs[i]) / (xs[i + 1] - xs[i]);
  return entry.v[i] + t * (entry.v[i + 1] - entry.v[i]);
}

/**
 * regret(lr) = V(lr) / min V − 1 (0 = as good as the best grid lr). `null` (no suggestion) scores as the
 * untrained model: initialValLoss / min V − 1.
 *
 * @throws {RangeError} for an lr that is not a finite number > 0.
 * @example
 * regret(entry, entry.bestLr); // => 0
 * regret(entry, null);         // => e.g. 9.98
 */
export function regret(entry: Entry, lr: number | null): number {
  if (lr === null) return entry.initialValLoss / entry.best - 1;
  if (!Number.isFinite(lr) || lr <= 0) throw new RangeError(`regret: lr must be a finite number > 0 (got ${lr}) for ${entry.id}`);
  return valLossAt(entry, lr) / entry.best - 1;
}

/**
 * The mean of `xs` (NaN when empty).
 *
 * @example
 * mean([1, 2, 6]); // => 3
 */
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
/**
 * The median of `xs` (the mean of the middle two for an even count; NaN when empty).
 *
 * @example
 * median([4, 1, 3, 2]); // => 2.5
 */
export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Score each method on the corpus: mean / median / worst regret, nulls, and the mean per family.
 *
 * @example
 * scoreMethods(corpus, [{ name: 'oracle', pick: (e) => e.bestLr }])[0].mean; // => 0
 */
export function scoreMethods(corpus: readonly Entry[], methods: readonly Method[]): MethodScore[] {
  return methods.map((m) => {
    const regrets: number[] = [];
    const fam: Record<string, number[]> = {};
    let nulls = 0;
    let worst = -Infinity;
    let worstId = '';
    for (const e of corpus) {
      const lr = m.pick(e);
      if (lr === null) nulls++;
      const r = regret(e, lr);
      regrets.push(r);
      (fam[e.family] ??= []).push(r);
      if (r > worst) {
        worst = r;
        worstId = e.id;
      }
    }
    const byFamily = Object.fromEntries(Object.entries(fam).map(([f, rs]) => [f, mean(rs)]));
    return { name: m.name, n: regrets.length, mean: mean(regrets), median: median(regrets), worst, worstId, nulls, regrets, byFamily };
  });
}

/** A tunable method: parameter values to choose from and its pick given a value. */
export interface Candidate<P> {
  readonly name: string;
  readonly params: readonly P[];
  pick(entry: Entry, p: P): number | null;
}

/** Leave-one-family-out result of one candidate. */
export interface LofoResult<P> {
  readonly name: string;
  /** Per held-out family: the parameter chosen on the other families and the held-out mean regret. */
  readonly folds: readonly { readonly family: string; readonly param: P; readonly mean: number; readonly worst: number }[];
  /** Over all held-out regrets. */
  readonly mean: number;
  readonly median: number;
  readonly worst: number;
  /** The parameter that is best on the whole corpus (in-sample) and its mean, for comparison. */
  readonly inSample: { readonly param: P; readonly mean: number };
}

/**
 * Honest tuning: for each held-out family, the parameter minimizing mean regret on the OTHER families is chosen,
 * and the held-out family's regrets under that choice are reported.
 *
 * @example
 * const r = leaveOneFamilyOut(corpus, { name: 'valley×c', params: [0.5, 1, 2], pick: (e, c) => c * valley(e) });
 * r.mean; // => held-out mean regret
 */
export function leaveOneFamilyOut<P>(corpus: readonly Entry[], candidate: Candidate<P>): LofoResult<P> {
  const families = [...new Set(corpus.map((e) => e.family))];
  // regret table: params × entries
  const table = candidate.params.map((p) => corpus.map((e) => regret(e, candidate.pick(e, p))));
  const meanWhere = (row: number[], keep: (e: Entry) => boolean): number => mean(row.filter((_, i) => keep(corpus[i])));
  const folds = families.filter((family) => corpus.some((e) => e.family !== family)).map((family) => {
    let bestP = 0;
    let bestMean = Infinity;
    table.forEach((row, pi) => {
      const m = meanWhere(row, (e) => e.family !== family);
      if (m < bestMean) {
        bestMean = m;
        bestP = pi;
      }
    });
    const held = table[bestP].filter((_, i) => corpus[i].family === family);
    return { family, param: candidate.params[bestP], mean: mean(held), worst: Math.max(...held), held };
  });
  const all = folds.flatMap((f) => f.held);
  let inP = 0;
  table.forEach((row, pi) => {
    if (mean(row) < mean(table[inP])) inP = pi;
  });
  return {
    name: candidate.name,
    folds: folds.map(({ held: _held, ...rest }) => rest),
    mean: mean(all),
    median: median(all),
    worst: Math.max(...all),
    inSample: { param: candidate.params[inP], mean: mean(table[inP]) },
  };
}

// ------------------------------------------------------------------------------------------ methods from analyze

/** The lr of a point suggestion; a range scores as its upper end (the head's lr of a discriminative slice). */
export function suggestionLr(s: Suggestion | undefined): number | null {
  if (s === undefined || s === null) return null;
  return 'lr' in s ? s.lr : s.range[1];
}

const analysisCache = new WeakMap<Run, Analysis>();
/**
 * `analyzeRun(run)` (every preset, the run's numIt and frozen state), memoized per run object.
 *
 * @example
 * analysisOf(entry.run).choice.name; // => 'lrfind.recommended'
 */
export function analysisOf(run: Run): Analysis {
  let a = analysisCache.get(run);
  if (a === undefined) {
    a = analyzeRun(run);
    analysisCache.set(run, a);
  }
  return a;
}

/**
 * The methods scored by default: lrfind's `choice`, every point suggestion of every preset, the other seed's best
 * grid lr (the floor) and the oracle. `runOf` maps an entry to the run analyzed (a perturbed copy, say).
 *
 * @example
 * defaultMethods(loadCorpus()).map((m) => m.name); // => ['choice', 'lrfind.recommended', …, 'floor: other seed', 'oracle']
 */
export function defaultMethods(corpus: readonly Entry[], runOf: (e: Entry) => Run = (e) => e.run): Method[] {
  const names = new Set<string>();
  for (const e of corpus) {
    const a = analysisOf(runOf(e));
    for (const [name, s] of Object.entries(a.suggestions)) if (s === null || 'lr' in s) names.add(name);
  }
  const byId = new Map(corpus.map((e) => [e.id, e]));
  return [
    { name: 'choice', pick: (e) => suggestionLr(analysisOf(runOf(e)).choice.suggestion) },
    ...[...names].map((name): Method => ({ name, pick: (e) => suggestionLr(analysisOf(runOf(e)).suggestions[name]) })),
    { name: 'floor: other seed', pick: (e) => byId.get(e.pairId)?.bestLr ?? null },
    { name: 'oracle', pick: (e) => e.bestLr },
  ];
}

// ------------------------------------------------------------------------------------------ perturbations

/** A perturbed copy of a run (same lrs, changed raw losses, maybe cut). */
export interface Perturbation {
  readonly name: string;
  apply(run: Run): Run;
}

const withLosses = (run: Run, losses: Float64Array, cut = losses.length, stopReason = run.stopReason): Run => ({
  lrs: run.lrs.slice(0, cut),
  losses: losses.slice(0, cut),
  meta: run.meta,
  ...(stopReason === undefined ? {} : { stopReason }),
});

function runningMedian(xs: Float64Array, i: number, half = 2): number {
  const w: number[] = [];
  for (let k = Math.max(0, i - half); k <= Math.min(xs.length - 1, i + half); k++) if (Number.isFinite(xs[k])) w.push(xs[k]);
  return median(w);
}

/**
 * The perturbations of issue 8: a high first loss (×1.5, ×3), a noisy start (the first 10 % of raw losses with 3×
 * their deviation from a 5-point running median), an abrupt blow-up (cut one step after the raw-loss minimum,
 * that step jumping to 10× the minimum), loss ×1000, and an offset making losses cross zero (loss − median loss).
 *
 * @example
 * PERTURBATIONS.map((p) => p.name); // => ['first ×1.5', 'first ×3', 'noisy start', 'abrupt blow-up', 'loss ×1000', 'offset −median']
 */
export const PERTURBATIONS: readonly Perturbation[] = [
  ...[1.5, 3].map((k) => ({
    name: `first ×${k}`,
    apply: (run: Run) => {
      const l = Float64Array.from(run.losses);
      l[0] *= k;
      return withLosses(run, l);
    },
  })),
  {
    name: 'noisy start',
    apply: (run) => {
      const l = Float64Array.from(run.losses);
      const n = Math.max(1, Math.round(0.1 * l.length));
      for (let i = 0; i < n; i++) {
        const m = runningMedian(run.losses, i);
        l[i] = m + 3 * (run.losses[i] - m);
      }
      return withLosses(run, l);
    },
  },
  {
    name: 'abrupt blow-up',
    apply: (run) => {
      let k = -1;
      run.losses.forEach((x, i) => {
        if (Number.isFinite(x) && (k < 0 || x < run.losses[k])) k = i;
      });
      if (k < 0 || k + 1 >= run.losses.length) return run;
      const l = Float64Array.from(run.losses);
      l[k + 1] = 10 * Math.abs(run.losses[k]);
      return withLosses(run, l, k + 2, 'diverged');
    },
  },
  { name: 'loss ×1000', apply: (run) => withLosses(run, run.losses.map((x) => 1000 * x)) },
  {
    name: 'offset −median',
    apply: (run) => {
      const m = median(Array.from(run.losses).filter(Number.isFinite));
      return withLosses(run, run.losses.map((x) => x - m));
    },
  },
];

/** log10 distance between two picks (null ↔ null = 0, null ↔ lr = Infinity). */
const decades = (a: number | null, b: number | null): number =>
  a === null || b === null ? (a === b ? 0 : Infinity) : Math.abs(Math.log10(a) - Math.log10(b));

// ------------------------------------------------------------------------------------------ report

const MAIN = ['choice', 'lrfind.recommended', 'fastai.valley', 'fastai.minimum', 'fastai.steep', 'keras.minLossDiv10', 'inflection.frozen', 'floor: other seed'];

/** Default LOFO candidates: each main method's lr times a factor 10^(k/4), k = −8…4. */
function lofoCandidates(corpus: readonly Entry[], methods: readonly Method[]): Candidate<number>[] {
  const factors = Array.from({ length: 13 }, (_, i) => Number((10 ** ((i - 8) / 4)).toPrecision(3)));
  return methods
    .filter((m) => MAIN.includes(m.name) && !m.name.startsWith('floor'))
    .map((m) => ({
      name: `${m.name} × c`,
      params: factors,
      pick: (e: Entry, c: number) => {
        const lr = m.pick(e);
        return lr === null ? null : lr * c;
      },
    }));
}

const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : String(x));

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const mi = args.indexOf('--methods');
  const filter = mi >= 0 ? args[mi + 1].split(',') : null;
  const ci = args.indexOf('--corpus');
  const t0 = performance.now();
  // --corpus eval/holdout: the holdout families (never tuned on)
  const corpus = loadCorpus(ci >= 0 ? args[ci + 1] : CORPUS_DIR);
  let methods = defaultMethods(corpus);
  if (filter) {
    const unknown = filter.filter((n) => !methods.some((m) => m.name === n));
    if (unknown.length > 0) {
      process.stderr.write(`eval: unknown method(s) ${unknown.join(', ')} (known: ${methods.map((m) => m.name).join(', ')})\n`);
      process.exit(2);
    }
    methods = methods.filter((m) => filter.includes(m.name));
  }
  const scores = scoreMethods(corpus, methods).sort((a, b) => a.mean - b.mean);
  const families = [...new Set(corpus.map((e) => e.family))];
  const lofo = lofoCandidates(corpus, methods).map((c) => leaveOneFamilyOut(corpus, c));
  const perturbable = methods.filter((m) => !m.name.startsWith('floor') && m.name !== 'oracle');
  const perturbed = PERTURBATIONS.map((p) => {
    const copies = new Map(corpus.map((e) => [e.id, p.apply(e.run)]));
    const pm = defaultMethods(corpus, (e) => copies.get(e.id) as Run).filter((m) => perturbable.some((q) => q.name === m.name));
    const s = scoreMethods(corpus, pm);
    const moved = Object.fromEntries(
      pm.map((m) => {
        const base = perturbable.find((q) => q.name === m.name) as Method;
        return [m.name, corpus.filter((e) => decades(base.pick(e), m.pick(e)) > 0.3).length];
      }),
    );
    return { name: p.name, scores: Object.fromEntries(s.map((x) => [x.name, { mean: x.mean, worst: x.worst, nulls: x.nulls, moved: moved[x.name] }])) };
  });
  const confidence: Record<string, number[]> = {};
  for (const e of corpus) {
    const c = (analysisOf(e.run).choice as { confidence?: string }).confidence;
    if (c !== undefined) (confidence[c] ??= []).push(regret(e, suggestionLr(analysisOf(e.run).choice.suggestion)));
  }
  const seconds = (performance.now() - t0) / 1000;

  if (json) {
    console.log(
      JSON.stringify(
        {
          entries: corpus.length,
          families: families.length,
          methods: scores.map(({ regrets, ...s }) => ({ ...s, byEntry: Object.fromEntries(corpus.map((e, i) => [e.id, regrets[i]])) })),
          lofo,
          perturbations: perturbed,
          byConfidence: Object.fromEntries(Object.entries(confidence).map(([k, rs]) => [k, { n: rs.length, mean: mean(rs), worst: Math.max(...rs) }])),
          seconds,
        },
        null,
        1,
      ),
    );
    return;
  }
  const out: string[] = [];
  out.push(`# lrfind evaluation: ${corpus.length} range tests, ${families.length} families`);
  out.push('');
  out.push('regret = V(lr) / min V − 1 (V: validation loss of constant-lr training, interpolated in log lr; 0 = the best grid lr).');
  out.push('A null suggestion scores as the untrained model. "floor: other seed" = the best grid lr of the other seed of the same task/config.');
  out.push('');
  out.push('## By method');
  out.push('');
  out.push('| method | mean | median | worst | worst on | nulls |');
  out.push('|---|---:|---:|---:|---|---:|');
  for (const s of scores) out.push(`| ${s.name} | ${f(s.mean)} | ${f(s.median)} | ${f(s.worst, 2)} | ${s.worstId} | ${s.nulls} |`);
  const main = scores.filter((s) => MAIN.includes(s.name) || s.name === 'oracle');
  out.push('');
  out.push('## Mean regret by family');
  out.push('');
  out.push(`| family | n | ${main.map((s) => s.name).join(' | ')} |`);
  out.push(`|---|---:|${main.map(() => '---:').join('|')}|`);
  for (const fam of families) {
    out.push(`| ${fam} | ${corpus.filter((e) => e.family === fam).length} | ${main.map((s) => f(s.byFamily[fam])).join(' | ')} |`);
  }
  if (Object.keys(confidence).length > 0) {
    out.push('');
    out.push('## choice: regret by confidence');
    out.push('');
    out.push('| confidence | n | mean | worst |');
    out.push('|---|---:|---:|---:|');
    for (const [k, rs] of Object.entries(confidence)) out.push(`| ${k} | ${rs.length} | ${f(mean(rs))} | ${f(Math.max(...rs), 2)} |`);
  }
  out.push('');
  out.push('## Leave one family out (a factor c on the method\'s lr, c = 10^(k/4), k = −8…4, tuned on the other families)');
  out.push('');
  out.push('| candidate | held-out mean | median | worst | c in-sample (mean) | c per held-out family |');
  out.push('|---|---:|---:|---:|---|---|');
  for (const r of lofo.sort((a, b) => a.mean - b.mean)) {
    const cs = [...new Set(r.folds.map((x) => x.param))].join(', ');
    out.push(`| ${r.name} | ${f(r.mean)} | ${f(r.median)} | ${f(r.worst, 2)} | ${r.inSample.param} (${f(r.inSample.mean)}) | ${cs} |`);
  }
  out.push('');
  out.push('## Perturbations: mean regret (curves whose answer moved > 0.3 decades) — same grid');
  out.push('');
  const pnames = perturbable.map((m) => m.name).filter((n) => main.some((s) => s.name === n));
  out.push(`| perturbation | ${pnames.join(' | ')} |`);
  out.push(`|---|${pnames.map(() => '---:').join('|')}|`);
  out.push(`| none | ${pnames.map((n) => f(scores.find((s) => s.name === n)?.mean ?? NaN)).join(' | ')} |`);
  for (const p of perturbed) {
    out.push(`| ${p.name} | ${pnames.map((n) => `${f(p.scores[n]?.mean ?? NaN)} (${p.scores[n]?.moved ?? '–'})`).join(' | ')} |`);
  }
  out.push('');
  out.push(`(${corpus.length} entries scored in ${seconds.toFixed(1)} s)`);
  console.log(out.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
