/**
 * Read and analyze run files in one call (Node-only: reads files).
 *
 * @module
 */
import { analyzeWithMeta, type AnalyzedRun, type RunAnalysisOptions } from '../recorder/analyzed.js';
import { loadImportedRun, type LoadImportedRunOptions } from '../recorder/import.js';
import { displayNames } from '../recorder/names.js';

/** One file to read, with its own loader options (a per-file `--format`). */
export interface RunFileSpec {
  readonly path: string;
  readonly load?: LoadImportedRunOptions;
}

/**
 * Read each run file (any format lrfind reads; `-` is standard input) and analyze it with the given settings, else
 * those of its metadata. Names tell files with the same base name apart.
 *
 * @param files - paths, or `{ path, load }` for per-file loader options.
 * @param load - loader options for every file (`format`, columns).
 * @param analysis - analysis settings (`preset`, `order`, `numIt`, `frozen`).
 * @example
 * const [a, b] = await loadAnalyzedRuns(['seed1/run.json', 'seed2/run.json']);
 * a.name; // => 'seed1/run.json'
 */
export async function loadAnalyzedRuns(
  files: readonly (string | RunFileSpec)[],
  load: LoadImportedRunOptions = {},
  analysis: RunAnalysisOptions = {},
): Promise<AnalyzedRun[]> {
  const specs = files.map((f) => (typeof f === 'string' ? { path: f } : f));
  const names = displayNames(specs.map((s) => s.path));
  const out: AnalyzedRun[] = [];
  for (const [i, spec] of specs.entries()) {
    const run = await loadImportedRun(spec.path, { ...load, ...spec.load });
    out.push({ file: spec.path, name: names[i], run, analysis: analyzeWithMeta(run, analysis) });
  }
  return out;
}
