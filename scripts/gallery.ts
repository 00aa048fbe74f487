/**
 * Regenerates the pictures of docs/gallery.md from the real recorded runs in test/fixtures/runs (and one
 * synthetic 100,000-point run): `npm run gallery` (or `npx tsx scripts/gallery.ts`). Output is deterministic:
 * the same runs and library versions give the same files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type AnalyzeOptions } from '../src/analysis/analyze.js';
import { analyzeOptionsForRun } from '../src/runs/analyzed.js';
import { finderSpec, type FinderSpecOptions } from '../src/plot/finderSpec.js';
import { overlaySpec } from '../src/plot/overlaySpec.js';
import { renderSvg } from '../src/plot/render.js';
import { renderPng } from '../src/plot/renderPng.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import type { Run } from '../src/runs/run.js';
import { loadRun } from '../src/runs/import/importRun.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = join(root, 'test', 'fixtures', 'runs');
const out = join(root, 'docs', 'gallery');
mkdirSync(out, { recursive: true });

async function load(name: string): Promise<Run> {
  return loadRun(join(runs, `${name}.json`));
}

/** Analyze as `lrfind analyze` does: numIt and frozen from the run's metadata. */
function analyzeRun(run: Run, options: AnalyzeOptions = {}) {
  return analyze(run, { ...analyzeOptionsForRun(run), ...options });
}

async function finder(file: string, run: Run, options: FinderSpecOptions & { analyze?: AnalyzeOptions; png?: boolean }) {
  const spec = finderSpec(run, analyzeRun(run, options.analyze), { ...options, layers: { tooltips: false, ...options.layers } });
  await writeFileAtomic(join(out, `${file}.svg`), await renderSvg(spec));
  if (options.png) await writeFileAtomic(join(out, `${file}.png`), await renderPng(spec, { scale: 2 }));
  console.log(`docs/gallery/${file}.svg${options.png ? ' (+ .png)' : ''}`);
}

const adam = await load('real-mnist-mlp-adam-300');
await finder('mnist-mlp-adam-300', adam, { title: 'MNIST MLP 784-32-10, Adam — lrfind', png: true });
await finder('mnist-mlp-adam-300-fastai', adam, { title: 'Same run, as fastai sees it (its answer: valley)', analyze: { preset: 'fastai' } });
await finder('mnist-mlp-adam-300-all', adam, {
  title: 'Same run, every suggestion (--all --candidates)',
  suggestions: 'all',
  layers: { candidates: true },
});

const frozen = await load('real-mnist-frozen-momentum-200');
await finder('mnist-frozen-momentum-200-inflection', frozen, {
  title: 'Frozen body, momentum — inflection candidates',
  analyze: { preset: 'inflection' },
  maxCandidates: 8,
  layers: { candidates: true },
});

const nan = await load('real-mnist-mlp-sgd-mse-nan-200');
await finder('mnist-mlp-sgd-mse-nan-200', nan, { title: 'SGD with MSE: the loss turns NaN' });

const iris = await load('real-iris-mlp-sgd-linear-200');
await finder('iris-mlp-sgd-linear-200-lightning', iris, { title: 'Iris MLP, linear schedule — Lightning', analyze: { preset: 'lightning' } });

// a spec to embed (tooltips on): docs/embedding.md loads this file
const embedSpec = finderSpec(adam, analyzeRun(adam), { title: 'MNIST MLP 784-32-10, Adam — lrfind' });
await writeFileAtomic(join(out, 'mnist-mlp-adam-300.vl.json'), `${JSON.stringify(embedSpec, null, 2)}\n`);
console.log('docs/gallery/mnist-mlp-adam-300.vl.json');

async function overlay(file: string, title: string, names: [string, string][]) {
  const entries = await Promise.all(
    names.map(async ([label, name]) => {
      const run = await load(name);
      return { name: label, run, analysis: analyzeRun(run) };
    }),
  );
  const spec = overlaySpec(entries, { title, layers: { tooltips: false } });
  await writeFileAtomic(join(out, `${file}.svg`), await renderSvg(spec));
  console.log(`docs/gallery/${file}.svg`);
}

await overlay('overlay-optimizers', 'MNIST MLPs: SGD, Adam, momentum', [
  ['SGD (784-64-10)', 'real-mnist-mlp-sgd-100'],
  ['Adam (784-64-10)', 'real-mnist-mlp-adam-200'],
  ['momentum (784-128-64-10)', 'real-mnist-mlp-momentum-300'],
]);
await overlay('overlay-frozen-unfrozen', 'MNIST MLP 784-64-10, Adam: frozen body vs whole model', [
  ['frozen body', 'real-mnist-frozen-adam-100'],
  ['unfrozen', 'real-mnist-mlp-adam-200'],
]);

// 100,000 steps, drawn from ~4,000 points (M4 per pixel column)
let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const n = 100_000;
const lrs = Float64Array.from({ length: n }, (_, i) => 1e-7 * 1e8 ** (i / (n - 1)));
const losses = Float64Array.from(lrs, (lr) => {
  const x = Math.log10(lr);
  return 2.3 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + (x > -0.5 ? Math.exp((x + 0.5) * 4) - 1 : 0) + 0.3 * (rnd() - 0.5);
});
const big: Run = { lrs, losses, meta: { numIt: n } };
await finder('synthetic-100k', big, { title: '100,000 steps (synthetic), drawn from 4,000 points' });
