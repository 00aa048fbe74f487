import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import type { LrSuggestion } from '../../src/analysis/types.js';
import { finderSpec } from '../../src/plot/finderSpec.js';
import { lrLabel } from '../../src/plot/ticks.js';
import { classicRun } from './curves.js';
import { schemaErrors } from './schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs are inspected as plain JSON
type Json = any;

/** The panels of a stacked spec by role: the label strip, the loss panel, the gradient panel, the legend. */
function panelsOf(spec: Json): { strip?: Json; loss: Json; gradient?: Json; legend?: Json } {
  const panels: Json[] = spec.vconcat ?? [spec];
  const uses = (p: Json, name: string) => (p.layer as Json[]).some((l) => l.data?.name === name);
  const isLoss = (p: Json) => (p.layer as Json[]).some((l) => l.encoding?.y?.axis?.title === 'loss');
  const isGradient = (p: Json) => (p.layer as Json[]).some((l) => l.encoding?.y?.field === 'gradientDrawn');
  return {
    strip: panels.find((p) => uses(p, 'labels')),
    loss: panels.find(isLoss),
    gradient: panels.find(isGradient),
    legend: panels.find((p) => uses(p, 'legend')),
  };
}

/** Every unit layer of the loss (0) and gradient (1) panels. */
function layersOf(spec: Json): { panel: number; layer: Json }[] {
  const { loss, gradient } = panelsOf(spec);
  return [loss, gradient].flatMap((p: Json, panel: number) => ((p?.layer ?? []) as Json[]).map((layer) => ({ panel, layer })));
}

function markTypes(spec: Json, panel: number): string[] {
  return layersOf(spec)
    .filter((l) => l.panel === panel)
    .map((l) => `${l.layer.mark.type}:${l.layer.data?.name ?? '-'}`);
}

/** The strip label texts. */
function labelTexts(spec: Json): string[] {
  return spec.datasets.labels.map((l: Json) => l.text);
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

  it('stacks the label strip, the loss panel, the gradient panel and the legend on one log lr axis', () => {
    const { strip, loss, gradient, legend } = panelsOf(spec);
    expect(spec.vconcat).toEqual([strip, loss, gradient, legend]);
    expect(spec.resolve.scale.x).toBe('shared');
    for (const { layer } of layersOf(spec)) {
      if (layer.encoding?.x?.scale) {
        expect(layer.encoding.x.scale.type).toBe('log');
        expect(layer.encoding.x.scale.domain).toEqual([run.lrs[0], run.lrs[run.lrs.length - 1]]);
      }
    }
    const axis = gradient.layer.find((l: Json) => l.mark.type === 'line').encoding.x.axis;
    expect(axis.values).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    // no text in the loss or gradient panel: every label is in the strip, every meaning in the legend
    expect(layersOf(spec).filter((l) => l.layer.mark.type === 'text')).toEqual([]);
  });

  it('draws raw loss faint and smoothed loss bold, plus the gradient', () => {
    const lines = layersOf(spec).filter((l) => l.layer.mark.type === 'line');
    const raw = lines.find((l) => l.layer.encoding.y.field === 'lossDrawn')!.layer;
    const smooth = lines.find((l) => l.layer.encoding.y.field === 'smoothedDrawn')!.layer;
    const grad = lines.find((l) => l.layer.encoding.y.field === 'gradientDrawn');
    expect(raw.mark.strokeWidth).toBeLessThan(smooth.mark.strokeWidth);
    expect(grad?.panel).toBe(1);
  });

  it('by default draws the answer (a labelled rule) and its range (a band), nothing else', () => {
    const choice = analysis.choice.suggestion as LrSuggestion;
    expect(spec.datasets.marks).toEqual([expect.objectContaining({ name: analysis.choice.name, lr: choice.lr, index: choice.index, answer: true })]);
    // the answer's range: lrfind's band, widened where needed to hold the answer
    const range = { range: analysis.answer!.range };
    expect(analysis.answer!.range[0]).toBe((analysis.suggestions['lrfind.range'] as unknown as { range: number[] }).range[0]);
    expect(spec.datasets.bands.map((b: Json) => [b.from, b.to, b.answer])).toEqual([[range.range[0], range.range[1], false]]);
    expect(labelTexts(spec)).toEqual([
      `answer (recommended) ${lrLabel(choice.lr)}`,
      `range ${lrLabel(range.range[0])} – ${lrLabel(range.range[1])}`,
    ]);
    expect(spec.datasets.lossMinima).toEqual([]);
    expect(markTypes(spec, 0)).toEqual(expect.arrayContaining(['rule:marks', 'point:marks', 'rect:bands']));
    expect(markTypes(spec, 1)).toEqual(expect.arrayContaining(['rule:marks', 'rect:bands']));
  });

  it('draws the slice as the answer for an unfrozen model', () => {
    const unfrozen = analyze(run, { frozen: false });
    const s: Json = finderSpec(run, unfrozen);
    const slice = unfrozen.choice.suggestion as unknown as { range: number[] };
    expect(unfrozen.choice.name).toBe('lrfind.slice');
    expect(s.datasets.bands.filter((b: Json) => b.answer).map((b: Json) => [b.name, b.from, b.to])).toEqual([['lrfind.slice', ...slice.range]]);
    expect(s.datasets.marks ?? []).toEqual([]);
    expect(labelTexts(s)[0]).toBe(`slice ${lrLabel(slice.range[0])} – ${lrLabel(slice.range[1])}`);
    expect(s.datasets.labels[0].answer).toBe(true);
  });

  it('draws a tool\'s own answer under its preset (fastai: valley)', () => {
    const s: Json = finderSpec(run, analysis, { preset: 'fastai' });
    const valley = analysis.suggestions['fastai.valley'] as LrSuggestion;
    expect(s.datasets.marks).toEqual([expect.objectContaining({ name: 'fastai.valley', lr: valley.lr, answer: true })]);
    expect(labelTexts(s)).toEqual([`answer (valley) ${lrLabel(valley.lr)}`]);
    const own: Json = finderSpec(run, analyze(run, { preset: 'keras' }));
    expect(own.datasets.marks[0].name).toBe('minLossDiv10');
  });

  it("marks the drawn method's inflection candidates on request, rightmost first", () => {
    const s: Json = finderSpec(run, analysis, { layers: { candidates: true } });
    // the default view draws lrfind's curve: its own candidates sit on it
    const own = analysis.results.find((r) => r.preset === 'lrfind');
    const { loss, gradient } = own!.candidates!;
    expect(s.datasets.lossMinima.map((c: Json) => c.lr)).toEqual(loss.slice(0, 5).map((c) => c.lr));
    expect(s.datasets.gradientMinima.map((c: Json) => c.lr)).toEqual(gradient.slice(0, 5).map((c) => c.lr));
    expect(markTypes(s, 0)).toEqual(expect.arrayContaining(['point:lossMinima', 'point:gradientMinima']));
    expect(markTypes(s, 1)).toContain('point:gradientMinima');
    expect(s.datasets.legend.map((e: Json) => [e.label, e.symbol])).toEqual(expect.arrayContaining([['loss minimum', 'triangle-down'], ['gradient minimum', 'diamond']]));
  });

  it('draws every suggestion with suggestions: "all", each label once, none overlapping in its row', () => {
    const s: Json = finderSpec(run, analysis, { suggestions: 'all' });
    const named = Object.entries(analysis.suggestions).filter(([, v]) => v !== null).map(([k]) => k);
    const drawn = [...s.datasets.marks, ...s.datasets.bands].map((m: Json) => m.name);
    for (const name of named) expect(drawn.includes(name) || name === 'lrfind.range').toBe(true);
    const rows = new Map<number, Json[]>();
    for (const l of s.datasets.labels) rows.set(l.row, [...(rows.get(l.row) ?? []), l]);
    for (const labels of rows.values()) {
      const spans = labels.map((l: Json) => [Math.min(l.tx, l.m0 - 5), Math.max(l.tx + l.text.length * 6.4 + 2, l.m1 + 5)]).sort((a: number[], b: number[]) => a[0] - b[0]);
      for (let k = 1; k < spans.length; k++) expect(spans[k][0]).toBeGreaterThan(spans[k - 1][1]);
    }
    for (const l of s.datasets.labels) {
      expect(l.tx).toBeGreaterThanOrEqual(0);
      expect(l.tx + l.text.length * 6.4 + 2).toBeLessThanOrEqual(600 + 1e-9);
    }
  });

  it('has a legend whose symbols match the marks', () => {
    const legend = spec.datasets.legend.map((e: Json) => [e.label, e.symbol]);
    expect(legend).toEqual([
      ['raw loss', 'stroke'],
      ['smoothed loss (lrfind)', 'stroke'],
      ['answer', 'stroke'],
      ["the answer's range", 'band'],
      ['stop (diverged)', 'cross'],
      ['after the stop', 'band'],
    ]);
    const stop = layersOf(spec).find((l) => l.layer.data?.name === 'stops')!.layer;
    expect(stop.mark.shape).toBe('cross');
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
    expect(s.datasets.legend.map((e: Json) => e.label)).toContain('skipped by fastai');
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
      layers: { gradient: false, raw: false, candidates: false, answer: false, suggestions: false, regions: false, tooltips: false },
    });
    const { strip, loss, gradient, legend } = panelsOf(s);
    expect(strip).toBeUndefined();
    expect(gradient).toBeUndefined();
    expect(legend.layer.length).toBeGreaterThan(0);
    expect([loss.width, loss.height]).toEqual([400, 200]);
    expect(s.title.text).toBe('frozen body');
    expect(loss.layer.map((l: Json) => `${l.mark.type}:${l.encoding.y.field}`)).toEqual(['line:smoothedDrawn']);
  });

  it('keeps suggestion and candidate points exact when downsampling 100,000 steps', () => {
    const big = classicRun(100_000, { seed: 3, noise: 0.05 });
    const a = analyze(big);
    const s: Json = finderSpec(big, a, { layers: { tooltips: false, candidates: true }, suggestions: 'all' });
    const rows: Json[] = s.datasets.curve;
    expect(rows.length).toBeLessThan(5000);
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    expect(s.datasets.marks.length).toBeGreaterThan(5);
    for (const m of s.datasets.marks) expect(byIndex.has(m.index)).toBe(true);
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
    expect(() => finderSpec(run, analysis, { lossDomain: [2, 1] })).toThrow(/finderSpec: lossDomain must be \[lo, hi\] with finite lo < hi \(got \[2,1\]\)/);
  });

  it('draws the chosen suggestions only when asked', () => {
    const s: Json = finderSpec(run, analysis, { suggestions: ['fastai.valley', 'keras.minGrad'] });
    expect(labelTexts(s).slice(2)).toEqual([
      expect.stringMatching(/^fastai\.valley \d\.\de-\d$/),
      expect.stringMatching(/^keras\.minGrad \d\.\de-\d$/),
    ]);
    expect(s.datasets.marks.filter((m: Json) => !m.answer).map((m: Json) => m.name)).toEqual(['fastai.valley', 'keras.minGrad']);
    // the drawn preset's names may be given without their prefix
    expect(finderSpec(run, analysis, { suggestions: ['steepest'] }).datasets!.labels).toHaveLength(3);
  });
});
