/**
 * Containers of run files, read into named columns: CSV (comma, tab or semicolon), JSON Lines, and the JSON shapes
 * the tools and pandas write (an object of arrays, an object of index→value objects, an array of records, an array
 * of `[wall time, step, value]` triples). Which columns mean what is decided by the importer (`import.ts`).
 *
 * @module
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { lrOrderMessage, lrOrderProblem } from '../../analysis/assert.js';
import { describeValue, LrfindError } from '../../errors.js';
import { parseLossCell, parseNumberCell } from './cells.js';
import { badLoss, badLr, csvRowLength, duplicateColumn, fileEmpty, jsonlNotObject, noHeader, runEmpty } from '../messages.js';
import { parseJsonText } from './json.js';
import { JsonNumbers } from './jsonStream.js';

/** Named columns read from a file, with the way to point at a cell in an error message. */
export interface Table {
  /** Column names as written, in file order. */
  readonly names: readonly string[];
  /** Number of rows (points). */
  readonly rows: number;
  /** The cells of a column, found by name ignoring case and surrounding spaces; `undefined` if absent. */
  column(name: string): readonly unknown[] | undefined;
  /** How many cells a column has (without making them), or `undefined` when there is no such column. */
  size(name: string): number | undefined;
  /** Where a cell is, for messages: `line 12, column "loss"` (CSV, JSONL) or `"loss"[10]` (JSON). */
  where(row: number, column: string): string;
  /** The container it was read from. */
  readonly container: 'csv' | 'jsonl' | 'json';
  /** JSON fields that are not columns (not arrays), by name: for messages like `"lr" must be an array`. */
  readonly others?: ReadonlyMap<string, unknown>;
  /**
   * A column already parsed into numbers (CSV): `values[i]` is the number in row `i`, or NaN where the cell was
   * not a plain decimal, whose text is then in `text` (so `nan`, `NA`, `inf` and bad cells keep their spelling).
   * `lrNumbers` / `lossNumbers` read it without a string per cell.
   */
  numeric?(name: string): NumericColumn | undefined;
}

/** A column parsed into numbers: see {@link Table.numeric}. */
export interface NumericColumn {
  readonly values: Float64Array;
  /** Row → the cell as read (its text; `null` in JSON), for the cells that are not plain decimals. */
  readonly text: ReadonlyMap<number, unknown>;
}

const key = (name: string): string => name.trim().toLowerCase();

/**
 * Column names for a message: quoted, each cut at 40 characters, at most 8 of them.
 *
 * @example
 * listNames(['lr', 'loss']); // => '"lr", "loss"'
 */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 8).map((n) => describeValue(n)).join(', ');
  return names.length > 8 ? `${shown}, … (${names.length} columns)` : shown;
}

/** Where a table's cells come from: a map, or a reader that makes a column's cells when asked. */
type CellSource = { get(name: string): readonly unknown[] | undefined };

/**
 * The cells of numeric columns as values (numbers, or the text of the cells that were not), made only when a caller
 * asks for a column, once: what the typed CSV readers hand `makeTable`.
 *
 * @example
 * lazyCells((name) => (name === 'lr' ? { values: Float64Array.of(1e-3, NaN), text: new Map([[1, 'nan']]) } : undefined)).get('lr');
 * // => [0.001, 'nan']
 */
export function lazyCells(columnOf: (name: string) => NumericColumn | undefined): CellSource {
  const cache = new Map<string, unknown[]>();
  return {
    get: (name: string) => {
      const col = columnOf(name);
      if (col === undefined) return undefined;
      let out = cache.get(name);
      if (out === undefined) {
        out = Array.from(col.values, (v, i) => (col.text.has(i) ? col.text.get(i) : v));
        cache.set(name, out);
      }
      return out;
    },
  };
}

/**
 * A {@link Table} over columns of cells (or typed columns): names checked for duplicates, columns found ignoring
 * case and surrounding spaces.
 *
 * @throws {LrfindError} `E_SCHEMA` for a duplicate column.
 * @example
 * makeTable('csv', 'a.csv', ['lr'], new Map([['lr', [0.1]]]), 1, (r) => `line ${r + 2}`).column('LR'); // => [0.1]
 */
export function makeTable(
  container: Table['container'],
  file: string,
  names: readonly string[],
  cells: CellSource,
  rows: number,
  where: (row: number, column: string) => string,
  others?: ReadonlyMap<string, unknown>,
  numeric?: { get(name: string): NumericColumn | undefined },
): Table {
  const seen = new Map<string, string>();
  names.forEach((name, i) => {
    const k = key(name);
    // an empty header is unaddressable, except first: a pandas index (df.to_csv()), found as ''
    if (k === '' && i > 0) return;
    const before = seen.get(k);
    if (before !== undefined) {
      const first = names.indexOf(before) + 1;
      throw duplicateColumn(file, name, first, i + 1);
    }
    seen.set(k, name);
  });
  return {
    container,
    names,
    rows,
    column: (name) => {
      const found = seen.get(key(name));
      return found === undefined ? undefined : cells.get(found);
    },
    size: (name) => {
      const found = seen.get(key(name));
      if (found === undefined) return undefined;
      return numeric?.get(found)?.values.length ?? cells.get(found)?.length;
    },
    where,
    others,
    numeric:
      numeric === undefined
        ? undefined
        : (name) => {
            const found = seen.get(key(name));
            return found === undefined ? undefined : numeric.get(found);
          },
  };
}

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

/**
 * Read JSON Lines (one JSON object per line; blank lines ignored) into a {@link Table}; a row without a column
 * has `undefined` there.
 *
 * @throws {LrfindError} `E_PARSE` with the line, `E_SCHEMA` for a line that is not an object, `E_EMPTY`.
 * @example
 * readJsonlTable('{"lr": 0.001, "loss": 2.3}\n{"lr": 0.01, "loss": NaN}\n', 'run.jsonl').column('loss'); // => [2.3, NaN]
 */
export function readJsonlTable(text: string, file: string): Table {
  // one line at a time, straight into columns: no array of lines and no object kept per row
  const columns = new Map<string, unknown[]>();
  const names: string[] = [];
  let lineOf = new Int32Array(1024);
  let rows = 0;
  let line = 0;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    let end = pos;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    line++;
    const src = text.slice(pos, end);
    pos = end < n && text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    if (src.trim() === '') continue;
    const value = parseJsonText(src, { file, firstLine: line });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw jsonlNotObject(file, line, value);
    }
    for (const [k, v] of Object.entries(value)) {
      let col = columns.get(k);
      if (col === undefined) {
        // a key first seen at this row: the rows before it have nothing there
        col = new Array<unknown>(rows).fill(undefined);
        columns.set(k, col);
        names.push(k);
      }
      col[rows] = v;
    }
    rows++;
    for (const col of columns.values()) if (col.length < rows) col.length = rows; // a row without the key
    if (rows > lineOf.length) {
      const next = new Int32Array(lineOf.length * 2);
      next.set(lineOf);
      lineOf = next;
    }
    lineOf[rows - 1] = line;
  }
  if (rows === 0) throw fileEmpty(file);
  const lines = lineOf;
  return makeTable('jsonl', file, names, columns, rows, (row, column) => `line ${lines[row]}, key ${describeValue(column)}`);
}

/** The values of a column written as an array, or as pandas' `{"0": v0, "1": v1, …}` (index → value). */
function columnValues(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) return entries.map(([, v]) => v);
  }
  return undefined;
}

/**
 * Read a parsed JSON value into a {@link Table}: `{"lr": [...], "loss": [...]}` (plus pandas'
 * `{"lr": {"0": …}, …}`), `[{"lr": …, "loss": …}, …]` (records), or `[[wall, step, value], …]` (a TensorBoard
 * scalar export, columns `wall time`, `step`, `value`). Fields that are not columns (a `meta` object, strings) are
 * left out.
 *
 * @throws {LrfindError} `E_SCHEMA` for any other shape, `E_EMPTY` for an empty array.
 * @example
 * jsonTable({ lr: [1e-3], loss: [2.3], note: 'x' }, 'h.json').names; // => ['lr', 'loss']
 */
export function jsonTable(value: unknown, file: string): Table {
  if (Array.isArray(value)) {
    if (value.length === 0) throw runEmpty(file, 'an empty JSON array');
    if (value.every((r) => Array.isArray(r) && r.length === 3)) {
      const names = ['wall time', 'step', 'value'];
      const cells = new Map(names.map((n, c) => [n, value.map((r: unknown[]) => r[c])]));
      return makeTable('json', file, names, cells, value.length, (row, column) => `[${row}] (${column})`);
    }
    const bad = value.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
    if (bad !== -1) {
      throw new LrfindError(
        'E_SCHEMA',
        `${file}: element [${bad}] must be an object like {"lr": …, "loss": …} or a [wall time, step, value] triple (got ${describeValue(value[bad])})`,
        { file },
      );
    }
    const names: string[] = [];
    for (const r of value as Record<string, unknown>[]) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
    const cells = new Map(names.map((n) => [n, (value as Record<string, unknown>[]).map((r) => r[n])]));
    return makeTable('json', file, names, cells, value.length, (row, column) => `[${row}].${column}`);
  }
  if (typeof value !== 'object' || value === null) {
    throw new LrfindError('E_SCHEMA', `${file}: expected a JSON object with learning-rate and loss arrays (got ${describeValue(value)})`, { file });
  }
  const cells = new Map<string, unknown[]>();
  const others = new Map<string, unknown>();
  // a streamed file's arrays of numbers (`readJsonStream`): typed columns, their cells made only when asked for
  const typed = new Map<string, NumericColumn>();
  const names: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v instanceof JsonNumbers) {
      typed.set(k, v);
      names.push(k);
      continue;
    }
    const values = columnValues(v);
    if (values !== undefined) {
      cells.set(k, values);
      names.push(k);
    } else others.set(k.trim().toLowerCase(), v);
  }
  const rows = Math.max(0, ...[...cells.values()].map((c) => c.length), ...[...typed.values()].map((c) => c.values.length));
  const lazy = lazyCells((name) => typed.get(name));
  const source = typed.size === 0 ? cells : { get: (name: string) => cells.get(name) ?? lazy.get(name) };
  const numeric = typed.size === 0 ? undefined : { get: (name: string) => typed.get(name) };
  return makeTable('json', file, names, source, rows, (row, column) => `${describeValue(column)}[${row}]`, others, numeric);
}

/** A cell for a message; a JSONL row without the key has nothing there. */
const got = (value: unknown): string => (value === undefined ? 'nothing (the key is missing)' : describeValue(value));

/**
 * The learning rates of a column: numbers (or numeric strings), every one finite and > 0.
 *
 * @throws {LrfindError} `E_SCHEMA` for a cell that is not a number, `E_BAD_LR` for a zero, negative, NaN or
 *   infinite lr, each naming the file and the cell.
 * @example
 * lrNumbers(readCsvTable('lr\n0.001\n', 'a.csv'), 'lr', 'a.csv'); // => Float64Array [0.001]
 */
export function lrNumbers(table: Table, column: string, file: string): Float64Array {
  const typed = table.numeric?.(column);
  if (typed !== undefined) {
    const out = typed.values;
    // row by row, as the cells are read: the first bad row is the one named (a cell kept as text sits on a NaN)
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (v !== v && typed.text.has(i)) out[i] = lrCell(table, column, file, i, typed.text.get(i));
      else if (!(v > 0) || !Number.isFinite(v)) lrCell(table, column, file, i, v);
    }
    return out;
  }
  const cells = table.column(column) ?? [];
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = lrCell(table, column, file, i, cells[i]);
  return out;
}

/** One lr cell: its number, or the typed error naming the file and the cell. */
function lrCell(table: Table, column: string, file: string, i: number, cell: unknown): number {
  const v = parseNumberCell(cell);
  if (v === undefined) {
    const nonFinite = typeof cell === 'string' && /^\s*[+-]?(nan|inf|infinity)\s*$/i.test(cell);
    throw new LrfindError(
      nonFinite ? 'E_BAD_LR' : 'E_SCHEMA',
      nonFinite
        ? `${file}: ${table.where(i, column)}: learning rates must be finite and > 0 (got ${got(cell)})`
        : `${file}: ${table.where(i, column)}: expected a learning rate (a number > 0), got ${got(cell)}`,
      { file, details: { index: i, column } },
    );
  }
  if (!(v > 0) || !Number.isFinite(v)) {
    throw badLr(file, table.where(i, column), v, i);
  }
  return v;
}

/**
 * The losses of a column: numbers, with `null`, empty cells, `nan`, `inf`, `-inf` as the non-finite markers.
 *
 * @throws {LrfindError} `E_BAD_LOSS` for any other cell, naming the file and the cell.
 * @example
 * lossNumbers(readCsvTable('loss\n2.3\nnan\n', 'a.csv'), 'loss', 'a.csv'); // => Float64Array [2.3, NaN]
 */
export function lossNumbers(table: Table, column: string, file: string): Float64Array {
  const typed = table.numeric?.(column);
  if (typed !== undefined) {
    const out = typed.values;
    for (const [i, text] of typed.text) {
      const v = parseLossCell(text);
      if (v === undefined) {
        throw badLoss(file, table.where(i, column), got(text), i);
      }
      out[i] = v;
    }
    return out;
  }
  const cells = table.column(column) ?? [];
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const v = parseLossCell(cells[i]);
    if (v === undefined) {
      throw badLoss(file, table.where(i, column), got(cells[i]), i);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Refuse learning rates out of the range test's order (decreasing somewhere, shuffled, or all equal), naming the
 * file and the first bad point; repeated lrs that never decrease are kept (see `lrOrderProblem`).
 *
 * @param at - where index `i` is in the file, for the message (`line 14, column "lr"`, `"lrs"[12]`).
 * @throws {LrfindError} `E_LR_ORDER`.
 * @example
 * assertLrOrder(Float64Array.of(1e-3, 1e-2), 'run.csv', (i) => `row ${i}`); // passes
 */
export function assertLrOrder(lrs: ArrayLike<number>, file: string, at: (i: number) => string): void {
  const problem = lrOrderProblem(lrs);
  if (problem === undefined) return;
  throw new LrfindError('E_LR_ORDER', `${file}: ${lrOrderMessage(lrs, problem, at)}`, { file, details: { index: problem.index } });
}
