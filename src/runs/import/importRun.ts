/**
 * The one run loader: saved range tests from every tool — fastai (v1, v2), pytorch-lr-finder, Lightning, Keras
 * callbacks, TensorBoard scalar exports, plain CSV / JSON / JSON Lines — and lrfind's own run files. Detection is
 * in `import/detect.ts`, each tool format in a module of its own under `import/`.
 *
 * The anchor tools store only their SMOOTHED loss. Each smoothing is a known linear filter, so the importer inverts
 * it ({@link invertEma}): the {@link Run} it returns has the recovered RAW losses in `losses`, the tool's numbers in
 * `smoothedLosses`, and `meta.source = { tool, smoothing, file }`. Analysis then smooths the raw losses once, as
 * each method does — never twice.
 *
 * @module
 */
import { invertEma, invertRunningMean } from '../../analysis/unsmooth.js';
import { describeValue, LrfindError } from '../../errors.js';
import { openRunStream, readRunText, stripBom } from '../../io/readText.js';
import { parseJsonText } from './json.js';
import { assertLrOrder, lossNumbers, lrNumbers, type Table } from './table.js';
import { readCsvTable } from './tableCsv.js';
import { jsonTable, readJsonlTable } from './tableJson.js';
import { readCsvStream } from './csvStream.js';
import { RUN_FORMAT, withJsonArrays, type Run, type RunMeta } from '../run.js';
import { runFromJson } from '../runFile.js';
import { lrFileUnused } from '../messages.js';
import { assertSameLength, pickColumn } from './columns.js';
import { assertText, detectJsonValue, detectParsed, lrScheduleKind, sniffContainer } from './detect.js';
import { assertPlausiblyInverted, fastaiNumIt } from './ema.js';
import { IMPORT_FORMAT_NAMES, IMPORT_FORMATS, isImportFormat, type ImportFormat } from './formats.js';
import { epochStarts, indexColumn } from './keras.js';
import { nonDecreasing, pandasIndex, reorderRows } from './pandasIndex.js';
import { importTensorBoard } from './tensorboard.js';
import { spoolStdin } from '../../io/spool.js';
import { readQuotedCsvStream } from './csvQuotedStream.js';
import { JsonStreamRefusal, readJsonStream } from './jsonStream.js';

export { IMPORT_FORMATS, IMPORT_FORMAT_NAMES, isImportFormat, type ImportFormat } from './formats.js';
export { detectFormat, lrScheduleKind, type DetectedFormat } from './detect.js';
export { fastaiNumIt } from './ema.js';
export { runToCsv, runToCsvChunks } from './csv.js';

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
 *   `E_BAD_LOSS`, `E_FORMAT`) and a message naming the file, the line or field, and what was expected;
 *   `E_OPTION` for an `lr` file given with a format that is not TensorBoard's.
 * @example
 * const run = importRun('{"lr": [1e-4, 1e-3, 1e-2, 1e-1], "loss": [2, 2.1, 2.0, 2.4]}', { file: 'history.json' });
 * run.meta.source; // => { tool: 'torch-lr-finder', smoothing: { kind: 'ema-seeded', beta: 0.95 }, file: 'history.json' }
 * run.losses;      // => Float64Array [2, 4, 0.1…, 10.0…] (the raw losses behind the smoothed ones)
 */
export function importRun(input: string, options: ImportRunOptions = {}): Run {
  return withJsonArrays(importRunArrays(input, options));
}

function importRunArrays(input: string, options: ImportRunOptions): Run {
  const file = options.file ?? '<input>';
  if (typeof input !== 'string') throw new TypeError(`importRun: text must be a string (got ${describeValue(input)})`);
  // the one place a byte-order mark is removed: every reader below takes text without one
  const text = stripBom(input);
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
  if (options.lr !== undefined && format !== 'tensorboard') throw lrFileUnused(file, format);
  if (format === 'tensorboard') {
    const lr = options.lr === undefined ? undefined : { text: stripBom(options.lr.text), file: options.lr.file };
    return importTensorBoard(text, file, { ...options, lr });
  }
  if (container === 'json' && json === undefined) json = parseJsonText(text, { file });
  const tagged = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === RUN_FORMAT;
  if (tagged && IMPORT_FORMATS[format].smoothing.kind !== 'none') {
    // its losses are raw already: reading them as a tool's smoothed losses would undo a smoothing never applied
    throw new LrfindError('E_FORMAT', `${file}: an lrfind run file (raw losses), not ${format}'s; read it without --format ${format}`, { file });
  }
  if (format === 'lrfind' && container === 'json' && options.lrColumn === undefined && options.lossColumn === undefined) {
    return runFromJson(json, file);
  }
  const table = container === 'csv' ? readCsvTable(text, file) : container === 'jsonl' ? readJsonlTable(text, file) : jsonTable(json, file);
  return runFromTable(table, format, file, options);
}

/**
 * The run in a table read from a file, as `format` stores it: the lr and loss columns picked, checked and
 * converted, a tool's smoothing inverted ({@link importRun} from the table on; the streamed CSV reader's way in).
 *
 * @throws {LrfindError} as {@link importRun}.
 * @example
 * runFromTable(readCsvTable('lr,loss\n0.001,2.3\n0.01,2.1\n', 'run.csv'), 'csv', 'run.csv').losses; // => Float64Array [2.3, 2.1]
 */
export function runFromTable(table: Table, format: ImportFormat, file: string, options: Pick<ImportRunOptions, 'format' | 'lrColumn' | 'lossColumn'> = {}): Run {
  return withJsonArrays(runFromTableArrays(table, format, file, options));
}

function runFromTableArrays(read: Table, format: ImportFormat, file: string, options: Pick<ImportRunOptions, 'format' | 'lrColumn' | 'lossColumn'>): Run {
  const spec = IMPORT_FORMATS[format];
  // a pandas index (df.to_csv()'s first column): row labels, or the lrs a frame or Series was indexed by
  const index = pandasIndex(read);
  const absent = (names: readonly string[]): boolean => names.every((c) => read.size(c) === undefined);
  const indexedByLr = index?.kind === 'lr' && options.lrColumn === undefined && absent(spec.lr);
  const lrCol = pickColumn(read, indexedByLr ? index.name : options.lrColumn, spec.lr, 'learning-rate', file, '--lr-column');
  // a Series indexed by lr has one column of losses, whatever its name (`0` when it had none)
  const seriesLoss = indexedByLr && options.lossColumn === undefined && read.names.length === 2 && absent(spec.loss) ? read.names[1] : undefined;
  const lossCol = pickColumn(read, seriesLoss ?? options.lossColumn, spec.loss, 'loss', file, '--loss-column');
  const nLr = read.size(lrCol) ?? 0;
  const nLoss = read.size(lossCol) ?? 0;
  assertSameLength(file, { name: lrCol, n: nLr }, { name: lossCol, n: nLoss });
  let table = read;
  let lrs = lrNumbers(table, lrCol, file);
  if (index?.order && !nonDecreasing(lrs)) {
    // rows written out of order (a frame sorted by another column): its row labels give the order they were recorded in
    table = reorderRows(read, index.order);
    lrs = lrNumbers(table, lrCol, file);
  }
  assertLrOrder(lrs, file, (i) => table.where(i, lrCol));
  const recorded = lossNumbers(table, lossCol, file);
  if (format === 'keras') {
    const resets = epochStarts(table, file);
    // where in its epoch each row is: a log started mid-epoch, or one that skips batches, is weighted right
    const batches = indexColumn(table, 'batch', file);
    return {
      lrs,
      losses: invertRunningMean(recorded, batches === undefined ? { resets } : { resets, batches }),
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
  return withStdinSpooled(path, async (file, name) => {
    const streamed = lrFile === undefined ? await readCsvFileTable(file, rest, name) : undefined;
    if (streamed !== undefined) return runFromTable(streamed.table, streamed.format, name, rest);
    const json = lrFile === undefined ? await readJsonFileRun(file, rest, name) : undefined;
    if (json !== undefined) return json;
    const text = await readRunText(file);
    const lr = lrFile === undefined ? undefined : { text: await readRunText(lrFile), file: lrFile };
    return importRun(text, { ...rest, file: name, lr });
  });
}

/**
 * `read(file, name)` of a run file: a path as it is (named as given), standard input (`-`) copied as it arrives to a
 * temporary file ({@link spoolStdin}) and read from there (named `<stdin>`), so that it streams as a file does — and
 * can be read a second time, as text, for the exact error of what the streamed readers refuse. The temporary file is
 * removed afterwards.
 *
 * @example
 * await withStdinSpooled('-', (file, name) => loadImportedRun(file)); // name === '<stdin>'
 */
export async function withStdinSpooled<T>(path: string, read: (file: string, name: string) => Promise<T>): Promise<T> {
  if (path !== '-') return read(path, path);
  const spooled = await spoolStdin();
  try {
    return await read(spooled.path, '<stdin>');
  } finally {
    await spooled.remove();
  }
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
  return withStdinSpooled(path, async (file, name) => {
    const streamed = await readCsvFileTable(file, { format: 'lrfind', container: format }, name);
    if (streamed !== undefined) return runFromTable(streamed.table, 'lrfind', name, { format: 'lrfind', lrColumn, lossColumn });
    const json = await readJsonFileRun(file, { format: 'lrfind', container: format, lrColumn, lossColumn }, name);
    if (json !== undefined) return json;
    const text = await readRunText(file);
    return importRun(text, { file: name, format: 'lrfind', container: format, lrColumn, lossColumn });
  });
}

/**
 * A plain CSV run file read as it streams ({@link readCsvStream}: the numbers straight into typed columns, never the
 * whole text), with the format it is read as; `undefined` for what is read whole instead — standard input, JSON and
 * JSON Lines, a TensorBoard export, quoted cells, UTF-16.
 *
 * @throws {LrfindError} as {@link readRunText} and {@link readCsvStream}.
 * @example
 * const { table, format } = (await readCsvFileTable('run.csv', {}))!;
 * format; // => 'csv'
 */
export async function readCsvFileTable(
  path: string,
  options: Pick<ImportRunOptions, 'format' | 'container'>,
  name = path,
): Promise<{ table: Table; format: ImportFormat } | undefined> {
  const { format, container } = options;
  if (path === '-' || (format !== undefined && !isImportFormat(format)) || format === 'tensorboard' || format === 'json' || format === 'jsonl' || (container !== undefined && container !== 'csv')) return undefined;
  let detected: ImportFormat | undefined = format;
  // the container and the format from the file's first characters, as importRun tells them from its text
  const accept = (head: string): boolean => {
    const bare = head.trim() === '' ? 'x' : head;
    if ((container ?? (format === 'csv' ? 'csv' : sniffContainer(bare, name))) !== 'csv') return false;
    detected ??= detectParsed(bare, name, 'csv').detected.format;
    return detected !== 'tensorboard';
  };
  const { chunks, size } = await openRunStream(path);
  let quoted = false;
  async function* watched(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      quoted ||= chunk.includes(34);
      yield chunk;
    }
  }
  const table = await readCsvStream(watched(), name, { sizeHint: size, accept });
  if (table !== undefined) return detected === undefined ? undefined : { table, format: detected };
  // declined at a quoted cell: csv-parse reads it as it streams (the text reader only for its errors)
  const found = detected as ImportFormat | undefined;
  if (!quoted || found === undefined || (found as string) === 'tensorboard') return undefined;
  const again = await openRunStream(path);
  async function* text(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of again.chunks) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  }
  try {
    const read = await readQuotedCsvStream(text(), name);
    return read === undefined ? undefined : { table: read, format: found };
  } catch {
    return undefined;
  }
}

/**
 * A JSON run file whose top level is an object (lrfind's run files, fastai's, pytorch-lr-finder's and Lightning's
 * saves, pandas' `to_json`) read as it streams ({@link readJsonStream}: the arrays of numbers straight into
 * Float64Arrays, never the file's text nor an array of JS numbers), then imported as {@link importRun} imports its
 * text. `undefined` for what is read whole instead: standard input, another container, a top-level array, UTF-16 —
 * and any file this path would refuse (bad JSON, a bad cell, a missing key), which the text reader then reads to give
 * its one exact error, naming the file and the bad value.
 *
 * @throws {LrfindError} `E_FILE_READ` when the file cannot be read (as {@link readRunText}).
 * @example
 * (await readJsonFileRun('run.json', {}))?.lrs; // => Float64Array [0.001, 0.01, …]
 */
export async function readJsonFileRun(
  path: string,
  options: Pick<ImportRunOptions, 'format' | 'container' | 'lrColumn' | 'lossColumn'>,
  name = path,
): Promise<Run | undefined> {
  const { format, container } = options;
  if (path === '-' || (format !== undefined && (!isImportFormat(format) || format === 'tensorboard' || format === 'csv' || format === 'jsonl'))) return undefined;
  if (container !== undefined && container !== 'json') return undefined;
  const { chunks } = await openRunStream(path);
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return undefined;
  // the container from the file's first characters, as importRun tells it from its text
  const head = new TextDecoder('utf-8').decode(first.value).trimStart();
  const sniffed = container ?? (format === 'json' ? 'json' : head.length < 1 << 16 && first.value.length >= 1 << 20 ? undefined : sniffContainer(head.slice(0, 1 << 16), name));
  if (sniffed !== 'json' || !head.startsWith('{')) {
    await it.return?.();
    return undefined;
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield first.value as Uint8Array;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  let json: unknown;
  try {
    json = await readJsonStream(all());
  } catch (error) {
    if (error instanceof JsonStreamRefusal) return undefined;
    throw error;
  }
  try {
    const found = format ?? detectJsonValue(json, 'json', name).detected.format;
    const tagged = (json as { format?: unknown }).format === RUN_FORMAT;
    if (tagged && IMPORT_FORMATS[found].smoothing.kind !== 'none') return undefined;
    if (found === 'lrfind' && options.lrColumn === undefined && options.lossColumn === undefined) return withJsonArrays(runFromJson(json, name));
    return runFromTable(jsonTable(json, name), found, name, options);
  } catch {
    // the text reader gives the error, with the words it has always used
    return undefined;
  }
}
