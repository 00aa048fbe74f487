/**
 * Reading a huge run: peak memory (max RSS of a fresh process) and wall time of `loadImportedRun` and of the CLI —
 * `lrfind analyze` (every preset, the default text), `lrfind analyze --json` (every preset), `lrfind analyze --preset
 * fastai --json`, `lrfind convert -o out.csv` and `-o out.json` — on 1,000,000-, 5,000,000- and 20,000,000-row
 * `lr,loss` CSVs, and on a 10,000,000-point lrfind JSON run file (written to a temporary directory here, under the
 * 512 MiB limit, removed afterwards). Each measurement runs in its own process, so the peak is that command's alone.
 * `BENCH_ROWS=5000000` measures one CSV size only (`0`: none), `BENCH_JSON_POINTS=10000000` the JSON file's points
 * (`0`: none); `BENCH_ROOT=/path/to/checkout` measures another build (its `dist/`), for before/after figures.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.BENCH_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const sizes = process.env.BENCH_ROWS ? process.env.BENCH_ROWS.split(',').map(Number).filter((n) => n > 0) : [1_000_000, 5_000_000, 20_000_000];
const jsonPoints = process.env.BENCH_JSON_POINTS === undefined ? 10_000_000 : Number(process.env.BENCH_JSON_POINTS);
const dir = mkdtempSync(join(tmpdir(), 'lrfind-csv-bench-'));

/** The i-th point of a range test: lrs 1e-7 … 10 (9 digits), losses with noise (7 digits), as numpy's savetxt writes. */
function points(rows: number): () => [string, string] {
  let seed = 1;
  let i = 0;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return () => {
    const lr = 1e-7 * 1e8 ** (i++ / (rows - 1));
    const loss = 2.3 - 1.5 / (1 + Math.exp(-(Math.log10(lr) + 3) * 2)) + 0.06 * (rnd() - 0.5);
    return [lr.toPrecision(9), loss.toPrecision(7)];
  };
}

/** A range test's CSV (`lr,loss`). */
function writeCsv(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, 'lr,loss\n');
  const next = points(rows);
  const chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(next().join(','));
    if (chunk.length === 100_000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk.length = 0;
    }
  }
  if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
}

/** The same range test as lrfind's JSON run file (`{"format": "lrfind-run", "version": 1, "lrs": […], "losses": […]}`). */
function writeJson(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, '{\n  "format": "lrfind-run",\n  "version": 1,\n');
  for (const [key, at] of [['lrs', 0], ['losses', 1]] as const) {
    writeSync(fd, `  "${key}": [`);
    const next = points(rows);
    const chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      chunk.push(next()[at]);
      if (chunk.length === 100_000 || i === rows - 1) {
        writeSync(fd, (i >= 100_000 ? ',' : '') + chunk.join(','));
        chunk.length = 0;
      }
    }
    writeSync(fd, '],\n');
  }
  writeSync(fd, '  "meta": {}\n}\n');
  closeSync(fd);
}

// the loader's module: src/runs/import since the rooms were split, src/recorder before (BENCH_ROOT of an older build)
const LOADER = ['dist/runs/import/importRun.js', 'dist/recorder/import.js'].map((p) => join(ROOT, p)).find((p) => existsSync(p));
const LOAD = `
const { loadImportedRun } = await import(${JSON.stringify(LOADER)});
const t = performance.now();
const run = await loadImportedRun(process.argv[1]);
process.stderr.write(JSON.stringify({ ms: performance.now() - t, rss: process.resourceUsage().maxRSS, n: run.lrs.length }));`;
/** The CLI in a fresh process, its stdout dropped (`args` after the input file). */
const cli = (args: readonly string[]): string => `
const { runCli } = await import(${JSON.stringify(join(ROOT, 'dist/cli/program.js'))});
const t = performance.now();
let err = '';
const code = await runCli(['${args[0]}', process.argv[1], ...${JSON.stringify(args.slice(1))}], { stdout: () => {}, stderr: (s) => (err += s) });
if (code !== 0) { process.stdout.write(err); process.exit(code); }
process.stderr.write(JSON.stringify({ ms: performance.now() - t, rss: process.resourceUsage().maxRSS }));`;

function measure(script: string, file: string): { ms: number; rssMB: number } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench: failed (${r.status}): ${r.stdout}${r.stderr}`);
  const m = JSON.parse(r.stderr) as { ms: number; rss: number };
  return { ms: m.ms, rssMB: m.rss / 1024 };
}

console.log('| points | file (MB) | step | time (s) | peak RSS (MB) | peak / file |');
console.log('|---:|---:|---|---:|---:|---:|');
try {
  const inputs: [number, 'csv' | 'json'][] = [...sizes.map((n) => [n, 'csv'] as [number, 'csv']), ...(jsonPoints > 0 ? [[jsonPoints, 'json'] as [number, 'json']] : [])];
  for (const [rows, kind] of inputs) {
    const file = join(dir, `run-${rows}.${kind}`);
    if (kind === 'csv') writeCsv(file, rows);
    else writeJson(file, rows);
    const mb = statSync(file).size / 2 ** 20;
    const steps: [string, string][] = [
      ['`loadImportedRun` (read + check)', LOAD],
      ['`lrfind analyze` (every preset)', cli(['analyze'])],
      ['`lrfind analyze --json` (every preset)', cli(['analyze', '--json'])],
      ['`lrfind analyze --preset fastai --json`', cli(['analyze', '--preset', 'fastai', '--json'])],
      ['`lrfind convert -o out.csv`', cli(['convert', '-o', join(dir, 'out.csv')])],
      ['`lrfind convert -o out.json`', cli(['convert', '-o', join(dir, 'out.json')])],
    ];
    for (const [step, script] of steps) {
      const { ms, rssMB } = measure(script, file);
      console.log(`| ${rows.toLocaleString('en')} ${kind.toUpperCase()} | ${mb.toFixed(0)} | ${step} | ${(ms / 1000).toFixed(1)} | ${rssMB.toFixed(0)} | ${(rssMB / mb).toFixed(1)}× |`);
    }
    rmSync(file);
    rmSync(join(dir, 'out.csv'), { force: true });
    rmSync(join(dir, 'out.json'), { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
