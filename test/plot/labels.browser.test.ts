/**
 * No label of a chart overlaps another, is crossed by a line, rule or symbol, or leaves the picture: charts of every
 * run fixture (real tfjs runs and the edge cases) and of the evaluation corpus (eval/corpus), with the answer only,
 * with every suggestion (`--all`), with the candidates, and overlays, rendered to SVG and measured in Debian's
 * chromium.
 *
 * Without /usr/bin/chromium the test fails (it does not skip): install it with `apt-get install chromium`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finderSpec, type FinderSpecOptions } from '../../src/plot/finderSpec.js';
import { overlaySpec } from '../../src/plot/overlaySpec.js';
import { renderSvg } from '../../src/plot/render.js';
import { analyzeWithMeta } from '../../src/runs/analyzed.js';
import { loadRun, parseRun } from '../../src/runs/import/importRun.js';
import type { TopLevelSpec } from 'vega-lite';
import { chartGeometry, labelProblems } from './geometry.js';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = new URL('../fixtures/runs/', import.meta.url).pathname;
const files = readdirSync(RUNS).filter((f) => f.endsWith('.json')).sort();
const real = files.filter((f) => f.startsWith('real-'));
// the evaluation corpus: range tests of 12+ task families (entry.run is an lrfind run file)
const CORPUS = new URL('../../eval/corpus/', import.meta.url).pathname;
const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.json') && f !== 'index.json').sort() : [];

describe('chart labels in chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the label test needs Debian's chromium (apt-get install chromium)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Render `spec` statically and list its label problems. */
  async function problemsOf(spec: TopLevelSpec): Promise<string[]> {
    const svg = await renderSvg(spec);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    try {
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      const g = await chartGeometry(page);
      expect(g.texts.length).toBeGreaterThan(2);
      return labelProblems(g);
    } finally {
      await page.close();
    }
  }

  async function check(cases: [string, TopLevelSpec][]) {
    const found: string[] = [];
    for (const [name, spec] of cases) for (const p of await problemsOf(spec)) found.push(`${name}: ${p}`);
    expect(found).toEqual([]);
  }

  const loaded = async (file: string) => {
    const run = await loadRun(join(RUNS, file));
    return { run, analysis: analyzeWithMeta(run) };
  };
  const finder = (options: FinderSpecOptions) => async (file: string): Promise<[string, TopLevelSpec]> => {
    const { run, analysis } = await loaded(file);
    return [`${file} ${JSON.stringify(options)}`, finderSpec(run, analysis, { ...options, layers: { tooltips: false, ...options.layers } })];
  };

  it('finds a label crossed by a line, two labels on each other, and a label outside the picture (the check can fail)', async () => {
    const spec = {
      width: 200,
      height: 100,
      data: { values: [{ x: 0, y: 0, t: 'crossed by the line' }, { x: 100, y: 50, t: 'one label' }, { x: 100, y: 50, t: 'another label' }, { x: 195, y: 90, t: 'far beyond the right edge' }] },
      layer: [
        { mark: 'line', encoding: { x: { field: 'x', type: 'quantitative', scale: null }, y: { field: 'y', type: 'quantitative', scale: null } }, transform: [{ filter: 'datum.x < 150' }] },
        { mark: { type: 'text', align: 'left', dx: 5, dy: 5 }, encoding: { x: { field: 'x', type: 'quantitative', scale: null }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 't' } } },
      ],
    } as unknown as TopLevelSpec;
    const problems = (await problemsOf(spec)).join('\n');
    expect(problems).toMatch(/a line crosses "crossed by the line"/);
    expect(problems).toMatch(/"one label" overlaps "another label"/);
    expect(problems).toMatch(/"far beyond the right edge" leaves the chart/);
  });

  it('the default chart of every run fixture', async () => {
    await check(await Promise.all(files.map(finder({}))));
  }, 300_000);

  it('every suggestion (--all) and the candidates, on the real runs', async () => {
    await check(await Promise.all(real.map(finder({ suggestions: 'all', layers: { candidates: true } }))));
  }, 300_000);

  it('named suggestions, other presets, narrow charts and no gradient panel', async () => {
    const cases = await Promise.all([
      ...real.map(finder({ suggestions: ['fastai.valley', 'torch-lr-finder.steepest', 'lrfind.slice'] })),
      ...real.slice(0, 6).map(finder({ preset: 'fastai', width: 320, height: 200 })),
      ...real.slice(6).map(finder({ preset: 'inflection', layers: { gradient: false, candidates: true } })),
      ...files.filter((f) => f.startsWith('edge-')).slice(0, 20).map(finder({ suggestions: 'all', width: 300 })),
    ]);
    await check(cases);
  }, 300_000);

  it('the default chart and every suggestion on the evaluation corpus (other task families, optimizers, schedules)', async () => {
    expect(corpus.length).toBeGreaterThan(40);
    const cases = await Promise.all(
      corpus.filter((_, k) => k % 2 === 0).map(async (f, k): Promise<[string, TopLevelSpec]> => {
        const entry = JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as { run: unknown };
        const run = parseRun(JSON.stringify(entry.run), { file: f });
        const all = k % 3 === 0;
        const options: FinderSpecOptions = all ? { suggestions: 'all', layers: { tooltips: false, candidates: true } } : { layers: { tooltips: false } };
        return [`${f}${all ? ' --all --candidates' : ''}`, finderSpec(run, analyzeWithMeta(run), options)];
      }),
    );
    await check(cases);
  }, 300_000);

  it('overlays, long names and repeated names', async () => {
    const runs = await Promise.all(real.map(async (f) => ({ name: basename(f), ...(await loaded(f)) })));
    const cases: [string, TopLevelSpec][] = [
      ['overlay of all real runs', overlaySpec(runs, { layers: { tooltips: false } })],
      ['overlay of three', overlaySpec(runs.slice(0, 3), { layers: { tooltips: false }, width: 400 })],
      [
        'overlay with long and repeated names',
        overlaySpec(
          runs.slice(3, 7).map((r, k) => ({ ...r, name: k < 2 ? 'run.json' : `a-very-long-experiment-name-with-many-parts-seed-${k}.json` })),
          { layers: { tooltips: false } },
        ),
      ],
    ];
    await check(cases);
  }, 300_000);
});
