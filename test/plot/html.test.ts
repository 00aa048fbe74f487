import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { LOW_CONFIDENCE_HINT } from '../../src/analysis/answer.js';
import { finderSpec } from '../../src/plot/finderSpec.js';
import { escapeHtml, escapeScript, reportHtml } from '../../src/plot/html.js';
import { renderHtml, reportScripts } from '../../src/plot/renderHtml.js';
import { classicRun } from './curves.js';

const run = { ...classicRun(80, { seed: 5 }), stopReason: 'diverged' as const };
const analysis = analyze(run);
const spec = finderSpec(run, analysis);
const scripts = { vega: '/*vega*/', vegaLite: '/*vl*/', vegaEmbed: '/*embed*/' };

describe('reportHtml', () => {
  const html = reportHtml([{ name: 'run <1>.json', run, analysis }], spec, scripts);

  it('is one page with the chart, the suggestions table and the metadata', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<div id="chart"></div>');
    expect(html).toContain("vegaEmbed('#chart', spec");
    for (const name of Object.keys(analysis.suggestions)) expect(html).toContain(`<td>${name}`);
    expect(html).toContain('<dt>optimizer</dt><dd>sgd</dd>');
    // one story of the run: the steps, the driver's stop and the points analyzed in one line
    expect(html).toMatch(/<dt>steps<\/dt><dd>\d+ (of \d+ )?steps \(stopped: diverged\)(, the first \d+ analyzed)?<\/dd>/);
    expect(html).toContain('run &lt;1&gt;.json');
  });

  it('marks the choice in the table', () => {
    expect(html).toMatch(new RegExp(`<tr class="choice"><td>${analysis.choice.name.replace('.', '\\.')} ★`));
  });

  it('says what to do next under a low answer of a run without trials, and only then', () => {
    const noisy = { ...classicRun(80, { seed: 5, noise: 5 }), stopReason: 'diverged' as const };
    const low = analyze(noisy);
    expect(low.choice.confidence).toBe('low');
    const page = reportHtml([{ name: 'noisy', run: noisy, analysis: low }], finderSpec(noisy, low), scripts);
    expect(page).toContain(`<br>Next: ${escapeHtml(LOW_CONFIDENCE_HINT)}</p>`);
    const trials = { lr: 0.1, reason: 'lowest validation loss', basis: 'validation', trials: [{ lr: 0.01, round: 0, steps: 5, loss: 1, diverged: false }, { lr: 0.1, round: 0, steps: 5, loss: 0.5, diverged: false }] };
    const measured = analyze(noisy, { trials });
    const measuredPage = reportHtml([{ name: 'noisy', run: noisy, analysis: measured }], finderSpec(noisy, measured), scripts);
    expect(measuredPage).not.toContain('Next:');
    // the page and the chart show the measured lr, the estimate as a labelled second line
    expect(measuredPage).toContain('Answer: <strong>1.00e-1  (measured by short trials)</strong>');
    expect(measuredPage).toContain('<br>Range test: ');
    expect(measuredPage).toMatch(/answer: 1\.0e-1 \(measured, (high|medium|low) confidence\)/);
    if (analysis.answer?.confidence === 'high') expect(html).not.toContain('Next:');
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)/);
  });

  it('inlines the spec so that no "</script" can end the script early', () => {
    const evil = 'evil </script><script>alert(1)</script>';
    const s = { ...finderSpec(run, analysis, { title: evil }), description: evil };
    const page = reportHtml([{ name: 'x', run, analysis }], s, scripts);
    expect(page.match(/<\/script>/g)).toHaveLength(4);
    expect(page).toContain('evil <\\/script>');
    // the title is the page's heading, escaped, and not repeated in the chart
    expect(page).toContain('<h1>evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(page.match(/alert\(1\)/g)).toHaveLength(3); // the <title>, the heading, the chart's description
  });

  it('rejects missing scripts and empty entries', () => {
    expect(() => reportHtml([], spec, scripts)).toThrow(/reportHtml: entries must be a non-empty array/);
    expect(() => reportHtml([{ name: 'x', run, analysis }], spec, { ...scripts, vega: '' })).toThrow(/scripts\.vega/);
  });
});

describe('escaping', () => {
  it('escapes HTML and script terminators', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeScript('"</SCRIPT><!--"')).toBe('"<\\/SCRIPT><\\!--"');
  });
});

describe('renderHtml', () => {
  it('inlines the real vega, vega-lite and vega-embed builds', async () => {
    const s = await reportScripts();
    expect(s.vega).toMatch(/\.vega=\{\}/);
    expect(s.vegaLite).toMatch(/vegaLite/);
    expect(s.vegaEmbed).toMatch(/vegaEmbed/);
    const html = await renderHtml([{ name: 'run.json', run, analysis }], spec);
    expect(html.length).toBeGreaterThan(s.vega.length + s.vegaLite.length + s.vegaEmbed.length);
    expect(html.length).toBeLessThan(2_000_000);
  });
});
