/**
 * Reading a CSV run file with quoted cells as it streams: csv-parse's streaming parser (the same parser and options
 * `readCsvTable` uses on the whole text) hands over one record at a time, whose cells go straight into typed columns —
 * never the file's text, nor an array of records. Anything it would not read as `readCsvTable` reads the text (bytes
 * that are not text, a malformed file, no header) it declines, for the text reader to give its one exact error.
 *
 * @module
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { describeValue } from '../../errors.js';
import { parseNumberCell } from './cells.js';
import { lazyCells, makeTable, type NumericColumn, type Table } from './table.js';

const DECIMAL_HEADER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A growable column: numbers, and the cells that are not numbers as read. */
class Column {
  values = new Float64Array(1024);
  readonly text = new Map<number, unknown>();
}

/**
 * Read a CSV with a header row (quoted cells allowed) from its text in pieces into a {@link Table} of typed columns:
 * the table `readCsvTable` makes from the whole text (the same names, numbers, the text of the other cells, the same
 * line of every row), without holding the text or a record per row.
 *
 * @param pieces - the file's text (decoded, without a byte-order mark), in pieces of any size.
 * @param file - the name used in `where`.
 * @returns the table, or `undefined` when it declines: a control character or U+FFFD in the text (`assertText`'s
 *   errors), no header, an empty file, or any parse error (the text reader names it).
 * @example
 * const table = await readQuotedCsvStream(['"lr","loss"\n', '"0.1","2.3"\n'], 'run.csv');
 * table?.numeric?.('loss')?.values; // => Float64Array [2.3]
 */
export async function readQuotedCsvStream(pieces: AsyncIterable<string> | Iterable<string>, file: string): Promise<Table | undefined> {
  let declined = false;
  let firstLine: string | undefined;
  let pending = '';
  // the text as readCsvTable gives it to csv-parse: CR LF and lone CR made LF (a CR at a piece's end waits for the next)
  async function* normalised(): AsyncGenerator<string> {
    let carryCr = false;
    for await (const raw of pieces) {
      if (declined) return;
      for (let i = 0; i < raw.length; i++) {
        const c = raw.charCodeAt(i);
        if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0xfffd) {
          declined = true;
          return;
        }
      }
      let piece: string = (carryCr ? '\r' : '') + raw;
      carryCr = piece.endsWith('\r');
      if (carryCr) piece = piece.slice(0, -1);
      if (firstLine === undefined) {
        // the delimiter comes from the first non-blank line, as readCsvTable takes it from the text
        pending += piece;
        const bare = pending.trimStart();
        const end = bare.search(/\r\n?|\n/);
        if (end < 0 && pending.length < 1 << 20) continue;
        firstLine = end < 0 ? bare : bare.slice(0, end);
        piece = pending;
        pending = '';
      }
      yield piece.replace(/\r\n?/g, '\n');
    }
    if (carryCr || pending !== '') {
      const rest = `${pending}${carryCr ? '\r' : ''}`;
      if (firstLine === undefined) firstLine = rest.trimStart().split(/\r\n?|\n/, 1)[0] ?? '';
      yield rest.replace(/\r\n?/g, '\n');
    }
  }
  const source = normalised();
  // the first piece decides the delimiter, before the parser is made
  const head = await source.next();
  if (head.done || declined || firstLine === undefined) return undefined;
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  async function* all(): AsyncGenerator<string> {
    yield head.value as string;
    yield* source;
  }
  const parser = Readable.from(all()).pipe(parse({ info: true, skip_empty_lines: true, trim: true, record_delimiter: '\n', delimiter }));
  let header: string[] | undefined;
  let columns: Column[] = [];
  let lines = new Int32Array(1024);
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === undefined) {
        header = record;
        if (header.every((c) => DECIMAL_HEADER.test(c.trim()))) return undefined;
        columns = header.map(() => new Column());
        continue;
      }
      if (rows === lines.length) {
        const next = new Int32Array(2 * rows);
        next.set(lines);
        lines = next;
        for (const col of columns) {
          const values = new Float64Array(2 * rows);
          values.set(col.values);
          col.values = values;
        }
      }
      lines[rows] = info.lines;
      for (let c = 0; c < columns.length; c++) {
        const cell = record[c];
        const v = parseNumberCell(cell);
        if (v === undefined) {
          columns[c].values[rows] = NaN;
          columns[c].text.set(rows, cell);
        } else columns[c].values[rows] = v;
      }
      rows++;
    }
  } catch {
    return undefined;
  }
  if (declined || header === undefined) return undefined;
  const numeric = new Map<string, NumericColumn>();
  header.forEach((name, c) => {
    // a later column of the same name is refused by makeTable; readCsvTable keeps the last one's cells till then
    numeric.set(name, { values: columns[c].values.slice(0, rows), text: columns[c].text });
  });
  columns = [];
  const at = lines;
  return makeTable('csv', file, header, lazyCells((name) => numeric.get(name)), rows, (row, column) => `line ${at[row]}, column ${describeValue(column)}`, undefined, {
    get: (name) => numeric.get(name),
  });
}
