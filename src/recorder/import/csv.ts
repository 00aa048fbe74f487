/**
 * Writing a run as CSV, in the form every importer (and every tool) reads back.
 *
 * @module
 */
import type { Run } from '../run.js';

/** A CSV number: shortest round-trip form; non-finite as `nan`, `inf`, `-inf` (what the importers read back). */
function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

/**
 * A run as CSV: `lr,loss` and, when the run has them, `smoothed_loss` — the raw losses first, so every tool reading
 * `lr,loss` gets the raw curve. {@link importRun} reads it back exactly (CSV keeps no metadata; the JSON run
 * format does).
 *
 * @example
 * runToCsv({ lrs: Float64Array.of(1e-3, 1e-2), losses: Float64Array.of(2.3, NaN), meta: {} });
 * // => 'lr,loss\n0.001,2.3\n0.01,nan\n'
 */
export function runToCsv(run: Run): string {
  const smoothed = run.smoothedLosses;
  const lines = [smoothed ? 'lr,loss,smoothed_loss' : 'lr,loss'];
  for (let i = 0; i < run.lrs.length; i++) {
    const cells = [csvNumber(run.lrs[i]), csvNumber(run.losses[i])];
    if (smoothed) cells.push(csvNumber(smoothed[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
