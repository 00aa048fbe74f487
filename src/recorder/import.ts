/**
 * Importing saved range tests from every tool: fastai (v1, v2), pytorch-lr-finder, Lightning, Keras callbacks,
 * TensorBoard scalar exports and plain CSV / JSON / JSON Lines, besides lrfind's own run files.
 *
 * The anchor tools store only their SMOOTHED loss. Each smoothing is a known linear filter, so the importer inverts
 * it ({@link invertEma}): the {@link Run} it returns has the recovered RAW losses in `losses`, the tool's numbers in
 * `smoothedLosses`, and `meta.source = { tool, smoothing, file }`. Analysis then smooths the raw losses once, as
 * each method does — never twice.
 *
 * @module
 */
import { invertEma, invertRunningMean } from '../analysis/unsmooth.js';
import type { EmaOptions } from '../analysis/ema.js';
import { describeValue, LrfindError } from '../errors.js';
import { parseJsonText } from './importJson.js';
import { assertLrOrder, jsonTable, listNames, lossNumbers, lrNumbers, readCsvTable, readJsonlTable, type Table } from './importTable.js';
import { RUN_FORMAT, type Run, type RunMeta, type SmoothingInfo } from './run.js';
import { readRunText } from '../io/readText.js';
import { runFromJson } from './runFile.js';

/** The formats {@link importRun} reads. Tools name the smoothing; the container (JSON, CSV, JSONL) is sniffed. */
export type ImportFormat =
  | 'lrfind'
  | 'fastai'
  | 'fastai1'
  | 'torch-lr-finder'
  | 'lightning'
  | 'keras'
  | 'tensorboard'
  | 'csv'
  | 'json'
  | 'jsonl';

/** What each format means: who wrote it, how its losses are smoothed, and where its columns usually are. */
interface FormatSpec {
  readonly description: string;
  readonly smoothing: SmoothingInfo;
  /** The forward filter to invert, when the losses are smoothed. */
  readonly ema?: EmaOptions;
  /** Candidate names of the lr and loss columns, in order of preference (case-insensitive). */
  readonly lr: readonly string[];
  readonly loss: readonly string[];
}

const PLAIN_LR = ['lr', 'lrs', 'learning_rate', 'learning rate'] as const;
const PLAIN_LOSS = ['loss', 'losses'] as const;

/**
 * Every format, with its smoothing; the table in docs/importing.md is this one.
 * @example
 * IMPORT_FORMATS.fastai.smoothing; // => { kind: 'ema-debiased', beta: 0.98 }
 */
export const IMPORT_FORMATS: Readonly<Record<ImportFormat, FormatSpec>> = Object.freeze({
  lrfind: {
    description: "lrfind's run file (JSON, or CSV lr,loss[,smoothed_loss]); raw losses",
    smoothing: { kind: 'none' },
    lr: ['lr', 'lrs'],
    loss: ['loss', 'losses'],
  },
  fastai: {
    description: 'fastai v2 learn.recorder.lrs / .losses (debiased EMA β = 0.98, float32)',
    smoothing: { kind: 'ema-debiased', beta: 0.98 },
    ema: { beta: 0.98, debias: true },
    lr: ['lrs', 'lr'],
    loss: ['losses', 'loss'],
  },
  fastai1: {
    description: 'fastai v1 learn.recorder.lrs / .losses (debiased EMA β = 0.98, float32)',
    smoothing: { kind: 'ema-debiased', beta: 0.98 },
    ema: { beta: 0.98, debias: true },
    lr: ['lrs', 'lr'],
    loss: ['losses', 'loss'],
  },
  'torch-lr-finder': {
    description: "pytorch-lr-finder lr_finder.history (seeded EMA smooth_f = 0.05)",
    smoothing: { kind: 'ema-seeded', beta: 0.95 },
    ema: { beta: 0.95, init: 'first' },
    lr: ['lr'],
    loss: ['loss'],
  },
  lightning: {
    description: "Lightning lr_finder.results (EMA β = 0.98, debiased as shipped: 1 − β^(k+2))",
    smoothing: { kind: 'ema-lightning', beta: 0.98 },
    ema: { beta: 0.98, debias: true, debiasOffset: 1 },
    lr: ['lr'],
    loss: ['loss'],
  },
  keras: {
    description: 'a Keras LR-finder callback\'s per-batch CSV: lr and logs["loss"], the running mean of the epoch (TF >= 2.2, Keras 3)',
    smoothing: { kind: 'running-mean' },
    lr: [...PLAIN_LR],
    loss: [...PLAIN_LOSS],
  },
  tensorboard: {
    description: 'TensorBoard scalar exports (Wall time,Step,Value), a loss tag paired by step with an lr tag',
    smoothing: { kind: 'none' },
    lr: ['value'],
    loss: ['value'],
  },
  csv: { description: 'plain CSV with lr and loss columns; raw losses', smoothing: { kind: 'none' }, lr: [...PLAIN_LR], loss: [...PLAIN_LOSS] },
  json: { description: 'plain JSON with lr and loss arrays or records; raw losses', smoothing: { kind: 'none' }, lr: [...PLAIN_LR], loss: [...PLAIN_LOSS] },
  jsonl: { description: 'JSON Lines, one {"lr", "loss"} object a line; raw losses', smoothing: { kind: 'none' }, lr: [...PLAIN_LR], loss: [...PLAIN_LOSS] },
});

/**
 * The format names, in display order.
 * @example
 * IMPORT_FORMAT_NAMES.includes('torch-lr-finder'); // => true
 */
export const IMPORT_FORMAT_NAMES = Object.freeze(Object.keys(IMPORT_FORMATS) as ImportFormat[]);

/**
 * True when `name` is an {@link ImportFormat}.
 *
 * @example
 * isImportFormat('fastai'); // => true
 * isImportFormat('pickle'); // => false
 */
export function isImportFormat(name: unknown): name is ImportFormat {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(IMPORT_FORMATS, name);
}

/** Options of {@link importRun}. */
export interface ImportRunOptions {
  /** Name used in error messages and recorded in `meta.source.file`. __Default value:__ `'<input>'` */
  readonly file?: string;
  /** The format; `undefined` detects it (see {@link detectFormat}). __Default value:__ detected */
  readonly format?: ImportFormat;
  /** Name of the learning-rate column / key. __Default value:__ the format's usual names (`lr`, `lrs`, …) */
  readonly lrColumn?: string;
  /** Name of the loss column / key. __Default value:__ the format's usual names (`loss`, `losses`) */
  readonly lossColumn?: string;
  /** The learning-rate tag's export, for TensorBoard (the main text is the loss tag's). */
  readonly lr?: { readonly text: string; readonly file: string };
  /** The container, when the caller knows it. __Default value:__ from the extension, else the content */
  readonly container?: 'json' | 'jsonl' | 'csv';
}

/** What {@link detectFormat} found. */
export interface DetectedFormat {
  readonly format: ImportFormat;
  readonly container: 'json' | 'jsonl' | 'csv';
  /** Why, in a few words: the evidence the detection rests on. */
  readonly reason: string;
}

/** Reject text that is not a text file: NUL bytes, invalid UTF-8 (decoded as U+FFFD), other C0 control bytes. */
function assertText(text: string, file: string): void {
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0xfffd) {
      at = i;
      break;
    }
  }
  if (at !== -1) {
    const code = text.charCodeAt(at);
    const line = text.slice(0, at).split('\n').length;
    const what = code === 0xfffd ? 'bytes that are not UTF-8 text' : `byte 0x${code.toString(16).padStart(2, '0')}`;
    throw new LrfindError('E_PARSE', `${file}: not a text run file (${what} at line ${line}; binary data?)`, {
      file,
      details: { line },
    });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new LrfindError('E_EMPTY', `${file}: the file is empty`, { file });
}

/** The container of a file: from its extension, else from its first characters. */
function sniffContainer(text: string, file: string): 'json' | 'jsonl' | 'csv' {
  const lower = file.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  // the first two non-blank lines, without splitting a 40 MB file
  const head = text.replace(/^\ufeff/, '').trimStart().slice(0, 1 << 16);
  const lines = head.split(/\r\n?|\n/, 64).map((l) => l.trim()).filter((l) => l !== '');
  // one complete object per line is JSON Lines, whatever the extension says (it is not valid JSON anyway)
  if (lines.length >= 2 && lines[0].startsWith('{') && lines[0].endsWith('}') && lines[1].startsWith('{')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(csv|tsv)$/.test(lower)) return 'csv';
  const first = lines[0]?.[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

/**
 * Which lr schedule a series of learning rates follows: evenly stepped (`start·q^i` or `start + i·d`, as
 * pytorch-lr-finder and fastai step), Lightning's (`lr[0] = start`, then `start·q^((i+1)/N)`: the first step is
 * twice the others), or neither. Steps are compared to 1e-4 relative, so float32-rounded lrs still match.
 *
 * @param lrs - the learning rates, in run order (at least 4 are needed to tell).
 * @returns `shape` and, unless `'other'`, whether the steps are in log lr (`'exp'`) or in lr (`'linear'`).
 * @example
 * lrScheduleKind([1e-4, 1e-3, 1e-2, 1e-1]);    // => { shape: 'uniform', schedule: 'exp' }
 * lrScheduleKind([1e-8, 1e-6, 1e-5, 1e-4]);    // => { shape: 'lightning', schedule: 'exp' }
 * lrScheduleKind([1e-3, 2e-3, 7e-3, 1e-2]);    // => { shape: 'other' }
 */
export function lrScheduleKind(lrs: ArrayLike<number>): { shape: 'uniform' | 'lightning' | 'other'; schedule?: 'exp' | 'linear' } {
  const n = lrs.length;
  if (n < 4) return { shape: 'other' };
  for (const schedule of ['exp', 'linear'] as const) {
    const step = (i: number): number => (schedule === 'exp' ? Math.log(lrs[i + 1] / lrs[i]) : lrs[i + 1] - lrs[i]);
    const d1 = step(1);
    if (!(d1 > 0)) continue;
    let rest = true;
    for (let i = 2; i < n - 1 && rest; i++) rest = close(step(i), d1, 1e-4);
    if (!rest) continue;
    const d0 = step(0);
    if (close(d0, d1, 1e-4)) return { shape: 'uniform', schedule };
    if (close(d0, 2 * d1, 1e-4)) return { shape: 'lightning', schedule };
  }
  return { shape: 'other' };
}

/**
 * Detect the format of a run file from its name and content, where that is unambiguous:
 * - JSON with `"format": "lrfind-run"`, or with `lrs` and `losses` arrays → `lrfind` (raw losses; a fastai
 *   recorder saved under those keys needs `--format fastai`);
 * - JSON `{"lr": [...], "loss": [...]}` (what `json.dump(lr_finder.history)` and `json.dump(lr_finder.results)`
 *   write) → `lightning` when the lrs follow Lightning's schedule (its first step is twice the others),
 *   `torch-lr-finder` when they follow pytorch-lr-finder's (even steps, exponential or linear); otherwise the
 *   file is ambiguous and `format` must be given;
 * - `Wall time,Step,Value` CSV, or a JSON array of `[wall, step, value]` → `tensorboard`;
 * - JSON Lines → `jsonl`; any other JSON → `json`; any other text → `csv` (raw losses).
 *
 * @throws {LrfindError} `E_PARSE` / `E_EMPTY` for text that is not a run file; `E_FORMAT` when ambiguous.
 * @example
 * detectFormat('{"lr": [1e-7, 2e-7, 4e-7, 8e-7], "loss": [2.3, 2.3, 2.2, 2.2]}', 'h.json').format; // => 'torch-lr-finder'
 * detectFormat('Wall time,Step,Value\n1.7e9,0,2.3\n', 'loss.csv').format; // => 'tensorboard'
 */
export function detectFormat(text: string, file = '<input>'): DetectedFormat {
  assertText(text, file);
  return detectParsed(text, file, sniffContainer(text, file)).detected;
}

/** Detection on parsed content (the JSON value is parsed once and reused by the importer). */
function detectParsed(text: string, file: string, container: 'json' | 'jsonl' | 'csv'): { detected: DetectedFormat; json?: unknown } {
  if (container === 'jsonl') return { detected: { format: 'jsonl', container, reason: 'JSON Lines' } };
  if (container === 'csv') {
    const header = (text.replace(/^\ufeff/, '').trimStart().split(/\r\n?|\n/, 1)[0] ?? '').toLowerCase().split(/[,\t;]/).map((h) => h.trim());
    if (header.length === 3 && header[0] === 'wall time' && header[1] === 'step' && header[2] === 'value') {
      return { detected: { format: 'tensorboard', container, reason: 'a TensorBoard scalar export (Wall time,Step,Value)' } };
    }
    if (['step', 'tag', 'value'].every((c) => header.includes(c))) {
      return { detected: { format: 'tensorboard', container, reason: 'a long-format scalar table (step, tag, value), as tbparse writes' } };
    }
    return { detected: { format: 'csv', container, reason: 'CSV with a header row' } };
  }
  const json = parseJsonText(text, { file });
  if (Array.isArray(json) && json.length > 0 && json.every((r) => Array.isArray(r) && r.length === 3)) {
    return { json, detected: { format: 'tensorboard', container, reason: 'a TensorBoard scalar export ([wall time, step, value] triples)' } };
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    if (obj.format === RUN_FORMAT) return { json, detected: { format: 'lrfind', container, reason: `"format": "${RUN_FORMAT}"` } };
    if ('lrs' in obj && 'losses' in obj) {
      return { json, detected: { format: 'lrfind', container, reason: '"lrs" and "losses" keys (an lrfind run; raw losses)' } };
    }
    const usable =
      Array.isArray(obj.lr) &&
      Array.isArray(obj.loss) &&
      obj.lr.length === obj.loss.length &&
      obj.lr.every((v) => typeof v === 'number' && v > 0 && Number.isFinite(v));
    // a file with a broken lr or length falls through to the plain reader, which names the bad cell
    if (usable) {
      const { shape } = lrScheduleKind(obj.lr as number[]);
      if (shape === 'lightning') {
        return { json, detected: { format: 'lightning', container, reason: "Lightning's lr_finder.results (its lr schedule's first step is twice the others)" } };
      }
      if (shape === 'uniform') {
        return { json, detected: { format: 'torch-lr-finder', container, reason: "pytorch-lr-finder's lr_finder.history (evenly stepped lrs)" } };
      }
      throw new LrfindError(
        'E_FORMAT',
        `${file}: {"lr", "loss"} is written by pytorch-lr-finder (history) and Lightning (results), and these lrs follow neither tool's schedule; say which with --format torch-lr-finder, --format lightning or --format json (raw losses)`,
        { file },
      );
    }
  }
  return { json, detected: { format: 'json', container, reason: 'JSON' } };
}

/** The first of `candidates` that the table has (or the one asked for), else a typed error listing the columns. */
function pickColumn(table: Table, asked: string | undefined, candidates: readonly string[], what: string, file: string, option: string): string {
  const names = asked === undefined ? candidates : [asked];
  const norm = (n: string): string => n.trim().toLowerCase();
  for (const name of names) {
    // the name as written in the file, for messages
    if (table.size(name) !== undefined) return table.names.find((n) => norm(n) === norm(name)) ?? name;
  }
  for (const name of names) {
    const other = table.others?.get(name.trim().toLowerCase());
    if (other !== undefined) {
      throw new LrfindError('E_SCHEMA', `${file}: ${describeValue(name)} must be an array of numbers (got ${describeValue(other)})`, {
        file,
        details: { key: name },
      });
    }
  }
  throw new LrfindError(
    'E_SCHEMA',
    `${file}: no ${what} column (looked for ${listNames(names)}; found ${listNames(table.names)}); name it with ${option}`,
    { file, details: { looked: names } },
  );
}

function assertSameLength(file: string, a: { name: string; n: number }, b: { name: string; n: number }): void {
  if (a.n !== b.n) {
    throw new LrfindError(
      'E_LENGTH_MISMATCH',
      `${file}: ${describeValue(a.name)} and ${describeValue(b.name)} must have the same length (got ${a.n} and ${b.n})`,
      { file, details: { [a.name]: a.n, [b.name]: b.n } },
    );
  }
  if (a.n === 0) throw new LrfindError('E_EMPTY', `${file}: the run is empty (no points)`, { file });
}

/**
 * Where Keras restarted its running mean: where the in-epoch `batch` index goes back (to 0), else where the
 * `epoch` column changes; none when the file has neither (one epoch).
 */
function epochStarts(table: Table, file: string): number[] {
  for (const name of ['batch', 'epoch']) {
    const cells = table.column(name);
    if (cells === undefined) continue;
    const values = cells.map((c, i) => {
      const v = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+\s*$/.test(c) ? Number(c) : NaN;
      if (!Number.isSafeInteger(v) || v < 0) {
        throw new LrfindError('E_SCHEMA', `${file}: ${table.where(i, name)}: expected ${name === 'batch' ? 'a batch index' : 'an epoch number'} (an integer >= 0), got ${describeValue(c)}`, { file });
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
      throw new LrfindError('E_SCHEMA', `${file}: ${table.where(i, stepCol)}: expected a step (an integer >= 0), got ${describeValue(c)}`, { file });
    }
    if (seen.has(s)) {
      throw new LrfindError('E_SCHEMA', `${file}: ${table.where(i, stepCol)}: step ${s} appears twice (export one run at a time)`, { file });
    }
    seen.add(s);
    return s;
  });
  if (steps.length === 0) throw new LrfindError('E_EMPTY', `${file}: the run is empty (no points)`, { file });
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
    throw new LrfindError('E_SCHEMA', `${file}: no tag ${describeValue(asked)} (found ${listNames(tags)})`, { file });
  }
  let found = tags.filter((t) => (what === 'loss' ? /loss/i.test(t) && !LR_TAG.test(t) : LR_TAG.test(t)));
  if (found.length > 1 && what === 'loss') {
    const train = found.filter((t) => !/(^|[^a-z])(val|valid|validation|test|eval)/i.test(t));
    if (train.length >= 1) found = train;
    const step = found.filter((t) => /step/i.test(t));
    if (found.length > 1 && step.length === 1) found = step;
  }
  if (found.length === 1) return found[0];
  throw new LrfindError(
    'E_SCHEMA',
    `${file}: ${found.length === 0 ? `no ${what} tag` : `several ${what} tags (${listNames(found)})`} among ${listNames(tags)}; name it with ${option}`,
    { file },
  );
}

/** Pair a TensorBoard loss series with its lr series by step: two exports, or one long-format table. */
function importTensorBoard(text: string, file: string, options: ImportRunOptions): Run {
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
      throw new LrfindError(
        'E_FORMAT',
        `${file}: a TensorBoard export holds one tag (here the loss); give the learning-rate tag's export too (--lr-file FILE)`,
        { file },
      );
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
    throw new LrfindError('E_SCHEMA', `${file}: no step in common with ${other} (pair the loss and lr of the same run)`, { file });
  }
  const lrs = Float64Array.from(order, ([s]) => lrAt.get(s) as number);
  assertLrOrder(lrs, file, (i) => `step ${order[i][0]}`);
  return {
    lrs,
    losses: Float64Array.from(order, ([, i]) => lossValues[i]),
    meta: { source: { tool: 'tensorboard', smoothing: { kind: 'none' }, file } },
  };
}

/**
 * Import a saved range test from its text: detect (or take) the format, read the lr and loss columns, and — for
 * the tools that record a smoothed loss — recover the raw losses by inverting the tool's smoothing.
 *
 * The result's `losses` are RAW (recovered to ≈ 1e-13 relative from pytorch-lr-finder and Lightning, which smooth
 * in float64; to ≈ 1e-5 from fastai, which smooths in torch float32; NaN where the smoothed series was not
 * finite, since nothing after a NaN can be recovered); `smoothedLosses` holds the tool's own numbers.
 *
 * @param text - the file's text.
 * @param options - see {@link ImportRunOptions}.
 * @returns the {@link Run}, with `meta.source = { tool, smoothing, file }` for every format but `lrfind`.
 * @throws {LrfindError} with a stable code (`E_PARSE`, `E_EMPTY`, `E_SCHEMA`, `E_LENGTH_MISMATCH`, `E_BAD_LR`,
 *   `E_BAD_LOSS`, `E_FORMAT`) and a message naming the file, the line or field, and what was expected.
 * @example
 * const run = importRun('{"lr": [1e-4, 1e-3, 1e-2, 1e-1], "loss": [2, 2.1, 2.0, 2.4]}', { file: 'history.json' });
 * run.meta.source; // => { tool: 'torch-lr-finder', smoothing: { kind: 'ema-seeded', beta: 0.95 }, file: 'history.json' }
 * run.losses;      // => Float64Array [2, 4, 0.1…, 10.0…] (the raw losses behind the smoothed ones)
 */
export function importRun(text: string, options: ImportRunOptions = {}): Run {
  const file = options.file ?? '<input>';
  if (typeof text !== 'string') throw new TypeError(`importRun: text must be a string (got ${describeValue(text)})`);
  if (options.format !== undefined && !isImportFormat(options.format)) {
    throw new LrfindError('E_OPTION', `importRun: format must be one of ${IMPORT_FORMAT_NAMES.join(', ')} (got ${describeValue(options.format)})`);
  }
  assertText(text, file);
  const container =
    options.container ?? (options.format === 'jsonl' ? 'jsonl' : options.format === 'json' ? 'json' : options.format === 'csv' ? 'csv' : sniffContainer(text, file));
  let json: unknown;
  let format = options.format;
  if (format === undefined) {
    const found = detectParsed(text, file, container);
    format = found.detected.format;
    json = found.json;
  }
  if (format === 'tensorboard') return importTensorBoard(text, file, options);
  if (container === 'json' && json === undefined) json = parseJsonText(text, { file });
  const tagged = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === RUN_FORMAT;
  if (tagged && IMPORT_FORMATS[format].smoothing.kind !== 'none') {
    // its losses are raw already: reading them as a tool's smoothed losses would undo a smoothing never applied
    throw new LrfindError('E_FORMAT', `${file}: an lrfind run file (raw losses), not ${format}'s; read it without --format ${format}`, { file });
  }
  if (format === 'lrfind' && container === 'json' && options.lrColumn === undefined && options.lossColumn === undefined) {
    return runFromJson(json, file);
  }
  const spec = IMPORT_FORMATS[format];
  const table = container === 'csv' ? readCsvTable(text, file) : container === 'jsonl' ? readJsonlTable(text, file) : jsonTable(json, file);
  const lrCol = pickColumn(table, options.lrColumn, spec.lr, 'learning-rate', file, '--lr-column');
  const lossCol = pickColumn(table, options.lossColumn, spec.loss, 'loss', file, '--loss-column');
  const nLr = table.size(lrCol) ?? 0;
  const nLoss = table.size(lossCol) ?? 0;
  assertSameLength(file, { name: lrCol, n: nLr }, { name: lossCol, n: nLoss });
  const lrs = lrNumbers(table, lrCol, file);
  assertLrOrder(lrs, file, (i) => table.where(i, lrCol));
  const recorded = lossNumbers(table, lossCol, file);
  if (format === 'keras') {
    const resets = epochStarts(table, file);
    return {
      lrs,
      losses: invertRunningMean(recorded, { resets }),
      smoothedLosses: recorded,
      meta: { source: { tool: format, smoothing: spec.smoothing, file } },
    };
  }
  if (format === 'lrfind' || spec.ema === undefined) {
    const run: { -readonly [K in keyof Run]: Run[K] } = { lrs, losses: recorded, meta: {} };
    const smoothedCol = ['smoothed_loss', 'smoothedLosses', 'smooth_loss'].find((c) => table.size(c) === nLr);
    if (smoothedCol !== undefined) run.smoothedLosses = lossNumbers(table, smoothedCol, file);
    if (format !== 'lrfind') run.meta = { source: { tool: format, smoothing: spec.smoothing, file } };
    return run;
  }
  const meta: RunMeta = { source: { tool: format, smoothing: spec.smoothing, file } };
  const { schedule } = lrScheduleKind(lrs);
  if (schedule !== undefined) meta.schedule = schedule;
  if (format === 'fastai') {
    const numIt = fastaiNumIt(lrs);
    if (numIt !== undefined) meta.numIt = numIt;
  }
  const losses = invertEma(recorded, spec.ema);
  if (options.format === undefined) assertPlausiblyInverted(recorded, losses, format, file);
  return { lrs, losses, smoothedLosses: recorded, meta };
}

/**
 * The `num_it` a fastai v2 `lr_find` ran with, when its lrs show it: with the default `start_lr=1e-7` and
 * `end_lr=10`, `lrs[i] = 1e-7 · 1e8^(i/num_it)`, so `num_it = ln(1e8) / ln(lrs[1]/lrs[0])` — accepted only when that
 * is an integer (to 1e-6) no smaller than the run. fastai skips `num_it // 10` points, and a run that stopped early
 * is shorter than `num_it`; this keeps the fastai preset's suggestions the ones fastai printed.
 *
 * @example
 * fastaiNumIt(Array.from({ length: 98 }, (_, i) => 1e-7 * 1e8 ** (i / 100))); // => 100
 */
export function fastaiNumIt(lrs: ArrayLike<number>): number | undefined {
  if (lrs.length < 2 || lrs[0] !== 1e-7 || !(lrs[1] > lrs[0])) return undefined;
  const estimate = Math.log(1e8) / Math.log(lrs[1] / lrs[0]);
  const numIt = Math.round(estimate);
  if (Math.abs(estimate - numIt) > 1e-6 * numIt || numIt < lrs.length) return undefined;
  // the last recorded lr must sit on the same schedule
  const last = lrs.length - 1;
  const expected = 1e-7 * (10 / 1e-7) ** (last / numIt);
  return Math.abs(lrs[last] - expected) <= 1e-9 * expected ? numIt : undefined;
}

/**
 * A guard on detection: an EMA of positive losses inverts to positive losses (up to rounding), whereas raw losses
 * taken for an EMA invert to noise amplified 20–100×, which goes negative. When a detected file's positive losses
 * invert to clearly negative ones, they were not smoothed by the tool detected: refuse rather than guess.
 */
function assertPlausiblyInverted(recorded: Float64Array, raw: Float64Array, format: ImportFormat, file: string): void {
  let scale = 0;
  for (const v of recorded) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return; // a loss that can be negative: no sign to check
    scale = Math.max(scale, v);
  }
  const at = raw.findIndex((v) => v < -1e-6 * scale);
  if (at === -1) return;
  throw new LrfindError(
    'E_FORMAT',
    `${file}: read as ${format} (detected), but undoing its smoothing gives a negative loss at [${at}]: these losses look raw; say --format json for raw losses, or --format ${format} to insist`,
    { file, details: { index: at } },
  );
}

/** Options of {@link loadImportedRun}. */
export interface LoadImportedRunOptions extends Omit<ImportRunOptions, 'file' | 'lr'> {
  /** Path of the learning-rate tag's export (TensorBoard). */
  readonly lrFile?: string;
}

/**
 * Read a saved range test from disk in any supported format ({@link importRun} on the file's text); the path `-`
 * reads standard input (named `<stdin>` in messages). This is what every `lrfind` command that reads runs uses.
 *
 * @throws {LrfindError} `E_FILE_READ` when a file cannot be read, else as {@link importRun}.
 * @example
 * const run = await loadImportedRun('lr_find.json', { format: 'fastai' });
 * run.meta.source?.smoothing; // => { kind: 'ema-debiased', beta: 0.98 }
 */
export async function loadImportedRun(path: string, options: LoadImportedRunOptions = {}): Promise<Run> {
  const { lrFile, ...rest } = options;
  const text = await readRunText(path);
  const lr = lrFile === undefined ? undefined : { text: await readRunText(lrFile), file: lrFile };
  return importRun(text, { ...rest, file: path === '-' ? '<stdin>' : path, lr });
}

/** A CSV number: shortest round-trip form; non-finite as `nan`, `inf`, `-inf` (what the importers read back). */
function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

/**
 * A run as CSV: `lr,loss` and, when the run has them, `smoothed_loss` — the raw losses first, so every tool reading
 * `lr,loss` gets the raw curve. {@link importRun} reads it back exactly (CSV keeps no metadata; the JSON run
 * format does).
 *
 * @example
 * runToCsv({ lrs: Float64Array.of(1e-3, 1e-2), losses: Float64Array.of(2.3, NaN), meta: {} });
 * // => 'lr,loss\n0.001,2.3\n0.01,nan\n'
 */
export function runToCsv(run: Run): string {
  const smoothed = run.smoothedLosses;
  const lines = [smoothed ? 'lr,loss,smoothed_loss' : 'lr,loss'];
  for (let i = 0; i < run.lrs.length; i++) {
    const cells = [csvNumber(run.lrs[i]), csvNumber(run.losses[i])];
    if (smoothed) cells.push(csvNumber(smoothed[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Options of {@link parseRun}. */
export interface ParseRunOptions {
  /** Name used in error messages. __Default value:__ `'<input>'` */
  readonly file?: string;
  /** `'json'` or `'csv'`; `undefined` guesses from the extension, then from the content. */
  readonly format?: 'json' | 'csv';
  /** CSV column holding the learning rate. __Default value:__ `lr` (or `lrs`) */
  readonly lrColumn?: string;
  /** CSV column holding the loss. __Default value:__ `loss` (or `losses`) */
  readonly lossColumn?: string;
}

/**
 * Parse the text of an lrfind run file (JSON, or CSV `lr,loss[,smoothed_loss]`): {@link importRun} with the
 * format `lrfind` — the one loader, with its one cell parser.
 *
 * @throws {LrfindError} for anything that is not a valid run, naming `options.file`.
 * @example
 * parseRun('{"lrs": [0.001, 0.01], "losses": [2.3, null]}').losses; // => Float64Array [2.3, NaN]
 */
export function parseRun(text: string, options: ParseRunOptions = {}): Run {
  const { file, format, lrColumn, lossColumn } = options;
  return importRun(text, { file, format: 'lrfind', container: format, lrColumn, lossColumn });
}

/**
 * Parse CSV text with a header row into a {@link Run} ({@link parseRun} of a CSV): the lr and loss columns are
 * found by name (case-insensitive), a `smoothed_loss` column becomes `smoothedLosses`.
 *
 * @example
 * runFromCsv('lr,loss\n0.001,2.3\n0.01,nan\n', 'run.csv').losses; // => Float64Array [2.3, NaN]
 */
export function runFromCsv(text: string, file: string, options: { lrColumn?: string; lossColumn?: string } = {}): Run {
  return parseRun(text, { ...options, file, format: 'csv' });
}

/**
 * Read an lrfind run file from disk ({@link loadImportedRun} with the format `lrfind`); `-` is standard input.
 *
 * @throws {LrfindError} `E_FILE_READ` when it cannot be read, else as {@link parseRun}.
 * @example
 * const run = await loadRun('runs/mnist.json');
 * run.lrs.length; // => 100
 */
export async function loadRun(path: string, options: Omit<ParseRunOptions, 'file'> = {}): Promise<Run> {
  const { format, lrColumn, lossColumn } = options;
  const text = await readRunText(path);
  return importRun(text, { file: path === '-' ? '<stdin>' : path, format: 'lrfind', container: format, lrColumn, lossColumn });
}
