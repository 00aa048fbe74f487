/**
 * Importing a 1,000,000-point saved run: lrfind's JSON reader (Python's NaN tokens, line/column errors, duplicate
 * keys) against V8's `JSON.parse` on the same text, and the full import (reading + raw-loss recovery) against
 * the reading alone; the CSV reader (line numbers and cell checks) against a bare split. Side by side in one run.
 */
import { parseJsonText } from '../src/runs/import/json.js';
import { importRun, runToCsv } from '../src/runs/import/importRun.js';
import { readCsvTable } from '../src/runs/import/tableCsv.js';
import { ema } from '../src/analysis/ema.js';
import { median } from './median.js';

const N = Number(process.env.BENCH_POINTS ?? 1_000_000);
const REPEATS = 5;

function time(fn: () => unknown): number {
  fn(); // warm-up (JIT)
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

// a fastai-shaped file: {"lrs": [...], "losses": [...]} with float32-looking values, as json.dump writes them
const lrs = Array.from({ length: N }, (_, i) => 1e-7 * 1e8 ** (i / N));
let seed = 1;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const raw = lrs.map((lr) => Math.fround(2.3 - 1.5 / (1 + Math.exp(-(Math.log10(lr) + 3) * 2)) + 0.1 * (rnd() - 0.5)));
const smoothed = Array.from(ema(raw, { beta: 0.98 }), Math.fround);
const json = `{"lrs": [${lrs.join(', ')}], "losses": [${smoothed.join(', ')}]}`;
const csv = runToCsv({ lrs: Float64Array.from(lrs), losses: Float64Array.from(raw), meta: {} });

const rows: [string, number, string][] = [];
const jsonParse = time(() => JSON.parse(json));
const ours = time(() => parseJsonText(json, { file: 'bench.json' }));
const full = time(() => importRun(json, { file: 'bench.json', format: 'fastai' }));
rows.push(['`JSON.parse` (V8, no NaN tokens, no positions)', jsonParse, '1.00']);
rows.push(['`parseJsonText` (lrfind)', ours, (ours / jsonParse).toFixed(2)]);
rows.push(['`importRun --format fastai` (read + check + invert the EMA)', full, (full / jsonParse).toFixed(2)]);
const split = time(() => csv.split('\n').map((l) => l.split(',').map(Number)));
const table = time(() => readCsvTable(csv, 'bench.csv'));
const csvFull = time(() => importRun(csv, { file: 'bench.csv' }));
rows.push(['CSV: bare `split` + `Number`', split, '1.00']);
rows.push(['CSV: `readCsvTable` (lrfind: line numbers, checks; csv-parse only for quoted cells)', table, (table / split).toFixed(2)]);
rows.push(['CSV: `importRun` (read + check)', csvFull, (csvFull / split).toFixed(2)]);

process.stdout.write(`${N.toLocaleString('en')} points; JSON ${(json.length / 1e6).toFixed(1)} MB, CSV ${(csv.length / 1e6).toFixed(1)} MB; median of ${REPEATS}\n\n`);
process.stdout.write('| reader | ms | ratio |\n|---|---:|---:|\n');
for (const [name, ms, ratio] of rows) process.stdout.write(`| ${name} | ${ms.toFixed(0)} | ${ratio} |\n`);
