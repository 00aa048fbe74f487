import { describe, expect, it } from 'vitest';
import { analyze, combineCurves, ema, movingMedian } from '../../src/analysis/index.js';
import * as msg from '../../src/analysis/messages.js';
import { LrfindError } from '../../src/errors.js';
import { checkMessageExamples } from '../messageExamples.js';

describe('src/analysis/messages', () => {
  it('every builder has an @example whose text is what it builds', () => {
    const exported = Object.keys(msg).length;
    expect(checkMessageExamples('src/analysis/messages.ts', msg)).toBe(exported);
  });

  it('builders return the right class, code and text', () => {
    const a = msg.notNumericArray('ema', 'values', 'x');
    expect(a).toBeInstanceOf(TypeError);
    expect(a.message).toBe('ema: values must be an array of numbers (got "x")');
    const b = msg.curveLengthMismatch('analyze', 3, 2);
    expect(b).toBeInstanceOf(LrfindError);
    expect(b.code).toBe('E_LENGTH_MISMATCH');
    expect(b.details).toEqual({ lrs: 3, losses: 2 });
    const c = msg.integerOutOfRange('savitzkyGolay', 'polynomial', 9, 1, 4);
    expect(c).toBeInstanceOf(RangeError);
    expect(c.message).toBe('savitzkyGolay: polynomial must be an integer in [1, 4] (got 9)');
    expect(msg.combineRunNotIncreasing(2).code).toBe('E_BAD_LR');
    expect(msg.curveLrOrder('analyze', 'x', 4).details).toEqual({ index: 4 });
  });

  it('the public functions still throw the exact texts', () => {
    expect(() => ema([1, 2], { debiasOffset: NaN })).toThrow(new RangeError('ema: debiasOffset must be finite (got NaN)'));
    expect(() => movingMedian([1, 2, 3], 2)).toThrow(new RangeError('movingMedian: window must be odd (got 2)'));
    expect(() => analyze({ lrs: [1e-3, 1e-2], losses: [1] })).toThrow(
      'analyze: lrs and losses must have the same length (got 2 and 1)',
    );
    let caught: unknown;
    try {
      combineCurves([]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LrfindError);
    expect((caught as LrfindError).code).toBe('E_EMPTY');
    expect((caught as LrfindError).message).toBe('combineCurves: needs at least one run (got 0)');
  });
});
