/**
 * Issue 19, session 7: what "the sweep never blew up" should mean for the cap below the median's bottom, and how the
 * cap behaves under the issue-8 perturbations. For each reading of "blew up" — none (the cap off: session 5), the
 * spike-free median's divergence or a non-finite loss (`sawDivergence`, adopted), that or a last raw loss climbing back
 * by the descent's depth, lrfind's depth stop or a non-finite loss (offset-free), and that or the last jump — the
 * interpolated regret per set with the cap at 0.5 decades (applied here to the session-5 answer, without snapping to a
 * sweep lr), and how many of the 156 answers move more than 0.3 decades under each perturbation.
 *
 *   npx tsx eval/blowUp.ts
 */
import { PERTURBATIONS, suggestionLr, mean, regret, type Entry } from './score.js';
import { sets } from './recipes.js';
import { analyzeLrfind, LRFIND_TUNING } from '../src/analysis/presets/lrfind.js';
import type { Run } from '../src/runs/run.js';
const L = Math.log10;
const all = sets(true);
const groups: Record<string, Entry[]> = { corpus: all.corpus, H1: all['first holdout'], H2: all['second holdout'], H3: all['third holdout'] };
const pool = Object.values(groups).flat();
/** A reading of "the sweep blew up". */
type Mode = 'off' | 'sawDiv' | 'sawDiv|lastJump' | 'depth|lastJump' | 'depth';
/** The session-5 answer with the cap below the median's bottom, on sweeps that did not blow up in `mode`'s reading. */
function answer(run: Run, mode: Mode, c = 0.5): number | null {
  const r = analyzeLrfind(run, 3, { ...LRFIND_TUNING, belowBottom: -10 }, { numIt: run.meta.numIt, fullBatch: run.meta.batchesPerEpoch === 1 });
  const lr = suggestionLr(r.suggestions.recommended);
  if (lr === null || mode === 'off') return lr;
  const rec = r.recording; const m = rec.median; const n = rec.smoothedPoints;
  let k = 0; for (let i = 1; i < n; i++) if (m[i] < m[k]) k = i;
  let peak = -Infinity; for (let i = 0; i <= k; i++) peak = Math.max(peak, m[i]);
  const depth = peak - m[k];
  let last = -1; for (let i = run.losses.length - 1; i >= 0; i--) if (Number.isFinite(run.losses[i])) { last = i; break; }
  const nonFinite = last < run.losses.length - 1;
  const lastJump = last > k && run.losses[last] - m[k] >= depth;
  const depthStop = rec.stopIndex !== null;
  const blew = mode === 'sawDiv' ? rec.sawDivergence : mode === 'sawDiv|lastJump' ? rec.sawDivergence || lastJump : mode === 'depth|lastJump' ? nonFinite || depthStop || lastJump : nonFinite || depthStop;
  if (blew) return lr;
  const cap = L(rec.lrs[k]) - c;
  return L(lr) > cap ? 10 ** cap : lr;
}
for (const mode of ['off', 'sawDiv', 'sawDiv|lastJump', 'depth|lastJump', 'depth'] as Mode[]) {
  const part = Object.entries(groups).map(([g, es]) => { const rs = es.map((e) => regret(e, answer(e.run, mode))); return `${g} ${mean(rs).toFixed(3)}/${Math.max(...rs).toFixed(2)}`; }).join(' ');
  const moves = PERTURBATIONS.map((p) => { let moved = 0; for (const e of pool) { const a = answer(e.run, mode); const b = answer(p.apply(e.run), mode); if (a === null || b === null ? a !== b : Math.abs(L(a / b)) > 0.3) moved++; } return `${p.name}:${moved}`; }).join(' ');
  console.log(mode.padEnd(16), part, '| moved', moves);
}
for (const name of ['abrupt blow-up', 'offset −median']) {
  const perturbation = PERTURBATIONS.find((p) => p.name === name)!;
  console.log(`--- ${name}: answers moved > 0.3 decades up / down, mean regret unperturbed → perturbed`);
  for (const mode of ['off', 'sawDiv'] as Mode[]) {
    let up = 0;
    let down = 0;
    const rs: number[] = [];
    const rs0: number[] = [];
    for (const e of pool) {
      const a = answer(e.run, mode);
      const b = answer(perturbation.apply(e.run), mode);
      if (a === null || b === null) continue;
      const d = L(b / a);
      if (d > 0.3) up++;
      if (d < -0.3) down++;
      rs.push(regret(e, b));
      rs0.push(regret(e, a));
    }
    console.log(mode.padEnd(16), 'up', up, 'down', down, 'regret', mean(rs0).toFixed(3), '→', `${mean(rs).toFixed(3)} / ${Math.max(...rs).toFixed(2)}`);
  }
}
