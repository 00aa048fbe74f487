/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core. The chart must render with no
 * console errors, a tooltip must appear on hover, and a screenshot of the chart must not be blank.
 *
 * Without /usr/bin/chromium the test fails, naming it (it never skips): install it with `apt-get install chromium`
 * (.ci/run does).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { writeReport } from '../../src/plot/renderReport.js';
import { classicRun } from './curves.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

describe('HTML report in headless chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium; .ci/run does it)`);
    dir = await mkdtemp(join(tmpdir(), 'lrfind-report-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Open a report, collecting console errors, page errors and any request that leaves the file. */
  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) requests.push(req.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-chart]', { timeout: 30_000 });
    return { page, errors, requests };
  }

  it('renders the finder chart offline, shows a tooltip on hover, and draws a non-blank chart', async () => {
    const run = classicRun(300, { seed: 9 });
    const file = join(dir, 'one.html');
    await writeReport(file, [{ name: 'run.json', run, analysis: analyze(run) }]);
    const { page, errors, requests } = await open(file);
    expect(await page.getAttribute('body', 'data-chart')).toBe('ready');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('#chart svg.marks').count()).toBe(1);
    expect(await page.locator('table.suggestions tr').count()).toBeGreaterThan(3);

    // hover the middle of the loss panel: the nearest point's tooltip appears
    const box = (await page.locator('#chart svg.marks').boundingBox())!;
    for (const f of [0.3, 0.35, 0.4]) await page.mouse.move(box.x + box.width * f, box.y + box.height * f, { steps: 5 });
    const tooltip = page.locator('#vg-tooltip-element.visible');
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await tooltip.innerText();
    expect(text).toMatch(/lr/);
    expect(text).toMatch(/smoothed loss/);
    expect(text).toMatch(/raw loss/);

    const shot = PNG.sync.read(await page.locator('#chart').screenshot());
    expect(shot.width).toBeGreaterThan(500);
    let ink = 0;
    const colours = new Set<number>();
    for (let i = 0; i < shot.data.length; i += 4) {
      const [r, g, b] = [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
      if (r < 235 || g < 235 || b < 235) ink++;
      colours.add((r >> 4) * 256 + (g >> 4) * 16 + (b >> 4));
    }
    expect(ink / (shot.width * shot.height)).toBeGreaterThan(0.02);
    expect(colours.size).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the title once and fits a narrow screen (the chart scales down, nothing scrolls sideways but tables)', async () => {
    const run = classicRun(200, { seed: 5 });
    const file = join(dir, 'narrow.html');
    await writeReport(file, [{ name: 'narrow-run.json', run, analysis: analyze(run) }]);
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-chart]', { timeout: 30_000 });
    expect(errors).toEqual([]);
    const title = 'Learning-rate range test: narrow-run.json';
    expect(await page.locator('h1').innerText()).toBe(title);
    const texts = await page.locator('#chart svg text').allTextContents();
    expect(texts.filter((t) => t.includes(title))).toEqual([]);
    const chart = (await page.locator('#chart svg.marks').boundingBox())!;
    expect(chart.x + chart.width).toBeLessThanOrEqual(420);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(420);
    await page.close();
    // with the confirm trials' panel and the answer block, at a phone's width and a wide screen's
    const trials = [1e-3, 3e-3, 1e-2, 3e-2].map((lr, i) => ({ lr, source: `candidate ${i}`, round: 0, steps: 10, loss: [0.9, 0.6, 0.5, 0.7][i], diverged: false, kept: i > 0 }));
    const confirmation = { lr: 1e-2, source: 'candidate 2', reason: 'lowest validation loss after 10 steps (0.5)', trials, steps: 40, budget: 600, basis: 'validation' as const };
    const measured = { ...run, confirmation };
    const wide = join(dir, 'trials.html');
    await writeReport(wide, [{ name: 'trials.json', run: measured, analysis: analyze(measured, { trials: confirmation }) }]);
    for (const width of [360, 1600]) {
      const p = await browser.newPage({ viewport: { width, height: 900 } });
      await p.goto(pathToFileURL(wide).href);
      await p.waitForSelector('body[data-chart]', { timeout: 30_000 });
      const fit = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, right: document.querySelector('#chart svg')!.getBoundingClientRect().right }));
      expect(fit.scroll, `width ${width}`).toBeLessThanOrEqual(width);
      expect(fit.right, `width ${width}`).toBeLessThanOrEqual(width);
      expect(await p.locator('.choice-line').innerText()).toMatch(/^Answer: 1\.00e-2\s+\(measured by short trials\)/);
      await p.close();
    }
  });

  it('renders an overlay of several runs with a legend', async () => {
    const entries = [1, 2, 3].map((seed) => {
      const run = classicRun(200, { seed, centre: -3.5 + 0.5 * seed });
      return { name: `seed ${seed}`, run, analysis: analyze(run) };
    });
    const file = join(dir, 'overlay.html');
    await writeReport(file, entries);
    const { page, errors } = await open(file);
    expect(await page.getAttribute('body', 'data-chart')).toBe('ready');
    expect(errors).toEqual([]);
    const legend = await page.locator('#chart .role-legend').innerHTML();
    for (const name of ['seed 1', 'seed 2', 'seed 3']) expect(legend).toContain(name);
    expect(await page.locator('section.run').count()).toBe(3);
    await page.close();
  });
});
