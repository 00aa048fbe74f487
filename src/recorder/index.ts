export * from './run.js';
export {
  saveRun,
  serializeRun,
  runFromJson,
  parseJsonLenient,
  toRunArrays,
  guessFormat,
  stripBom,
  lossValue,
  assertRunMeta,
} from './runFile.js';
export { parseRun, loadRun, runFromCsv, type ParseRunOptions } from './import.js';
export { writeFileAtomic } from '../io/atomic.js';
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
  yieldToEventLoop,
  type LrFindLoopOptions,
  type LrFindResult,
  type RangeTestOptions,
  type RangeTestProgress,
  type StepFunction,
} from './loop.js';
export {
  importRun,
  runToCsv,
  loadImportedRun,
  detectFormat,
  lrScheduleKind,
  fastaiNumIt,
  isImportFormat,
  IMPORT_FORMATS,
  IMPORT_FORMAT_NAMES,
  type ImportFormat,
  type ImportRunOptions,
  type LoadImportedRunOptions,
  type DetectedFormat,
} from './import.js';
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
} from './confirm.js';
export { confirmationFromJson } from './runFile.js';
export { readRunText, decodeText, MAX_RUN_FILE_BYTES } from '../io/readText.js';
export { parseJsonText, type ParseJsonTextOptions } from './importJson.js';
export { readCsvTable, readJsonlTable, jsonTable, lrNumbers, lossNumbers, type Table } from './importTable.js';
