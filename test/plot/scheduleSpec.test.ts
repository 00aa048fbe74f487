import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { renderSvg } from '../../src/plot/render.js';
import { schedulePanel, scheduleReportSpec } from '../../src/plot/scheduleSpec.js';
import { cyclicFromAnalysis, oneCycleFromAnalysis, oneCycleSchedule, scheduleValues } from '../../src/schedules/index.js';
import { schemaErrors } from './schema.js';

const file = JSON.parse(readFileSync(new URL('../fixtures/runs/real-mnist-mlp-adam-300.json', import.meta.url), 'utf8')) as { lrs: number[]; losses: (number | null)[] };
const run = { lrs: file.lrs, losses: file.losses.map((x) => x ?? NaN) };
const analysis = analyze(run);

describe('schedulePanel / scheduleReportSpec', () => {
  const oneCycle = oneCycleFromAnalysis(analysis, { totalSteps: 5000 }).schedule!;
  const cyclic = cyclicFromAnalysis(analysis, { stepSizeUp: 500 }).schedule!;
  const spec = scheduleReportSpec(run, analysis, { 'one-cycle': oneCycle, cyclic }, 5000);

  it('puts the finder plot and the schedule panel side by side, valid Vega-Lite, and renders', async () => {
    expect(schemaErrors(spec)).toEqual([]);
    const s = spec as unknown as { hconcat: { vconcat?: unknown; layer?: unknown[] }[]; datasets: unknown };
    expect(s.hconcat).toHaveLength(2);
    expect(s.hconcat[0].vconcat).toBeDefined();
    expect(s.datasets).toBeDefined();
    const svg = await renderSvg(spec);
    expect(svg).toContain('Training schedule');
    expect(svg).toContain('one-cycle');
  });

  it('draws every schedule thinned to maxPoints (the last step kept) and the answer as a rule', () => {
    const panel = schedulePanel([{ name: 'one-cycle', lrs: scheduleValues(oneCycle, 5000).lrs }], { answer: 2e-3, maxPoints: 600 });
    const values = panel.data.values;
    expect(values.length).toBeLessThanOrEqual(601);
    expect(values.at(-1)).toEqual({ schedule: 'one-cycle', step: 4999, lr: oneCycle(4999).lr });
    expect(values[0]).toEqual({ schedule: 'one-cycle', step: 0, lr: oneCycle(0).lr });
    expect((panel.layer[1] as { data: { values: unknown[] } }).data.values).toEqual([{ lr: 2e-3, label: 'answer 2.0e-3' }]);
    const answer = analysis.choice.suggestion as { lr: number };
    const rule = (spec as unknown as { hconcat: [unknown, { layer: { data: { values: { lr: number }[] } }[] }] }).hconcat[1].layer[1];
    expect(rule.data.values[0].lr).toBe(answer.lr);
  });

  it('rejects bad input naming the function', () => {
    expect(() => schedulePanel([])).toThrow(/schedulePanel: series must be a non-empty array/);
    expect(() => schedulePanel([{ name: 'x', lrs: [1, 0] }])).toThrow(/schedulePanel: x's lr at step 1 must be a finite number > 0/);
    expect(() => schedulePanel([{ name: 'x', lrs: [1] }], { width: 5 })).toThrow(/schedulePanel: width must be an integer/);
    expect(() => scheduleReportSpec(run, analysis, { a: oneCycleSchedule({ maxLr: 1, totalSteps: 10 }) })).toThrow(/steps is required/);
  });
});
