/**
 * Generates the evaluation corpus (eval/corpus/): for every task family, seeds and configs, the range tests
 * recorded with the package's own `lrFind`, and their ground truth — constant-lr training from the same initial
 * weights over a grid of learning rates (4 per decade), validation loss at the end, averaged over 2 batch orders.
 *
 *   npx tsx eval/generate.ts [--shard i/n] [--only family,…] [--seed n] [--out dir] [--probe] [--holdout | --holdout-c]
 *
 * Resumable (a group whose entries are all written is skipped) and shardable. Progress goes to stderr.
 * See eval/README.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import { lrFind } from '../src/backends/tfjs/index.js';
import { datasetSource, tensorSource, type BatchDataset, type BatchSource } from '../src/backends/tfjs/data.js';
import { serializeRun } from '../src/runs/runFile.js';
import type { Run } from '../src/runs/run.js';
import {
  disposeBuilt,
  GROUPS,
  HOLDOUT_C_GROUPS,
  HOLDOUT_GROUPS,
  taskByName,
  trainingData,
  weightChecksum,
  type Group,
  type OptimizerName,
  type RangeConfig,
  type Task,
} from './tasks/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = join(here, 'corpus');
/** The holdout corpus: families added after every design and tuning decision (`--holdout`). */
export const HOLDOUT_DIR = join(here, 'holdout');
/** The third holdout (`--holdout-c`): issue 19's failure families, scored only at the end. */
export const HOLDOUT_C_DIR = join(here, 'holdout-c');
/** Where this run writes: the corpus, or the holdout with `--holdout` (`--holdout-c`). */
let outDir = CORPUS_DIR;

export { GROUPS, HOLDOUT_C_GROUPS, HOLDOUT_GROUPS } from './tasks/index.js';
export type { Group, RangeConfig } from './tasks/index.js';

/** The id of one range test. */
export function entryId(group: Group, seed: number, test: RangeConfig): string {
  return `${group.family}-${group.optimizer}-bs${group.batchSize}-s${seed}-${test.startLr.toExponential(0)}-${test.numIt}`;
}

/** The grid of a group: 4 lrs per decade from min(1e-6, the lowest start lr) to max(10, the highest lr reached). */
export function gridLrs(lo: number, hi: number): number[] {
  const from = Math.floor(4 * Math.log10(Math.min(1e-6, lo)) + 1e-9);
  const to = Math.ceil(4 * Math.log10(Math.max(10, hi)) - 1e-9);
  return Array.from({ length: to - from + 1 }, (_, k) => Number((10 ** ((from + k) / 4)).toPrecision(12)));
}

/** Shuffle seeds of the 2 batch orders of a grid run (the first is the range test's own). */
export const orderSeeds = (seed: number): number[] => [seed, seed + 1000];

/** Train at constant `lr` for the task's budget from the initial weights; the final val loss or NaN if diverged. */
export async function gridRun(
  task: Task,
  seed: number,
  optimizer: OptimizerName,
  batchSize: number,
  lr: number,
  orderSeed: number,
  checksum: string,
): Promise<{ valLoss: number; steps: number }> {
  const built = await task.build(seed, optimizer, lr);
  const sum = weightChecksum(built.model);
  if (sum !== checksum) throw new Error(`gridRun: ${task.name} seed ${seed}: initial weights differ from the range test's (${sum} vs ${checksum})`);
  // a stream task's batches are fresh examples drawn for this order; a fixed set is shuffled with it
  const source: BatchSource = built.train === null
    ? await datasetSource('gridRun', trainingData(built, batchSize, orderSeed) as BatchDataset)
    : tensorSource('gridRun', built.train, batchSize, true, orderSeed);
  let first = NaN;
  let diverged = false;
  let steps = 0;
  try {
    for (let s = 0; s < task.budgetSteps; s++) {
      const { xs, ys } = await source.next();
      const out = await built.model.trainOnBatch(xs, ys);
      const loss = Array.isArray(out) ? out[0] : out;
      steps++;
      if (s === 0) first = loss;
      if (!Number.isFinite(loss) || loss > 100 * first) {
        diverged = true;
        break;
      }
    }
    if (diverged) return { valLoss: NaN, steps };
    const res = built.model.evaluate(built.val.x, built.val.y, { batchSize: 500 });
    const valLoss = (Array.isArray(res) ? res[0] : res).dataSync()[0];
    tf.dispose(res);
    return { valLoss: Number.isFinite(valLoss) ? valLoss : NaN, steps };
  } finally {
    source.dispose();
    disposeBuilt(built);
  }
}

/** The untrained model's validation loss and its weight checksum. */
async function initialState(task: Task, seed: number, optimizer: OptimizerName): Promise<{ valLoss: number; checksum: string }> {
  const built = await task.build(seed, optimizer);
  const res = built.model.evaluate(built.val.x, built.val.y, { batchSize: 500 });
  const valLoss = (Array.isArray(res) ? res[0] : res).dataSync()[0];
  tf.dispose(res);
  const checksum = weightChecksum(built.model);
  disposeBuilt(built);
  return { valLoss, checksum };
}

/** A range test with the package's `lrFind` from the task's initial weights (stopDiv on, the default); `shuffleSeed` orders the batches. */
export async function rangeTest(
  task: Task,
  seed: number,
  optimizer: OptimizerName,
  batchSize: number,
  test: RangeConfig,
  checksum: string,
  shuffleSeed: number = seed,
): Promise<Run> {
  const built = await task.build(seed, optimizer, test.startLr);
  const sum = weightChecksum(built.model);
  if (sum !== checksum) throw new Error(`rangeTest: ${task.name} seed ${seed}: the build is not deterministic (${sum} vs ${checksum})`);
  try {
    const { run } = await lrFind(built.model, trainingData(built, batchSize, shuffleSeed), {
      confirm: false,
      startLr: test.startLr,
      endLr: test.endLr,
      numIt: test.numIt,
      schedule: test.schedule,
      batchSize,
      seed: shuffleSeed,
      ...(built.frozen === undefined ? {} : { frozen: built.frozen }),
      meta: { model: task.description, dataset: task.name, loss: built.loss, tfjsVersion: tf.version.tfjs, weightChecksum: checksum },
      onNotice: (m) => process.stderr.write(`  notice: ${m}\n`),
    });
    return run;
  } finally {
    disposeBuilt(built);
  }
}

const log = (msg: string): void => {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

async function runGroup(group: Group, seed: number): Promise<void> {
  const task = taskByName(group.family);
  const ids = group.tests.map((t) => entryId(group, seed, t));
  if (ids.every((id) => existsSync(join(outDir, `${id}.json`)))) {
    log(`${group.family} seed ${seed}: done already`);
    return;
  }
  const t0 = performance.now();
  const { valLoss: initialValLoss, checksum } = await initialState(task, seed, group.optimizer);
  const runs: Run[] = [];
  for (const test of group.tests) runs.push(await rangeTest(task, seed, group.optimizer, group.batchSize, test, checksum));
  const maxLr = Math.max(...runs.map((r) => r.lrs[r.lrs.length - 1]));
  const lrs = gridLrs(Math.min(...group.tests.map((t) => t.startLr)), maxLr);
  log(
    `${group.family} seed ${seed}: range tests ${runs.map((r) => `${r.lrs.length} pts ${r.stopReason}`).join(', ')} ` +
      `(${((performance.now() - t0) / 1000).toFixed(1)} s); grid ${lrs.length} lrs × 2 orders × ${task.budgetSteps} steps`,
  );
  const perOrder: (number | null)[][] = [];
  const diverged: boolean[] = [];
  let steps = 0;
  for (const lr of lrs) {
    const row: (number | null)[] = [];
    let div = false;
    for (const orderSeed of orderSeeds(seed)) {
      const r = await gridRun(task, seed, group.optimizer, group.batchSize, lr, orderSeed, checksum);
      steps += r.steps;
      row.push(Number.isFinite(r.valLoss) ? r.valLoss : null);
      if (!Number.isFinite(r.valLoss)) div = true;
    }
    perOrder.push(row);
    diverged.push(div);
  }
  const valLoss = perOrder.map((row) => (row.some((v) => v === null) ? null : (row as number[]).reduce((a, b) => a + b, 0) / row.length));
  const seconds = (performance.now() - t0) / 1000;
  const otherSeed = group.seeds.find((s) => s !== seed) ?? seed;
  for (let k = 0; k < group.tests.length; k++) {
    const test = group.tests[k];
    const entry = {
      id: ids[k],
      family: group.family,
      task: task.description,
      seed,
      config: { optimizer: group.optimizer, batchSize: group.batchSize, startLr: test.startLr, endLr: test.endLr, numIt: test.numIt, schedule: test.schedule },
      budgetSteps: task.budgetSteps,
      backend: task.backend,
      weightChecksum: checksum,
      initialValLoss,
      run: JSON.parse(serializeRun(runs[k])) as unknown,
      grid: { lrs, valLoss, perOrder, diverged, orderSeeds: orderSeeds(seed) },
      pairId: entryId(group, otherSeed, test),
      generationSeconds: Number(seconds.toFixed(1)),
    };
    await writeFileAtomic(join(outDir, `${ids[k]}.json`), `${JSON.stringify(entry)}\n`);
  }
  const best = valLoss.reduce<number>((m, v) => (v !== null && v < m ? v : m), Infinity);
  const bestLr = lrs[valLoss.indexOf(best)];
  log(`${group.family} seed ${seed}: wrote ${ids.join(', ')} — best val ${best.toFixed(4)} at lr ${bestLr} (initial ${initialValLoss.toFixed(4)}), ${steps} steps, ${seconds.toFixed(0)} s`);
}

/** Rewrite eval/corpus/index.json from the entry files present. */
export async function writeIndex(): Promise<number> {
  const files = readdirSync(outDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
  const entries = files.map((f) => {
    const e = JSON.parse(readFileSync(join(outDir, f), 'utf8')) as { id: string; family: string; seed: number; config: unknown; pairId: string; budgetSteps: number; generationSeconds: number };
    return { id: e.id, file: f, family: e.family, seed: e.seed, config: e.config, budgetSteps: e.budgetSteps, pairId: e.pairId, generationSeconds: e.generationSeconds };
  });
  await writeFileAtomic(join(outDir, 'index.json'), `${JSON.stringify({ format: 'lrfind-eval-corpus', version: 1, entries }, null, 1)}\n`);
  return entries.length;
}

async function probe(families: string[] | null, groups: readonly Group[] = GROUPS): Promise<void> {
  for (const group of groups) {
    if (families && !families.includes(group.family)) continue;
    const task = taskByName(group.family);
    const seed = group.seeds[0];
    const t0 = performance.now();
    const a = await initialState(task, seed, group.optimizer);
    const b = await initialState(task, seed, group.optimizer);
    const t1 = performance.now();
    const run = await rangeTest(task, seed, group.optimizer, group.batchSize, group.tests[0], a.checksum);
    const t2 = performance.now();
    const r = await gridRun(task, seed, group.optimizer, group.batchSize, 1e-3, seed, a.checksum);
    const t3 = performance.now();
    const losses = Array.from(run.losses);
    log(
      `${group.family}: build ${((t1 - t0) / 2).toFixed(0)} ms, checksums ${a.checksum === b.checksum ? 'equal' : 'DIFFER'}, ` +
        `range test ${run.losses.length} pts ${run.stopReason} ${((t2 - t1) / run.losses.length).toFixed(1)} ms/step, ` +
        `grid run ${((t3 - t2) / r.steps).toFixed(1)} ms/step (val ${r.valLoss.toFixed(3)}, initial ${a.valLoss.toFixed(3)}); ` +
        `loss ${losses[0].toFixed(3)} min ${Math.min(...losses.filter(Number.isFinite)).toFixed(3)}`,
    );
  }
}

/**
 * Rebuild the tasks of the given corpus entries, re-run their range tests and check that the raw losses are
 * bit-identical to the stored ones (what issue 9's confirm trials rely on).
 */
async function verify(ids: string[]): Promise<void> {
  let bad = 0;
  for (const id of ids) {
    const e = JSON.parse(readFileSync(join(outDir, `${id}.json`), 'utf8')) as {
      family: string; seed: number; weightChecksum: string; run: { losses: (number | null)[] };
      config: { optimizer: OptimizerName; batchSize: number } & RangeConfig;
    };
    const run = await rangeTest(taskByName(e.family), e.seed, e.config.optimizer, e.config.batchSize, e.config, e.weightChecksum);
    const stored = e.run.losses.map((x) => (x === null ? NaN : x));
    const same = stored.length === run.losses.length && stored.every((x, i) => Object.is(x, run.losses[i]));
    if (!same) bad++;
    log(`${id}: ${same ? 'bit-identical' : `DIFFERENT (${run.losses.length} vs ${stored.length} points)`}`);
  }
  if (bad > 0) process.exitCode = 1;
}

/** The plan as a markdown table (for eval/README.md). */
function describe(): void {
  console.log('| family | task | optimizer | batch | seeds | range tests (startLr → endLr, numIt) | budget steps | backend |');
  console.log('|---|---|---|---:|---|---|---:|---|');
  for (const g of GROUPS) {
    const t = taskByName(g.family);
    const tests = g.tests.map((x) => `${x.startLr.toExponential(0)} → ${x.endLr}, ${x.numIt}`).join('; ');
    console.log(`| ${g.family} | ${t.description} | ${g.optimizer} | ${g.batchSize} | ${g.seeds.join(', ')} | ${tests} | ${t.budgetSteps} | ${t.backend} |`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = opt('only')?.split(',') ?? null;
  const holdoutC = args.includes('--holdout-c');
  const holdout = args.includes('--holdout');
  if (holdout) outDir = HOLDOUT_DIR;
  if (holdoutC) outDir = HOLDOUT_C_DIR;
  // --out: write elsewhere (a re-recording to compare byte for byte with the stored entries)
  const out = opt('out');
  if (out !== undefined) outDir = out;
  const seedOnly = opt('seed') === undefined ? null : Number(opt('seed'));
  const plan = holdoutC ? HOLDOUT_C_GROUPS : holdout ? HOLDOUT_GROUPS : GROUPS;
  if (args.includes('--probe')) return probe(only, plan);
  if (args.includes('--describe')) return describe();
  if (args.includes('--verify')) return verify(opt('verify')?.split(',') ?? []);
  const [shard, shards] = (opt('shard') ?? '0/1').split('/').map(Number);
  mkdirSync(outDir, { recursive: true });
  const work = plan
    .filter((g) => !only || only.includes(g.family))
    .flatMap((g) => g.seeds.filter((seed) => seedOnly === null || seed === seedOnly).map((seed) => ({ g, seed })));
  // --reverse: take the work from the end (a second process meets the first in the middle)
  if (args.includes('--reverse')) work.reverse();
  const start = performance.now();
  for (let i = 0; i < work.length; i++) {
    if (i % shards !== shard) continue;
    await runGroup(work[i].g, work[i].seed);
    const n = await writeIndex();
    log(`progress: ${n} entries in the corpus, ${((performance.now() - start) / 60000).toFixed(1)} min`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
