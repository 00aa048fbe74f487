import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { isLrfindError } from '../../src/errors.js';
import {
  confirmCandidates,
  confirmLr,
  confirmPlan,
  lrFindLoop,
  parseRun,
  serializeRun,
  type Confirmation,
  type ConfirmCandidate,
  type RangeTestProgress,
} from '../../src/recorder/index.js';

/** Gradient descent on (w − 1)² from w = 5 for `steps` steps at `lr`: the loss after; diverges for lr > 1. */
function gd(lr: number, steps: number): number {
  let w = 5;
  for (let i = 0; i < steps; i++) w -= lr * 2 * (w - 1);
  return (w - 1) ** 2;
}

const cands = (...lrs: number[]): ConfirmCandidate[] => lrs.map((lr, i) => ({ lr, source: `c${i}` }));

/** A range-test-like curve: flat, a descent, a minimum near 1e-2, then a blow-up. */
function curve(): { lrs: number[]; losses: number[] } {
  const lrs: number[] = [];
  const losses: number[] = [];
  for (let i = 0; i < 100; i++) {
    const lr = 1e-6 * 10 ** (i / 14);
    const x = Math.log10(lr);
    lrs.push(lr);
    losses.push(2 - 1.5 / (1 + Math.exp(-(x + 3) * 3)) + (x > -1.5 ? (x + 1.5) ** 2 * 3 : 0) + 0.01 * Math.sin(i * 1.7));
  }
  return { lrs, losses };
}

describe('confirmPlan', () => {
  it('halves the candidates and doubles the steps each round, within the budget', () => {
    expect(confirmPlan(8, { budget: 300, extend: false })).toEqual({
      steps: 12,
      rounds: [{ trials: 8, steps: 12 }, { trials: 4, steps: 24 }, { trials: 2, steps: 48 }],
      total: 288,
    });
    // by default the budget keeps room for one more second-round trial (an lr beyond the edge)
    expect(confirmPlan(8, { budget: 300 })).toEqual({
      steps: 11,
      rounds: [{ trials: 8, steps: 11 }, { trials: 4, steps: 22 }, { trials: 2, steps: 44 }],
      total: 264,
    });
    expect(confirmPlan(7, { rangeTestSteps: 82 }).rounds).toEqual([{ trials: 7, steps: 9 }, { trials: 4, steps: 18 }, { trials: 2, steps: 36 }]);
    expect(confirmPlan(1, { budget: 50 })).toEqual({ steps: 50, rounds: [{ trials: 1, steps: 50 }], total: 50 });
    // steps given: the whole plan; with a budget too, the rounds that fit
    expect(confirmPlan(4, { steps: 10 }).total).toBe(4 * 10 + 2 * 20);
    expect(confirmPlan(4, { steps: 10, budget: 50 }).rounds).toEqual([{ trials: 4, steps: 10 }]);
    expect(confirmPlan(8, { budget: 10 })).toEqual({ steps: 0, rounds: [], total: 0 });
    // resumable trials: a round costs only what it adds, so the same budget buys longer trials
    expect(confirmPlan(8, { budget: 300, resumable: true, extend: false })).toEqual({
      steps: 18,
      rounds: [{ trials: 8, steps: 18 }, { trials: 4, steps: 36 }, { trials: 2, steps: 72 }],
      total: 8 * 18 + 4 * 18 + 2 * 36,
    });
    expect(confirmPlan(9, { budget: 90, eta: 3 }).rounds).toEqual([{ trials: 9, steps: 2 }, { trials: 3, steps: 6 }, { trials: 2, steps: 18 }]);
  });
});

describe('confirmLr', () => {
  it('measures every candidate, keeps the better half for twice as long, and answers with the best of the last round', async () => {
    const calls: [number, number][] = [];
    const c = await confirmLr(cands(1e-3, 1e-2, 0.1, 0.3, 0.5, 0.9, 1.5, 3), (lr, steps) => {
      calls.push([lr, steps]);
      return gd(lr, steps);
    }, { budget: 240, extend: false });
    expect(calls.slice(0, 8).every(([, s]) => s === 10)).toBe(true);
    // round 2: the four lowest losses (0.1 and 0.9 tie: |1 − 2·lr| = 0.8), twice as long, in candidate order
    expect(calls.slice(8, 12)).toEqual([[0.1, 20], [0.3, 20], [0.5, 20], [0.9, 20]]);
    expect(c.lr).toBe(0.5);
    expect(c.source).toBe('c4');
    expect(c.steps).toBe(8 * 10 + 4 * 20 + 2 * 40);
    expect(c.steps).toBeLessThanOrEqual(c.budget);
    expect(c.trials.filter((t) => t.kept).map((t) => t.round)).toEqual([0, 0, 0, 0, 1, 1, 2]);
    expect(c.trials.find((t) => t.lr === 3)?.diverged).toBe(false); // finite but huge: ranks by loss, not flagged
    expect(c.reason).toMatch(/^lowest validation loss after 40 steps/);
  });

  it('never lets a diverged or non-finite trial win, and breaks ties towards the lower lr', async () => {
    const c = await confirmLr(cands(0.1, 0.2, 5), (lr) => (lr === 5 ? { loss: -1, diverged: true, steps: 3 } : lr === 0.2 ? NaN : 1), { budget: 30, extend: false });
    expect(c.lr).toBe(0.1);
    expect(c.trials.find((t) => t.lr === 5)).toMatchObject({ diverged: true, steps: 3 });
    expect(c.trials.find((t) => t.lr === 0.2)).toMatchObject({ diverged: true });
    const tie = await confirmLr(cands(0.3, 0.1), () => 1, { budget: 20, extend: false });
    expect(tie.lr).toBe(0.1);
  });

  it('answers null with a reason when every trial diverges, or when there is nothing to try', async () => {
    const c = await confirmLr(cands(2, 3, 4), (lr, steps) => gd(lr, steps) * Infinity, { budget: 30 });
    expect(c.lr).toBeNull();
    expect(c.reason).toMatch(/every trial diverged/);
    expect((await confirmLr([], () => 1)).reason).toMatch(/no candidate/);
    expect((await confirmLr(cands(1, 2, 3), () => 1, { budget: 2 })).reason).toMatch(/cannot pay one step/);
  });

  it('aborts between trials with the trials so far, and wraps a failing trial in E_TRAINING', async () => {
    const ac = new AbortController();
    const error = await confirmLr(cands(0.1, 0.2, 0.3), (lr) => {
      if (lr === 0.2) ac.abort();
      return 1;
    }, { budget: 30, signal: ac.signal }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_ABORTED');
    expect((error as { details: { confirmation: Confirmation } }).details.confirmation.trials.length).toBe(2);
    const failing = await confirmLr(cands(0.1, 0.2), (lr) => {
      if (lr === 0.2) throw new Error('out of memory');
      return 1;
    }, { budget: 20, fn: 'myFinder' }).catch((e: unknown) => e);
    expect(isLrfindError(failing) && failing.code).toBe('E_TRAINING');
    expect((failing as Error).message).toBe('myFinder: the trial at lr 2.00e-1 failed: out of memory');
    const notNumber = await confirmLr(cands(0.1), () => 'x' as never, { budget: 5 }).catch((e: unknown) => e);
    expect((notNumber as Error).message).toMatch(/must return the validation loss as a number/);
  });

  it('counts what a resumed trial adds, tells which lrs were pruned, and marks the last round final', async () => {
    const pruned: number[][] = [];
    const finals: boolean[] = [];
    const last = new Map<number, number>();
    const c = await confirmLr(cands(0.1, 0.2, 0.3, 0.4), (lr, steps, info) => {
      finals.push(info.final);
      const trained = steps - (last.get(lr) ?? 0);
      last.set(lr, steps);
      return { loss: gd(lr, steps), trained };
    }, { budget: 60, resumable: true, extend: false, onPruned: (lrs) => pruned.push([...lrs]) });
    expect(c.trials.map((t) => t.steps)).toEqual([10, 10, 10, 10, 20, 20]);
    expect(c.steps).toBe(4 * 10 + 2 * 10);
    expect(pruned).toEqual([[0.1, 0.2]]);
    expect(finals).toEqual([false, false, false, false, true, true]);
  });

  it('tries half a decade beyond an edge the best sits on, within the budget', async () => {
    // (w − 1)² by gradient descent: 0.5 is best; the candidates stop at 0.05, below it
    const calls: [number, number][] = [];
    const c = await confirmLr(cands(0.005, 0.016, 0.05), (lr, steps) => {
      calls.push([lr, steps]);
      return gd(lr, steps);
    }, { budget: 60 });
    const beyond = c.trials.find((t) => t.source.startsWith('+0.5 decade beyond the best'));
    expect(beyond?.lr).toBeCloseTo(0.05 * Math.sqrt(10), 12);
    expect(beyond?.round).toBe(1);
    expect(c.lr).toBe(beyond?.lr);
    expect(c.steps).toBeLessThanOrEqual(60);
    // no edge, no extension: the best is inside the candidates
    const inside = await confirmLr(cands(0.1, 0.5, 0.9), (lr, steps) => gd(lr, steps), { budget: 60 });
    expect(inside.trials.some((t) => t.source.includes('beyond'))).toBe(false);
  });

  it('gives the last round what the budget has left', async () => {
    const c = await confirmLr(cands(0.1, 0.2, 0.3, 0.4), (lr, steps) => gd(lr, steps), { budget: 100, extend: false });
    expect(c.trials.map((t) => t.steps)).toEqual([12, 12, 12, 12, 26, 26]);
    expect(c.steps).toBe(100);
  });

  it('reports a progress event after every trial', async () => {
    const seen: RangeTestProgress[] = [];
    await confirmLr(cands(0.1, 0.2, 0.3, 0.4), (lr, steps) => gd(lr, steps), { budget: 80, extend: false, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBe(6);
    expect(seen.every((p) => p.phase === 'trial')).toBe(true);
    expect(seen.map((p) => p.step)).toEqual([10, 20, 30, 40, 60, 80]);
    expect(seen[0].numIt).toBe(80);
  });

  it('rejects bad arguments', async () => {
    await expect(confirmLr('x' as never, () => 1)).rejects.toThrow(/confirmLr: candidates must be/);
    await expect(confirmLr(cands(1), 'x' as never)).rejects.toThrow(/trial must be a function/);
    await expect(confirmLr(cands(1), () => 1, { steps: 0 })).rejects.toThrow(/steps must be an integer >= 1/);
    await expect(confirmLr(cands(1), () => 1, { budget: 1.5 })).rejects.toThrow(/budget must be an integer/);
    await expect(confirmLr(cands(1, 2), () => 1, { steps: 10, budget: 5 })).rejects.toThrow(/budget 5 cannot pay the first round/);
    await expect(confirmLr(cands(1), () => 1, { basis: 'test' as never })).rejects.toThrow(/basis must be/);
  });
});

describe('confirmCandidates', () => {
  it("tries lrfind's answer first, half a decade either side, its range's ends, then the anchors' distinct picks", () => {
    const analysis = analyze(curve());
    const lr = (analysis.choice.suggestion as { lr: number }).lr;
    const list = confirmCandidates(analysis);
    expect(list[0].lr).toBe(lr);
    expect(list[0].source.split(', ')[0]).toBe('lrfind.recommended');
    expect(list.find((c) => c.source.includes('-0.5 decade'))?.lr).toBeCloseTo(lr / Math.sqrt(10), 12);
    expect(list.find((c) => c.source.includes('+0.5 decade'))?.lr).toBeCloseTo(lr * Math.sqrt(10), 12);
    expect(list.length).toBeLessThanOrEqual(8);
    // no two within 0.2 decades; every anchor pick is within 0.2 decades of one candidate or was cut by `max`
    for (const a of list) for (const b of list) if (a !== b) expect(Math.abs(Math.log10(a.lr / b.lr))).toBeGreaterThanOrEqual(0.2 - 1e-9);
    const all = confirmCandidates(analysis, { max: 100 });
    for (const [name, s] of Object.entries(analysis.suggestions)) {
      if (s && 'lr' in s) expect(all.some((c) => c.source.split(', ').includes(name))).toBe(true);
    }
    expect(confirmCandidates(analysis, { max: 2 }).length).toBe(2);
    expect(confirmCandidates(analysis, { minSpacing: 0 }).length).toBe(8);
    expect(() => confirmCandidates(analysis, { max: 0 })).toThrow(/max must be an integer >= 1/);
  });
});

describe('lrFindLoop with confirm', () => {
  it('plans the trials from the analysis, runs them through the caller, and keeps them in the run file', async () => {
    let w = 5;
    const progress: RangeTestProgress[] = [];
    const { run, confirmation } = await lrFindLoop(
      (lr) => {
        const loss = (w - 1) ** 2;
        w -= lr * 2 * (w - 1);
        return loss;
      },
      {
        startLr: 1e-4,
        endLr: 10,
        numIt: 60,
        onProgress: (p) => progress.push(p),
        confirm: { trial: (lr, steps) => gd(lr, steps), candidates: [0.01, 0.1, 0.5, 0.9, 2] },
      },
    );
    expect(confirmation?.lr).toBe(0.5);
    expect(confirmation?.budget).toBe(3 * run.lrs.length);
    expect(run.confirmation).toEqual(confirmation);
    expect(progress.filter((p) => p.phase === 'trial').length).toBe(confirmation?.trials.length);
    expect(progress.filter((p) => p.phase === 'range-test').length).toBe(run.lrs.length);
    const back = parseRun(serializeRun(run), { file: 'run.json' });
    expect(back.confirmation).toEqual(run.confirmation);
  });

  it('rejects a confirm without a trial function', async () => {
    await expect(lrFindLoop(() => 1, { confirm: {} as never })).rejects.toThrow(/lrFindLoop: confirm must be \{ trial/);
    await expect(lrFindLoop(() => 1, { numIt: 10, confirm: { trial: () => 1, candidates: 0 } })).rejects.toThrow(/confirm.candidates must be/);
  });
});
