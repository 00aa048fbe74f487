/**
 * `lrfind/recorder`: runs in memory and as text — the run type, lrfind's run file, the importers of other tools'
 * saves, the lr schedules, the recorder and the training-loop drivers, and what combines runs with their analyses
 * (provenance, comparisons, display names). Reading and writing files is in `lrfind/node`.
 *
 * @module
 */
export * from '../runs/run.js';
export { serializeRun } from '../runs/runFile.js';
export { parseRun, type ParseRunOptions } from '../runs/import/importRun.js';
export {
  expLr,
  linearLr,
  scheduleLr,
  scheduleLrs,
  resolveSchedule,
  type ScheduleKind,
  type ScheduleOptions,
  type ResolvedSchedule,
} from './schedule.js';
export { LrRecorder, type LrRecorderOptions, type RecordExtras } from './recorder.js';
export {
  lrFindLoop,
  recordRangeTest,
  planCandidates,
  runConfirm,
  type LoopConfirmOptions,
  type ConfirmPlanOptions,
  analyzeRun,
  analyzeOptionsOf,
  type LrFindLoopOptions,
  type LrFindResult,
  type RangeTestOptions,
  type RangeTestProgress,
  type StepFunction,
} from './loop.js';
export {
  importRun,
  runToCsv,
  detectFormat,
  isImportFormat,
  IMPORT_FORMATS,
  IMPORT_FORMAT_NAMES,
  type ImportFormat,
  type ImportRunOptions,
  type DetectedFormat,
} from '../runs/import/importRun.js';
export { runSource } from '../runs/source.js';
export { displayNames, shortName } from '../runs/names.js';
export { analyzeOptionsForRun, analyzeWithMeta, type AnalyzedRun, type RunAnalysisOptions } from '../runs/analyzed.js';
export { compareRuns, COMPARED_SUGGESTIONS, type Comparison, type ComparisonRow, type ComparedRun, type AnalyzedRunLike } from '../runs/compare.js';
export {
  confirmLr,
  confirmCandidates,
  confirmPlan,
  DEFAULT_ETA,
  type Confirmation,
  type ConfirmTrial,
  type ConfirmCandidate,
  type ConfirmBasis,
  type ConfirmLrOptions,
  type ConfirmCandidatesOptions,
  type TrialFunction,
  type TrialOutcome,
  type TrialInfo,
} from '../confirm/confirm.js';
export { confirmationFromJson } from '../runs/runFile.js';
