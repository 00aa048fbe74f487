/**
 * What a measurement can know: the regret of choices made with perfect knowledge of part of the ground truth.
 *
 * The ground truth V(lr) is the validation loss after the task's budget, averaged over 2 batch orders. A method
 * that measures the loss itself — a grid search, or lrfind's confirm trials — sees one batch order (the trials train
 * on the range test's shuffle seed). Two tables bound what such measurement can reach on the corpus:
 *
 * 1. **One batch order, full budget, every grid lr**: the grid lr that is best on ONE order, scored on the mean of
 *    both. This is a full grid search (25–37 trainings of the whole budget) run once; its regret is pure batch-order
 *    noise.
 * 2. **The trials' candidates** (with `--confirm results.json`, the exact cache filled by
 *    `eval/exact.ts --generate --confirm results.json --all-trials`): the best lr among those each round of the confirm
 *    trials tried, chosen with the full-budget loss on both orders and on the trials' order alone, next to the pick
 *    the trials made — where the measured answer loses, and what perfect comparisons would have given.
 *
 *   npx tsx eval/floors.ts [--corpus dir] [--confirm eval/results/confirm-default.json …]
 *
 * Run by `npm run eval` (no training). docs/evaluation.md, "What one batch order can tell", quotes it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exactPerOrder, valLossOfOrders } from './exact.js';
import { loadCorpus, mean, median, type Entry } from './score.js';

/** The per-order validation loss at an lr (`null`: that order diverged), or `undefined` when not measured. */
export type PerOrderLoss = (e: Entry, lr: number) => readonly (number | null)[] | undefined;

/** One lr the confirm trials trained, as `eval/confirm.ts --json` stores it. */
export interface StoredTrial {
  readonly lr: number;
  readonly round: number;
}

/** One entry of `eval/confirm.ts --json`: what the floors read of it. */
export interface StoredConfirm {
  readonly id: string;
  readonly family: string;
  readonly trialSteps: number;
  readonly confirmLr: number | null;
  readonly confirmation: { readonly trials: readonly StoredTrial[] };
}

/** Mean / median / worst of a list of regrets, and where the worst is. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly worst: number;
  readonly worstOn: string;
}

/**
 * Mean, median and worst of `regrets` (paired with `ids`, for where the worst is).
 *
 * @example
 * summarize([0.1, 0.3, 0.2], ['a', 'b', 'c']); // => { n: 3, mean: 0.2, median: 0.2, worst: 0.3, worstOn: 'b' }
 */
export function summarize(regrets: readonly number[], ids: readonly string[]): Summary {
  let k = 0;
  for (let i = 1; i < regrets.length; i++) if (regrets[i] > regrets[k]) k = i;
  return { n: regrets.length, mean: mean(regrets), median: median(regrets), worst: regrets[k], worstOn: ids[k] };
}

/**
 * The grid lr with the lowest validation loss on ONE batch order (`order` indexes `grid.perOrder`; an lr that
 * diverged on that order is never picked) and its regret on the ground truth (both orders: an lr that diverged on
 * the other order scores as the grid scores it, the worse of the untrained model and the worst finite value).
 * `null` when every lr diverged on that order.
 *
 * @example
 * oneOrderPick(entry, 0); // => { lr: 0.0562, regret: 0.21 }
 */
export function oneOrderPick(e: Entry, order: number): { lr: number; regret: number } | null {
  let k = -1;
  let best = Infinity;
  e.grid.perOrder.forEach((values, i) => {
    const x = values[order];
    if (x !== null && Number.isFinite(x) && x < best) [best, k] = [x, i];
  });
  return k < 0 ? null : { lr: e.grid.lrs[k], regret: e.v[k] / e.best - 1 };
}

/**
 * Regret from per-order losses, as the grid counts them: the mean over orders, or the grid's diverged score when any
 * order diverged.
 *
 * @example
 * regretOfOrders(entry, [0.31, 0.33]); // => 0.32 / entry.best - 1
 */
export function regretOfOrders(e: Entry, values: readonly (number | null)[]): number {
  return valLossOfOrders(e, values) / e.best - 1;
}

/** How the oracle of {@link candidateOracle} compares candidates. */
export type OracleBasis = 'both orders' | "the trials' order";

/**
 * The lr among `lrs` that a perfect comparison picks — by the full-budget loss on both batch orders, or on the
 * trials' order alone (order 0, the range test's shuffle seed; an lr that diverged there is never picked) — and its
 * regret on the ground truth. `undefined` when a candidate is not measured, `null` when no candidate qualifies.
 *
 * @example
 * candidateOracle(entry, [1e-2, 3e-2], 'both orders', perOrder); // => { lr: 0.03, regret: 0.04 }
 */
export function candidateOracle(
  e: Entry,
  lrs: readonly number[],
  basis: OracleBasis,
  perOrder: PerOrderLoss,
): { lr: number; regret: number } | null | undefined {
  let pick: { lr: number; regret: number; score: number } | null = null;
  for (const lr of lrs) {
    const values = perOrder(e, lr);
    if (values === undefined) return undefined;
    const regret = regretOfOrders(e, values);
    const own = values[0];
    const score = basis === 'both orders' ? regret : own === null || !Number.isFinite(own) ? Infinity : own;
    if (score < Infinity && (pick === null || score < pick.score)) pick = { lr, regret, score };
  }
  return pick === null ? null : { lr: pick.lr, regret: pick.regret };
}

const fmt = (s: Summary, digits = 3): string => `${s.n} | ${s.mean.toFixed(digits)} | ${s.median.toFixed(digits)} | ${s.worst.toFixed(2)} | ${s.worstOn}`;

/**
 * Table 1 as markdown: a full grid search on one batch order, each order in turn, per method and per family.
 *
 * @example
 * oneOrderTable(loadCorpus()); // => '| one batch order … | 96 | 0.044 | …'
 */
export function oneOrderTable(corpus: readonly Entry[]): string {
  const out = [
    '| choice made with | n | mean | median | worst | worst on |',
    '|---|---:|---:|---:|---:|---|',
    `| both orders, every grid lr (the oracle) | ${corpus.length} | 0.000 | 0.000 | 0.00 | — |`,
  ];
  const perFamily = new Map<string, number[]>();
  for (const [order, label] of [
    [0, "the range test's order (the trials' batches), every grid lr at the full budget"],
    [1, 'the other order, every grid lr at the full budget'],
  ] as const) {
    const regrets: number[] = [];
    const ids: string[] = [];
    for (const e of corpus) {
      const pick = oneOrderPick(e, order);
      regrets.push(pick === null ? e.initialValLoss / e.best - 1 : pick.regret);
      ids.push(e.id);
      if (order === 0) perFamily.set(e.family, [...(perFamily.get(e.family) ?? []), regrets[regrets.length - 1]]);
    }
    out.push(`| ${label} | ${fmt(summarize(regrets, ids))} |`);
  }
  out.push('', "| family | n | the trials' order: mean | worst |", '|---|---:|---:|---:|');
  for (const [family, xs] of perFamily) {
    out.push(`| ${family} | ${xs.length} | ${mean(xs).toFixed(3)} | ${Math.max(...xs).toFixed(3)} |`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Table 2 as markdown: per round of the confirm trials, the best candidate by a perfect full-budget comparison (both
 * orders; the trials' order alone) next to the trials' own pick, all scored exactly; and the trials' steps against
 * the ground truth's budget.
 *
 * @example
 * trialsTable(corpus, results, exactPerOrder); // => '| the lrs of round 0 (up to 8) | both orders | 96 | 0.065 | …'
 */
export function trialsTable(corpus: readonly Entry[], results: readonly StoredConfirm[], perOrder: PerOrderLoss): string {
  const byId = new Map(corpus.map((e) => [e.id, e]));
  const stages: [string, (r: StoredConfirm) => number[]][] = [
    ['the lrs of round 0 (up to 8)', (r) => r.confirmation.trials.filter((t) => t.round === 0).map((t) => t.lr)],
    ['the lrs kept into round 1', (r) => r.confirmation.trials.filter((t) => t.round === 1).map((t) => t.lr)],
    [
      'the finalists (the last round)',
      (r) => {
        const last = Math.max(...r.confirmation.trials.map((t) => t.round));
        return r.confirmation.trials.filter((t) => t.round === last).map((t) => t.lr);
      },
    ],
  ];
  const out = ['| among | chosen by (full budget) | n | mean | median | worst | worst on |', '|---|---|---:|---:|---:|---:|---|'];
  for (const [label, lrsOf] of stages) {
    for (const basis of ['both orders', "the trials' order"] as const) {
      const regrets: number[] = [];
      const ids: string[] = [];
      for (const r of results) {
        const e = byId.get(r.id);
        const lrs = lrsOf(r);
        if (e === undefined || lrs.length === 0) continue;
        const pick = candidateOracle(e, lrs, basis, perOrder);
        if (pick === undefined) continue;
        regrets.push(pick === null ? e.initialValLoss / e.best - 1 : pick.regret);
        ids.push(r.id);
      }
      if (regrets.length > 0) out.push(`| ${label} | ${basis} | ${fmt(summarize(regrets, ids))} |`);
    }
  }
  const picked: number[] = [];
  const pickedIds: string[] = [];
  const ratio: number[] = [];
  for (const r of results) {
    const e = byId.get(r.id);
    if (e === undefined) continue;
    ratio.push(r.trialSteps / e.budgetSteps);
    if (r.confirmLr === null) continue;
    const values = perOrder(e, r.confirmLr);
    if (values === undefined) continue;
    picked.push(regretOfOrders(e, values));
    pickedIds.push(r.id);
  }
  if (picked.length > 0) out.push(`| **the trials' pick** (\`confirmation.lr\`) | the trials (short, one order) | ${fmt(summarize(picked, pickedIds))} |`);
  const r = summarize(ratio, ratio.map(String));
  out.push(
    '',
    `The trials' steps in all (3 × the range test's) = ${r.mean.toFixed(2)} × the ground truth's budget on average ` +
      `(${Math.min(...ratio).toFixed(2)} … ${r.worst.toFixed(2)}): training the 4 lrs of round 1 for the full budget on one order ` +
      `would take ${(4 / r.mean).toFixed(1)} × the trials' steps, on both orders ${(8 / r.mean).toFixed(1)} ×.`,
  );
  return `${out.join('\n')}\n`;
}

function main(): void {
  const args = process.argv.slice(2);
  const ci = args.indexOf('--corpus');
  const corpus = ci >= 0 ? loadCorpus(args[ci + 1]) : loadCorpus();
  process.stdout.write(
    [
      '## What one batch order can tell (eval/floors.ts)',
      '',
      'Regret on the ground truth (mean of 2 batch orders) of a choice made with perfect knowledge of part of it.',
      '',
      oneOrderTable(corpus),
    ].join('\n'),
  );
  // --confirm results.json, repeatable: the results are pooled
  const files = args.flatMap((a, i) => (a === '--confirm' ? [args[i + 1]] : []));
  if (files.length > 0) {
    const results = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as StoredConfirm[]);
    process.stdout.write(['', `### The confirm trials' candidates (${files.join(' + ')}, exact)`, '', trialsTable(corpus, results, (e, lr) => exactPerOrder(e, lr))].join('\n'));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
