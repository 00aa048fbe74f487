export { ema, type EmaOptions } from './ema.js';
export { invertEma, runningMean, invertRunningMean, type RunningMeanOptions, type InvertRunningMeanOptions } from './unsmooth.js';
export { kernelSmooth, type KernelSmoothOptions } from './kernelSmooth.js';
export { savitzkyGolay, type SavitzkyGolayOptions } from './savitzkyGolay.js';
export { gradient } from './gradient.js';
export { localExtrema, type LocalExtremaOptions } from './localExtrema.js';
export { movingMedian, type MedianEdges } from './movingMedian.js';
export { spreadDecades, suggestionCentre } from './spread.js';
export { valleyIndex } from './valley.js';
export { divergenceIndex, DivergenceMonitor, type DivergenceOptions } from './divergence.js';
export { combineCurves, analyzeRuns, type CombinedCurve, type CombinedAnalysis } from './combine.js';
export { analyze, answerFields, withTrials, isPresetName, PRESETS, PRESET_NAMES, type Analysis, type AnalyzeOptions, type Choice } from './analyze.js';
export {
  answerFor,
  answerAsSuggestions,
  nearestLrIndex,
  answerWithTrials,
  measuredAnswer,
  rangeTestAnswer,
  noAnswerReason,
  MEASURED_MARGIN,
  MEASURE_HINT,
  type LrAnswer,
  type AnswerBasis,
  type AnswerTrial,
  type AnswerTrials,
  type ChoiceLike,
  type RangeTestEstimate,
} from './lrAnswer.js';
export {
  presetAnswerName,
  formatLr,
  formatSuggestion,
  describeRecording,
  answerRows,
  suggestionFlags,
  answerOf,
  nextStep,
  LOW_CONFIDENCE_HINT,
  analysisToJson,
  OUTLIER_DECADES,
  type Answer,
  type AnalysisJson,
  type AnalysisLike,
  type SourceInfo,
} from './answer.js';
export * from './presets/index.js';
export type * from './types.js';
