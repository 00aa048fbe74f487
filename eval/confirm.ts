/**
 * Live evaluation of the confirm trials (issue 9): for each corpus entry, rebuild its task (same initial weights:
 * the weight checksum is checked), run `lrFind(model, train, { confirm: { validationData: val } })` with the entry's
 * range-test config, and score with the entry's ground-truth grid: `confirmation.lr`, the range test's own answer
 * (`choice`) and every anchor's pick; plus the steps spent (range test + trials) against a full grid search.
 *
 *   npm run eval:confirm [-- --only id1,id2] [-- --limit n] [-- --corpus dir] [-- --json out.json] [-- --max n] [-- --eta n] [-- --budget-factor k] [-- --exact] [-- --horizon]
 *   npm run eval:confirm -- --from out.json     (the tables again from a saved result, no training)
 *
 * Trains for real (minutes); the table it prints is copied into docs/evaluation.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { lrFind } from '../src/backends/tfjs/lrFind.js';
import type { Confirmation } from '../src/runs/confirmation.js';
import { CORPUS_DIR, loadCorpus, mean, median, regret, suggestionLr, type Entry } from './score.js';
import { exactRegret, measureExact, methodLrs } from './exact.js';
import { disposeBuilt, taskByName, trainingData, weightChecksum, type OptimizerName } from './tasks/index.js';

interface Args {
  corpus: string;
  only: string[] | null;
  limit: number;
  json: string | null;
  eta: number | undefined;
  max: number | undefined;
  from: string | null;
  /** Trials' budget as a multiple of the range test's steps (the default plan uses 3). */
  budgetFactor: number | undefined;
  /** Train at each measured lr (and the range-test answer) for the exact regret (eval/exact.ts). */
  exact: boolean;
  /** Plan the trials so that the final round trains exactly the task's budget (first round = budget / 4). */
  horizon: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { corpus: CORPUS_DIR, only: null, limit: Infinity, json: null, eta: undefined, max: undefined, from: null, budgetFactor: undefined, exact: false, horizon: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--exact' || flag === '--horizon') {
      args[flag === '--exact' ? 'exact' : 'horizon'] = true;
      continue;
    }
    if (flag === '--corpus') args.corpus = value;
    else if (flag === '--only') args.only = value.split(',');
    else if (flag === '--limit') args.limit = Number(value);
    else if (flag === '--json') args.json = value;
    else if (flag === '--eta') args.eta = Number(value);
    else if (flag === '--max') args.max = Number(value);
    else if (flag === '--from') args.from = value;
    else if (flag === '--budget-factor') args.budgetFactor = Number(value);
    else throw new Error(`eval/confirm: unknown argument ${flag}`);
    i++;
  }
  return args;
}

/** What one entry gave. */
interface EntryResult {
  id: string;
  family: string;
  rangeSteps: number;
  trialSteps: number;
  gridSteps: number;
  confirmLr: number | null;
  bestLr: number;
  regrets: Record<string, number>;
  confirmation: Confirmation;
  seconds: number;
  checksumOk: boolean;
}

async function evaluate(entry: Entry, args: Args): Promise<EntryResult> {
  const t0 = performance.now();
  const task = taskByName(entry.family);
  const { config } = entry;
  const built = await task.build(entry.seed, config.optimizer as OptimizerName, config.startLr);
  const checksumOk = weightChecksum(built.model) === (entry as unknown as { weightChecksum: string }).weightChecksum;
  try {
    const { run, analysis, confirmation } = await lrFind(built.model, trainingData(built, config.batchSize, entry.seed), {
      startLr: config.startLr,
      endLr: config.endLr,
      numIt: config.numIt,
      schedule: config.schedule,
      batchSize: config.batchSize,
      seed: entry.seed,
      ...(built.frozen === undefined ? {} : { frozen: built.frozen }),
      confirm: {
        validationData: built.val,
        ...(args.eta === undefined ? {} : { eta: args.eta }),
        ...(args.max === undefined ? {} : { candidates: args.max }),
        // the live range test is bit-identical to the stored one, so its length is known beforehand
        ...(args.budgetFactor === undefined ? {} : { budget: Math.round(args.budgetFactor * entry.run.lrs.length) }),
        // the final round (8 → 4 → 2, doubling, resumed) trains exactly the ground truth's budget
        ...(args.horizon ? { steps: Math.round(entry.budgetSteps / 4), extend: false } : {}),
      },
      onNotice: () => {},
    });
    const c = confirmation as Confirmation;
    const regrets: Record<string, number> = { confirm: regret(entry, c.lr), choice: regret(entry, suggestionLr(analysis.choice.suggestion)) };
    for (const [name, s] of Object.entries(analysis.suggestions)) {
      if (s === null || 'lr' in s) regrets[name] = regret(entry, suggestionLr(s));
    }
    const orders = entry.grid.perOrder[0]?.length ?? 1;
    return {
      id: entry.id,
      family: entry.family,
      rangeSteps: run.lrs.length,
      trialSteps: c.steps,
      gridSteps: entry.grid.lrs.length * entry.budgetSteps * orders,
      confirmLr: c.lr,
      bestLr: entry.bestLr,
      regrets,
      confirmation: c,
      seconds: (performance.now() - t0) / 1000,
      checksumOk,
    };
  } finally {
    disposeBuilt(built);
  }
}

/** The markdown tables of the results; `corpus` gives the floor (the other seed's best grid lr). */
export function tables(results: readonly EntryResult[], corpus: readonly Entry[]): string {
  const byId = new Map(corpus.map((e) => [e.id, e]));
  results = results.map((r) => {
    const e = byId.get(r.id);
    const pair = e ? byId.get(e.pairId) : undefined;
    return e && pair ? { ...r, regrets: { ...r.regrets, 'floor: other seed': regret(e, pair.bestLr) } } : r;
  });
  const names = [...new Set(results.flatMap((r) => Object.keys(r.regrets)))];
  const rows = names
    .map((name) => {
      const xs = results.map((r) => r.regrets[name]).filter((x) => x !== undefined);
      return { name, n: xs.length, mean: mean(xs), median: median(xs), worst: Math.max(...xs) };
    })
    .sort((a, b) => a.mean - b.mean);
  const label = (n: string): string =>
    n === 'confirm' ? '**confirmation.lr** (measured)' : n === 'choice' ? 'range-test answer (`choice`)' : n.startsWith('floor') ? `_${n}_` : `\`${n}\``;
  const out: string[] = [];
  out.push('| method | n | mean regret | median | worst |', '|---|---:|---:|---:|---:|');
  for (const r of rows) out.push(`| ${label(r.name)} | ${r.n} | ${r.mean.toFixed(3)} | ${r.median.toFixed(3)} | ${r.worst.toFixed(3)} |`);
  const ratio = results.map((r) => (r.rangeSteps + r.trialSteps) / r.rangeSteps);
  const gridRatio = results.map((r) => (r.rangeSteps + r.trialSteps) / r.gridSteps);
  out.push(
    '',
    `Steps: range test + trials = ${mean(ratio).toFixed(2)}× the range test on average (max ${Math.max(...ratio).toFixed(2)}×); ` +
      `${(100 * mean(gridRatio)).toFixed(1)}% of a full grid search (grid lrs × budget steps × batch orders) on average.`,
    '',
    '| family | n | confirm: mean | worst | choice: mean | worst |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const family of [...new Set(results.map((r) => r.family))]) {
    const rs = results.filter((r) => r.family === family);
    const c = rs.map((r) => r.regrets.confirm);
    const h = rs.map((r) => r.regrets.choice);
    out.push(`| ${family} | ${rs.length} | ${mean(c).toFixed(3)} | ${Math.max(...c).toFixed(3)} | ${mean(h).toFixed(3)} | ${Math.max(...h).toFixed(3)} |`);
  }
  // exact regret (eval/exact.ts): the validation loss trained AT the lr, where the cache has it
  const exact = results
    .map((r) => {
      const e = byId.get(r.id);
      if (!e) return undefined;
      const c = exactRegret(e, r.confirmLr);
      const h = exactRegret(e, methodLrs(e).choice);
      return c === undefined || h === undefined ? undefined : { r, c, h };
    })
    .filter((x) => x !== undefined);
  if (exact.length > 0) {
    const c = exact.map((x) => x.c);
    const h = exact.map((x) => x.h);
    out.push(
      '',
      `Exact regret (trained at the lr, eval/exact/), ${exact.length} entries: confirmation.lr mean ${mean(c).toFixed(3)}, median ${median(c).toFixed(3)}, worst ${Math.max(...c).toFixed(3)}; ` +
        `range-test answer mean ${mean(h).toFixed(3)}, median ${median(h).toFixed(3)}, worst ${Math.max(...h).toFixed(3)}.`,
      '',
      '| family | n | confirm (exact): mean | worst | choice (exact): mean | worst |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const family of [...new Set(exact.map((x) => x.r.family))]) {
      const xs = exact.filter((x) => x.r.family === family);
      const fc = xs.map((x) => x.c);
      const fh = xs.map((x) => x.h);
      out.push(`| ${family} | ${xs.length} | ${mean(fc).toFixed(3)} | ${Math.max(...fc).toFixed(3)} | ${mean(fh).toFixed(3)} | ${Math.max(...fh).toFixed(3)} |`);
    }
  }
  out.push(
    '',
    '| entry | range steps | trial steps | grid steps | confirmation.lr | best grid lr | regret: confirm | choice |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    out.push(
      `| ${r.id} | ${r.rangeSteps} | ${r.trialSteps} | ${r.gridSteps} | ${r.confirmLr === null ? '—' : r.confirmLr.toExponential(2)} | ` +
        `${r.bestLr.toExponential(2)} | ${r.regrets.confirm.toFixed(3)} | ${r.regrets.choice.toFixed(3)} |`,
    );
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  tf.env().set('PROD', true);
  const all = loadCorpus(args.corpus);
  if (args.from) {
    process.stdout.write(tables(JSON.parse(readFileSync(args.from, 'utf8')) as EntryResult[], all));
    return;
  }
  let corpus = all;
  if (args.only) corpus = corpus.filter((e) => args.only?.includes(e.id));
  corpus = corpus.slice(0, args.limit);
  const results: EntryResult[] = [];
  for (const entry of corpus) {
    const r = await evaluate(entry, args);
    results.push(r);
    if (args.exact) await measureExact(entry, [r.confirmLr, methodLrs(entry).choice]);
    process.stderr.write(
      `${r.id}: confirm ${r.confirmLr?.toExponential(2) ?? 'null'} regret ${r.regrets.confirm.toFixed(3)} (choice ${r.regrets.choice.toFixed(3)}), ` +
        `${r.rangeSteps}+${r.trialSteps} steps, ${r.seconds.toFixed(1)} s${r.checksumOk ? '' : ' — WEIGHT CHECKSUM DIFFERS'}\n`,
    );
  }
  if (args.json) writeFileSync(args.json, `${JSON.stringify(results, null, 1)}\n`);
  process.stdout.write(tables(results, all));
}

await main();
