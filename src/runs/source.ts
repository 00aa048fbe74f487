/**
 * Where a run came from, in words and as data: the format read and whether its raw losses were recovered from a
 * tool's smoothing. Used by `analyze`, `convert` and the report.
 *
 * @module
 */
import type { SourceInfo } from '../analysis/answer.js';
import { isImportFormat } from './import/importRun.js';
import type { Run } from './run.js';

/**
 * The provenance of a run: the format read (`lrfind` for lrfind's own files and tables without a tool) and whether
 * the raw losses were recovered by undoing the tool's smoothing.
 *
 * @example
 * runSource(await loadImportedRun('history.json')).description;
 * // => 'torch-lr-finder, raw losses recovered from the EMA (β = 0.95)'
 * runSource({ lrs, losses, meta: {} }); // => { format: 'lrfind', rawLossesRecovered: false, description: 'lrfind run' }
 */
export function runSource(run: Pick<Run, 'meta'>): SourceInfo {
  const source = run.meta?.source;
  if (source === undefined || source === null || typeof source !== 'object') {
    return { format: 'lrfind', rawLossesRecovered: false, description: 'lrfind run' };
  }
  const tool = typeof source.tool === 'string' ? source.tool : 'unknown';
  if (!isImportFormat(tool)) {
    // a run file lrfind (or a script of the user's) wrote, with its own note on where the losses came from
    return { format: 'lrfind', rawLossesRecovered: false, description: `lrfind run (recorded by ${tool})` };
  }
  const kind = source.smoothing?.kind;
  const beta = source.smoothing?.beta;
  if (kind === undefined || kind === 'none' || kind === 'unknown') {
    return { format: tool, rawLossesRecovered: false, description: `${tool} (raw losses)` };
  }
  const how = kind === 'running-mean' ? 'the per-epoch running mean' : `the EMA (β = ${beta})`;
  return { format: tool, rawLossesRecovered: true, description: `${tool}, raw losses recovered from ${how}` };
}
