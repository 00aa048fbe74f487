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
  return v === 0 && 1 / v < 0 ? '-0' : String(v);
}

/** Rows per chunk of {@link runToCsvChunks}: about 2 MB of text. */
const CHUNK_ROWS = 1 << 16;

/**
 * A run as CSV, in chunks of rows ({@link runToCsv}'s text, joined): a run of any length is written without one
 * string holding it all (a 10M-row CSV is longer than V8's longest string).
 *
 * @example
 * [...runToCsvChunks({ lrs: Float64Array.of(1e-3, 1e-2), losses: Float64Array.of(2.3, NaN), meta: {} })];
 * // => ['lr,loss\n', '0.001,2.3\n0.01,nan\n']
 */
export function* runToCsvChunks(run: Run): Generator<string> {
  const smoothed = run.smoothedLosses;
  yield smoothed ? 'lr,loss,smoothed_loss\n' : 'lr,loss\n';
  for (let start = 0; start < run.lrs.length; start += CHUNK_ROWS) {
    const end = Math.min(run.lrs.length, start + CHUNK_ROWS);
    const lines = new Array<string>(end - start);
    for (let i = start; i < end; i++) {
      lines[i - start] = smoothed
        ? `${csvNumber(run.lrs[i])},${csvNumber(run.losses[i])},${csvNumber(smoothed[i])}`
        : `${csvNumber(run.lrs[i])},${csvNumber(run.losses[i])}`;
    }
    yield `${lines.join('\n')}\n`;
  }
}

/**
 * A run as CSV: `lr,loss` and, when the run has them, `smoothed_loss` — the raw losses first, so every tool reading
 * `lr,loss` gets the raw curve. {@link importRun} reads it back exactly (CSV keeps no metadata; the JSON run
 * format does). For very long runs write {@link runToCsvChunks} instead (what `lrfind convert` does).
 *
 * @example
 * runToCsv({ lrs: Float64Array.of(1e-3, 1e-2), losses: Float64Array.of(2.3, NaN), meta: {} });
 * // => 'lr,loss\n0.001,2.3\n0.01,nan\n'
 */
export function runToCsv(run: Run): string {
  return [...runToCsvChunks(run)].join('');
}
