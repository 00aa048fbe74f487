/**
 * The CSV container (comma, tab or semicolon; quoted or not; with or without a header) read into a `Table`: plain
 * files straight into typed columns, quoted ones through csv-parse.
 *
 * @module
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { describeValue, LrfindError } from '../../errors.js';
import { csvRowLength, fileEmpty, noHeader } from '../messages.js';
import { type Table, type NumericColumn, lazyCells, makeTable } from './table.js';

/** True when every cell of a row looks like a number: a headerless CSV. */
const looksNumeric = (row: readonly string[]): boolean => row.every((c) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c.trim()));

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

const recordLengthError = csvRowLength;

/** A growable Float64Array / Int32Array pair for the typed CSV reader. */
class Grow {
  values: Float64Array;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  ensure(n: number): void {
    if (n <= this.values.length) return;
    const next = new Float64Array(Math.max(n, this.values.length * 2));
    next.set(this.values);
    this.values = next;
  }
}

/** True when `src[a, b)` is a plain decimal (`[+-]digits[.digits][e[+-]digits]`), the fast path of a cell. */
function isDecimal(src: string, a: number, b: number): boolean {
  let i = a;
  let c = src.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < b && (c = src.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  if (i < b && src.charCodeAt(i) === 46) {
    i++;
    while (i < b && (c = src.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (i < b && ((c = src.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    if (i < b && ((c = src.charCodeAt(i)) === 43 || c === 45)) i++;
    let exp = 0;
    while (i < b && (c = src.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      exp++;
    }
    if (exp === 0) return false;
  }
  return i === b;
}

/**
 * CSV without quotes (every tool's lr/loss files), streamed into typed columns: one pass over the text, no string
 * per line and no object per row — a cell becomes a number in a Float64Array, and only a cell that is not a plain
 * decimal keeps its text. Peak memory is the text plus 8 bytes per cell and 4 per row (the line numbers).
 */
function readCsvColumns(src: string, file: string, delimiter: string): Table {
  const n = src.length;
  const d = delimiter.charCodeAt(0);
  let pos = 0;
  let line = 0;
  // the header: the first non-blank line
  let header: string[] | undefined;
  let headerLine = 0;
  while (pos < n && header === undefined) {
    let end = pos;
    while (end < n && src.charCodeAt(end) !== 10 && src.charCodeAt(end) !== 13) end++;
    line++;
    const text = src.slice(pos, end);
    if (text.trim() !== '') {
      header = text.split(delimiter).map((c) => c.trim());
      headerLine = line;
    }
    pos = end < n && src.charCodeAt(end) === 13 && src.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  if (header === undefined) throw fileEmpty(file);
  if (looksNumeric(header)) {
    throw noHeader(file, headerLine, header.join(delimiter));
  }
  const width = header.length;
  // one row-major Float64Array for every cell, one Map for the cells that are not plain decimals: memory grows with
  // the cells read (8 bytes each, at most 4× the file's bytes), never with the number of columns alone
  const grid = new Grow(Math.max(16, Math.min(1 << 22, Math.ceil((n - pos) / 8))));
  const texts = new Map<number, string>();
  let lineOf = new Int32Array(1024);
  let rows = 0;
  while (pos < n) {
    let end = pos;
    while (end < n && src.charCodeAt(end) !== 10 && src.charCodeAt(end) !== 13) end++;
    line++;
    // blank (or whitespace-only) lines are skipped
    let blank = true;
    for (let i = pos; i < end && blank; i++) {
      const c = src.charCodeAt(i);
      if (c !== 32 && c !== 9) blank = false;
    }
    if (!blank) {
      if (rows === lineOf.length) {
        const next = new Int32Array(lineOf.length * 2);
        next.set(lineOf);
        lineOf = next;
      }
      const base = rows * width;
      grid.ensure(base + width);
      let a = pos;
      let col = 0;
      for (;;) {
        let b = a;
        while (b < end && src.charCodeAt(b) !== d) b++;
        if (col < width) {
          let x = a;
          let y = b;
          while (x < y && (src.charCodeAt(x) === 32 || src.charCodeAt(x) === 9)) x++;
          while (y > x && (src.charCodeAt(y - 1) === 32 || src.charCodeAt(y - 1) === 9)) y--;
          if (x < y && isDecimal(src, x, y)) grid.values[base + col] = Number(src.slice(x, y));
          else {
            grid.values[base + col] = NaN;
            texts.set(base + col, src.slice(x, y));
          }
        }
        col++;
        if (b >= end) break;
        a = b + 1;
      }
      if (col !== width) throw recordLengthError(file, line, width, col);
      lineOf[rows] = line;
      rows++;
    }
    pos = end < n && src.charCodeAt(end) === 13 && src.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  // a column is taken out of the grid when asked for (a view when the file has one column)
  const numericCache = new Map<string, NumericColumn>();
  const columnOf = (name: string): NumericColumn | undefined => {
    const c = header.indexOf(name);
    if (c === -1) return undefined;
    let out = numericCache.get(name);
    if (out === undefined) {
      const values = width === 1 ? grid.values.subarray(0, rows) : new Float64Array(rows);
      const text = new Map<number, string>();
      for (let r = 0; r < rows; r++) {
        if (width !== 1) values[r] = grid.values[r * width + c];
        const t = texts.size === 0 ? undefined : texts.get(r * width + c);
        if (t !== undefined) text.set(r, t);
      }
      out = { values, text };
      numericCache.set(name, out);
    }
    return out;
  };
  const numeric = { get: columnOf };
  // the cells as values (numbers, or the text of the others), made only when a caller asks for them
  const lazy = lazyCells(columnOf);
  const lines = lineOf;
  return makeTable('csv', file, header, lazy, rows, (row, column) => `line ${lines[row]}, column ${describeValue(column)}`, undefined, numeric);
}

/** CSV with quoted cells: csv-parse, with the line of each record. */
function parseQuotedCsv(src: string, file: string, delimiter: string): CsvRecord[] {
  try {
    return parseCsv(src, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      record_delimiter: '\n',
      delimiter,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as { message?: string; lines?: number; code?: string };
    const m = /expect (\d+), got (\d+)/.exec(e.message ?? '');
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && m && typeof e.lines === 'number') {
      throw recordLengthError(file, e.lines, Number(m[1]), Number(m[2]));
    }
    const line = typeof e.lines === 'number' ? ` at line ${e.lines}` : '';
    const why = (e.message ?? String(error)).replace(/\s*(on|at) line \d+.*$/, '').replace(/:.*$/, '');
    throw new LrfindError('E_PARSE', `${file}: invalid CSV${line}: ${why.toLowerCase()}`, { file, cause: error });
  }
}

/**
 * Read CSV text with a header row into a {@link Table}. Text without a byte-order mark (`importRun` strips it); accepts CRLF / CR / LF (even mixed), quoted cells,
 * blank lines, and comma, tab or semicolon delimiters (sniffed from the header line).
 *
 * @throws {LrfindError} `E_PARSE` (malformed CSV, with the line), `E_EMPTY`, `E_SCHEMA` (no header, duplicate
 *   columns).
 * @example
 * readCsvTable('lr,loss\r\n0.001,2.3\r\n', 'run.csv').column('LOSS'); // => [2.3]
 */
export function readCsvTable(text: string, file: string): Table {
  const bare = text;
  const firstLine = bare.trimStart().split(/\r\n?|\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  if (!bare.includes('"')) return readCsvColumns(bare, file, delimiter);
  const src = bare.replace(/\r\n?/g, '\n');
  const records = parseQuotedCsv(src, file, delimiter);
  if (records.length === 0) throw fileEmpty(file);
  const header = records[0].record;
  if (looksNumeric(header)) {
    throw noHeader(file, records[0].info.lines, firstLine);
  }
  const body = records.slice(1);
  const cells = new Map<string, unknown[]>();
  header.forEach((name, c) => cells.set(name, body.map((r) => r.record[c])));
  return makeTable('csv', file, header, cells, body.length, (row, column) => `line ${body[row].info.lines}, column ${describeValue(column)}`);
}
