/**
 * Keras' per-batch CSV: its running mean restarts every epoch, found from the `batch` or `epoch` column.
 *
 * @module
 */
import { describeValue } from '../../errors.js';
import { badIndex } from '../messages.js';
import type { Table } from '../importTable.js';

/**
 * Where Keras restarted its running mean: where the in-epoch `batch` index goes back (to 0), else where the
 * `epoch` column changes; none when the file has neither (one epoch).
 *
 * @example
 * const log = readCsvTable('epoch,batch,loss\n0,0,2.3\n0,1,2.2\n1,0,2.1\n1,1,2.0\n', 'log.csv');
 * epochStarts(log, 'log.csv');                                           // => [2]
 * epochStarts(readCsvTable('loss\n2.3\n2.2\n', 'log.csv'), 'log.csv'); // => [] (one epoch)
 */
export function epochStarts(table: Table, file: string): number[] {
  for (const name of ['batch', 'epoch']) {
    const cells = table.column(name);
    if (cells === undefined) continue;
    const values = cells.map((c, i) => {
      const v = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+\s*$/.test(c) ? Number(c) : NaN;
      if (!Number.isSafeInteger(v) || v < 0) {
        throw badIndex(file, table.where(i, name), name === 'batch' ? 'a batch index' : 'an epoch number', describeValue(c));
      }
      return v;
    });
    const starts: number[] = [];
    for (let i = 1; i < values.length; i++) {
      if (name === 'batch' ? values[i] <= values[i - 1] : values[i] !== values[i - 1]) starts.push(i);
    }
    return starts;
  }
  return [];
}
