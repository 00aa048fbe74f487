/**
 * Read and analyze run files in one call (Node-only: reads files), recognising a fastai save read without
 * `--format`.
 *
 * @module
 */
import { analyzeWithMeta, type AnalyzedRun, type RunAnalysisOptions } from '../recorder/analyzed.js';
import { fastaiNumIt, importRun, type LoadImportedRunOptions, loadImportedRun } from '../recorder/import.js';
import { displayNames } from '../recorder/names.js';
import { readRunText } from '../recorder/readText.js';
import type { Run } from '../recorder/run.js';

/** One file to read, with its own loader options (a per-file `--format`). */
export interface RunFileSpec {
  readonly path: string;
  readonly load?: LoadImportedRunOptions;
}

/** Options of {@link loadRunFile}. */
export interface LoadRunFileOptions extends LoadImportedRunOptions {
  /** Told (one line, naming the file) when the format was recognised rather than given. __Default value:__ ignored */
  readonly onWarning?: (message: string) => void;
}

/**
 * True when a run read as raw losses is really a fastai v2 save, as docs/importing.md shows it (`json.dump({"lrs":
 * learn.recorder.lrs, "losses": …})`): no metadata, and lrs exactly on fastai's default schedule
 * `1e-7 · 1e8^(i/num_it)` — which lrfind's own recorder never writes (its last step reaches `endLr`).
 */
function looksLikeFastai(run: Run): number | undefined {
  const { source, ...rest } = run.meta ?? {};
  // a plain table (CSV, JSON, JSON Lines) records only where it came from
  const plain = source === undefined || ['csv', 'json', 'jsonl'].includes(source.tool);
  if (!plain || Object.keys(rest).length > 0 || run.smoothedLosses !== undefined) return undefined;
  return fastaiNumIt(run.lrs);
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
  const { onWarning, ...load } = options;
  if (load.format !== undefined || load.lrFile !== undefined) return loadImportedRun(path, load);
  const text = await readRunText(path);
  const file = path === '-' ? '<stdin>' : path;
  const run = importRun(text, { ...load, file });
  const numIt = looksLikeFastai(run);
  if (numIt === undefined) return run;
  onWarning?.(
    `${file}: read as fastai: its lrs follow fastai's default schedule (num_it = ${numIt}) and it has no metadata, so its losses are fastai's smoothed ones (say --format fastai1 for a fastai v1 save, --format json if they are raw)`,
  );
  return importRun(text, { ...load, file, format: 'fastai' });
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
