/**
 * A CSV file with quoted cells streams through csv-parse into typed columns: the same runs, and the same errors (the
 * text reader gives them), as reading the whole text — for every line ending, blank lines, quoted delimiters and
 * line breaks, bad cells, cut anywhere into chunks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readQuotedCsvStream } from '../../src/runs/import/csvQuotedStream.js';
import { importRun, loadImportedRun, readCsvFileTable } from '../../src/runs/import/importRun.js';
import { loadRunFile } from '../../src/node/analyzed.js';
import { outcome } from './outcome.js';

const dir = mkdtempSync(join(tmpdir(), 'lrfind-quoted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function same(name: string, text: string): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, text);
  expect(await outcome(() => loadImportedRun(path)), text).toEqual(await outcome(async () => importRun(text, { file: path })));
  expect(await outcome(() => loadRunFile(path)), text).toEqual(await outcome(async () => importRun(text, { file: path })));
}

describe('quoted CSV files read as they stream', () => {
  const CASES: Record<string, string> = {
    'plain.csv': '"lr","loss"\n"0.001","2.3"\n"0.01","2.1"\n"0.1","nan"\n',
    'crlf.csv': '\uFEFF"lr";"loss"\r\n0.001;"2,5"\r\n\r\n0.01;2.1\r0.1;inf\r\n',
    'multiline.csv': 'lr,loss,note\n0.001,2.3,"a\nb"\n0.01,2.1,"x,""y"""\n',
    'bad-lr.csv': '"lr","loss"\n"0.001","2.3"\n"abc","2.1"\n',
    'bad-loss.csv': '"lr","loss"\n"0.001","2.3"\n"0.01","x"\n',
    'short-row.csv': '"lr","loss"\n"0.001","2.3"\n"0.01"\n',
    'unclosed.csv': '"lr","loss"\n"0.001","2.3\n',
    'no-header.csv': '"0.001","2.3"\n"0.01","2.1"\n',
    'dup.csv': '"lr","LR","loss"\n1,2,3\n',
    'control.csv': '"lr","loss"\n"0.001","2.3\u0001"\n',
    'order.csv': '"lr","loss"\n"0.01","2.3"\n"0.001","2.1"\n',
    'pandas.csv': ',"lr","loss"\n0,0.001,2.3\n1,0.01,2.1\n',
    'empty.csv': '"lr","loss"\n',
    'blank.csv': '\n\n  \n',
  };
  for (const [name, text] of Object.entries(CASES)) it(name, () => same(name, text));

  it('a quoted file is read by the streamed reader (not the text one)', async () => {
    const path = join(dir, 'streamed.csv');
    writeFileSync(path, CASES['plain.csv']);
    expect((await readCsvFileTable(path, {}))?.table.numeric?.('loss')?.values).toBeInstanceOf(Float64Array);
  });

  it('text cut anywhere gives the same table (property)', async () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.constantFrom('nan', '', 'x y', 'a,b', 'q"q', '1e-3', ' 2 '));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 5 }), async (rows, eol, cuts) => {
        const q = (c: string): string => `"${c.replace(/"/g, '""')}"`;
        const text = `"lr","loss"${eol}${rows.map(([a, b]) => `${q(a)},${q(b)}`).join(eol)}${eol}`;
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [...at, text.length].map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
        const whole = await readQuotedCsvStream([text], 'f.csv');
        const cut = await readQuotedCsvStream(pieces, 'f.csv');
        const view = (t: typeof whole): unknown => t && { names: t.names, rows: t.rows, cells: t.names.map((n) => t.column(n)?.map(String)), where: Array.from({ length: t.rows }, (_, r) => t.where(r, 'lr')) };
        expect(view(cut)).toEqual(view(whole));
        await same('prop.csv', text);
      }),
      { numRuns: 60, seed: 8 },
    );
  });
});
