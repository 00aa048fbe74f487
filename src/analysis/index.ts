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
export { analyze, isPresetName, PRESETS, PRESET_NAMES, type Analysis, type AnalyzeOptions, type Choice } from './analyze.js';
export {
  presetAnswerName,
  formatLr,
  formatSuggestion,
  describeRecording,
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
