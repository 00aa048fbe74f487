import { describe, expect, it } from 'vitest';
import * as msg from '../../src/schedules/messages.js';
import { cyclicSchedule, oneCycleSchedule, scheduleValues } from '../../src/schedules/index.js';
import { checkMessageExamples } from '../messageExamples.js';

describe('src/schedules/messages', () => {
  it('every builder has an @example whose text is what it builds', () => {
    expect(checkMessageExamples('src/schedules/messages.ts', msg)).toBe(Object.keys(msg).length);
  });

  it('builders return the right class and text', () => {
    const a = msg.optionsNotObject('cyclicSchedule', 'baseLr, maxLr, …', null);
    expect(a).toBeInstanceOf(TypeError);
    expect(a.message).toBe('cyclicSchedule: options must be an object { baseLr, maxLr, … } (got null)');
    const b = msg.outOfRange('oneCycleSchedule', 'annealStrategy', "'cos' or 'linear'", 'x');
    expect(b).toBeInstanceOf(RangeError);
    expect(b.message).toBe(`oneCycleSchedule: annealStrategy must be 'cos' or 'linear' (got "x")`);
    expect(msg.stepOutOfRange('f', -1, 3)).toBeInstanceOf(RangeError);
    expect(msg.notAFunction('scheduleValues', 'schedule', 'a function (step) => { lr }', 1)).toBeInstanceOf(TypeError);
  });

  it('the public functions still throw the exact texts', () => {
    expect(() => oneCycleSchedule({ maxLr: 0.1, totalSteps: 10, pctStart: 2 })).toThrow(
      new RangeError('oneCycleSchedule: pctStart must be a number in [0, 1] (got 2)'),
    );
    expect(() => cyclicSchedule(null as never)).toThrow(
      new TypeError('cyclicSchedule: options must be an object { baseLr, maxLr, … } (got null)'),
    );
    expect(() => scheduleValues(1 as never, 3)).toThrow(new TypeError('scheduleValues: schedule must be a function (step) => { lr } (got 1)'));
  });
});
