import { isLrfindError } from '../../src/errors.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ema } from '../../src/analysis/ema.js';
import { LrRecorder, parseRun, serializeRun } from '../../src/recorder/index.js';
import { VERSION } from '../../src/version.js';

/** A clock that advances 10 ms per call. */
function fakeClock(): () => number {
  let t = 1000;
  return () => (t += 10);
}

describe('LrRecorder', () => {
  it('refuses an lr below the previous step\'s (E_LR_ORDER) and records nothing; a repeated lr is fine', () => {
    const rec = new LrRecorder({ stopDiv: false });
    rec.record(1e-3, 2);
    rec.record(1e-3, 2);
    rec.record(1e-2, 1.9);
    const error = (() => {
      try {
        rec.record(5e-3, 1.8);
      } catch (e) {
        return e;
      }
    })();
    expect(isLrfindError(error) && error.code).toBe('E_LR_ORDER');
    expect((error as Error).message).toBe('LrRecorder.record: lr must not decrease (got 0.005 at step 3 after 0.01): a range test steps its lr up');
    expect(rec.length).toBe(3);
    expect(rec.stopReason).toBeUndefined();
    expect(rec.record(2e-2, 1.7)).toBeNull();
  });

  it('keeps raw losses, the debiased EMA, times and metadata', () => {
    const rec = new LrRecorder({ now: fakeClock(), meta: { schedule: 'exp', numIt: 3, optimizer: 'Adam' } });
    expect(rec.record(1e-4, 2.3)).toBeNull();
    expect(rec.record(1e-3, 2.1)).toBeNull();
    expect(rec.record(1e-2, 1.9)).toBeNull();
    rec.finish('completed');
    const run = rec.toRun();
    expect(Array.from(run.lrs)).toEqual([1e-4, 1e-3, 1e-2]);
    expect(Array.from(run.losses)).toEqual([2.3, 2.1, 1.9]);
    expect(Array.from(run.smoothedLosses!)).toEqual(Array.from(ema([2.3, 2.1, 1.9], { beta: 0.98 })));
    expect(Array.from(run.times!)).toEqual([10, 20, 30]);
    expect(run.valLosses).toBeUndefined();
    expect(run.stopReason).toBe('completed');
    expect(run.meta).toMatchObject({ schedule: 'exp', numIt: 3, optimizer: 'Adam', lrfindVersion: VERSION });
    expect(run.meta.smoothing).toEqual({ kind: 'ema-debiased', beta: 0.98 });
    expect(typeof run.meta.startedAt).toBe('string');
  });

  it('stops on a non-finite loss even with stopDiv off, and keeps that step', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const rec = new LrRecorder({ stopDiv: false });
      rec.record(1e-3, 1);
      expect(rec.record(1e-2, bad)).toBe('non-finite');
      expect(rec.stopReason).toBe('non-finite');
      expect(rec.toRun().losses[1]).toBe(bad);
      expect(() => rec.record(1e-1, 1)).toThrow(/already ended \(non-finite\)/);
    }
  });

  it('stops on divergence of the smoothed loss (factor configurable), never with stopDiv: false', () => {
    const losses = [2, 1.5, 1, 1, 1, 3, 9, 30, 100, 300];
    const run = (stopDiv: boolean | { factor: number }): number => {
      const rec = new LrRecorder({ stopDiv, beta: 0.5 });
      let n = 0;
      for (const [i, l] of losses.entries()) {
        n++;
        if (rec.record(10 ** (i - 5), l) !== null) break;
      }
      return n;
    };
    const defaultStop = run(true);
    expect(defaultStop).toBeLessThan(losses.length);
    expect(run({ factor: 50 })).toBeGreaterThan(defaultStop);
    expect(run(false)).toBe(losses.length);
  });

  it('is safe for negative and near-zero losses (no stop on a loss crossing zero)', () => {
    const rec = new LrRecorder({ beta: 0 });
    const losses = [0.5, 0.1, 0.01, -0.01, -0.2, -0.5, -0.6];
    for (const [i, l] of losses.entries()) expect(rec.record(1e-3 * (i + 1), l)).toBeNull();
    // the rule watches the median of the last 5 raw losses: a blow-up stops it on its third step
    expect(rec.record(1, 10)).toBeNull();
    expect(rec.record(2, 10)).toBeNull();
    expect(rec.record(3, 10)).toBe('diverged');
  });

  it('ignores a single-batch spike but stops a sustained blow-up within 3 steps, without EMA lag', () => {
    const rec = new LrRecorder();
    // a fast descent to 0.5, as on a 100-step test: fastai's EMA (β = 0.98) would still be near 1.6 here
    const descent = Array.from({ length: 40 }, (_, i) => 2.3 - (1.8 * i) / 39);
    for (const [i, l] of descent.entries()) expect(rec.record(1e-4 * (i + 1), l)).toBeNull();
    expect(rec.record(1, 50)).toBeNull(); // one wild batch
    for (let k = 0; k < 4; k++) expect(rec.record(1, 0.6)).toBeNull();
    const after = [3, 3.5, 4];
    const reasons = after.map((l) => rec.record(2, l));
    expect(reasons).toEqual([null, null, 'diverged']);
  });

  it('property: the stop step does not depend on the loss scale (losses × c, c > 0)', () => {
    const stopAt = (losses: number[]): number => {
      const rec = new LrRecorder();
      for (const [i, l] of losses.entries()) if (rec.record(1e-3 * (i + 1), l) !== null) return i;
      return -1;
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000, max: 10_000 }).map((n) => n / 1000), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(0.25, 2, 8, 1024),
        (losses, c) => {
          expect(stopAt(losses.map((l) => l * c))).toBe(stopAt(losses));
        },
      ),
    );
  });

  it('records validation losses when given (NaN where missing)', () => {
    const rec = new LrRecorder();
    rec.record(1e-3, 2, { valLoss: 2.5 });
    rec.record(1e-2, 1.8);
    const run = rec.toRun();
    expect(run.valLosses![0]).toBe(2.5);
    expect(run.valLosses![1]).toBeNaN();
  });

  it('finish keeps the stop rule’s reason', () => {
    const rec = new LrRecorder();
    rec.record(1e-3, NaN);
    rec.finish('completed');
    expect(rec.toRun().stopReason).toBe('non-finite');
    const other = new LrRecorder();
    other.finish('aborted');
    expect(other.toRun().stopReason).toBe('aborted');
    expect(other.toRun().lrs.length).toBe(0);
  });

  it('round-trips through the run-file format (null for non-finite)', () => {
    const rec = new LrRecorder({ meta: { batchSize: 32 } });
    rec.record(1e-3, 2, { valLoss: 2.2 });
    rec.record(1e-2, Infinity);
    const text = serializeRun(rec.toRun());
    expect(text).toContain('"losses": [2,null]');
    const back = parseRun(text, { file: 'run.json' });
    expect(Array.from(back.losses)).toEqual([2, NaN]);
    expect(back.stopReason).toBe('non-finite');
    expect(back.meta.batchSize).toBe(32);
    expect(back.valLosses![0]).toBe(2.2);
  });

  it('rejects bad input with the bad value', () => {
    expect(() => new LrRecorder({ beta: 1 })).toThrow(/beta must be a number in \[0, 1\) \(got 1\)/);
    expect(() => new LrRecorder({ stopDiv: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => new LrRecorder({ stopDiv: { factor: 0.5 } })).toThrow(RangeError);
    const rec = new LrRecorder();
    expect(() => rec.record(0, 1)).toThrow(/lr must be a finite number > 0 \(got 0\)/);
    expect(() => rec.record(1e-3, '1' as unknown as number)).toThrow(/loss must be a number \(got "1"\)/);
  });
});
