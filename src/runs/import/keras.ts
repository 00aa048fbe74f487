/**
 * Keras' per-batch CSV: its running mean restarts every epoch, found from the `batch` and `epoch` columns; the
 * `batch` column also says where in its epoch each row is.
 *
 * @module
 */
import { describeValue } from '../../errors.js';
import { badIndex } from '../messages.js';
import type { Table } from './table.js';

/**
 * The integer cells of a `batch` or `epoch` column, or `undefined` when the table has no such column.
 *
 * @throws {LrfindError} `E_SCHEMA` naming the cell that is not an integer >= 0.
 * @example
 * indexColumn(readCsvTable('batch,loss\n0,2.3\n1,2.2\n', 'log.csv'), 'batch', 'log.csv'); // => [0, 1]
 */
export function indexColumn(table: Table, name: 'batch' | 'epoch', file: string): number[] | undefined {
  const cells = table.column(name);
  if (cells === undefined) return undefined;
  return cells.map((c, i) => {
    const v = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+\s*$/.test(c) ? Number(c) : NaN;
    if (!Number.isSafeInteger(v) || v < 0) {
      throw badIndex(file, table.where(i, name), name === 'batch' ? 'a batch index' : 'an epoch number', describeValue(c));
    }
    return v;
  });
}

/**
 * Where Keras restarted its running mean: where the `epoch` column changes or the in-epoch `batch` index does not
 * go up; none when the file has neither column (one epoch).
 *
 * @example
 * const log = readCsvTable('epoch,batch,loss\n0,0,2.3\n0,1,2.2\n1,0,2.1\n1,1,2.0\n', 'log.csv');
 * epochStarts(log, 'log.csv');                                           // => [2]
 * epochStarts(readCsvTable('loss\n2.3\n2.2\n', 'log.csv'), 'log.csv'); // => [] (one epoch)
 */
export function epochStarts(table: Table, file: string): number[] {
  const batches = indexColumn(table, 'batch', file);
  const epochs = indexColumn(table, 'epoch', file);
  const n = (batches ?? epochs)?.length ?? 0;
  const starts: number[] = [];
  for (let i = 1; i < n; i++) {
    if ((batches !== undefined && batches[i] <= batches[i - 1]) || (epochs !== undefined && epochs[i] !== epochs[i - 1])) starts.push(i);
  }
  return starts;
}
