import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { assertCurve } from '../../src/analysis/assert.js';
import type { LrfindError } from '../../src/errors.js';

const thrown = (f: () => unknown): LrfindError => {
  try {
    f();
  } catch (error) {
    return error as LrfindError;
  }
  throw new Error('expected a throw');
};

describe('the learning rates of a range test never decrease', () => {
  const losses = [3, 2, 1, 2, 5];
  it('refuses decreasing lrs, naming the first bad index', () => {
    const e = thrown(() => analyze({ lrs: [1e-4, 1e-3, 1e-2, 5e-3, 1e-1], losses }));
    expect(e.code).toBe('E_LR_ORDER');
    expect(e.message).toBe('analyze: learning rates must not decrease (lrs[3] = 0.005 after 0.01): out of order or shuffled? sort the run by step');
    expect(e.details).toEqual({ index: 3 });
  });
  it('refuses a decreasing schedule and shuffled lrs (the "range" 3.27e0 … 2.26e0 of lrfind 0.1)', () => {
    expect(thrown(() => analyze({ lrs: [1, 1e-1, 1e-2, 1e-3, 1e-4], losses })).details).toEqual({ index: 1 });
    expect(thrown(() => assertCurve('f', { lrs: [1e-4, 1e-2, 1e-3, 1e-1, 1], losses })).details).toEqual({ index: 2 });
  });
  it('refuses all-equal lrs: no range to test', () => {
    const e = thrown(() => analyze({ lrs: [1e-3, 1e-3, 1e-3, 1e-3, 1e-3], losses }));
    expect(e.code).toBe('E_LR_ORDER');
    expect(e.message).toMatch(/every learning rate is 0\.001/);
  });
  it('keeps repeated lrs that never decrease (a per-epoch schedule), every point in run order', () => {
    const a = analyze({ lrs: [1e-4, 1e-4, 1e-3, 1e-3, 1e-2, 1e-2, 1e-1, 1e-1, 1, 1], losses: [3, 2.9, 2.5, 2.4, 1.5, 1.4, 1.2, 1.3, 4, 8] });
    expect(a.points).toBeGreaterThan(0);
    // a single point is a run of one lr: not "all equal"
    expect(() => analyze({ lrs: [1e-3], losses: [1] })).not.toThrow();
  });
});
