import { spawnSync } from 'node:child_process';
import { copyFile, link, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'runs');

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const bytes: Uint8Array[] = [];
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutBytes: (b) => bytes.push(b) });
  return { code, stdout, stderr, bytes: Buffer.concat(bytes) };
}

/** The built CLI, run in another working directory. */
async function cliIn(cwd: string, ...argv: string[]) {
  const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lrfind report / analyze --plot', () => {
  let dir: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrfind-report-cli-'));
    a = join(dir, 'a.json');
    b = join(dir, 'b.json');
    await copyFile(join(FIXTURES, 'edge-classic-noisy-100.json'), a);
    await copyFile(join(FIXTURES, 'edge-classic-noisy-250.json'), b);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws one run as SVG', async () => {
    const out = join(dir, 'one.svg');
    const r = await cli('report', a, '-o', out);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // the run in the one vocabulary of steps and stop, and the answer the chart draws
    expect(r.stdout).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: SVG report of 1 run\n  a\\.json: lrfind run[^;]*; 100 steps[^;]*; answer (\\S+) \\(range-test estimate, (high|medium|low) confidence\\)\n$`));
    const svg = await readFile(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Learning-rate range test: a.json');
    const lr = /answer (\S+) \(/.exec(r.stdout)![1];
    expect(svg).toContain(`answer: ${Number(lr).toExponential(1)}`);
    // with a tool's preset it says the tool's answer it draws
    const fastai = await cli('report', a, '--preset', 'fastai', '-o', join(dir, 'fastai.svg'));
    expect(fastai.stdout).toMatch(/; fastai's answer \S+ \(valley\)\n$/);
  });

  it('without -o never writes over an existing file', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lrfind-default-'));
    try {
      await writeFile(join(cwd, 'report.html'), 'mine');
      const r = await cliIn(cwd, 'report', a);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('lrfind: report.html exists: give -o report.html to replace it, or -o another file\n');
      expect(await readFile(join(cwd, 'report.html'), 'utf8')).toBe('mine');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('--schedule draws the schedule built from the answer beside the plot', async () => {
    const out = join(dir, 'plan.json');
    const r = await cli('report', a, '--schedule', 'one-cycle', '--total-steps', '300', '-o', out);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const spec = JSON.parse(await readFile(out, 'utf8'));
    expect(spec.hconcat).toHaveLength(2);
    const values = spec.hconcat[1].data.values;
    expect(values).toHaveLength(300);
    expect(values[0].schedule).toBe('one-cycle');
    const bad = await cli('report', a, '--schedule', 'one-cycle', '-o', join(dir, 'x.svg'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('lrfind: --schedule needs --total-steps <n> (the training\'s batches)\n');
    const kind = await cli('report', a, '--schedule', 'sgdr', '--total-steps', '10', '-o', join(dir, 'x.svg'));
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/^lrfind: --schedule must be one of one-cycle, fit-one-cycle, cyclic \(got "sgdr"\)/);
    const two = await cli('report', a, b, '--schedule', 'cyclic', '--total-steps', '10', '-o', join(dir, 'x.svg'));
    expect(two.code).toBe(2);
  });

  it('overlays several runs as PNG', async () => {
    const out = join(dir, 'two.png');
    const r = await cli('report', a, b, '-o', out, '--scale', '2', '--width', '500');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PNG report of 2 runs (overlay)');
    const png = PNG.sync.read(await readFile(out));
    expect(png.width).toBeGreaterThan(1000);
  });

  it('writes a self-contained HTML report and the Vega-Lite spec', async () => {
    const html = join(dir, 'r.html');
    expect((await cli('report', a, '-o', html)).code).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<table class="suggestions">');
    expect(page).not.toMatch(/<script[^>]+src=/);
    const json = join(dir, 'spec.json');
    expect((await cli('report', a, '--preset', 'fastai', '-o', json, '--no-gradient')).code).toBe(0);
    const spec = JSON.parse(await readFile(json, 'utf8'));
    // the label strip, the loss panel and the legend: no gradient panel
    expect(spec.vconcat).toHaveLength(3);
    expect(JSON.stringify(spec.vconcat)).not.toContain('gradientDrawn');
    expect(spec.datasets.legend.map((e: { label: string }) => e.label)).toContain('smoothed loss (fastai)');
    // --preset fastai draws fastai's own answer, valley
    expect(spec.datasets.marks.filter((m: { answer: boolean }) => m.answer).map((m: { name: string }) => m.name)).toEqual(['fastai.valley']);
  });

  it('draws suggestions and candidates on request: --suggest, --all, --candidates', async () => {
    const spec = async (...flags: string[]) => {
      const r = await cli('report', a, '-o', '-', '--to', 'json', ...flags);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(r.stdout);
    };
    const plain = await spec();
    expect(plain.datasets.labels).toHaveLength(2); // the answer and its range
    const some = await spec('--suggest', 'fastai.valley,torch-lr-finder.steepest');
    expect(some.datasets.labels.map((l: { name: string }) => l.name).slice(2)).toEqual(['fastai.valley', 'torch-lr-finder.steepest']);
    const all = await spec('--all', '--candidates');
    expect(all.datasets.labels.length).toBeGreaterThan(12);
    expect(all.datasets.gradientMinima.length).toBeGreaterThan(0);
    const both = await cli('report', a, '-o', '-', '--all', '--suggest', 'fastai.valley');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('lrfind: --all and --suggest cannot be given together\n');
    const unknown = await cli('report', a, '-o', '-', '--suggest', 'fastai.nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^lrfind: --suggest: no suggestion named "fastai\.nope" \(known: lrfind\.\w+, .*\)\n$/);
  });

  it('-o - writes the report to standard output (SVG by default, --to for the others)', async () => {
    const svg = await cli('report', a, '-o', '-');
    expect(svg.code).toBe(0);
    expect(svg.stdout.startsWith('<svg')).toBe(true);
    const png = await cli('report', a, '-o', '-', '--to', 'png');
    expect(png.code).toBe(0);
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    const mismatch = await cli('report', a, '-o', join(dir, 'x.svg'), '--to', 'png');
    expect(mismatch.code).toBe(2);
  });

  it('refuses to overwrite an input, unknown formats and missing files (exit 2, one line)', async () => {
    const before = await stat(a);
    const same = await cli('report', a, b, '-o', b);
    expect(same.code).toBe(2);
    expect(same.stdout).toBe('');
    expect(same.stderr).toMatch(/^lrfind: .*b\.json: the output would overwrite the input .*b\.json; write it to another file\n$/);
    expect((await stat(a)).size).toBe(before.size);
    // another name for the same file (a hard link) is refused too
    const alias = join(dir, 'alias.json');
    await link(a, alias);
    const linked = await cli('report', a, '-o', alias);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/would overwrite the input/);
    const pdf = await cli('report', a, '-o', join(dir, 'x.pdf'));
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(/must end in \.svg, \.png, \.html or \.json/);
    const missing = await cli('report', join(dir, 'nope.json'), '-o', join(dir, 'x.svg'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const scale = await cli('report', a, '-o', join(dir, 'x.png'), '--scale', '50');
    expect(scale.code).toBe(2);
  });

  it('a PNG past the pixel budget is refused before it is drawn (exit 2, one line, no file)', async () => {
    const out = join(dir, 'huge.png');
    const before = process.memoryUsage().rss;
    const r = await cli('report', a, '-o', out, '--width', '20000', '--height', '20000', '--scale', '10');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lrfind: .*huge\.png: the PNG would be \d+×\d+ pixels \(\d+ megapixels; at most 40\): lower the width, height or scale\n$/);
    await expect(stat(out)).rejects.toThrow();
    // nothing near the 16 GB the raster would take was allocated
    expect(process.memoryUsage().rss - before).toBeLessThan(2e9);
  });

  it.each(['1e-9', '0', '-1', 'NaN', '11'])('--scale %s is a usage error naming the range', async (value) => {
    const r = await cli('report', a, '-o', join(dir, 's.png'), '--scale', value);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    if (value !== '1e-9') expect(r.stderr).toMatch(/--scale must be a number in \(0, 10\]/);
    else expect(r.stderr).toMatch(/s\.png: the PNG would be smaller than one pixel \(scale 1e-9\): raise the scale/);
  });

  it('analyze --plot writes the picture and prints the usual output', async () => {
    const out = join(dir, 'analyze.svg');
    const r = await cli('analyze', a, '--json', '--plot', out);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect((await readFile(out, 'utf8')).startsWith('<svg')).toBe(true);
    const self = await cli('analyze', a, '--plot', a);
    expect(self.code).toBe(2);
    expect(self.stdout).toBe('');
    expect(self.stderr).toMatch(/would overwrite the input/);
  });
});
