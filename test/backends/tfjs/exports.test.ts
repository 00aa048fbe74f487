import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as tfjsEntry from '../../../src/backends/tfjs/index.js';
import * as root from '../../../src/index.js';

const DIST = new URL('../../../dist/', import.meta.url).pathname;

describe('the lrfind/tfjs entry point', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(tfjsEntry).sort()).toEqual([
      'BACKEND_PREFERENCES',
      'DEFAULT_ETA',
      'DiscriminativeLrCallback',
      'LrFinderCallback',
      'ScheduleCallback',
      'captureTraining',
      'confirmCandidates',
      'confirmLr',
      'confirmPlan',
      'discriminativeLrs',
      'ensureTrainable',
      'getLearningRate',
      'getMomentum',
      'lrFind',
      'lrFindLoop',
      'lrFinderCallback',
      'mulberry32',
      'optimizerName',
      'scheduleCallback',
      'setLearningRate',
      'setMomentum',
      'snapshotTraining',
      'tfjsTrials',
      'trainableState',
      'useBackend',
    ]);
  });

  it('the root entry has the framework-free recorder but no tfjs driver', () => {
    for (const name of ['LrRecorder', 'lrFindLoop', 'scheduleLrs', 'expLr', 'linearLr', 'recordRangeTest']) expect(root).toHaveProperty(name);
    for (const name of ['lrFind', 'lrFinderCallback', 'useBackend']) expect(root).not.toHaveProperty(name);
  });

  it('importing the root entry does not load tfjs; importing lrfind/tfjs does (built files)', () => {
    // tfjs-core registers its engine on globalThis when it loads
    const probe = (entry: string): string =>
      spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(DIST + entry)}); console.log(globalThis._tfengine === undefined ? 'no tfjs' : 'tfjs')`], {
        encoding: 'utf8',
      }).stdout.trim();
    expect(probe('index.js')).toBe('no tfjs');
    expect(probe('backends/tfjs/index.js')).toBe('tfjs');
  });
});
