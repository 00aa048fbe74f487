import { expect, it } from 'vitest';
import * as analysis from '../../src/analysis/index.js';

// The public surface of lrfind/analysis (runtime exports; types are checked by tsc). Adding or removing an export
// is a decision: update this list with it.
it('src/analysis/index.ts exports exactly these names', () => {
  expect(Object.keys(analysis).sort()).toEqual([
    'DivergenceMonitor',
    'PRESETS',
    'PRESET_NAMES',
    'analyze',
    'analyzeRuns',
    'argminFinite',
    'assertCurve',
    'combineCurves',
    'divergenceIndex',
    'ema',
    'fastai',
    'fastai1',
    'gradient',
    'inflection',
    'inflectionCandidates',
    'invertEma',
    'invertRunningMean',
    'isPresetName',
    'keras',
    'kernelSmooth',
    'lightning',
    'localExtrema',
    'lrfindMethod',
    'medianWindow',
    'movingMedian',
    'recordFastai',
    'recordFastai1',
    'recordKeras',
    'recordLightning',
    'recordLrfind',
    'recordTorchLrFinder',
    'runningMean',
    'savitzkyGolay',
    'spreadDecades',
    'suggestionCentre',
    'torchLrFinder',
    'valleyIndex',
  ]);
});
