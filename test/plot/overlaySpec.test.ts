import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { overlaySpec } from '../../src/plot/overlaySpec.js';
import { RUN_COLORS } from '../../src/plot/theme.js';
import { classicRun } from './curves.js';
import { schemaErrors } from './schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs are inspected as plain JSON
type Json = any;

const runs = [1, 2, 3].map((seed) => {
  const run = classicRun(150, { seed, centre: -3 + (seed - 2) * 0.3 });
  return { name: `seed ${seed}`, run, analysis: analyze(run) };
});

describe('overlaySpec', () => {
  const spec: Json = overlaySpec(runs);
  /** Panels: the label strip (each run's answer), the loss panel, the gradient panel. */
  const [strip, lossPanel, gradientPanel] = spec.vconcat;

  it('validates against the Vega-Lite schema', () => {
    expect(schemaErrors(spec)).toEqual([]);
    expect(schemaErrors(overlaySpec(runs, { layers: { gradient: false, tooltips: false } }))).toEqual([]);
  });

  it('colours each run and lists them in a legend, in order', () => {
    const smooth = lossPanel.layer.find((l: Json) => l.mark.type === 'line' && l.encoding.y.field === 'smoothedDrawn');
    expect(smooth.encoding.color.field).toBe('run');
    expect(smooth.encoding.color.scale.domain).toEqual(['seed 1', 'seed 2', 'seed 3']);
    expect(smooth.encoding.color.scale.range).toEqual(RUN_COLORS.slice(0, 3));
    expect(smooth.encoding.color.legend.title).toBe('run');
    expect(new Set(spec.datasets.curve.map((r: Json) => r.run))).toEqual(new Set(['seed 1', 'seed 2', 'seed 3']));
  });

  it("marks each run's answer, labelled in the strip in the run's colour", () => {
    expect(spec.datasets.choices.map((c: Json) => [c.run, c.lr])).toEqual(
      runs.map((r) => [r.name, (r.analysis.choice.suggestion as { lr: number }).lr]),
    );
    expect(strip.layer.every((l: Json) => l.data.name === 'labels')).toBe(true);
    expect(spec.datasets.labels.map((l: Json) => l.color)).toEqual(RUN_COLORS.slice(0, 3));
    expect(lossPanel.layer.some((l: Json) => l.mark.type === 'text')).toBe(false);
  });

  it('shortens long names in the middle and keeps them apart', () => {
    const long = 'mnist-mlp-adam-batch64-lr-sweep-seed-1.json';
    const s: Json = overlaySpec([{ ...runs[0], name: long }, { ...runs[1], name: long.replace('seed-1', 'seed-2') }]);
    const names = [...new Set(s.datasets.curve.map((r: Json) => r.run))] as string[];
    expect(names).toHaveLength(2);
    for (const n of names) expect([...n].length).toBeLessThanOrEqual(28);
    expect(names[0]).toMatch(/^mnist-mlp-ada.*….*seed-1\.json$/);
  });

  it('aligns a gradient panel with one line per run', () => {
    expect(spec.vconcat).toHaveLength(3);
    const grad = gradientPanel.layer.find((l: Json) => l.mark.type === 'line');
    expect(grad.encoding.y.field).toBe('gradientDrawn');
    expect(grad.encoding.color.field).toBe('run');
  });

  it('makes repeated names unique', () => {
    const s: Json = overlaySpec([runs[0], { ...runs[1], name: 'seed 1' }]);
    expect(s.datasets.choices.map((c: Json) => c.run)).toEqual(['seed 1', 'seed 1 (2)']);
  });

  it('tooltips name the run', () => {
    const hover = lossPanel.layer.find((l: Json) => l.params);
    expect(hover.encoding.tooltip[0].field).toBe('run');
  });

  it('rejects an empty list and malformed entries', () => {
    expect(() => overlaySpec([])).toThrow(/overlaySpec: runs must be a non-empty array/);
    expect(() => overlaySpec([{ name: 'a', run: { lrs: [1], losses: [] }, analysis: runs[0].analysis }])).toThrow(/lrs and losses differ/);
  });
});
