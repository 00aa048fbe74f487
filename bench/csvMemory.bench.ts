/**
 * Reading a huge CSV run: peak memory (max RSS of a fresh process) and wall time of `loadImportedRun` and of the
 * CLI — `lrfind analyze --preset fastai --json`, `lrfind analyze --json` (every preset), `lrfind convert -o
 * out.csv` and `-o out.json` — on 1,000,000-, 5,000,000- and 20,000,000-row `lr,loss` CSVs (written to a
 * temporary directory here, under the 512 MiB limit, removed afterwards). Each measurement runs in its own process,
 * so the peak is that command's alone. `BENCH_ROWS=5000000` measures one size only; `BENCH_ROOT=/path/to/checkout`
 * measures another build (its `dist/`), for before/after figures. The every-preset analysis is left out at 20M rows
 * (it is the analysis layer's cost, measured at 1M and 5M).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.BENCH_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const sizes = process.env.BENCH_ROWS ? process.env.BENCH_ROWS.split(',').map(Number) : [1_000_000, 5_000_000, 20_000_000];
const dir = mkdtempSync(join(tmpdir(), 'lrfind-csv-bench-'));

/** A range test's CSV: lrs 1e-7 … 10 (9 digits), losses with noise (7 digits), as numpy's savetxt would write. */
function writeCsv(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, 'lr,loss\n');
  let seed = 1;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const lr = 1e-7 * 1e8 ** (i / (rows - 1));
    const loss = 2.3 - 1.5 / (1 + Math.exp(-(Math.log10(lr) + 3) * 2)) + 0.06 * (rnd() - 0.5);
    chunk.push(`${lr.toPrecision(9)},${loss.toPrecision(7)}`);
    if (chunk.length === 100_000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk.length = 0;
    }
  }
  if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
}

const LOAD = `
const { loadImportedRun } = await import(${JSON.stringify(join(ROOT, 'dist/recorder/import.js'))});
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

console.log('| rows | file (MB) | step | time (s) | peak RSS (MB) | peak / file |');
console.log('|---:|---:|---|---:|---:|---:|');
try {
  for (const rows of sizes) {
    const file = join(dir, `run-${rows}.csv`);
    writeCsv(file, rows);
    const mb = statSync(file).size / 2 ** 20;
    const steps: [string, string][] = [
      ['`loadImportedRun` (read + check)', LOAD],
      ['`lrfind analyze --preset fastai --json`', cli(['analyze', '--preset', 'fastai', '--json'])],
      ['`lrfind convert -o out.csv`', cli(['convert', '-o', join(dir, 'out.csv')])],
      ['`lrfind convert -o out.json`', cli(['convert', '-o', join(dir, 'out.json')])],
    ];
    if (rows <= 5_000_000) steps.splice(2, 0, ['`lrfind analyze --json` (every preset)', cli(['analyze', '--json'])]);
    for (const [step, script] of steps) {
      const { ms, rssMB } = measure(script, file);
      console.log(`| ${rows.toLocaleString('en')} | ${mb.toFixed(0)} | ${step} | ${(ms / 1000).toFixed(1)} | ${rssMB.toFixed(0)} | ${(rssMB / mb).toFixed(1)}× |`);
    }
    rmSync(file);
    rmSync(join(dir, 'out.csv'), { force: true });
    rmSync(join(dir, 'out.json'), { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
