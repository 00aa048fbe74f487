import { describe, expect, it } from 'vitest';
import { isLrfindError } from '../../src/errors.js';
import { lrFindLoop, scheduleLrs, type Run } from '../../src/recorder/index.js';

/** Gradient descent on f(w) = (w − 1)²: converges for lr < 1, diverges for lr > 1 — a known answer. */
function quadratic(): { step: (lr: number) => number; w: () => number } {
  let w = 5;
  return {
    step: (lr) => {
      const loss = (w - 1) ** 2;
      w -= lr * 2 * (w - 1);
      return loss;
    },
    w: () => w,
  };
}

describe('lrFindLoop', () => {
  it('feeds the scheduled lrs to the step and records its losses', async () => {
    const seen: number[] = [];
    const { run, analysis } = await lrFindLoop((lr, i) => {
      seen.push(lr);
      expect(i).toBe(seen.length - 1);
      return 1 / (1 + i);
    }, { startLr: 1e-5, endLr: 1e-1, numIt: 20, stopDiv: false });
    expect(seen).toEqual(Array.from(scheduleLrs({ startLr: 1e-5, endLr: 1e-1, numIt: 20 })));
    expect(Array.from(run.lrs)).toEqual(seen);
    expect(run.losses[19]).toBe(1 / 20);
    expect(run.stopReason).toBe('completed');
    expect(run.meta).toMatchObject({ schedule: 'exp', startLr: 1e-5, endLr: 1e-1, numIt: 20, backend: 'custom' });
    expect(analysis.points).toBeGreaterThan(0);
  });

  it('stops when gradient descent diverges (lr > 1 on (w − 1)²), keeping the stopping step', async () => {
    const q = quadratic();
    const { run } = await lrFindLoop(q.step, { startLr: 1e-4, endLr: 100, numIt: 80 });
    expect(['completed', 'diverged']).toContain(run.stopReason);
    const last = run.lrs[run.lrs.length - 1];
    expect(last).toBeGreaterThan(1); // it cannot diverge while every lr so far was < 1
    expect(run.lrs.length).toBeLessThan(80);
  });

  it('stops at the first non-finite loss', async () => {
    const { run } = await lrFindLoop((_lr, i) => (i === 7 ? NaN : 1), { numIt: 50 });
    expect(run.lrs.length).toBe(8);
    expect(run.stopReason).toBe('non-finite');
  });

  it('accepts an async step and a validation loss', async () => {
    const { run } = await lrFindLoop(async (lr) => 1 + lr, { numIt: 5, validate: (lr) => 2 + lr, stopDiv: false });
    expect(run.valLosses![0]).toBeCloseTo(2 + 1e-7, 12);
  });

  it('reports progress after every step', async () => {
    const steps: number[] = [];
    await lrFindLoop(() => 1, { numIt: 6, onProgress: (p) => steps.push(p.step) });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('aborts between steps with E_ABORTED and the partial run', async () => {
    const ac = new AbortController();
    const error = await lrFindLoop(() => 1, {
      numIt: 50,
      signal: ac.signal,
      onProgress: (p) => p.step === 4 && ac.abort(),
    }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_ABORTED');
    const run = (error as { details: { run: Run } }).details.run;
    expect(run.lrs.length).toBe(4);
    expect(run.stopReason).toBe('aborted');
  });

  it('lets timers run between synchronous steps, so a timer can abort the test', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 5);
    const busy = (): number => {
      const end = performance.now() + 1;
      while (performance.now() < end);
      return 1;
    };
    const error = await lrFindLoop(busy, { numIt: 100_000, signal: ac.signal, stopDiv: false }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_ABORTED');
    expect((error as { details: { run: Run } }).details.run.lrs.length).toBeLessThan(100_000);
  });

  it('wraps a throwing step in E_TRAINING with the partial run and the cause', async () => {
    const boom = new Error('boom');
    const error = await lrFindLoop((_lr, i) => {
      if (i === 3) throw boom;
      return 1;
    }, { numIt: 10 }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_TRAINING');
    expect((error as Error).message).toMatch(/^lrFindLoop: step 3 \(lr .*\) failed: boom$/);
    expect((error as Error).cause).toBe(boom);
    expect((error as { details: { run: Run } }).details.run.stopReason).toBe('error');
  });

  it('keeps the finished run in details.run when a confirm trial throws (E_TRAINING)', async () => {
    const q = quadratic();
    const error = await lrFindLoop(q.step, {
      startLr: 1e-4,
      endLr: 10,
      numIt: 40,
      confirm: {
        trial: () => {
          throw new Error('trial boom');
        },
      },
    }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_TRAINING');
    expect((error as Error).message).toMatch(/trial boom/);
    const { run, confirmation } = (error as { details: { run: Run; confirmation: unknown } }).details;
    expect(run.lrs.length).toBeGreaterThan(10);
    expect(['completed', 'diverged']).toContain(run.stopReason);
    expect(confirmation).toBeDefined();
  });

  it('keeps the finished run in details.run when the confirm trials are aborted (E_ABORTED)', async () => {
    const q = quadratic();
    const controller = new AbortController();
    let trials = 0;
    const error = await lrFindLoop(q.step, {
      startLr: 1e-4,
      endLr: 10,
      numIt: 40,
      signal: controller.signal,
      confirm: {
        trial: () => {
          if (++trials === 2) controller.abort();
          return 1 / trials;
        },
      },
    }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_ABORTED');
    expect((error as { details: { run: Run } }).details.run.lrs.length).toBeGreaterThan(10);
  });

  it('refuses numIt: 1 before the first step (one step tests one lr)', async () => {
    let steps = 0;
    await expect(lrFindLoop(() => ++steps, { numIt: 1 })).rejects.toThrow(
      new RangeError('lrFindLoop: numIt must be >= 2 — a range test sweeps from startLr to endLr, and one step tests one lr (got 1)'),
    );
    expect(steps).toBe(0);
  });

  it('refuses bad confirm.steps / budget / eta before the range test runs', async () => {
    for (const [confirm, message] of [
      [{ steps: 0 }, 'lrFindLoop: confirm.steps must be an integer >= 1 (got 0)'],
      [{ steps: -3 }, 'lrFindLoop: confirm.steps must be an integer >= 1 (got -3)'],
      [{ steps: 2.5 }, 'lrFindLoop: confirm.steps must be an integer >= 1 (got 2.5)'],
      [{ budget: 0 }, 'lrFindLoop: confirm.budget must be an integer >= 1 (got 0)'],
      [{ eta: 1 }, 'lrFindLoop: confirm.eta must be an integer >= 2 (got 1)'],
    ] as const) {
      let steps = 0;
      await expect(lrFindLoop(() => ++steps, { numIt: 10, confirm: { ...confirm, trial: () => 1 } })).rejects.toThrow(new RangeError(message));
      expect(steps).toBe(0);
    }
  });

  it('refuses a trial that reports steps it cannot have trained (≤ 0, fractional, more than asked), keeping the run', async () => {
    for (const bad of [0, -1, 2.5, 1e9]) {
      const q = quadratic();
      const error = await lrFindLoop(q.step, { startLr: 1e-4, endLr: 10, numIt: 40, confirm: { trial: () => ({ loss: 1, steps: bad }) } }).catch((e: unknown) => e);
      expect(isLrfindError(error) && error.code).toBe('E_TRAINING');
      expect((error as Error).message).toMatch(new RegExp(`^lrFindLoop: the trial at lr .* returned steps ${bad}: it must be an integer in \\[1, \\d+\\]$`));
      expect((error as { details: { run: Run } }).details.run.lrs.length).toBeGreaterThan(10);
    }
    const q = quadratic();
    const error = await lrFindLoop(q.step, { startLr: 1e-4, endLr: 10, numIt: 40, confirm: { trial: () => ({ loss: 1, trained: -2 }) } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/returned trained -2: it must be an integer in \[0, \d+\]$/);
  });

  it('rejects a step that returns no number, and bad options', async () => {
    await expect(lrFindLoop(() => 'x' as unknown as number, { numIt: 3 })).rejects.toThrow(/must return the loss as a number \(got "x"\)/);
    await expect(lrFindLoop(42 as unknown as () => number)).rejects.toThrow(TypeError);
    await expect(lrFindLoop(() => 1, { numIt: -1 })).rejects.toThrow(RangeError);
    await expect(lrFindLoop(() => 1, { signal: {} as AbortSignal })).rejects.toThrow(/signal must be an AbortSignal/);
  });
});

describe('a reversed schedule is refused at the entry', () => {
  it('lrFindLoop throws before the first step when startLr >= endLr', async () => {
    let steps = 0;
    await expect(lrFindLoop(() => ++steps, { startLr: 1, endLr: 1e-3 })).rejects.toThrow(/^lrFindLoop: startLr must be below endLr/);
    await expect(lrFindLoop(() => ++steps, { startLr: 0.1, endLr: 0.1 })).rejects.toThrow(/startLr must be below endLr/);
    expect(steps).toBe(0);
  });
});

