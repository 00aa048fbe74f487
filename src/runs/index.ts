/**
 * `lrfind/runs`: a range test's run as data and as text — the run type, lrfind's run file, the confirm trials a run
 * keeps, the importers of every other tool's saves (fastai, pytorch-lr-finder, Lightning, Keras, TensorBoard, CSV,
 * JSON), and what combines runs with their analyses (the options a run implies, provenance, comparisons, display
 * names). Reading and writing files is in `lrfind/node`; recording a run is in `lrfind/recorder`.
 *
 * @module
 */
export * from './run.js';
export { serializeRun, confirmationFromJson } from './runFile.js';
export type { Confirmation, ConfirmTrial, ConfirmCandidate, ConfirmBasis } from './confirmation.js';
export type { RangeTestProgress } from './progress.js';
export {
  parseRun,
  importRun,
  runToCsv,
  detectFormat,
  isImportFormat,
  IMPORT_FORMATS,
  IMPORT_FORMAT_NAMES,
  type ParseRunOptions,
  type ImportFormat,
  type ImportRunOptions,
  type DetectedFormat,
} from './import/importRun.js';
export { runSource } from './source.js';
export { displayNames, shortName } from './names.js';
export {
  analyzeRun,
  analyzeOptionsOf,
  analyzeOptionsForRun,
  analyzeWithMeta,
  type AnalyzedRun,
  type RunAnalysisOptions,
} from './analyzed.js';
export { compareRuns, COMPARED_SUGGESTIONS, type Comparison, type ComparisonRow, type ComparedRun, type AnalyzedRunLike } from './compare.js';
