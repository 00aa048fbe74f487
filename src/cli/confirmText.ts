/**
 * The CLI's view of confirm trials: a small table and the measured answer.
 *
 * @module
 */
import type { Confirmation } from '../runs/confirmation.js';
import { formatLr, table } from './format.js';

/**
 * The confirm trials as text: one row per trial (round, lr, steps, validation loss, kept / pruned, who proposed the
 * lr) and the measured answer.
 *
 * @example
 * confirmationToText(run.confirmation);
 * // => 'confirm trials (validation loss, 288 of 300 steps):\n\nround  lr  steps  val loss  …\n\nmeasured: 3.16e-3 (…)\n'
 */
export function confirmationToText(c: Confirmation): string {
  const rows: string[][] = [['round', 'lr', 'steps', 'val loss', '', 'proposed by']];
  // the answer's row: its last trial that did not diverge
  let answer = -1;
  c.trials.forEach((t, i) => {
    if (t.lr === c.lr && !t.diverged) answer = i;
  });
  for (const [i, t] of c.trials.entries()) {
    const status = t.diverged ? 'diverged' : i === answer ? 'best' : t.kept ? 'kept' : 'pruned';
    rows.push([String(t.round + 1), formatLr(t.lr), String(t.steps), Number.isFinite(t.loss) ? t.loss.toPrecision(4) : '—', status, t.source]);
  }
  const basis = c.basis === 'validation' ? 'validation loss' : 'loss on held-back training data';
  const head = `confirm trials (${basis}, ${c.steps} of ${c.budget} steps):`;
  const measured = c.lr === null ? `measured: no lr (${c.reason})` : `measured: ${formatLr(c.lr)} (${c.source}) — ${c.reason}`;
  return `${head}\n\n${table(rows)}\n\n${measured}\n`;
}

/**
 * The confirmation as plain JSON (non-finite losses as `null`), for `--json` outputs.
 *
 * @example
 * confirmationToJson(c).trials[0].loss; // => 0.412 (or null when the trial diverged)
 */
export function confirmationToJson(c: Confirmation): Record<string, unknown> {
  return { ...c, trials: c.trials.map((t) => ({ ...t, loss: Number.isFinite(t.loss) ? t.loss : null })) };
}
