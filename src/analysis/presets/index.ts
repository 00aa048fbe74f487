export { fastai, recordFastai } from './fastai.js';
export { fastai1, recordFastai1 } from './fastai1.js';
export { torchLrFinder, recordTorchLrFinder } from './torchLrFinder.js';
export { lightning, recordLightning } from './lightning.js';
export { keras, recordKeras } from './keras.js';
export { inflection, inflectionCandidates } from './inflection.js';
export { lrfindMethod, recordLrfind, medianWindow } from './lrfind.js';
export type { Confidence, LrfindEvidence, LrfindPreset, LrfindRecording, LrfindResult } from './lrfind.js';
export type { Preset, PresetName, PresetOptions, PresetResult } from './types.js';
