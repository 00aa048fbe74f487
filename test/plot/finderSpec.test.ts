import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import type { LrSuggestion } from '../../src/analysis/types.js';
import { finderSpec } from '../../src/plot/finderSpec.js';
import { classicRun } from './curves.js';
import { schemaErrors } from './schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs are inspected as plain JSON
type Json = any;

/** Every unit layer of a spec (through vconcat and layer), with its panel index. */
function layersOf(spec: Json): { panel: number; layer: Json }[] {
  const panels: Json[] = spec.vconcat ?? [spec];
  return panels.flatMap((p: Json, panel: number) => (p.layer as Json[]).map((layer) => ({ panel, layer })));
}

function markTypes(spec: Json, panel: number): string[] {
  return layersOf(spec)
    .filter((l) => l.panel === panel)
    .map((l) => `${l.layer.mark.type}:${l.layer.data?.name ?? '-'}`);
}

const run = classicRun(200, { seed: 7 });
const analysis = analyze(run);

describe('finderSpec', () => {
  const spec: Json = finderSpec(run, analysis);

  it('validates against the Vega-Lite schema', () => {
    expect(schemaErrors(spec)).toEqual([]);
    expect(schemaErrors(finderSpec(run, analysis, { layers: { gradient: false, tooltips: false } }))).toEqual([]);
    expect(schemaErrors(finderSpec(run, analyze(run, { preset: 'fastai' })))).toEqual([]);
  });

  it('stacks a loss panel and a gradient panel on one log lr axis', () => {
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.resolve.scale.x).toBe('shared');
    for (const { layer } of layersOf(spec)) {
      if (layer.encoding?.x) {
        expect(layer.encoding.x.scale.type).toBe('log');
        expect(layer.encoding.x.scale.domain).toEqual([run.lrs[0], run.lrs[run.lrs.length - 1]]);
      }
    }
    const axis = spec.vconcat[1].layer.find((l: Json) => l.mark.type === 'line').encoding.x.axis;
    expect(axis.values).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  it('draws raw loss faint and smoothed loss bold, plus the gradient', () => {
    const lines = layersOf(spec).filter((l) => l.layer.mark.type === 'line');
    const raw = lines.find((l) => l.layer.encoding.y.field === 'lossDrawn')!.layer;
    const smooth = lines.find((l) => l.layer.encoding.y.field === 'smoothedDrawn')!.layer;
    const grad = lines.find((l) => l.layer.encoding.y.field === 'gradientDrawn');
    expect(raw.mark.strokeWidth).toBeLessThan(smooth.mark.strokeWidth);
    expect(grad?.panel).toBe(1);
  });

  it('marks each suggestion at its lr with a label "name lr"', () => {
    const own = analysis.results[0];
    expect(own.preset).toBe('lrfind');
    const singles = Object.entries(own.suggestions).filter(([, s]) => s !== null && 'lr' in s) as [string, LrSuggestion][];
    expect(singles.length).toBeGreaterThan(0);
    for (const [name, s] of singles) {
      const mark = spec.datasets.suggestions.find((m: Json) => m.name === `lrfind.${name}`);
      expect(mark.lr).toBe(s.lr);
      expect(mark.index).toBe(s.index);
      expect(mark.label).toBe(`${name} ${s.lr.toExponential(1).replace('e+', 'e')}`);
    }
    expect(spec.datasets.suggestions.filter((m: Json) => m.choice).map((m: Json) => m.name)).toEqual([analysis.choice.name]);
    expect(markTypes(spec, 0)).toEqual(expect.arrayContaining(['rule:suggestions', 'point:suggestions', 'text:suggestions']));
  });

  it('draws the recommended range as a band', () => {
    const range = analysis.suggestions['lrfind.range'];
    expect(range).not.toBeNull();
    const band = spec.datasets.bands.find((b: Json) => b.name === 'lrfind.range');
    expect([band.from, band.to]).toEqual((range as unknown as { range: number[] }).range);
    expect(markTypes(spec, 0)).toContain('rect:bands');
  });

  it('flags the chosen band when the choice is a slice (unfrozen model)', () => {
    const unfrozen = analyze(run, { frozen: false });
    const s: Json = finderSpec(run, unfrozen);
    const choice = unfrozen.choice;
    if (choice.suggestion !== null && 'range' in choice.suggestion) {
      expect(s.datasets.bands.filter((b: Json) => b.choice).map((b: Json) => b.name)).toEqual([choice.name]);
      expect(s.datasets.suggestions.some((m: Json) => m.choice)).toBe(false);
    } else {
      expect(s.datasets.suggestions.filter((m: Json) => m.choice).map((m: Json) => m.name)).toEqual([choice.name]);
    }
  });

  it("marks the drawn method's inflection candidates, rightmost first", () => {
    // the default view draws lrfind's curve: its own candidates sit on it
    const own = analysis.results.find((r) => r.preset === 'lrfind');
    const { loss, gradient } = own!.candidates!;
    expect(spec.datasets.lossMinima.map((c: Json) => c.lr)).toEqual(loss.slice(0, 5).map((c) => c.lr));
    expect(spec.datasets.gradientMinima.map((c: Json) => c.lr)).toEqual(gradient.slice(0, 5).map((c) => c.lr));
    expect(markTypes(spec, 0)).toEqual(expect.arrayContaining(['point:lossMinima', 'point:gradientMinima']));
    expect(markTypes(spec, 1)).toContain('point:gradientMinima');
  });

  it("shades fastai's skipped ends: numIt // 10 at the start, 5 at the end", () => {
    const fa = analyze(run, { preset: 'fastai' });
    const s: Json = finderSpec(run, fa);
    const skipped = s.datasets.regions.filter((r: Json) => r.kind === 'skipped');
    expect(skipped).toHaveLength(2);
    const points = fa.results[0].recording.points;
    expect(skipped[0].from).toBe(run.lrs[0]);
    expect(skipped[0].to).toBeCloseTo(Math.sqrt(run.lrs[19] * run.lrs[20]), 12);
    expect(skipped[1].from).toBeCloseTo(Math.sqrt(run.lrs[points - 6] * run.lrs[points - 5]), 12);
    expect(skipped[0].label).toBe('skipped by fastai');
  });

  it('shades the part after the stop rule and marks the stop point', () => {
    const rec = analysis.results[0].recording;
    expect(rec.stopIndex).not.toBeNull();
    const stopped = spec.datasets.regions.filter((r: Json) => r.kind === 'stopped');
    if (rec.points < run.lrs.length) {
      expect(stopped).toHaveLength(1);
      expect(stopped[0].to).toBe(run.lrs[run.lrs.length - 1]);
    }
    expect(spec.datasets.stops[0].lr).toBe(run.lrs[rec.stopIndex!]);
  });

  it('carries tooltips with lr, raw and smoothed loss and gradient', () => {
    const hover = layersOf(spec).find((l) => l.layer.params?.[0]?.name === 'hoverLoss')!.layer;
    expect(hover.encoding.tooltip.map((t: Json) => t.field)).toEqual(['i', 'lr', 'loss', 'smoothed', 'gradient']);
    expect(layersOf(finderSpec(run, analysis, { layers: { tooltips: false } })).some((l) => l.layer.params)).toBe(false);
  });

  it('switches layers off, sets size and title', () => {
    const s: Json = finderSpec(run, analysis, {
      width: 400,
      height: 200,
      title: 'frozen body',
      layers: { gradient: false, raw: false, candidates: false, suggestions: false, regions: false, tooltips: false },
    });
    expect(s.vconcat).toBeUndefined();
    expect([s.width, s.height]).toEqual([400, 200]);
    expect(s.title.text).toBe('frozen body');
    expect(s.layer.map((l: Json) => `${l.mark.type}:${l.encoding.y.field}`)).toEqual(['line:smoothedDrawn']);
  });

  it('keeps suggestion and candidate points exact when downsampling 100,000 steps', () => {
    const big = classicRun(100_000, { seed: 3, noise: 0.05 });
    const a = analyze(big);
    const s: Json = finderSpec(big, a, { layers: { tooltips: false } });
    const rows: Json[] = s.datasets.curve;
    expect(rows.length).toBeLessThan(5000);
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    for (const m of s.datasets.suggestions) expect(byIndex.has(m.index)).toBe(true);
    for (const c of [...s.datasets.lossMinima, ...s.datasets.gradientMinima]) {
      expect(byIndex.get(c.index)?.lr).toBe(big.lrs[c.index]);
    }
    // the global extrema of the raw loss survive
    let lo = 0;
    let hi = 0;
    big.losses.forEach((v, i) => {
      if (v < big.losses[lo]) lo = i;
      if (v > big.losses[hi]) hi = i;
    });
    expect(byIndex.get(lo)?.loss).toBe(big.losses[lo]);
    expect(byIndex.get(hi)?.loss).toBe(big.losses[hi]);
  });

  it('writes non-finite losses as null and never mutates the run', () => {
    const r = classicRun(60);
    r.losses[10] = NaN;
    r.losses[59] = Infinity;
    const frozen = { lrs: Object.freeze([...r.lrs]), losses: Object.freeze([...r.losses]) };
    const s: Json = finderSpec(frozen, analyze(frozen));
    expect(s.datasets.curve.find((row: Json) => row.i === 10).loss).toBeNull();
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
  });

  it('is pure: the same input gives the same spec', () => {
    expect(JSON.stringify(finderSpec(run, analysis))).toBe(JSON.stringify(spec));
  });

  it('rejects a preset or suggestion not in the analysis, bad sizes and bad runs', () => {
    const fa = analyze(run, { preset: 'fastai' });
    expect(() => finderSpec(run, fa, { preset: 'keras' })).toThrow(/finderSpec: preset "keras" is not in the analysis \(it has fastai\)/);
    expect(() => finderSpec(run, analysis, { suggestions: ['nope'] })).toThrow(/finderSpec: no suggestion named "nope"/);
    expect(() => finderSpec(run, analysis, { width: 3 })).toThrow(/finderSpec: width must be an integer in \[10, 20000\] \(got 3\)/);
    expect(() => finderSpec({ lrs: [1, 2], losses: [1] }, analysis)).toThrow(/finderSpec: lrs and losses differ in length \(2 vs 1\)/);
    expect(() => finderSpec(run, {} as never)).toThrow(TypeError);
  });

  it('draws the chosen suggestions only when asked', () => {
    const s: Json = finderSpec(run, analysis, { suggestions: ['fastai.valley', 'keras.minGrad'] });
    expect(s.datasets.suggestions.map((m: Json) => m.label)).toEqual([
      expect.stringMatching(/^fastai\.valley \d\.\de-\d$/),
      expect.stringMatching(/^keras\.minGrad \d\.\de-\d$/),
    ]);
  });
});
