/**
 * Reading a plain CSV run file as it streams: bytes straight into one growable Float64Array per column, never the
 * whole text and never a string per row. What it cannot read this way (quoted cells, UTF-16) it hands back, for
 * the text reader (`readCsvTable`) to read whole.
 *
 * @module
 */
import { describeValue } from '../../errors.js';
import { lazyCells, makeTable, type NumericColumn, type Table } from './table.js';
import { csvRowLength, fileEmpty, noHeader, notText } from '../messages.js';

/** Options of {@link readCsvStream}. */
export interface CsvStreamOptions {
  /** The file's size in bytes, when known: the columns are sized for it once instead of grown. */
  readonly sizeHint?: number;
  /**
   * Told the file's first characters (up to 64 KiB, without a byte-order mark) before anything is parsed; `false`
   * declines the file (not a CSV, or a CSV another reader handles, such as a TensorBoard export).
   * __Default value:__ accepts every file
   */
  readonly accept?: (head: string) => boolean;
}

/** Exact powers of ten (Clinger's fast path: a mantissa below 2^53 times or over one of these rounds correctly). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Files wider than this go to the text reader, whose one grid for every cell costs nothing per column (a column
 * here is its own array, sized for the whole file).
 */
const MAX_STREAM_COLUMNS = 64;
const DECLINE = Symbol('decline');

/** A growable column of numbers, with the text of the cells that are not plain decimals. */
class Column {
  values: Float64Array;
  readonly text = new Map<number, string>();
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  grow(n: number): void {
    const next = new Float64Array(Math.max(n, Math.ceil(this.values.length * 1.5)));
    next.set(this.values);
    this.values = next;
  }
}

/**
 * The number a cell `bytes[a, b)` spells when it is a plain decimal (`[+-]digits[.digits][e[+-]digits]`, the
 * grammar of `readCsvTable`'s fast path), else `undefined`. Up to 15 significant digits and a power of ten up to
 * 22 are computed exactly (one correctly rounded multiplication or division); anything longer goes to `Number`.
 */
function decimalAt(bytes: Uint8Array, a: number, b: number): number | undefined {
  let i = a;
  let negative = false;
  let c = bytes[i];
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let scale = 0;
  while (i < b && (c = bytes[i]) >= 48 && c <= 57) {
    if (significant > 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      significant++;
    }
    digits++;
    i++;
  }
  if (i < b && bytes[i] === 46) {
    i++;
    while (i < b && (c = bytes[i]) >= 48 && c <= 57) {
      if (significant > 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
      digits++;
      scale--;
      i++;
    }
  }
  if (digits === 0) return undefined;
  if (i < b && ((c = bytes[i]) === 101 || c === 69)) {
    i++;
    let expNegative = false;
    if (i < b && ((c = bytes[i]) === 43 || c === 45)) {
      expNegative = c === 45;
      i++;
    }
    let exp = 0;
    let expDigits = 0;
    while (i < b && (c = bytes[i]) >= 48 && c <= 57) {
      if (exp < 1e6) exp = exp * 10 + (c - 48);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return undefined;
    scale += expNegative ? -exp : exp;
  }
  if (i !== b) return undefined;
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -v : v;
  }
  return Number(latin1(bytes, a, b));
}

const latin1 = (bytes: Uint8Array, a: number, b: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + a, b - a).toString('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * Read a CSV with a header row from a stream of bytes into a {@link Table} of typed columns: one pass, no text of
 * the whole file, no string per row or per number — a cell becomes a number in its column's Float64Array, and
 * only a cell that is not a plain decimal (`nan`, `NA`, an empty cell, a bad cell) keeps its text. Peak memory is
 * 8 bytes per cell (plus the growth slack) and one chunk of the file. The same table `readCsvTable` reads from the
 * text, the same errors (`line 12, column "loss"`); blank lines skipped; LF, CRLF or CR; comma, tab or semicolon
 * (from the header line); a UTF-8 byte-order mark dropped.
 *
 * @param source - the file's bytes, in chunks.
 * @param file - the name used in messages.
 * @param options - see {@link CsvStreamOptions}.
 * @returns the table, or `undefined` when this reader declines the file: `accept` said no, a cell is quoted (`"`),
 *   the file is UTF-16, or it has more than 64 columns (the caller reads it whole with `readCsvTable`).
 * @throws {LrfindError} `E_PARSE` (a control byte, bytes that are not UTF-8, a row of the wrong length, with the
 *   line), `E_EMPTY`, `E_SCHEMA` (no header).
 * @example
 * const table = await readCsvStream(createReadStream('run.csv'), 'run.csv');
 * table?.numeric?.('loss')?.values; // => Float64Array [2.3, 2.1, …]
 */
export async function readCsvStream(source: AsyncIterable<Uint8Array>, file: string, options: CsvStreamOptions = {}): Promise<Table | undefined> {
  // the unfinished last line of the chunks so far is work[0, carried)
  let work = new Uint8Array(0);
  let carried = 0;
  let first = true;
  let skipLf = false;
  let line = 0;
  let header: string[] | undefined;
  let headerText = '';
  let delimiter = 44;
  let width = 0;
  let columns: Column[] = [];
  let rows = 0;
  // line of row r: r + delta, delta changing only after skipped blank lines (kept as (row, delta) jumps)
  let delta = 0;
  const jumpRows: number[] = [];
  const jumpDeltas: number[] = [];
  let baseDelta = 0;
  let perLine = 16;

  const parseLine = (buf: Uint8Array, a: number, b: number): typeof DECLINE | undefined => {
    line++;
    if (header === undefined) {
      let blank = true;
      for (let i = a; i < b && blank; i++) {
        const c = buf[i];
        if (c !== 32 && (c < 9 || c > 13)) blank = false;
      }
      if (blank) return;
      headerText = utf8.decode(buf.subarray(a, b));
      if (headerText.includes('\ufffd')) throw notText(file, 'bytes that are not UTF-8 text', line);
      const d = headerText.includes(',') ? ',' : headerText.includes('\t') ? '\t' : headerText.includes(';') ? ';' : ',';
      delimiter = d.charCodeAt(0);
      header = headerText.split(d).map((c) => c.trim());
      if (header.every((c) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c))) throw noHeader(file, line, headerText);
      width = header.length;
      if (width > MAX_STREAM_COLUMNS) return DECLINE;
      // sized for the whole file from the bytes per line seen so far, with a little room; grown by half if short
      // (a row takes at least `width` bytes: the estimate never exceeds what the file can hold, whatever its lines)
      const size = options.sizeHint ?? 0;
      const capacity = Math.max(1024, Math.min(Math.ceil((size / perLine) * 1.05), Math.ceil(size / width)) + 64);
      columns = header.map(() => new Column(capacity));
      delta = line + 1;
      baseDelta = delta;
      return;
    }
    let blank = true;
    for (let i = a; i < b && blank; i++) {
      const c = buf[i];
      if (c !== 32 && c !== 9) blank = false;
    }
    if (blank) return;
    if (line !== rows + delta) {
      delta = line - rows;
      jumpRows.push(rows);
      jumpDeltas.push(delta);
    }
    if (rows === columns[0].values.length) for (const column of columns) column.grow(rows + 1);
    let x = a;
    let col = 0;
    for (;;) {
      let y = x;
      while (y < b && buf[y] !== delimiter) y++;
      if (col < width) {
        let s = x;
        let e = y;
        while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
        while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
        const v = s < e ? decimalAt(buf, s, e) : undefined;
        const column = columns[col];
        if (v !== undefined) column.values[rows] = v;
        else {
          column.values[rows] = NaN;
          const text = utf8.decode(buf.subarray(s, e));
          if (text.includes('\ufffd')) throw notText(file, 'bytes that are not UTF-8 text', line);
          column.text.set(rows, text);
        }
      }
      col++;
      if (y >= b) break;
      x = y + 1;
    }
    if (col !== width) throw csvRowLength(file, line, width, col);
    rows++;
    return undefined;
  };

  for await (const chunk of source) {
    let buf = chunk;
    if (first) {
      first = false;
      if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return undefined;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      if (options.accept !== undefined && !options.accept(utf8.decode(buf.subarray(0, 1 << 16)))) return undefined;
      let breaks = 0;
      for (let i = 0; i < buf.length; i++) if (buf[i] === 10) breaks++;
      perLine = Math.max(4, buf.length / Math.max(1, breaks));
    }
    if (buf.includes(34)) return undefined; // a quoted cell: csv-parse reads those, from the whole text
    if (carried > 0) {
      // the line cut by the last chunk's end, then this chunk, in one work buffer kept from chunk to chunk: no new
      // buffer per chunk for the garbage collector to find late (a 500 MB file would leave hundreds of them)
      if (work.length < carried + buf.length) {
        const next = new Uint8Array(Math.max(carried + buf.length, 2 * work.length));
        next.set(work.subarray(0, carried));
        work = next;
      }
      work.set(buf, carried);
      buf = work.subarray(0, carried + buf.length);
      carried = 0;
    }
    let start = 0;
    if (skipLf && buf.length > 0) {
      if (buf[0] === 10) start = 1;
      skipLf = false;
    }
    for (let i = start; i < buf.length; i++) {
      const c = buf[i];
      if (c >= 32) continue;
      if (c === 10 || c === 13) {
        if (parseLine(buf, start, i) === DECLINE) return undefined;
        if (c === 13) {
          if (i + 1 < buf.length) {
            if (buf[i + 1] === 10) i++;
          } else skipLf = true;
        }
        start = i + 1;
      } else if (c !== 9 && c !== 11 && c !== 12) {
        throw notText(file, `byte 0x${c.toString(16).padStart(2, '0')}`, line + 1);
      }
    }
    // the line cut by the chunk's end waits for the next chunk, at the front of the work buffer (copied: the source
    // may reuse its chunk's memory for the next one)
    if (start < buf.length) {
      const tail = buf.length - start;
      if (buf.buffer === work.buffer) work.copyWithin(0, start, buf.length);
      else {
        if (work.length < tail) work = new Uint8Array(Math.max(tail, 2 * work.length));
        work.set(buf.subarray(start));
      }
      carried = tail;
    }
  }
  if (carried > 0 && parseLine(work, 0, carried) === DECLINE) return undefined;
  if (header === undefined) throw fileEmpty(file);
  const names = header;
  // the columns at their length: a view when the slack is small, else a copy
  const numeric = new Map<string, NumericColumn>();
  names.forEach((name, c) => {
    const { values, text } = columns[c];
    const exact = values.length - rows <= values.length / 8 ? values.subarray(0, rows) : values.slice(0, rows);
    if (!numeric.has(name)) numeric.set(name, { values: exact, text });
  });
  columns = [];
  const cells = lazyCells((name) => numeric.get(name));
  const lineOf = (row: number): number => {
    let lo = 0;
    let hi = jumpRows.length - 1;
    let d = baseDelta;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (jumpRows[mid] <= row) {
        d = jumpDeltas[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return row + d;
  };
  return makeTable('csv', file, names, cells, rows, (row, column) => `line ${lineOf(row)}, column ${describeValue(column)}`, undefined, { get: (name) => numeric.get(name) });
}
