/**
 * Issue 19, session 7: would the confirm trials do better if, among the last round's finalists, they took the LOWEST
 * lr whose validation loss is within a fraction t of the best? (Too high an lr costs far more than too low: on the
 * 156 range tests, 0.25 decades above the best grid lr averages regret 2.7, 0.25 below 0.13.) Replayed on stored
 * trials, no training; exact regret from `eval/exact/` where measured, else interpolated.
 *
 *   npx tsx eval/tieBreak.ts [results.json …]   (default: the session-7 corpus and holdout results)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus, mean, regret, type Entry } from './score.js';
import { exactRegret } from './exact.js';

const here = dirname(fileURLToPath(import.meta.url));

interface StoredTrial {
  readonly lr: number;
  readonly round: number;
  readonly loss: number | null;
  readonly diverged?: boolean;
}
interface StoredResult {
  readonly id: string;
  readonly family: string;
  readonly confirmLr: number | null;
  readonly confirmation: { readonly trials: readonly StoredTrial[] };
}

/** The lr picked from the last round: the lowest whose loss is within `t` of the best (t = 0: the shipped rule). */
export function tieBreakPick(r: StoredResult, t: number): number | null {
  const last = Math.max(...r.confirmation.trials.map((x) => x.round));
  const finalists = r.confirmation.trials.filter((x) => x.round === last && x.loss !== null && Number.isFinite(x.loss) && x.diverged !== true);
  if (finalists.length === 0) return r.confirmLr;
  const best = Math.min(...finalists.map((x) => x.loss!));
  return Math.min(...finalists.filter((x) => x.loss! <= best * (1 + t)).map((x) => x.lr));
}

function main(): void {
  const files = process.argv.slice(2);
  const inputs = files.length > 0 ? files : [join(here, 'results', 'confirm-session7.json'), join(here, 'results', 'confirm-holdout-session7.json')];
  const entries = new Map<string, Entry>([...loadCorpus(), ...loadCorpus(join(here, 'holdout'))].map((e) => [e.id, e]));
  const out = ['| results | t | n | mean / worst (exact where measured) | interpolated picks |', '|---|---:|---:|---|---:|'];
  for (const f of inputs) {
    const rows = JSON.parse(readFileSync(f, 'utf8')) as StoredResult[];
    for (const t of [0, 0.01, 0.02, 0.03, 0.05, 0.08]) {
      const rs: number[] = [];
      let interpolated = 0;
      for (const r of rows) {
        const e = entries.get(r.id);
        if (e === undefined) throw new Error(`tieBreak: ${r.id} is in no corpus`);
        const lr = tieBreakPick(r, t);
        const ex = exactRegret(e, lr);
        if (ex === undefined) interpolated++;
        rs.push(ex ?? regret(e, lr));
      }
      out.push(`| ${f.split('/').pop()} | ${t} | ${rs.length} | ${mean(rs).toFixed(3)} / ${Math.max(...rs).toFixed(2)} | ${interpolated} |`);
    }
  }
  console.log(out.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
