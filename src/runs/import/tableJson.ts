/**
 * The JSON containers read into a `Table`: JSON Lines, and the JSON shapes the tools and pandas write (an object of
 * arrays, an object of index→value objects, an array of records, an array of `[wall time, step, value]` triples).
 *
 * @module
 */
import { describeValue, LrfindError } from '../../errors.js';
import { fileEmpty, jsonlNotObject, runEmpty } from '../messages.js';
import { parseJsonText } from './json.js';
import { JsonNumbers } from './jsonStream.js';
import { type Table, type NumericColumn, lazyCells, makeTable } from './table.js';

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
