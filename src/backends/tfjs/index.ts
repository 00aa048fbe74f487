/**
 * `lrfind/tfjs`: the range test on TensorFlow.js models — `lrFind` (the whole test), `lrFinderCallback` (inside
 * your own `model.fit`) and `lrFindLoop` (any training step), plus backend selection. The only entry point that
 * imports `@tensorflow/tfjs` (a peer dependency).
 *
 * @module
 */
export { lrFind, type LrFindOptions } from './lrFind.js';
export { trainableState } from './model.js';
export { tfjsTrials, type ConfirmOptions, type TfjsTrials } from './confirm.js';
export { lrFinderCallback, LrFinderCallback, type LrFinderCallbackOptions } from './callback.js';
export { useBackend, ensureTrainable, BACKEND_PREFERENCES, type BackendPreference, type EnsureTrainableOptions } from './backend.js';
export { snapshotTraining, captureTraining, type TrainingState, type CapturedTraining } from './state.js';
export { getLearningRate, setLearningRate, optimizerName } from './optimizer.js';
export { getMomentum, setMomentum } from './momentum.js';
export { discriminativeLrs, DiscriminativeLrCallback, type DiscriminativeLrOptions, type LayerGroup } from './discriminative.js';
export { scheduleCallback, ScheduleCallback, type ScheduleCallbackOptions, type ScheduleHistory } from './scheduleCallback.js';
export { mulberry32, type TensorData, type BatchDataset, type TensorOrArray } from './data.js';
export {
  lrFindLoop,
  type LrFindLoopOptions,
  type LoopConfirmOptions,
  type ConfirmPlanOptions,
  type LrFindResult,
  type RangeTestOptions,
  type RangeTestProgress,
  type StepFunction,
} from '../../recorder/loop.js';
export {
  confirmLr,
  confirmCandidates,
  confirmPlan,
  DEFAULT_ETA,
  type Confirmation,
  type ConfirmTrial,
  type ConfirmCandidate,
  type ConfirmBasis,
  type TrialFunction,
  type TrialOutcome,
  type TrialInfo,
} from '../../confirm/index.js';
