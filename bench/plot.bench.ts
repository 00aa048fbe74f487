/**
 * Plot rendering: spec → SVG (vega headless) → PNG (resvg) for 1k, 10k and 100k-point runs, with lrfind's
 * per-pixel-column M4 downsampling (the default) side by side with drawing every point, in one run. Prints a
 * markdown table: build time of the spec, SVG render time and size, PNG render time and size, points drawn.
 * Aim: 100k points to SVG in under a second and under 300 KB.
 */
import { analyze } from '../src/analysis/analyze.js';
import { finderSpec } from '../src/plot/finderSpec.js';
import { renderSvg } from '../src/plot/render.js';
import { renderPng } from '../src/plot/renderPng.js';
import { median } from './median.js';

/** A range-test shape with deterministic noise: plateau, descent around 1e-3, minimum, blow-up. */
function curve(n: number) {
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lrs = Float64Array.from({ length: n }, (_, i) => 1e-7 * 1e8 ** (i / (n - 1)));
  const losses = Float64Array.from(lrs, (lr) => {
    const x = Math.log10(lr);
    return 2.3 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + (x > -0.5 ? Math.exp((x + 0.5) * 4) - 1 : 0) + 0.05 * (rnd() - 0.5);
  });
  return { lrs, losses, meta: { numIt: n } };
}

async function measure(n: number, full: boolean, repeats: number) {
  const run = curve(n);
  const analysis = analyze(run);
  const spec = [] as number[];
  const svgT = [] as number[];
  const pngT = [] as number[];
  let svg = '';
  let png: Buffer = Buffer.alloc(0);
  let rows = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    // drawing every point: enough columns that no run is long enough to be cut
    const s = finderSpec(run, analysis, { layers: { tooltips: false }, ...(full ? { buckets: Math.ceil(n / 4) } : {}) });
    const t1 = performance.now();
    svg = await renderSvg(s);
    const t2 = performance.now();
    png = await renderPng(svg);
    const t3 = performance.now();
    spec.push(t1 - t0);
    svgT.push(t2 - t1);
    pngT.push(t3 - t2);
    rows = (s as unknown as { datasets: { curve: unknown[] } }).datasets.curve.length;
  }
  return { spec: median(spec), svg: median(svgT), png: median(pngT), svgBytes: svg.length, pngBytes: png.length, rows };
}

const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
const ms = (t: number) => `${t.toFixed(0)} ms`;

// warm-up: JIT, lazy imports of vega and resvg
await measure(1000, false, 1);
const lines = [
  '| points | drawing | points drawn | spec | SVG render | spec + SVG | SVG size | PNG render | PNG size |',
  '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const n of [1_000, 10_000, 100_000]) {
  const m4 = await measure(n, false, 5);
  const all = await measure(n, true, n >= 100_000 ? 1 : 3);
  for (const [label, m] of [['M4 per pixel column (default)', m4], ['every point', all]] as const) {
    lines.push(
      `| ${n.toLocaleString('en')} | ${label} | ${m.rows.toLocaleString('en')} | ${ms(m.spec)} | ${ms(m.svg)} | ${ms(m.spec + m.svg)} | ${kb(m.svgBytes)} | ${ms(m.png)} | ${kb(m.pngBytes)} |`,
    );
  }
  lines.push(`| | ratio every point / M4 | | | ${(all.svg / m4.svg).toFixed(1)}× | ${((all.spec + all.svg) / (m4.spec + m4.svg)).toFixed(1)}× | ${(all.svgBytes / m4.svgBytes).toFixed(1)}× | ${(all.png / m4.png).toFixed(1)}× | |`);
}
console.log(lines.join('\n'));
