import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { finderSpec } from '../../src/plot/finderSpec.js';
import { overlaySpec } from '../../src/plot/overlaySpec.js';
import { normalizeSvgIds, plotFontFile, renderPng, renderSvg } from '../../src/plot/render.js';
import { classicRun } from './curves.js';

// fastai's preset: an exact reproduction of an anchor, so these pictures change only when the drawing does
const run = classicRun(120, { seed: 11 });
const analysis = analyze(run, { preset: 'fastai' });
const staticSpec = finderSpec(run, analysis, { layers: { tooltips: false } });

/** Share of pixels that are not (almost) white. */
function inkRatio(png: PNG): number {
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i] < 235 || png.data[i + 1] < 235 || png.data[i + 2] < 235) ink++;
  }
  return ink / (png.width * png.height);
}

describe('renderSvg', () => {
  it('draws the finder plot (file snapshot)', async () => {
    const svg = await renderSvg(staticSpec);
    expect(svg.startsWith('<svg')).toBe(true);
    await expect(svg).toMatchFileSnapshot('__snapshots__/finder-fastai.svg');
  });

  it('draws an overlay (file snapshot)', async () => {
    const runs = [1, 2].map((seed) => {
      const r = classicRun(120, { seed, centre: -3.3 + 0.6 * (seed - 1) });
      return { name: `seed ${seed}`, run: r, analysis: analyze(r, { preset: 'fastai' }) };
    });
    const svg = await renderSvg(overlaySpec(runs, { layers: { tooltips: false } }));
    await expect(svg).toMatchFileSnapshot('__snapshots__/overlay-fastai.svg');
  });

  it('is deterministic: the same spec gives the same bytes, whatever was rendered before', async () => {
    const a = await renderSvg(staticSpec);
    await renderSvg(finderSpec(classicRun(50), analyze(classicRun(50))));
    const b = await renderSvg(staticSpec);
    expect(b).toBe(a);
    expect(a).not.toMatch(/id="clip\d+"/);
  });

  it('uses the bundled font family for every text', async () => {
    const svg = await renderSvg(staticSpec);
    const families = new Set([...svg.matchAll(/font-family="([^"]+)"/g)].map((m) => m[1]));
    expect([...families]).toEqual(['DejaVu Sans, Verdana, Helvetica, Arial, sans-serif']);
  });

  it('draws the suggestion labels and the lr ticks as text', async () => {
    const svg = await renderSvg(staticSpec);
    const valley = analysis.suggestions.valley as { lr: number };
    expect(svg).toContain(`valley ${valley.lr.toExponential(1).replace('e+', 'e')}`);
    for (const tick of ['1e-7', '1e-4', '0.1'.replace('0.1', '1e-1'), '10']) expect(svg).toContain(`>${tick}</text>`);
  });

  it("draws a diverged run's raw loss although it reaches 1e35 (no path dropped)", async () => {
    const r = classicRun(100, { seed: 4 });
    for (let i = 80; i < 100; i++) r.losses[i] = 10 ** (2 * (i - 80) - 5);
    const svg = await renderSvg(finderSpec(r, analyze(r), { layers: { tooltips: false, gradient: false } }));
    const lines = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*d="([^"]*)"/g)].map((m) => m[1]);
    expect(lines.length).toBe(2);
    for (const d of lines) {
      expect(d.length).toBeGreaterThan(100);
      expect(d).not.toMatch(/e\+|NaN|Infinity/);
    }
    // the raw line really reaches the PNG (resvg drops clipped paths drawn with group opacity)
    const red = PNG.sync.read(await renderPng(svg.replace('stroke="#9ecae1"', 'stroke="#ff0000"')));
    let redPixels = 0;
    for (let i = 0; i < red.data.length; i += 4) if (red.data[i] > 200 && red.data[i + 1] < 90 && red.data[i + 2] < 90) redPixels++;
    expect(redPixels).toBeGreaterThan(45); // about 30 when the path is dropped (60 with the stop at the blow-up)
  });

  it('wraps vega errors in an LrfindError', async () => {
    await expect(renderSvg({ mark: 'nonsense' } as never)).rejects.toThrow(/renderSvg: the spec cannot be rendered/);
  });
});

describe('normalizeSvgIds', () => {
  it('renumbers ids and their references in order of appearance', () => {
    expect(normalizeSvgIds('<clipPath id="clip7"/><g clip-path="url(#clip7)"/><a href="#clip7"/>')).toBe(
      '<clipPath id="lrfind-1"/><g clip-path="url(#lrfind-1)"/><a href="#lrfind-1"/>',
    );
    expect(normalizeSvgIds('<svg/>')).toBe('<svg/>');
  });
});

describe('renderPng', () => {
  it('renders a PNG of the chart size with ink on it', async () => {
    const svg = await renderSvg(staticSpec);
    const [, w, h] = /<svg[^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = PNG.sync.read(await renderPng(staticSpec, { scale: 2 }));
    expect([png.width, png.height]).toEqual([2 * w, 2 * h]);
    const ink = inkRatio(png);
    expect(ink).toBeGreaterThan(0.02);
    expect(ink).toBeLessThan(0.6);
  });

  it('renders text with the bundled font only: the same bytes twice, from a spec or its SVG', async () => {
    const svg = await renderSvg(staticSpec);
    const a = await renderPng(svg);
    const b = await renderPng(staticSpec);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(plotFontFile()).toMatch(/DejaVuSans\.ttf$/);
  });

  it('draws the text (a chart without text has less ink)', async () => {
    const withText = inkRatio(PNG.sync.read(await renderPng(staticSpec)));
    const svg = (await renderSvg(staticSpec)).replace(/<text[^>]*>[^<]*<\/text>/g, '');
    const without = inkRatio(PNG.sync.read(await renderPng(svg)));
    expect(withText).toBeGreaterThan(without);
  });

  it('rejects a bad scale', async () => {
    await expect(renderPng(staticSpec, { scale: 0 })).rejects.toThrow(/renderPng: scale must be a number in \(0, 10\] \(got 0\)/);
  });
});
