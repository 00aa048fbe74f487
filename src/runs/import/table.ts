/**
 * Run files read into named columns: the `Table` every container reader returns, its lazy numeric cells, and the lr
 * and loss columns as numbers with one wording for a bad cell. The containers are `tableCsv.ts` (CSV) and
 * `tableJson.ts` (JSON Lines, JSON); which columns mean what is decided by the importer (`importRun.ts`).
 *
 * @module
 */
import { lrOrderMessage, lrOrderProblem } from '../../analysis/assert.js';
import { describeValue, LrfindError } from '../../errors.js';
import { parseLossCell, parseNumberCell } from './cells.js';
import { badLoss, badLr, duplicateColumn } from '../messages.js';

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
