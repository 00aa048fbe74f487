import { describe, expect, it } from 'vitest';
import * as msg from '../../src/plot/messages.js';
import { downsampleIndices, finderSpec, logTicks } from '../../src/plot/index.js';
import { LrfindError } from '../../src/errors.js';
import { checkMessageExamples } from '../messageExamples.js';

describe('src/plot/messages', () => {
  it('every builder has an @example whose text is what it builds', () => {
    expect(checkMessageExamples('src/plot/messages.ts', msg)).toBe(Object.keys(msg).length);
  });

  it('builders return the right class, code and text', () => {
    const a = msg.runBadLr('finderSpec', 1, -1);
    expect(a).toBeInstanceOf(LrfindError);
    expect(a.code).toBe('E_BAD_LR');
    const b = msg.pngTooLarge('out.png', 8000, 8000, 40_000_000);
    expect(b.code).toBe('E_OPTION');
    expect(b.details).toEqual({ width: 8000, height: 8000 });
    expect(b.message).toBe('out.png: the PNG would be 8000×8000 pixels (64 megapixels; at most 40): lower the width, height or scale');
    const cause = new Error('boom');
    expect(msg.cannotRender(cause).cause).toBe(cause);
    expect(msg.badBuckets(0)).toBeInstanceOf(RangeError);
    expect(msg.notARun('f', 1)).toBeInstanceOf(TypeError);
    expect(msg.badReportExtension('a.gif').file).toBe('a.gif');
  });

  it('the public functions still throw the exact texts', () => {
    expect(() => logTicks(1, 0)).toThrow(new RangeError('logTicks: bounds must be finite, positive and ordered (got 1, 0)'));
    expect(() => downsampleIndices([1, 2, 3], [], { buckets: 0 })).toThrow(
      new RangeError('downsampleIndices: buckets must be an integer >= 1 (got 0)'),
    );
    let caught: unknown;
    try {
      finderSpec({ lrs: [], losses: [] } as never, undefined as never);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LrfindError);
    expect((caught as LrfindError).code).toBe('E_EMPTY');
    expect((caught as LrfindError).message).toBe('finderSpec: the run is empty');
  });
});
