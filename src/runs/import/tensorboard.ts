/**
 * TensorBoard scalar exports: a loss tag paired by step with an lr tag, from two exports or one long-format table.
 *
 * @module
 */
import { describeValue } from '../../errors.js';
import { parseJsonText } from './json.js';
import { assertLrOrder, listNames, lossNumbers, lrNumbers, type Table } from './table.js';
import { readCsvTable } from './tableCsv.js';
import { jsonTable, readJsonlTable } from './tableJson.js';
import type { Run } from '../run.js';
import { badIndex, noCommonStep, noLrExport, noTag, runEmpty, stepTwice, unclearTag } from '../messages.js';
import { pickColumn } from './columns.js';
import { assertText, sniffContainer } from './detect.js';

/** Read any container into a table (TensorBoard exports come as CSV, JSON or JSON Lines). */
function anyTable(text: string, file: string): Table {
  assertText(text, file);
  const container = sniffContainer(text, file);
  return container === 'csv' ? readCsvTable(text, file) : container === 'jsonl' ? readJsonlTable(text, file) : jsonTable(parseJsonText(text, { file }), file);
}

/** The rows of `table` listed in `rows`, as a table of their own (messages still point at the file's lines). */
function subTable(table: Table, rows: readonly number[]): Table {
  return {
    ...table,
    rows: rows.length,
    column: (name) => {
      const cells = table.column(name);
      return cells === undefined ? undefined : rows.map((r) => cells[r]);
    },
    size: (name) => (table.size(name) === undefined ? undefined : rows.length),
    // the parent's typed columns hold every row, not these
    numeric: undefined,
    where: (row, column) => table.where(rows[row], column),
  };
}

/** A TensorBoard series: steps (unique integers >= 0) and the table holding their values. */
function tensorboardSeries(table: Table, file: string): { steps: number[]; table: Table; column: string } {
  const stepCol = pickColumn(table, undefined, ['step'], 'step', file, 'a TensorBoard export (Wall time,Step,Value)');
  const valueCol = pickColumn(table, undefined, ['value'], 'value', file, 'a TensorBoard export (Wall time,Step,Value)');
  const cells = table.column(stepCol) ?? [];
  const seen = new Set<number>();
  const steps = cells.map((c, i) => {
    const s = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+\s*$/.test(c) ? Number(c) : NaN;
    if (!Number.isSafeInteger(s) || s < 0) {
      throw badIndex(file, table.where(i, stepCol), 'a step', describeValue(c));
    }
    if (seen.has(s)) {
      throw stepTwice(file, table.where(i, stepCol), s);
    }
    seen.add(s);
    return s;
  });
  if (steps.length === 0) throw runEmpty(file);
  return { steps, table, column: valueCol };
}

const LR_TAG = /(^|[^a-z])(lrs?|learning[_ -]?rates?)([^a-z]|$)/i;

/**
 * The tag to read from a long-format table (`step, tag, value`, as tbparse writes): the one asked for, else the
 * only tag that looks like it; several candidates are narrowed to per-step training tags before giving up.
 */
function chooseTag(tags: readonly string[], asked: string | undefined, what: 'loss' | 'learning-rate', file: string): string {
  const option = what === 'loss' ? '--loss-column' : '--lr-column';
  if (asked !== undefined) {
    if (tags.includes(asked)) return asked;
    throw noTag(file, describeValue(asked), listNames(tags));
  }
  let found = tags.filter((t) => (what === 'loss' ? /loss/i.test(t) && !LR_TAG.test(t) : LR_TAG.test(t)));
  if (found.length > 1 && what === 'loss') {
    const train = found.filter((t) => !/(^|[^a-z])(val|valid|validation|test|eval)/i.test(t));
    if (train.length >= 1) found = train;
    const step = found.filter((t) => /step/i.test(t));
    if (found.length > 1 && step.length === 1) found = step;
  }
  if (found.length === 1) return found[0];
  throw unclearTag(file, found.length === 0 ? `no ${what} tag` : `several ${what} tags (${listNames(found)})`, listNames(tags), option);
}

/**
 * Pair a TensorBoard loss series with its lr series by step: two exports, or one long-format table.
 *
 * @example
 * const long = 'step,tag,value\n0,train/loss,2.3\n0,lr,0.001\n1,train/loss,2.1\n1,lr,0.01\n';
 * importTensorBoard(long, 'scalars.csv', {}).lrs; // => Float64Array [0.001, 0.01]
 * const lr = { text: 'Wall time,Step,Value\n1.7e9,0,0.001\n1.7e9,1,0.01\n', file: 'lr.csv' };
 * importTensorBoard('Wall time,Step,Value\n1.7e9,0,2.3\n1.7e9,1,2.1\n', 'loss.csv', { lr }).losses;
 * // => Float64Array [2.3, 2.1]
 */
export function importTensorBoard(
  text: string,
  file: string,
  options: { readonly lrColumn?: string; readonly lossColumn?: string; readonly lr?: { readonly text: string; readonly file: string } },
): Run {
  const table = anyTable(text, file);
  const tagCells = table.column('tag');
  let loss: ReturnType<typeof tensorboardSeries>;
  let lrSeries: ReturnType<typeof tensorboardSeries>;
  let lrFile = file;
  if (tagCells !== undefined) {
    const tags = [...new Set(tagCells.map(String))];
    const lossTag = chooseTag(tags, options.lossColumn, 'loss', file);
    const lrTag = chooseTag(tags, options.lrColumn, 'learning-rate', file);
    const rowsOf = (tag: string): number[] => tagCells.flatMap((t, i) => (String(t) === tag ? [i] : []));
    loss = tensorboardSeries(subTable(table, rowsOf(lossTag)), file);
    lrSeries = tensorboardSeries(subTable(table, rowsOf(lrTag)), file);
  } else {
    const lr = options.lr;
    if (lr === undefined) {
      throw noLrExport(file);
    }
    loss = tensorboardSeries(table, file);
    lrSeries = tensorboardSeries(anyTable(lr.text, lr.file), lr.file);
    lrFile = lr.file;
  }
  const lossValues = lossNumbers(loss.table, loss.column, file);
  const lrValues = lrNumbers(lrSeries.table, lrSeries.column, lrFile);
  const lrAt = new Map(lrSeries.steps.map((s, i) => [s, lrValues[i]]));
  const order = loss.steps.map((s, i) => [s, i] as const).filter(([s]) => lrAt.has(s)).sort((a, b) => a[0] - b[0]);
  if (order.length === 0) {
    const other = lrFile === file ? 'the learning-rate tag' : lrFile;
    throw noCommonStep(file, other);
  }
  const lrs = Float64Array.from(order, ([s]) => lrAt.get(s) as number);
  assertLrOrder(lrs, file, (i) => `step ${order[i][0]}`);
  return {
    lrs,
    losses: Float64Array.from(order, ([, i]) => lossValues[i]),
    meta: { source: { tool: 'tensorboard', smoothing: { kind: 'none' }, file } },
  };
}
