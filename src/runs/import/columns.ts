/**
 * Finding the lr and loss columns of a table, with one message for a missing column and one for a length mismatch.
 *
 * @module
 */
import { describeValue } from '../../errors.js';
import { listNames, type Table } from './table.js';
import { lengthMismatch, noColumn, notAnArray, runEmpty } from '../messages.js';

/**
 * The first of `candidates` that the table has (or the one asked for), else a typed error listing the columns.
 *
 * @example
 * const table = readCsvTable('LR,Loss\n0.001,2.3\n', 'run.csv');
 * pickColumn(table, undefined, ['lr', 'learning_rate'], 'learning-rate', 'run.csv', '--lr-column'); // => 'LR'
 * pickColumn(table, 'step', ['lr'], 'learning-rate', 'run.csv', '--lr-column');
 * // throws LrfindError E_SCHEMA
 * // "run.csv: no learning-rate column (looked for "step"; found "LR", "Loss"); name it with --lr-column"
 */
export function pickColumn(table: Table, asked: string | undefined, candidates: readonly string[], what: string, file: string, option: string): string {
  const names = asked === undefined ? candidates : [asked];
  const norm = (n: string): string => n.trim().toLowerCase();
  for (const name of names) {
    // the name as written in the file, for messages
    if (table.size(name) !== undefined) return table.names.find((n) => norm(n) === norm(name)) ?? name;
  }
  for (const name of names) {
    const other = table.others?.get(name.trim().toLowerCase());
    if (other !== undefined) {
      throw notAnArray(file, describeValue(name), other);
    }
  }
  throw noColumn(file, what, listNames(names), listNames(table.names), option, names);
}

/**
 * Refuse lr and loss columns of different lengths, or none at all.
 *
 * @example
 * assertSameLength('run.csv', { name: 'lr', n: 3 }, { name: 'loss', n: 3 }); // passes
 * assertSameLength('run.csv', { name: 'lr', n: 3 }, { name: 'loss', n: 2 });
 * // throws LrfindError E_LENGTH_MISMATCH "run.csv: "lr" and "loss" must have the same length (got 3 and 2)"
 */
export function assertSameLength(file: string, a: { name: string; n: number }, b: { name: string; n: number }): void {
  if (a.n !== b.n) {
    throw lengthMismatch(file, describeValue(a.name), a.n, describeValue(b.name), b.n);
  }
  if (a.n === 0) throw runEmpty(file);
}
