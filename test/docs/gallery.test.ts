import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { analyzeOptionsForRun } from '../../src/runs/analyzed.js';
import { loadRun } from '../../src/runs/import/importRun.js';
import { finderSpec } from '../../src/plot/finderSpec.js';

const root = new URL('../../', import.meta.url).pathname;

describe('docs/gallery', () => {
  it('holds the spec the library builds today for its main run (run `npm run gallery` when the answer changes)', async () => {
    const run = await loadRun(`${root}test/fixtures/runs/real-mnist-mlp-adam-300.json`);
    const spec = finderSpec(run, analyze(run, analyzeOptionsForRun(run)), { title: 'MNIST MLP 784-32-10, Adam — lrfind' });
    const stored = JSON.parse(readFileSync(`${root}docs/gallery/mnist-mlp-adam-300.vl.json`, 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(spec))).toEqual(stored);
  });

  it('quotes in its text the slice the picture draws', async () => {
    const stored = JSON.parse(readFileSync(`${root}docs/gallery/mnist-mlp-adam-300.vl.json`, 'utf8')) as { title: { subtitle: string } };
    const [lo, hi] = /answer: ([\d.e+-]+) – ([\d.e+-]+)/.exec(stored.title.subtitle)!.slice(1);
    expect(readFileSync(`${root}docs/gallery.md`, 'utf8')).toContain(`${lo} for the first layers to ${hi} for the head`);
  });
});
