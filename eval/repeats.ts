/**
 * Do repeated range tests of the same model cut the worst regret? (issue 8, "several runs of the same model")
 *
 *   npx tsx eval/repeats.ts --generate [--only family,…]   # record 2 more range tests per corpus entry (≈ 10 min)
 *   npx tsx eval/repeats.ts                                # score: 1 run vs the median curve of 2 and of 3 runs
 *
 * For every corpus entry, the same task, seed (same initial weights), optimizer, batch size and range-test settings
 * are range-tested again with other batch orders (shuffle seeds 1000 + seed and 2000 + seed) and saved to
 * eval/repeats/<id>.json. Scoring compares the regret of lrfind's answer on the entry's own run with the answer of
 * `analyzeRuns` on the first 2 and on all 3 runs, against the entry's grid. No training when scoring.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { analyzeRuns } from '../src/analysis/combine.js';
import { runFromJson, serializeRun } from '../src/runs/runFile.js';
import type { Run } from '../src/runs/run.js';
import { analysisOf, loadCorpus, regret, suggestionLr, type Entry } from './score.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the repeated range tests live. */
export const REPEATS_DIR = join(here, 'repeats');

/** The extra runs of one entry (other batch orders), or `null` when they have not been recorded. */
export function loadRepeats(entry: Entry): Run[] | null {
  const file = join(REPEATS_DIR, `${entry.id}.json`);
  if (!existsSync(file)) return null;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] };
  return raw.runs.map((r, i) => runFromJson(r, `${file} (run ${i + 1})`));
}

/** Regret of lrfind's answer from 1, 2 and 3 runs, over the entries that have repeats. */
export function scoreRepeats(corpus: readonly Entry[]): { n: number; rows: { runs: number; mean: number; median: number; worst: number }[] } {
  const r: number[][] = [[], [], []];
  for (const e of corpus) {
    const extra = loadRepeats(e);
    if (extra === null || extra.length < 2) continue;
    r[0].push(regret(e, suggestionLr(analysisOf(e.run).choice.suggestion)));
    for (const k of [2, 3]) {
      const runs = [e.run, ...extra].slice(0, k);
      const { analysis } = analyzeRuns(runs, { numIt: e.run.meta.numIt as number | undefined });
      r[k - 1].push(regret(e, suggestionLr(analysis.choice.suggestion)));
    }
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, median: s[s.length >> 1], worst: s[s.length - 1] };
  };
  return { n: r[0].length, rows: r[0].length === 0 ? [] : [1, 2, 3].map((runs) => ({ runs, ...stats(r[runs - 1]) })) };
}

/** The markdown table of {@link scoreRepeats} (empty when no repeats are recorded). */
export function repeatsTable(corpus: readonly Entry[]): string {
  const { n, rows } = scoreRepeats(corpus);
  if (n === 0) return '';
  return [
    `## Repeated range tests (${n} entries, other batch orders of the same initial weights)`,
    '',
    '| runs combined | mean | median | worst |',
    '|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.runs} | ${r.mean.toFixed(3)} | ${r.median.toFixed(3)} | ${r.worst.toFixed(2)} |`),
    '',
  ].join('\n');
}

async function generate(only: Set<string> | null): Promise<void> {
  const { rangeTest } = await import('./generate.js');
  const { taskByName } = await import('./tasks/index.js');
  mkdirSync(REPEATS_DIR, { recursive: true });
  for (const e of loadCorpus()) {
    if (only !== null && !only.has(e.family)) continue;
    const file = join(REPEATS_DIR, `${e.id}.json`);
    if (existsSync(file)) continue;
    const task = taskByName(e.family);
    const checksum = (e as Entry & { weightChecksum: string }).weightChecksum;
    const runs: string[] = [];
    for (const order of [1000 + e.seed, 2000 + e.seed]) {
      const run = await rangeTest(task, e.seed, e.config.optimizer as never, e.config.batchSize, e.config, checksum, order);
      runs.push(serializeRun(run));
    }
    await writeFileAtomic(file, `{"id":${JSON.stringify(e.id)},"orders":[${1000 + e.seed},${2000 + e.seed}],"runs":[${runs.join(',')}]}\n`);
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] repeats: ${e.id}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--only');
  const only = i >= 0 ? new Set(args[i + 1].split(',')) : null;
  if (args.includes('--generate')) {
    await generate(only);
  } else {
    process.stdout.write(repeatsTable(loadCorpus()) || 'no repeats recorded: npx tsx eval/repeats.ts --generate\n');
  }
}
