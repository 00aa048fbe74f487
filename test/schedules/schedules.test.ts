import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, withTrials, type Analysis } from '../../src/analysis/index.js';
import {
  cyclicFromAnalysis,
  cyclicSchedule,
  fitOneCycleFromAnalysis,
  fitOneCycleSchedule,
  oneCycleFromAnalysis,
  oneCycleSchedule,
  SCHEDULE_KINDS,
  scheduleFromAnalysis,
  scheduleValues,
  sliceLrs,
} from '../../src/schedules/index.js';

const run = JSON.parse(readFileSync(new URL('../fixtures/runs/real-mnist-mlp-adam-300.json', import.meta.url), 'utf8')) as {
  lrs: number[];
  losses: (number | null)[];
};
const curve = { lrs: run.lrs, losses: run.losses.map((x) => x ?? NaN) };

describe('TSDoc examples of src/schedules', () => {
  it('oneCycleSchedule', () => {
    const s = oneCycleSchedule({ maxLr: 0.01, totalSteps: 100 });
    expect(s(0).lr).toBeCloseTo(4e-4, 15);
    expect(s(0).momentum).toBe(0.95);
    expect(s(29)).toEqual({ lr: 0.01, momentum: 0.85 });
    expect(s(99)).toEqual({ lr: 4e-8, momentum: 0.95 });
  });
  it('cyclicSchedule', () => {
    const s = cyclicSchedule({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 4, cycleMomentum: false });
    expect([s(0), s(4), s(6)]).toEqual([{ lr: 0.001 }, { lr: 0.006 }, { lr: 0.0035 }]);
  });
  it('fitOneCycleSchedule', () => {
    const s = fitOneCycleSchedule({ lrMax: 0.01, epochs: 1, stepsPerEpoch: 100 });
    expect(s(0)).toEqual({ lr: 0.0004, momentum: 0.95 });
    expect(s(25)).toEqual({ lr: 0.01, momentum: 0.85 });
    expect(s(99).lr).toBeCloseTo(4.5e-6, 7);
    expect(s(99).momentum).toBeCloseTo(0.94996, 5);
    // totalSteps alone is one epoch of that many batches
    const t = fitOneCycleSchedule({ lrMax: 0.01, totalSteps: 100 });
    for (let i = 0; i < 100; i++) expect(t(i)).toEqual(s(i));
  });
  it('sliceLrs, scheduleValues', () => {
    expect([...sliceLrs(1e-5, 1e-3, 3)].map((x) => +x.toPrecision(12))).toEqual([1e-5, 1e-4, 1e-3]);
    expect([...sliceLrs(undefined, 1e-3, 3)]).toEqual([1e-4, 1e-4, 1e-3]);
    expect([...sliceLrs(1e-5, 1e-3, 1)]).toEqual([1e-3]);
    const v = scheduleValues(cyclicSchedule({ baseLr: 1, maxLr: 3, stepSizeUp: 2, cycleMomentum: false }), 4);
    expect([...v.lrs]).toEqual([1, 2, 3, 2]);
    expect(v.momentums).toBeNull();
    const m = scheduleValues(oneCycleSchedule({ maxLr: 1, totalSteps: 10 }), 10);
    expect(m.momentums?.[0]).toBe(0.95);
  });
});

describe('schedules: properties', () => {
  it('oneCycleSchedule peaks at maxLr and never leaves [minLr, maxLr] before the last step; momentum mirrors it', () => {
    for (const [total, pct] of [[100, 0.3], [57, 0.25], [1000, 0.1]] as const) {
      const s = oneCycleSchedule({ maxLr: 0.1, totalSteps: total, pctStart: pct });
      const v = scheduleValues(s, total);
      expect(Math.max(...v.lrs)).toBeLessThanOrEqual(0.1 * (1 + 1e-15));
      expect(Math.min(...v.lrs)).toBeGreaterThanOrEqual(0.1 / 25 / 1e4 * (1 - 1e-12));
      const peak = v.lrs.indexOf(Math.max(...v.lrs));
      expect(v.momentums?.[peak]).toBeCloseTo(0.85, 2);
    }
  });
  it('triangular2 halves the amplitude each cycle; expRange with gamma 1 is triangular', () => {
    const t2 = cyclicSchedule({ baseLr: 0, maxLr: 8, stepSizeUp: 5, mode: 'triangular2' });
    expect([t2(5).lr, t2(15).lr, t2(25).lr]).toEqual([8, 4, 2]);
    const e = cyclicSchedule({ baseLr: 1, maxLr: 2, stepSizeUp: 3, mode: 'expRange', gamma: 1 });
    const t = cyclicSchedule({ baseLr: 1, maxLr: 2, stepSizeUp: 3 });
    for (let i = 0; i < 20; i++) expect(e(i)).toEqual(t(i));
  });
});

describe('schedules: bad input', () => {
  it('names the function and the bad value', () => {
    expect(() => oneCycleSchedule({ maxLr: -1, totalSteps: 10 })).toThrow(/oneCycleSchedule: maxLr must be a finite number > 0 \(got -1\)/);
    expect(() => oneCycleSchedule({ maxLr: 1 })).toThrow(/oneCycleSchedule: give totalSteps, or epochs and stepsPerEpoch/);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 2.5 })).toThrow(/totalSteps must be an integer >= 1 \(got 2.5\)/);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow(/pctStart must be a number in \[0, 1\] \(got 1.5\)/);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10, annealStrategy: 'exp' as 'cos' })).toThrow(/annealStrategy must be 'cos' or 'linear' \(got "exp"\)/);
    expect(() => oneCycleSchedule(null as never)).toThrow(TypeError);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10 })(11)).toThrow(/step must be an integer in \[0, 10\] \(got 11\)/);
    expect(() => cyclicSchedule({ baseLr: 1, maxLr: 2, mode: 'sawtooth' as 'triangular' })).toThrow(/cyclicSchedule: mode must be/);
    expect(() => cyclicSchedule({ baseLr: 1, maxLr: 2, stepSizeUp: 0 })).toThrow(/stepSizeUp must be a finite number > 0 \(got 0\)/);
    expect(() => cyclicSchedule({ baseLr: 1, maxLr: 2 })(-1)).toThrow(RangeError);
    expect(() => fitOneCycleSchedule({ lrMax: 1, epochs: 2, stepsPerEpoch: 5, totalSteps: 11 })).toThrow(/disagrees/);
    expect(() => fitOneCycleSchedule({ lrMax: 1, totalSteps: 10, moms: [0.9, 0.8] as never })).toThrow(/moms must be/);
    expect(() => sliceLrs(1e-5, 1e-3, 0)).toThrow(/sliceLrs: groups must be an integer >= 1 \(got 0\)/);
    expect(() => sliceLrs(-1, 1e-3, 2)).toThrow(/sliceLrs: lo must be/);
  });
  it("throws where PyTorch's OneCycleLR divides by zero (a first phase ending at step 0)", () => {
    // pct_start · total_steps = 1 → end_step 0 → (0 − 0) / (0 − 0)
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 4, pctStart: 0.25 })).toThrow(/phase 1 of the cycle has zero length at step 0/);
  });
});

describe('schedules from an analysis', () => {
  const frozen = analyze(curve, { frozen: true });
  const unfrozen = analyze(curve, { frozen: false });

  it('oneCycleFromAnalysis peaks at answer.lr', () => {
    const answer = frozen.choice.suggestion as { lr: number };
    expect(frozen.answer?.lr).toBe(answer.lr);
    const r = oneCycleFromAnalysis(frozen, { totalSteps: 200 });
    if (r.schedule === undefined) throw new Error(r.reason);
    expect(r.maxLr).toBe(answer.lr);
    expect(r.minLr).toBeNull();
    expect(r.source).toBe('answer (range test)');
    const direct = oneCycleSchedule({ maxLr: answer.lr, totalSteps: 200 });
    for (let i = 0; i <= 200; i++) expect(r.schedule(i)).toEqual(direct(i));
  });

  it("for an unfrozen model, peaks at the slice's top and returns its bottom for the layer groups", () => {
    const [lo, hi] = (unfrozen.choice.suggestion as { range: readonly [number, number] }).range;
    const r = fitOneCycleFromAnalysis(unfrozen, { epochs: 2, stepsPerEpoch: 50 });
    if (r.schedule === undefined) throw new Error(r.reason);
    expect([r.minLr, r.maxLr]).toEqual([lo, hi]);
    expect(r.source).toBe('answer (range test)');
    expect(r.schedule(25).lr).toBe(hi);
  });

  it('every builder takes the measured answer: an analysis with trials, a result carrying it, or the answer itself', () => {
    const trials = {
      lr: 0.02,
      reason: 'lowest validation loss',
      basis: 'validation',
      trials: [
        { lr: 0.002, round: 0, steps: 10, loss: 0.8, diverged: false },
        { lr: 0.02, round: 0, steps: 10, loss: 0.5, diverged: false },
        { lr: 0.05, round: 0, steps: 10, loss: 0.54, diverged: false },
        { lr: 0.2, round: 0, steps: 10, loss: NaN, diverged: true },
      ],
    };
    const measured = withTrials(frozen, trials);
    expect(measured.answer?.basis).toBe('measured');
    for (const input of [measured, { answer: measured.answer }, measured.answer!]) {
      const r = oneCycleFromAnalysis(input, { totalSteps: 100 });
      expect(r.schedule && r.maxLr).toBe(0.02);
      expect(r.source).toBe('answer (measured)');
      expect(fitOneCycleFromAnalysis(input, { totalSteps: 100 }).schedule?.(25).lr).toBe(0.02);
      const c = cyclicFromAnalysis(input, { stepSizeUp: 10 });
      expect(c.schedule && [c.minLr, c.maxLr]).toEqual([0.02, 0.05]); // the measured good region: within 10 % of the best
    }
  });

  it("cyclicFromAnalysis cycles across the answer's range (lrfind.range for a range-test answer)", () => {
    const [lo, hi] = (frozen.suggestions['lrfind.range'] as { range: readonly [number, number] }).range;
    const r = cyclicFromAnalysis(frozen, { stepSizeUp: 10 });
    if (r.schedule === undefined) throw new Error(r.reason);
    expect([r.minLr, r.maxLr]).toEqual([lo, hi]);
    expect(r.schedule(0).lr).toBe(lo);
    expect(r.schedule(10).lr).toBeCloseTo(hi, 15);
    const own = cyclicFromAnalysis(analyze(curve, { preset: 'lrfind' }), { stepSizeUp: 10 });
    expect(own.schedule && [own.minLr, own.maxLr]).toEqual([lo, hi]);
  });

  it('scheduleFromAnalysis builds each kind by name', () => {
    const answer = frozen.choice.suggestion as { lr: number };
    const one = scheduleFromAnalysis(frozen, 'one-cycle', 100);
    expect(one.schedule?.(50)).toEqual(oneCycleSchedule({ maxLr: answer.lr, totalSteps: 100 })(50));
    const fastai = scheduleFromAnalysis(frozen, 'fit-one-cycle', 100);
    expect(fastai.schedule?.(25).lr).toBe(answer.lr);
    const cyclic = scheduleFromAnalysis(frozen, 'cyclic', 100);
    const [lo, hi] = (frozen.suggestions['lrfind.range'] as { range: readonly [number, number] }).range;
    expect(cyclic.schedule?.(0).lr).toBe(lo);
    expect(cyclic.schedule?.(25).lr).toBeCloseTo(hi, 15); // stepSizeUp = totalSteps / 4
    expect(SCHEDULE_KINDS).toEqual(['one-cycle', 'fit-one-cycle', 'cyclic']);
    expect(() => scheduleFromAnalysis(frozen, 'sgdr' as never, 100)).toThrow(/scheduleFromAnalysis: kind must be one of one-cycle, fit-one-cycle, cyclic \(got "sgdr"\)/);
    expect(() => scheduleFromAnalysis(frozen, 'cyclic', 0)).toThrow(/totalSteps must be an integer >= 1/);
  });

  it('gives no schedule, with the reason, when the analysis has no answer', () => {
    const flat = analyze({ lrs: [1e-3, 1e-2, 1e-1], losses: [2, 1, 0.5] });
    const r = oneCycleFromAnalysis(flat, { totalSteps: 10 });
    expect(r.schedule).toBeUndefined();
    expect(r.reason).toMatch(/^oneCycleFromAnalysis: no answer \(/);
    const c = cyclicFromAnalysis(flat);
    expect(c.schedule).toBeUndefined();
    expect(c.reason).toMatch(/^cyclicFromAnalysis: no answer/);
    // a tool's preset keeps lrfind's answer for the schedules
    const fastaiOnly = analyze(curve, { preset: 'fastai' });
    const fc2 = cyclicFromAnalysis(fastaiOnly);
    expect(fc2.schedule && fc2.maxLr).toBe(frozen.answer?.range[1]);
    expect(() => oneCycleFromAnalysis({} as Analysis, { totalSteps: 10 })).toThrow(/oneCycleFromAnalysis: analysis must be the result of analyze\(\)/);
  });
});

describe('schedules: invariants (fast-check)', () => {
  it('cyclicSchedule stays between its bounds, momentum mirrored between its own', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.constantFrom('triangular', 'triangular2', 'expRange') as fc.Arbitrary<'triangular' | 'triangular2' | 'expRange'>,
        fc.double({ min: 0.9, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        (a, b, up, down, mode, gamma, step) => {
          const s = cyclicSchedule({ baseLr: a, maxLr: b, stepSizeUp: up, stepSizeDown: down, mode, gamma })(step);
          const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
          expect(s.lr).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
          expect(s.lr).toBeLessThanOrEqual(hi * (1 + 1e-12));
          expect(s.momentum!).toBeGreaterThanOrEqual(0.8 - 1e-12);
          expect(s.momentum!).toBeLessThanOrEqual(0.9 + 1e-12);
        },
      ),
    );
  });

  it('oneCycleSchedule (two phases) stays in [final lr, maxLr] over steps 0 … totalSteps − 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.integer({ min: 2, max: 2000 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.constantFrom('cos', 'linear') as fc.Arbitrary<'cos' | 'linear'>,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (maxLr, totalSteps, pctStart, annealStrategy, where) => {
          fc.pre(pctStart * totalSteps !== 1); // PyTorch divides by zero there (tested above)
          const step = Math.min(totalSteps - 1, Math.floor(where * totalSteps));
          const { lr, momentum } = oneCycleSchedule({ maxLr, totalSteps, pctStart, annealStrategy })(step);
          expect(lr).toBeLessThanOrEqual(maxLr * (1 + 1e-12));
          expect(lr).toBeGreaterThanOrEqual((maxLr / 25 / 1e4) * (1 - 1e-9));
          expect(momentum!).toBeGreaterThanOrEqual(0.85 - 1e-12);
          expect(momentum!).toBeLessThanOrEqual(0.95 + 1e-12);
        },
      ),
    );
  });
});
