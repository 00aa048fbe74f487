/**
 * Read and analyze run files in one call (Node-only: reads files), recognising a fastai save read without
 * `--format`.
 *
 * @module
 */
import { analyzeWithMeta, type AnalyzedRun, type RunAnalysisOptions } from '../runs/analyzed.js';
import { fastaiNumIt, importRun, type LoadImportedRunOptions, loadImportedRun, readCsvFileTable, readJsonFileRun, runFromTable, withStdinSpooled } from '../runs/import/importRun.js';
import { invertEma } from '../analysis/unsmooth.js';
import { displayNames } from '../runs/names.js';
import { readRunText } from '../io/readText.js';
import { LrfindError } from '../errors.js';
import { lrFileUnused } from '../runs/messages.js';
import type { Run } from '../runs/run.js';

/** One file to read, with its own loader options (a per-file `--format`). */
export interface RunFileSpec {
  readonly path: string;
  readonly load?: LoadImportedRunOptions;
}

/** Options of {@link loadRunFile}. */
export interface LoadRunFileOptions extends LoadImportedRunOptions {
  /**
   * `false` for a CSV with no header row: two columns, the lr then the loss (`lrfind analyze --no-header`).
   * __Default value:__ `true`
   */
  readonly header?: boolean;
  /** Told (one line, naming the file) when the format was recognised rather than given. __Default value:__ ignored */
  readonly onWarning?: (message: string) => void;
}

/**
 * True when a run read as raw losses is really a fastai v2 save, as docs/importing.md shows it (`json.dump({"lrs":
 * learn.recorder.lrs, "losses": …})`): no metadata, lrs exactly on fastai's default schedule `1e-7 · 1e8^(i/num_it)`
 * — which lrfind's own recorder never writes (its last step reaches `endLr`) — and losses that are an EMA (raw
 * losses on pytorch-lr-finder's schedule, the same formula, are not).
 */
function looksLikeFastai(run: Run): number | undefined {
  const { source, ...rest } = run.meta ?? {};
  // a plain table (CSV, JSON, JSON Lines) records only where it came from
  const plain = source === undefined || ['csv', 'json', 'jsonl'].includes(source.tool);
  if (!plain || Object.keys(rest).length > 0 || run.smoothedLosses !== undefined) return undefined;
  const numIt = fastaiNumIt(run.lrs);
  // pytorch-lr-finder's exponential schedule is the same formula: only losses that are an EMA invert to losses
  return numIt !== undefined && invertsPlausibly(run.losses) ? numIt : undefined;
}

/**
 * True when `losses` could be fastai's debiased EMA (β = 0.98): positive losses that invert to positive ones. Raw
 * losses taken for an EMA invert to their noise amplified about 50×, which goes clearly negative.
 */
function invertsPlausibly(losses: ArrayLike<number>): boolean {
  let scale = 0;
  for (let i = 0; i < losses.length; i++) {
    const v = losses[i];
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return false; // a loss that can be negative or zero: nothing to tell by
    scale = Math.max(scale, v);
  }
  const raw = invertEma(losses, { beta: 0.98, debias: true });
  return !raw.some((v) => v < -1e-6 * scale);
}

/**
 * Read one run file in any format lrfind reads (`-` is standard input). A plain `{"lrs", "losses"}` file (or CSV)
 * whose lrs follow fastai v2's default schedule exactly is a fastai save, whose losses are fastai's smoothed ones:
 * it is read as `fastai` (raw losses recovered) and `onWarning` says so, rather than smoothing them a second time.
 * Give `format` to read a file as something else.
 *
 * @throws {LrfindError} as `loadImportedRun`.
 * @example
 * const run = await loadRunFile('lr_find.json', { onWarning: console.error });
 * // stderr: lr_find.json: read as fastai: its lrs follow fastai's default schedule (num_it = 100) and it has no metadata; …
 * run.meta.source?.tool; // => 'fastai'
 */
export async function loadRunFile(path: string, options: LoadRunFileOptions = {}): Promise<Run> {
  const { onWarning, header = true, ...load } = options;
  if (header && (load.format !== undefined || load.lrFile !== undefined)) return loadImportedRun(path, load);
  if (!header && load.lrFile !== undefined) throw lrFileUnused(path === '-' ? '<stdin>' : path, load.format ?? 'csv');
  // standard input is copied to a temporary file as it arrives, then read as a file is (streamed)
  return withStdinSpooled(path, (at, file) => loadRunFileAs(at, file, header, load, onWarning));
}

/** {@link loadRunFile} of the file at `path`, named `file` in messages. */
async function loadRunFileAs(path: string, file: string, header: boolean, load: LoadImportedRunOptions, onWarning: ((message: string) => void) | undefined): Promise<Run> {
  // a plain CSV is read as it streams (the numbers straight into typed columns): a fastai save is told from the table
  const streamed = header && load.format === undefined && load.lrFile === undefined ? await readCsvFileTable(path, {}, file) : undefined;
  if (streamed !== undefined) {
    const run = runFromTable(streamed.table, streamed.format, file, load);
    const numIt = looksLikeFastai(run);
    if (numIt === undefined) return run;
    onWarning?.(fastaiWarning(file, numIt, run.meta?.source?.tool ?? 'json'));
    return runFromTable(streamed.table, 'fastai', file, { ...load, format: 'fastai' });
  }
  // a JSON run file whose top level is an object is read as it streams too (its arrays of numbers straight into
  // Float64Arrays)
  const json = header && load.format === undefined && load.lrFile === undefined ? await readJsonFileRun(path, load, file) : undefined;
  if (json !== undefined) {
    const numIt = looksLikeFastai(json);
    if (numIt === undefined) return json;
    onWarning?.(fastaiWarning(file, numIt, json.meta?.source?.tool ?? 'json'));
    return (await readJsonFileRun(path, { ...load, format: 'fastai' }, file)) ?? importRun(await readRunText(path), { ...load, file, format: 'fastai' });
  }
  const text = header ? await readRunText(path) : headed(await readRunText(path), file);
  const run = header ? importRun(text, { ...load, file }) : withFileLines(file, () => importRun(text, { ...load, format: load.format ?? 'csv', file }));
  if (load.format !== undefined) return run;
  const numIt = looksLikeFastai(run);
  if (numIt === undefined) return run;
  onWarning?.(fastaiWarning(file, numIt, run.meta?.source?.tool ?? 'json'));
  return withFileLines(file, () => importRun(text, { ...load, file, format: 'fastai' }), header ? 0 : 1);
}

/** What `onWarning` hears when a plain file is read as a fastai save. */
const fastaiWarning = (file: string, numIt: number, raw: string): string =>
  `${file}: read as fastai: its lrs follow fastai's default schedule (num_it = ${numIt}) and it has no metadata, so its losses are fastai's smoothed ones (say --format fastai1 for a fastai v1 save, --format ${raw} if they are raw)`;

/**
 * A headerless two-column CSV given the header `lr,loss` (in the delimiter of its first line), so that the table
 * reader reads it as it reads any CSV.
 */
function headed(text: string, file: string): string {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const delimiter = [',', '\t', ';'].find((d) => first.includes(d));
  const cells = delimiter === undefined ? [first] : first.split(delimiter);
  if (delimiter === undefined || cells.length !== 2) {
    throw new LrfindError('E_SCHEMA', `${file}: --no-header reads two columns, lr then loss (line 1 has ${cells.length}: ${JSON.stringify(first.slice(0, 80))})`, { file });
  }
  return `lr${delimiter}loss\n${body}`;
}

/** Run `read`; line numbers in its errors about `file` are moved back by `shift` (the header line we added). */
function withFileLines<T>(file: string, read: () => T, shift = 1): T {
  try {
    return read();
  } catch (error) {
    if (shift === 0 || !(error instanceof LrfindError) || error.file !== file) throw error;
    const message = error.message.replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) - shift}`);
    throw new LrfindError(error.code, message, { file, details: error.details as Record<string, unknown> | undefined, cause: error });
  }
}

/**
 * Read each run file (any format lrfind reads; `-` is standard input; see {@link loadRunFile}) and analyze it with the
 * given settings, else those of its metadata. Names tell files with the same base name apart.
 *
 * @param files - paths, or `{ path, load }` for per-file loader options.
 * @param load - loader options for every file (`format`, columns, `onWarning`).
 * @param analysis - analysis settings (`preset`, `order`, `numIt`, `frozen`).
 * @example
 * const [a, b] = await loadAnalyzedRuns(['seed1/run.json', 'seed2/run.json']);
 * a.name; // => 'seed1/run.json'
 */
export async function loadAnalyzedRuns(
  files: readonly (string | RunFileSpec)[],
  load: LoadRunFileOptions = {},
  analysis: RunAnalysisOptions = {},
): Promise<AnalyzedRun[]> {
  const specs = files.map((f) => (typeof f === 'string' ? { path: f } : f));
  const names = displayNames(specs.map((s) => s.path));
  const out: AnalyzedRun[] = [];
  for (const [i, spec] of specs.entries()) {
    const run = await loadRunFile(spec.path, { ...load, ...spec.load });
    out.push({ file: spec.path, name: names[i], run, analysis: analyzeWithMeta(run, analysis) });
  }
  return out;
}
