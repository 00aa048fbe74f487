/**
 * The streamed CSV reader reads what the text reader reads: the same table (names, numbers bit for bit, the text
 * of the other cells, the line of every row) and the same errors, however the bytes are cut into chunks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvStream } from '../../src/runs/import/csvStream.js';
import type { Table } from '../../src/runs/import/table.js';
import { readCsvTable } from '../../src/runs/import/tableCsv.js';
import { loadImportedRun, loadRun } from '../../src/runs/import/importRun.js';
import { loadRunFile } from '../../src/node/analyzed.js';
import { assertText } from '../../src/runs/import/detect.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-csvstream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes of `text` in chunks cut at `cuts` (fractions of the length). */
async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  let start = 0;
  for (const end of [...at, bytes.length]) {
    if (end > start) yield bytes.slice(start, end);
    start = Math.max(start, end);
  }
}

/** Everything a reader of the table can see, numbers bit for bit. */
function view(t: Table): unknown {
  return {
    names: t.names,
    rows: t.rows,
    columns: t.names.map((n) => {
      const c = t.numeric?.(n);
      return {
        values: Array.from(c?.values ?? [], (v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v)),
        text: [...(c?.text ?? new Map<number, string>())].sort((a, b) => a[0] - b[0]),
        cells: t.column(n)?.map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)),
      };
    }),
    where: Array.from({ length: t.rows }, (_, r) => t.where(r, t.names[0])),
  };
}

const outcome = (read: () => Table): unknown => {
  try {
    return { table: view(read()) };
  } catch (error) {
    return { error: (error as Error).message, code: (error as { code?: string }).code };
  }
};
const outcomeAsync = async (read: () => Promise<Table | undefined>): Promise<unknown> => {
  try {
    const t = await read();
    return t === undefined ? { declined: true } : { table: view(t) };
  } catch (error) {
    return { error: (error as Error).message, code: (error as { code?: string }).code };
  }
};

const cell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ min: 1e-9, max: 1e3, noNaN: true }).chain((v) => fc.integer({ min: 1, max: 17 }).map((p) => v.toPrecision(p))),
  fc.double({ min: 1e-300, max: 1e300, noNaN: true }).chain((v) => fc.integer({ min: 0, max: 20 }).map((p) => v.toExponential(p))),
  fc.integer().map(String),
  fc.constantFrom('1.', '.5', '+3', '-0', '0', '1e5', '1E-5', '00012.5000', '1e400', '1e-400', '123456789012345678901234567890', '0.1e+2', '1e', 'e5', '.', '-',
    'nan', 'NaN', 'NA', '', 'inf', '-inf', 'x', ' 2.5 ', '\t7', 'é', '1,5'.slice(0, 1), '12345678901234567e-3', '9007199254740993'),
);
const csvText = fc
  .record({
    header: fc.constantFrom(['lr', 'loss'], ['lr', 'loss', 'smoothed_loss'], ['LR', ' Loss '], ['a']),
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 30 }),
    delimiter: fc.constantFrom(',', '\t', ';'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    blank: fc.array(fc.nat(40), { maxLength: 4 }),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    ragged: fc.boolean(),
  })
  .map(({ header, rows, delimiter, eol, blank, bom, trailing, ragged }) => {
    const lines = [header.join(delimiter), ...rows.map((r) => {
      const cells = ragged ? r : Array.from({ length: header.length }, (_, i) => r[i % r.length]);
      return cells.join(delimiter);
    })];
    for (const b of blank) lines.splice(Math.min(lines.length, b), 0, b % 2 ? '' : '  ');
    return `${bom ? '\ufeff' : ''}${lines.join(eol)}${trailing ? eol : ''}`;
  });

describe('readCsvStream agrees with readCsvTable', () => {
  it('on generated CSVs cut into any chunks (property)', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), async (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const expected = outcome(() => readCsvTable(text.replace(/^\ufeff/, ''), 'f.csv'));
        const actual = await outcomeAsync(() => readCsvStream(chunksOf(bytes, cuts), 'f.csv'));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 400, seed: 8 },
    );
  });

  it('one byte at a time, and the errors: control bytes, bad UTF-8, no header, an empty file', async () => {
    const cases = [
      'lr,loss\r\n0.001,2.3\r\n\r\n0.01,nan\r\n',
      'lr,loss\n0.001,2\u0001.3\n',
      'lr,loss\n0.001,2.3\n0.01,2.1,9\n',
      '0.1,1\n0.2,2\n',
      '   \n\n',
      '',
      'lr;loss\n1e-3;2\n\n\n1e-2;3',
    ];
    for (const text of cases) {
      const bytes = Buffer.from(text);
      // what importRun reads: the text checked first (assertText), then the table
      const expected = outcome(() => {
        assertText(text, 'f.csv');
        return readCsvTable(text, 'f.csv');
      });
      const ones = Array.from({ length: bytes.length }, (_, i) => i / bytes.length);
      expect(await outcomeAsync(() => readCsvStream(chunksOf(bytes, ones), 'f.csv')), JSON.stringify(text)).toEqual(expected);
    }
    const bad = Buffer.concat([Buffer.from('lr,loss\n0.1,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    expect(await outcomeAsync(() => readCsvStream(chunksOf(bad, []), 'f.csv'))).toEqual({
      error: 'f.csv: not a text run file (bytes that are not UTF-8 text at line 2; binary data?)',
      code: 'E_PARSE',
    });
  });

  it('declines what the text reader handles: quoted cells, UTF-16, a file `accept` refuses', async () => {
    for (const bytes of [Buffer.from('lr,loss\n"0.1",1\n'), Buffer.from('\ufefflr,loss\n0.1,1\n', 'utf16le')]) {
      expect(await readCsvStream(chunksOf(bytes, [0.5]), 'f.csv')).toBeUndefined();
    }
    expect(await readCsvStream(chunksOf(Buffer.from('lr,loss\n0.1,1\n'), []), 'f.csv', { accept: () => false })).toBeUndefined();
    // a very wide file: one array per column would cost per column, the text reader's grid does not
    const wide = `lr,loss,${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n0.001,2,${'1,'.repeat(99_999)}1\n`;
    expect(await readCsvStream(chunksOf(Buffer.from(wide), []), 'f.csv', { sizeHint: wide.length })).toBeUndefined();
    const path = join(dir, 'wide.csv');
    writeFileSync(path, wide);
    expect(Array.from((await loadRunFile(path)).losses)).toEqual([2]);
  });

  it('a file whose first lines are short and the rest long: the columns are never sized past what the file can hold', async () => {
    const text = `lr,loss\n${'0.1,1\n'.repeat(1000)}${`0.2,${'9'.repeat(1 << 20)}\n`.repeat(4)}`;
    const t = await readCsvStream(chunksOf(Buffer.from(text), [0.001, 0.5]), 'f.csv', { sizeHint: text.length });
    expect(t?.rows).toBe(1004);
    expect(t?.numeric?.('lr')?.values.buffer.byteLength).toBeLessThan(8 * (text.length / 2 + 2000));
  });
});

describe('the loaders read a CSV file as it streams, with the same result as from its text', () => {
  it('a moderately large file (200,000 rows) parses to the right arrays', async () => {
    const n = 200_000;
    const lrs = Float64Array.from({ length: n }, (_, i) => Number((1e-7 * 1e8 ** (i / (n - 1))).toPrecision(9)));
    const losses = Float64Array.from({ length: n }, (_, i) => (i % 997 === 0 ? NaN : Number((2.3 - Math.sin(i / 1000) * 0.5).toPrecision(7))));
    const lines = ['lr,loss'];
    for (let i = 0; i < n; i++) lines.push(`${lrs[i]},${Number.isNaN(losses[i]) ? 'nan' : losses[i]}`);
    const path = join(dir, 'big.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    // the first index where two arrays differ (Object.is: NaN equals NaN), or -1
    const differs = (a: Float64Array, b: Float64Array): number => {
      if (a.length !== b.length) return -2;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
      return -1;
    };
    for (const run of [await loadRunFile(path), await loadImportedRun(path), await loadRun(path)]) {
      expect(differs(run.lrs, lrs)).toBe(-1);
      expect(differs(run.losses, losses)).toBe(-1);
    }
  });

  it('errors name the same lines (blank lines counted) through every loader', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'lr,loss\n0.001,2\n\n\n0.01,x\n');
    for (const load of [() => loadRunFile(path), () => loadImportedRun(path), () => loadRun(path)]) {
      await expect(load()).rejects.toThrow(`${path}: line 5, column "loss"`);
    }
  });
});
