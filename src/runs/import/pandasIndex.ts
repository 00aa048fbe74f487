/**
 * A pandas index column: `df.to_csv()` writes the frame's index first, under an empty header (or `Unnamed: 0` once
 * the file has been read back and written again).
 *
 * @module
 */
import type { NumericColumn, Table } from './table.js';

/** What {@link pandasIndex} found. */
export interface PandasIndex {
  /** The column's name as written (`''` or `Unnamed: 0`). */
  readonly name: string;
  /**
   * `'rows'`: integer row labels (a RangeIndex, or the labels of a sorted or filtered frame); `'lr'`: other numbers —
   * a frame or Series indexed by its learning rates.
   */
  readonly kind: 'rows' | 'lr';
  /** For `'rows'` labels out of order (a frame sorted by another column): the rows in label order. */
  readonly order?: Int32Array;
}

const isIndexName = (name: string | undefined): name is string => name !== undefined && /^\s*(unnamed: 0)?\s*$/i.test(name);

function numbers(table: Table, name: string): ArrayLike<number> {
  const parsed = table.numeric?.(name);
  if (parsed) return parsed.values;
  return (table.column(name) ?? []).map((c) => (typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' ? Number(c) : NaN));
}

/**
 * The table's pandas index, if its first column is one: an empty or `Unnamed: 0` header over numbers. Integer
 * labels are row labels (their order is the frame's row order: labels out of order come with `order`, the rows
 * sorted back by label — unless a label repeats, as in frames concatenated without `ignore_index`); other numbers
 * are the lrs the frame was indexed by.
 *
 * @example
 * pandasIndex(readCsvTable(',lr,loss\n0,0.001,2.3\n1,0.01,2.2\n', 'r.csv'));     // => { name: '', kind: 'rows' }
 * pandasIndex(readCsvTable(',loss\n0.001,2.3\n0.01,2.2\n', 'r.csv'));            // => { name: '', kind: 'lr' }
 * pandasIndex(readCsvTable('Unnamed: 0,lr,loss\n1,0.01,2.2\n0,0.001,2.3\n', 'r.csv')).order; // => Int32Array [1, 0]
 * pandasIndex(readCsvTable('lr,loss\n0.001,2.3\n', 'r.csv'));                    // => undefined
 */
export function pandasIndex(table: Table): PandasIndex | undefined {
  const name = table.names[0];
  if (table.container !== 'csv' || !isIndexName(name) || table.names.length < 2) return undefined;
  const values = numbers(table, name);
  if (values.length === 0) return undefined;
  let integers = true;
  let increasing = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) return undefined; // not an index: an unnamed column of something else
    if (!Number.isSafeInteger(v) || v < 0) integers = false;
    if (i > 0 && !(v > values[i - 1])) increasing = false;
  }
  if (!integers) return { name, kind: 'lr' };
  if (increasing) return { name, kind: 'rows' };
  const order = Int32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  for (let i = 1; i < order.length; i++) if (values[order[i]] === values[order[i - 1]]) return { name, kind: 'rows' };
  return { name, kind: 'rows', order };
}

/**
 * A view of `table` with its rows in `order` (`order[i]` is the file row shown as row `i`); messages still name the
 * file's own lines.
 *
 * @example
 * const t = reorderRows(readCsvTable('lr,loss\n0.01,2.2\n0.001,2.3\n', 'r.csv'), Int32Array.of(1, 0));
 * t.column('lr'); // => ['0.001', '0.01'] (cells as read)
 */
export function reorderRows(table: Table, order: Int32Array): Table {
  const numeric = table.numeric;
  return {
    names: table.names,
    rows: table.rows,
    container: table.container,
    ...(table.others ? { others: table.others } : {}),
    column: (name) => {
      const cells = table.column(name);
      return cells === undefined ? undefined : Array.from(order, (r) => cells[r]);
    },
    size: (name) => table.size(name),
    where: (row, column) => table.where(order[row] ?? row, column),
    ...(numeric
      ? {
          numeric: (name: string): NumericColumn | undefined => {
            const col = numeric.call(table, name);
            if (col === undefined) return undefined;
            const values = Float64Array.from(order, (r) => col.values[r]);
            const text = new Map<number, unknown>();
            order.forEach((r, i) => {
              if (col.text.has(r)) text.set(i, col.text.get(r));
            });
            return { values, text };
          },
        }
      : {}),
  };
}

/**
 * Whether `values` never decrease (NaNs skipped).
 *
 * @example
 * nonDecreasing([1, 2, 2, 3]); // => true
 * nonDecreasing([1, 3, 2]);    // => false
 */
export function nonDecreasing(values: ArrayLike<number>): boolean {
  let last = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v < last) return false;
    last = v;
  }
  return true;
}
