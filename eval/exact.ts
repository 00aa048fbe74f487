/**
 * Exact regret: the validation loss AT a suggested lr, trained for real, instead of interpolated between grid lrs.
 *
 * The grid's V(lr) is linear in log lr between grid points (a quarter decade apart), but on the small, noisy tasks
 * the validation loss after a fixed budget is not smooth in the lr: a neighbouring lr can train 3× better or worse
 * (iris with Adam at batch 8: 0.083 at 1e-1, 0.029 at 10^-0.95, 0.021 at 10^-1.1, order 1). Interpolation then scores
 * a good lr as a bad one and the other way round. The definition is the validation loss *at* the suggested lr;
 * this module measures it — constant-lr training from the entry's initial weights, the task's budget, both batch
 * orders of the grid, the grid's own divergence rule (`gridRun`) — and caches it in `eval/exact/` (one file per grid:
 * family, optimizer, batch size, seed), so `npm run eval` scores without training.
 *
 *   npx tsx eval/exact.ts --generate [--shard i/n] [--confirm results.json …] [--all-trials]   (train what the cache lacks)
 *   npx tsx eval/exact.ts [--corpus eval/holdout]                               (the table, from the cache)
 *   npx tsx eval/exact.ts --at ID -1.25,-1.1,-1                                  (per-order losses at 10^x, not cached)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import { gridRun } from './generate.js';
import { analysisOf, loadCorpus, mean, median, regret, suggestionLr, type Entry } from './score.js';
import { taskByName, type OptimizerName } from './tasks/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the exact measurements are cached. */
export const EXACT_DIR = join(here, 'exact');

/** The methods whose suggestions are measured exactly (the confirm results add `confirmation.lr`). */
export const EXACT_METHODS = ['choice', 'fastai.minimum', 'fastai.valley', 'keras.minLossDiv10', 'fastai.steep', 'lrfind.steepest'] as const;

/** One grid's cache file: validation loss per batch order (`null`: diverged) at each lr measured. */
interface ExactFile {
  readonly family: string;
  readonly optimizer: string;
  readonly batchSize: number;
  readonly seed: number;
  readonly budgetSteps: number;
  readonly weightChecksum: string;
  readonly orderSeeds: readonly number[];
  /** lr (as `lr.toExponential(8)`) → validation loss per order. */
  readonly points: Record<string, (number | null)[]>;
}

/** The cache file name of an entry's grid. */
export function gridKey(e: Entry): string {
  return `${e.family}-${e.config.optimizer}-bs${e.config.batchSize}-s${e.seed}`;
}

/** The lr as the cache stores and trains it (9 significant digits: suggestions this close share a measurement). */
export const lrKey = (lr: number): string => lr.toExponential(8);

const checksumOf = (e: Entry): string => (e as unknown as { weightChecksum: string }).weightChecksum;
const orderSeedsOf = (e: Entry): number[] => (e.grid as unknown as { orderSeeds?: number[] }).orderSeeds ?? [e.seed, e.seed + 1000];

const files = new Map<string, ExactFile>();
function fileOf(e: Entry, dir = EXACT_DIR): ExactFile {
  const key = gridKey(e);
  let f = files.get(`${dir}/${key}`);
  if (f === undefined) {
    const path = join(dir, `${key}.json`);
    f = existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as ExactFile)
      : {
          family: e.family,
          optimizer: e.config.optimizer,
          batchSize: e.config.batchSize,
          seed: e.seed,
          budgetSteps: e.budgetSteps,
          weightChecksum: checksumOf(e),
          orderSeeds: orderSeedsOf(e),
          points: {},
        };
    if (f.weightChecksum !== checksumOf(e)) throw new Error(`eval/exact: ${key}: the cache was measured from other initial weights`);
    files.set(`${dir}/${key}`, f);
  }
  return f;
}

/**
 * The measured validation loss at `lr` (mean over the grid's batch orders; a diverged order scores as the grid's
 * diverged lrs do: the worse of the untrained model and the worst finite grid value), or `undefined` when not cached.
 *
 * @example
 * exactValLoss(entry, entry.bestLr); // => undefined until `--generate` measured it
 */
export function exactValLoss(e: Entry, lr: number, dir = EXACT_DIR): number | undefined {
  const v = fileOf(e, dir).points[lrKey(lr)];
  return v === undefined ? undefined : valLossOfOrders(e, v);
}

/**
 * The validation loss the ground truth gives an lr from its per-order losses: their mean, or — when any order
 * diverged, as the grid counts it — the worse of the untrained model and the worst finite grid value.
 *
 * @example
 * valLossOfOrders(entry, [0.31, 0.33]); // => 0.32
 * valLossOfOrders(entry, [0.31, null]); // => the grid's diverged score
 */
export function valLossOfOrders(e: Entry, values: readonly (number | null)[]): number {
  if (values.some((x) => x === null || !Number.isFinite(x))) {
    const finite = e.grid.valLoss.filter((x): x is number => x !== null && Number.isFinite(x));
    return Math.max(e.initialValLoss, ...finite);
  }
  return mean(values as number[]);
}

/**
 * The measured validation loss at `lr` for each of the grid's batch orders (`null`: that order diverged), or
 * `undefined` when not cached.
 *
 * @example
 * exactPerOrder(entry, 1e-2); // => [0.31, 0.33] (order `seed`, order `seed + 1000`)
 */
export function exactPerOrder(e: Entry, lr: number, dir = EXACT_DIR): readonly (number | null)[] | undefined {
  const v = fileOf(e, dir).points[lrKey(lr)];
  return v === undefined ? undefined : v.map((x) => (x === null || !Number.isFinite(x) ? null : x));
}

/**
 * Exact regret = V(lr), trained at lr / min over the grid − 1; a `null` lr scores as the untrained model (as in
 * `regret`); `undefined` when the cache lacks the lr.
 *
 * @example
 * exactRegret(entry, lr); // => 0.12
 */
export function exactRegret(e: Entry, lr: number | null, dir = EXACT_DIR): number | undefined {
  if (lr === null) return regret(e, null);
  const v = exactValLoss(e, lr, dir);
  return v === undefined ? undefined : v / e.best - 1;
}

/**
 * Train at every lr of `lrs` the cache lacks for `e`'s grid (both batch orders) and write the cache atomically after
 * each lr. Returns how many lrs were trained.
 *
 * @example
 * await measureExact(entry, [1e-3]); // => 1 (then 0: cached)
 */
export async function measureExact(e: Entry, lrs: readonly (number | null)[], dir = EXACT_DIR): Promise<number> {
  const f = fileOf(e, dir);
  const task = taskByName(e.family);
  let trained = 0;
  for (const lr of lrs) {
    if (lr === null || !(lr > 0)) continue;
    const key = lrKey(lr);
    if (f.points[key] !== undefined) continue;
    const values: (number | null)[] = [];
    for (const order of f.orderSeeds) {
      const { valLoss } = await gridRun(task, e.seed, e.config.optimizer as OptimizerName, e.config.batchSize, Number(key), order, f.weightChecksum);
      values.push(Number.isFinite(valLoss) ? valLoss : null);
    }
    f.points[key] = values;
    mkdirSync(dir, { recursive: true });
    await writeFileAtomic(join(dir, `${gridKey(e)}.json`), `${JSON.stringify(f, null, 1)}\n`);
    trained++;
    tf.disposeVariables();
  }
  return trained;
}

/** The lrs of {@link EXACT_METHODS} for an entry (the analysis of its stored run). */
export function methodLrs(e: Entry): Record<string, number | null> {
  const a = analysisOf(e.run);
  const out: Record<string, number | null> = { choice: suggestionLr(a.choice.suggestion) };
  for (const m of EXACT_METHODS) if (m !== 'choice') out[m] = suggestionLr(a.suggestions[m]);
  return out;
}

/** Exact vs interpolated regret of {@link EXACT_METHODS}, as markdown (entries the cache covers). */
export function exactTable(corpus: readonly Entry[], dir = EXACT_DIR): string {
  const byId = new Map(corpus.map((e) => [e.id, e]));
  const rows: string[] = [];
  const methods: [string, (e: Entry) => number | null][] = [
    ...EXACT_METHODS.map((m): [string, (e: Entry) => number | null] => [m, (e) => methodLrs(e)[m]]),
    ['floor: other seed', (e) => byId.get(e.pairId)?.bestLr ?? null],
  ];
  for (const [name, pick] of methods) {
    const exact: number[] = [];
    const interp: number[] = [];
    let worst = -Infinity;
    let worstId = '';
    for (const e of corpus) {
      const lr = pick(e);
      // a grid lr is measured already: the grid's own value is exact
      const onGrid = lr !== null && e.grid.lrs.some((g) => Math.abs(g / lr - 1) < 1e-9);
      const x = onGrid ? regret(e, lr) : exactRegret(e, lr, dir);
      if (x === undefined) continue;
      if (x > worst) [worst, worstId] = [x, e.id];
      exact.push(x);
      interp.push(regret(e, lr));
    }
    if (exact.length === 0) continue;
    rows.push(
      `| ${name} | ${exact.length} | ${mean(exact).toFixed(3)} | ${median(exact).toFixed(3)} | ${worst.toFixed(2)} | ${worstId} | ${mean(interp).toFixed(3)} | ${Math.max(...interp).toFixed(2)} |`,
    );
  }
  return [
    '## Exact regret: trained at the suggested lr (eval/exact/), next to the interpolated regret',
    '',
    'Exact: V measured by constant-lr training AT the lr (both batch orders, the budget, the grid\'s divergence rule) / min V − 1.',
    '',
    '| method | n | exact mean | median | worst | worst on | interpolated mean | worst |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
    ...(rows.length > 0 ? rows : ['| (no exact measurements cached: `npx tsx eval/exact.ts --generate`) | | | | | | | |']),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ci = args.indexOf('--corpus');
  const corpus = ci >= 0 ? loadCorpus(args[ci + 1]) : loadCorpus();
  if (args.includes('--at')) {
    // --at ID x1,x2,…: the validation loss per batch order at lr = 10^x (trained now, not cached)
    const [id, xs] = [args[args.indexOf('--at') + 1], args[args.indexOf('--at') + 2]];
    const e = corpus.find((c) => c.id === id);
    if (!e) throw new Error(`eval/exact: no entry ${id}`);
    for (const x of xs.split(',').map(Number)) {
      const values: string[] = [];
      for (const order of orderSeedsOf(e)) {
        const { valLoss } = await gridRun(taskByName(e.family), e.seed, e.config.optimizer as OptimizerName, e.config.batchSize, 10 ** x, order, checksumOf(e));
        values.push(`order ${order}: ${valLoss.toFixed(4)}`);
      }
      process.stdout.write(`lr 10^${x}: ${values.join(', ')}\n`);
    }
    return;
  }
  if (!args.includes('--generate')) {
    process.stdout.write(exactTable(corpus));
    return;
  }
  const shardArg = args[args.indexOf('--shard') + 1];
  const [shard, shards] = args.includes('--shard') ? shardArg.split('/').map(Number) : [0, 1];
  const extra = new Map<string, number[]>();
  args.forEach((a, i) => {
    if (a !== '--confirm') return;
    const results = JSON.parse(readFileSync(args[i + 1], 'utf8')) as {
      id: string;
      confirmLr: number | null;
      confirmation: { trials: { lr: number }[] };
    }[];
    for (const r of results) {
      const lrs = extra.get(r.id) ?? [];
      if (r.confirmLr !== null) lrs.push(r.confirmLr);
      // --all-trials: every lr the trials tried (to see what the trials chose from)
      if (args.includes('--all-trials')) lrs.push(...r.confirmation.trials.map((t) => t.lr));
      extra.set(r.id, lrs);
    }
  });
  // one shard owns a whole grid (its cache file)
  const keys = [...new Set(corpus.map(gridKey))].sort();
  const t0 = performance.now();
  let trained = 0;
  for (const e of corpus) {
    if (keys.indexOf(gridKey(e)) % shards !== shard) continue;
    const lrs = [...Object.values(methodLrs(e)), ...(extra.get(e.id) ?? [])];
    const n = await measureExact(e, lrs);
    trained += n;
    process.stderr.write(`${e.id}: ${n} lr(s) trained (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  process.stderr.write(`done: ${trained} lr(s) trained\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
