import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as msg from '../../../src/backends/tfjs/messages.js';
import { lrFind, scheduleCallback, setMomentum, useBackend } from '../../../src/backends/tfjs/index.js';
import { LrfindError } from '../../../src/errors.js';
import { checkMessageExamples } from '../../messageExamples.js';

describe('src/backends/tfjs/messages', () => {
  it('every builder has an @example whose text is what it builds', () => {
    expect(checkMessageExamples('src/backends/tfjs/messages.ts', msg)).toBe(Object.keys(msg).length);
  });

  it('builders return the right class, code and text', () => {
    const a = msg.trialAborted('lrFind', 0.01, 3, 10, 'stop');
    expect(a).toBeInstanceOf(LrfindError);
    expect(a.code).toBe('E_ABORTED');
    expect(a.cause).toBe('stop');
    expect(a.details).toEqual({ lr: 0.01, step: 3 });
    expect(msg.backendUnavailable('cpu', undefined).message).toBe('useBackend: the cpu backend is not available here');
    expect(msg.cannotTrain('oops').code).toBe('E_TRAINING');
    expect(msg.cannotTrain('oops').message).toBe('lrFind: the model cannot train on this data: oops');
    expect(msg.mustBeType('f', 'x', 'a boolean', 1)).toBeInstanceOf(TypeError);
    expect(msg.mustBeIn('f', 'x', 'an integer', 0.5)).toBeInstanceOf(RangeError);
    expect(msg.scheduleHasNoStep(3, new Error('e')).details).toEqual({ step: 3 });
  });

  it('the public functions still throw the exact texts', async () => {
    expect(() => setMomentum(tf.train.sgd(0.1), NaN)).toThrow(new RangeError('setMomentum: momentum must be a finite number (got NaN)'));
    expect(() => scheduleCallback(1 as never)).toThrow(
      new TypeError('scheduleCallback: schedule must be a function (step) => { lr, momentum? } (got 1)'),
    );
    await expect(useBackend('gpu' as never)).rejects.toThrow(/^useBackend: backend must be one of .* \(got "gpu"\)$/);
    await expect(lrFind({} as never, {} as never)).rejects.toThrow(new TypeError('lrFind: model must be a tf.LayersModel (got an object)'));
  });
});
