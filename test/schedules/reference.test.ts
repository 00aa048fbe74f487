import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cyclicSchedule,
  fitOneCycleSchedule,
  oneCycleSchedule,
  sliceLrs,
  type CyclicOptions,
  type OneCycleOptions,
  type Schedule,
} from '../../src/schedules/index.js';

// References from scripts/reference/schedules.py: PyTorch's OneCycleLR / CyclicLR and fastai's fit_one_cycle,
// transcribed, run step by step. Equality to 1e-12 relative at every step.
type Py = Record<string, unknown>;
interface Case {
  readonly options: Py;
  readonly optimizer?: string;
  readonly steps?: number;
  readonly lrs: number[];
  readonly momentums: number[] | null;
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/reference/schedules.json', import.meta.url), 'utf8')) as {
  oneCycle: Case[];
  cyclic: Case[];
  fitOneCycle: Case[];
  slice: { lo: number | null; hi: number; groups: number; lrs: number[] }[];
};

const camel = (name: string): string => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function camelOptions(options: Py): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [camel(k), v]));
}
const SCALE_FNS: Record<string, (x: number) => number> = {
  half_sine: (x) => 0.5 * (1 + Math.sin((x * Math.PI) / 2)),
  inverse: (x) => 1 / (1 + 0.01 * x),
};

function expectSequence(schedule: Schedule, c: Case): void {
  const worst = { lr: 0, momentum: 0 };
  for (let i = 0; i < c.lrs.length; i++) {
    const { lr, momentum } = schedule(i);
    worst.lr = Math.max(worst.lr, Math.abs(lr - c.lrs[i]) / Math.abs(c.lrs[i]));
    if (c.momentums === null) expect(momentum).toBeUndefined();
    else worst.momentum = Math.max(worst.momentum, Math.abs((momentum as number) - c.momentums[i]) / Math.abs(c.momentums[i]));
  }
  expect(worst.lr).toBeLessThanOrEqual(1e-12);
  expect(worst.momentum).toBeLessThanOrEqual(1e-12);
}

describe('oneCycleSchedule equals PyTorch OneCycleLR step for step', () => {
  for (const c of ref.oneCycle) {
    it(`${JSON.stringify(c.options)} (${c.optimizer}), steps 0…${c.lrs.length - 1}`, () => {
      const schedule = oneCycleSchedule(camelOptions(c.options) as unknown as OneCycleOptions);
      expectSequence(schedule, c);
      // PyTorch raises past total_steps
      expect(() => schedule(c.lrs.length)).toThrow(RangeError);
    });
  }
});

describe('cyclicSchedule equals PyTorch CyclicLR step for step', () => {
  for (const c of ref.cyclic) {
    it(`${JSON.stringify(c.options)} (${c.optimizer}), ${c.steps} steps`, () => {
      const options = camelOptions(c.options);
      if (typeof options.scaleFn === 'string') options.scaleFn = SCALE_FNS[options.scaleFn];
      expectSequence(cyclicSchedule(options as unknown as CyclicOptions), c);
    });
  }
  it("accepts PyTorch's 'exp_range' spelling and lrfind's 'expRange' alike", () => {
    const a = cyclicSchedule({ baseLr: 1e-3, maxLr: 1e-2, stepSizeUp: 5, mode: 'expRange', gamma: 0.9 });
    const b = cyclicSchedule({ baseLr: 1e-3, maxLr: 1e-2, stepSizeUp: 5, mode: 'exp_range', gamma: 0.9 });
    for (let i = 0; i < 30; i++) expect(a(i)).toEqual(b(i));
  });
});

describe("fitOneCycleSchedule equals fastai's fit_one_cycle (ParamScheduler) batch for batch", () => {
  for (const c of ref.fitOneCycle) {
    it(JSON.stringify(c.options), () => {
      const o = c.options as { n_epoch: number; n_iter: number; lr_max: number; div?: number; div_final?: number; pct_start?: number; moms?: [number, number, number] };
      const schedule = fitOneCycleSchedule({
        lrMax: o.lr_max,
        epochs: o.n_epoch,
        stepsPerEpoch: o.n_iter,
        div: o.div,
        divFinal: o.div_final,
        pctStart: o.pct_start,
        moms: o.moms,
      });
      expectSequence(schedule, c);
      expect(() => schedule(c.lrs.length)).toThrow(RangeError);
    });
  }
});

describe("sliceLrs equals fastai's set_hyper(slice(lo, hi)) (even_mults)", () => {
  for (const c of ref.slice) {
    it(`slice(${c.lo}, ${c.hi}) over ${c.groups} groups`, () => {
      const got = sliceLrs(c.lo ?? undefined, c.hi, c.groups);
      expect(got.length).toBe(c.groups);
      got.forEach((lr, i) => expect(Math.abs(lr - c.lrs[i]) / c.lrs[i]).toBeLessThanOrEqual(1e-12));
    });
  }
});
