/**
 * `lrfind/schedules`: training schedules to put the range test's answer in — PyTorch's `OneCycleLR` and `CyclicLR`,
 * fastai's `fit_one_cycle`, fastai's `slice(lo, hi)` — as pure functions of the step, usable from any training
 * loop (`lrfind/tfjs` has callbacks that apply them during `model.fit`).
 *
 * @module
 */
export { oneCycleSchedule, type OneCycleOptions, type AnnealStrategy } from './oneCycleSchedule.js';
export { cyclicSchedule, type CyclicOptions, type CyclicMode } from './cyclicSchedule.js';
export { fitOneCycleSchedule, type FitOneCycleOptions } from './fitOneCycleSchedule.js';
export { sliceLrs } from './sliceLrs.js';
export {
  oneCycleFromAnalysis,
  fitOneCycleFromAnalysis,
  cyclicFromAnalysis,
  scheduleFromAnalysis,
  SCHEDULE_KINDS,
  type AnswerInput,
  type ScheduleFromAnalysis,
  type ScheduleKindName,
} from './fromAnalysis.js';
export { scheduleValues, type ScheduleSamples } from './scheduleValues.js';
export type { Schedule, ScheduleValue } from './types.js';
