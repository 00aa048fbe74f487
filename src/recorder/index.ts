/**
 * `lrfind/recorder`: recording a range test without any framework — the lr schedules, the recorder (one point per
 * step, the divergence stop), and the training-loop drivers (`lrFindLoop`, `recordRangeTest`) with their confirm
 * trials. For compatibility it also re-exports `lrfind/runs` (the run, its file, the importers) and `lrfind/confirm`
 * (the trials), whose rooms these were.
 *
 * @module
 */
export * from '../runs/index.js';
export * from '../confirm/index.js';
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
  type LrFindLoopOptions,
  type LrFindResult,
  type RangeTestOptions,
  type StepFunction,
} from './loop.js';
