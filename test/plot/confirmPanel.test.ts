import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { confirmPanel, withConfirmPanel } from '../../src/plot/confirmPanel.js';
import { finderSpec } from '../../src/plot/finderSpec.js';
import { reportSpec } from '../../src/plot/renderReport.js';
import type { Confirmation } from '../../src/runs/confirmation.js';
import { classicRun } from './curves.js';
import { schemaErrors } from './schema.js';

const confirmation: Confirmation = {
  lr: 3e-3,
  source: 'lrfind.recommended',
  reason: 'lowest validation loss after 40 steps (0.3582)',
  steps: 220,
  budget: 300,
  basis: 'validation',
  trials: [
    { lr: 1e-3, source: 'a', round: 0, steps: 10, loss: 1.2, diverged: false, kept: true },
    { lr: 3e-3, source: 'lrfind.recommended', round: 0, steps: 10, loss: 0.9, diverged: false, kept: true },
    { lr: 1e-1, source: 'b', round: 0, steps: 4, loss: NaN, diverged: true, kept: false },
    { lr: 1e-5, source: 'c', round: 0, steps: 10, loss: 2.3, diverged: false, kept: false },
    { lr: 1e-3, source: 'a', round: 1, steps: 20, loss: 0.8, diverged: false, kept: false },
    { lr: 3e-3, source: 'lrfind.recommended', round: 1, steps: 20, loss: 0.6, diverged: false, kept: true },
  ],
};

describe('confirmPanel', () => {
  it('draws every measured trial by round, diverged ones as crosses, and rings the answer', () => {
    const panel = confirmPanel(confirmation, { width: 500, height: 120 });
    expect(panel).toMatchObject({ width: 500, height: 120 });
    const [lines, points, diverged, offScale, answer] = panel.layer as { data: { values: Record<string, unknown>[] } }[];
    expect(points.data.values.map((v) => v.lr)).toEqual([1e-3, 3e-3, 1e-5, 1e-3, 3e-3]);
    expect(lines.data.values.length).toBe(5);
    expect(diverged.data.values.map((v) => v.lr)).toEqual([1e-1]);
    expect(offScale.data.values).toEqual([]);
    expect(answer.data.values).toEqual([expect.objectContaining({ lr: 3e-3, loss: 0.6, label: 'measured: 3.0e-3' })]);
  });

  it('marks a diverged trial along the top whatever loss it reported, and keeps a far worse one from squashing the scale', () => {
    const wild: Confirmation = {
      ...confirmation,
      trials: [
        ...confirmation.trials,
        { lr: 3e-2, source: 'd', round: 0, steps: 10, loss: 5e4, diverged: true, kept: false },
        { lr: 1e-2, source: 'e', round: 0, steps: 10, loss: 600, diverged: false, kept: false },
      ],
    };
    const panel = confirmPanel(wild);
    const [, points, diverged, offScale] = panel.layer as { data: { values: Record<string, unknown>[] } }[];
    const y = (panel.layer[1] as { encoding: { y: { scale: { domain: number[] } } } }).encoding.y.scale.domain;
    // the scale is the better trials' (0.6 … 2.3), not 5e4's or 600's
    expect(y[1]).toBeLessThan(5);
    expect(diverged.data.values.map((v) => v.lr)).toEqual([1e-1, 3e-2]);
    expect(offScale.data.values.map((v) => [v.lr, v.reported, v.status])).toEqual([[1e-2, 600, 'pruned, above the scale']]);
    expect(points.data.values.every((v) => (v.loss as number) <= y[1])).toBe(true);
    for (const v of [...diverged.data.values, ...offScale.data.values]) expect(v.loss).toBeLessThan(y[1]);
  });

  it('goes under the finder plot as a valid Vega-Lite spec, and reportSpec adds it for a run with trials', () => {
    const run = classicRun(100);
    const analysis = analyze(run);
    const spec = withConfirmPanel(finderSpec(run, analysis), confirmation, { lrDomain: [run.lrs[0], run.lrs[run.lrs.length - 1]] });
    expect(schemaErrors(spec)).toEqual([]);
    expect((spec as { vconcat: unknown[] }).vconcat).toHaveLength(2);
    const plain = reportSpec([{ name: 'a', run, analysis }], { tooltips: false });
    expect(JSON.stringify(plain)).not.toContain('"confirm trials"');
    const withTrials = reportSpec([{ name: 'a', run: { ...run, confirmation }, analysis }], { tooltips: true });
    expect(schemaErrors(withTrials)).toEqual([]);
    expect(JSON.stringify(withTrials)).toContain('"confirm trials"');
  });

  it('an all-diverged confirmation has no answer mark', () => {
    const none: Confirmation = { ...confirmation, lr: null, source: null, trials: confirmation.trials.map((t) => ({ ...t, loss: NaN, diverged: true })) };
    const [, points, diverged, , answer] = confirmPanel(none).layer as { data: { values: unknown[] } }[];
    expect(points.data.values).toEqual([]);
    expect(diverged.data.values).toHaveLength(6);
    expect(answer.data.values).toEqual([]);
  });
});
