/**
 * `lrfind/analysis` and `lrfind/plot` in a browser, as a user's bundler sees them: a page importing them by package
 * name is bundled by esbuild for `platform: 'browser'` (no stubs, no Node built-ins), served on localhost and opened
 * in Debian's chromium, where it analyzes a run, builds the spec and renders the SVG through vega with no console
 * error. Runs against the built package (`dist`, via the package's `exports`); `npm test` builds first.
 *
 * Without /usr/bin/chromium the test fails (it does not skip): install it with `apt-get install chromium`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(new URL('../..', import.meta.url).pathname);

const PAGE = `
import { analyze, formatLr } from 'lrfind/analysis';
import { finderSpec, renderSvg } from 'lrfind/plot';

const lrs = Array.from({ length: 120 }, (_, i) => 1e-6 * 10 ** ((7 * i) / 119));
const losses = lrs.map((lr, i) => {
  const x = Math.log10(lr);
  return 2.3 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + (x > -0.5 ? 2 * Math.expm1(2 * (x + 0.5)) : 0) + 0.05 * Math.sin(i * 12.9898);
});
const run = { lrs, losses };
const analysis = analyze(run);
const svg = await renderSvg(finderSpec(run, analysis, { layers: { tooltips: false } }));
document.getElementById('chart').innerHTML = svg;
document.getElementById('answer').textContent = formatLr(analysis.choice.suggestion.lr);
document.body.dataset.done = 'yes';
`;

const ANALYSIS_ONLY = `
import { analyze } from 'lrfind/analysis';
const lrs = [1e-4, 1e-3, 1e-2, 1e-1];
document.body.dataset.done = String(analyze({ lrs, losses: [1, 0.5, 0.4, 2] }).points);
`;

describe('lrfind/analysis + lrfind/plot bundled for the browser', () => {
  let browser: Browser;
  let dir: string;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser test needs Debian's chromium (apt-get install chromium)`);
    if (!existsSync(join(ROOT, 'dist', 'plot', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    dir = await mkdtemp(join(tmpdir(), 'lrfind-bundle-'));
    // the page's project: lrfind installed by name (a link to this repository, resolved through its `exports`)
    await mkdir(join(dir, 'node_modules'));
    await symlink(ROOT, join(dir, 'node_modules', 'lrfind'), 'dir');
    await writeFile(join(dir, 'page.js'), PAGE);
    await writeFile(join(dir, 'analysis-only.js'), ANALYSIS_ONLY);
    await writeFile(join(dir, 'index.html'), '<!doctype html><html><body><div id="answer"></div><div id="chart"></div><script type="module" src="page.bundle.js"></script></body></html>');
    await writeFile(join(dir, 'analysis.html'), '<!doctype html><html><body><script type="module" src="analysis-only.bundle.js"></script></body></html>');
    server = createServer(async (req, res) => {
      if (req.url === '/favicon.ico') return void res.writeHead(204).end();
      try {
        const body = await readFile(join(dir, (req.url ?? '/').split('?')[0].replace(/^\/+/, '') || 'index.html'));
        res.writeHead(200, { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : 'text/html' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function bundle(entry: string) {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      metafile: true,
      outfile: join(dir, entry.replace(/\.js$/, '.bundle.js')),
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    return result.metafile;
  }

  it('bundles with no Node built-in, draws the chart in chromium, and logs no error', async () => {
    const meta = await bundle('page.js');
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((f) => /node:|resvg|write-file-atomic|renderPng|renderHtml|runFile/.test(f))).toBe(false);
    expect(inputs.some((f) => f.includes('vega-lite'))).toBe(true);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector('body[data-done]', { state: 'attached', timeout: 60_000 });
    expect(errors).toEqual([]);
    expect(await page.locator('#chart svg').count()).toBe(1);
    expect(await page.locator('#chart svg path').count()).toBeGreaterThan(5);
    const texts = await page.locator('#chart svg text').allTextContents();
    expect(texts.some((t) => t.startsWith('answer'))).toBe(true);
    expect(await page.locator('#answer').textContent()).toMatch(/^\d\.\d\de-\d$/);
    await page.close();
  });

  it('a page that uses only analyze() carries no vega (sideEffects: false lets the bundler drop it)', async () => {
    const meta = await bundle('analysis-only.js');
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((f) => f.includes('vega'))).toBe(false);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/analysis.html`);
    await page.waitForSelector('body[data-done]', { state: 'attached', timeout: 30_000 });
    expect(errors).toEqual([]);
    expect(Number(await page.getAttribute('body', 'data-done'))).toBeGreaterThan(0);
    await page.close();
  });
});
