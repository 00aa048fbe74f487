/**
 * Reading and writing run files: lrfind's JSON run format and plain `lr,loss` CSV.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';
import { stripBom } from '../io/readText.js';
import { RUN_FORMAT, RUN_VERSION, type Run, type RunMeta, type RunStopReason, type SmoothingInfo } from './run.js';
import type { ConfirmBasis, Confirmation, ConfirmTrial } from './confirmation.js';
import { writeFileAtomic } from '../io/atomic.js';
import { parseLossCell, parseNumberCell } from './import/cells.js';
import { badField, badLoss, badLr, lengthMismatch, notAnArray, runEmpty } from '../runs/messages.js';
import { parseJsonText } from './import/json.js';
import { assertLrOrder } from './import/table.js';
import { JsonNumbers } from './import/jsonStream.js';

const STOP_REASONS: readonly RunStopReason[] = ['completed', 'diverged', 'non-finite', 'aborted', 'error'];

export { stripBom } from '../io/readText.js';

/**
 * Parse JSON that may contain Python's bare `NaN`, `Infinity` and `-Infinity` tokens (what `json.dump` writes
 * for non-finite floats). Tokens inside strings are left alone. Same as {@link parseJsonText}.
 *
 * @throws {LrfindError} `E_PARSE` with the line and column of the first error; `E_SCHEMA` for a duplicate key.
 * @example
 * parseJsonLenient('{"loss": [1, NaN, -Infinity]}', 'run.json'); // => { loss: [1, NaN, -Infinity] }
 */
export function parseJsonLenient(text: string, file: string): unknown {
  return parseJsonText(stripBom(text), { file });
}

/**
 * Convert one loss cell/value to a number: {@link parseLossCell}, the one cell parser of every loader.
 * @example
 * lossValue('nan');  // => NaN
 * lossValue('NA');   // => NaN
 * lossValue('-inf'); // => -Infinity
 * lossValue('x');    // => undefined
 */
export const lossValue = parseLossCell;

/** Convert one lr cell/value to a number (only finite numbers > 0 are meaningful; checked later). */
const lrValue = parseNumberCell;

/**
 * Check and convert the arrays of a run: equal lengths, at least one point, lrs finite and > 0, losses numbers or
 * non-finite markers.
 *
 * @throws {LrfindError} `E_SCHEMA`, `E_LENGTH_MISMATCH`, `E_EMPTY`, `E_BAD_LR`, `E_BAD_LOSS`, naming `file`.
 * @example
 * toRunArrays([1e-3, 1e-2], [2.3, null], 'run.json').losses; // => Float64Array [2.3, NaN]
 */
export function toRunArrays(
  lrs: unknown,
  losses: unknown,
  file: string,
  where: { lrs: string; losses: string } = { lrs: '"lrs"', losses: '"losses"' },
): { lrs: Float64Array; losses: Float64Array } {
  if (!Array.isArray(lrs) && !(lrs instanceof JsonNumbers)) {
    throw notAnArray(file, where.lrs, lrs);
  }
  if (!Array.isArray(losses) && !(losses instanceof JsonNumbers)) {
    throw notAnArray(file, where.losses, losses);
  }
  if (lrs.length !== losses.length) {
    throw lengthMismatch(file, where.lrs, lrs.length, where.losses, losses.length);
  }
  if (lrs.length === 0) throw runEmpty(file);
  // a streamed file's arrays are Float64Arrays already: checked in place, not copied (their nulls are NaN there,
  // which is what a null loss becomes; a null lr is refused below)
  const outLrs = lrs instanceof JsonNumbers ? lrs.values : new Float64Array(lrs.length);
  const outLosses = losses instanceof JsonNumbers ? losses.values : new Float64Array(losses.length);
  const lrAt = lrs instanceof JsonNumbers ? (i: number) => lrs.at(i) : (i: number) => lrs[i];
  const lossAt = losses instanceof JsonNumbers ? (i: number) => losses.at(i) : (i: number) => losses[i];
  for (let i = 0; i < lrs.length; i++) {
    const lr = lrValue(lrAt(i));
    if (lr === undefined) {
      throw badField(file, `${where.lrs}[${i}]`, 'a number', lrAt(i), i);
    }
    if (!(lr > 0) || !Number.isFinite(lr)) {
      throw badLr(file, `${where.lrs}[${i}]`, lr, i);
    }
    outLrs[i] = lr;
    const loss = lossValue(lossAt(i));
    if (loss === undefined) {
      throw badLoss(file, `${where.losses}[${i}]`, describeValue(lossAt(i)), i);
    }
    outLosses[i] = loss;
  }
  assertLrOrder(outLrs, file, (i) => `${where.lrs}[${i}]`);
  return { lrs: outLrs, losses: outLosses };
}

function optionalArray(obj: Record<string, unknown>, key: string, n: number, file: string): Float64Array | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  // a streamed file's array of numbers (and nulls): every element is a number or null already
  if (value instanceof JsonNumbers && value.length === n) return value.values;
  if (!Array.isArray(value) || value.length !== n) {
    throw badField(file, `"${key}"`, `an array of ${n} numbers`, value);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = lossValue(value[i]);
    if (v === undefined) {
      throw badField(file, `"${key}"[${i}]`, 'a number or null', value[i], i);
    }
    out[i] = v;
  }
  return out;
}

const SMOOTHING_KINDS: readonly SmoothingInfo['kind'][] = ['none', 'ema-debiased', 'ema-seeded', 'ema-lightning', 'running-mean', 'unknown'];

/**
 * Check the fields of `meta` that lrfind reads (unknown fields are kept as they are): `source` (`tool`, `smoothing`
 * with a known `kind` and, for an EMA, `beta` in [0, 1)), `schedule`, `numIt`, `startLr`, `endLr`, `batchSize`,
 * `trainExamples`, `batchesPerEpoch`, `frozen`, `smoothing`. A malformed one is refused when the file is read, naming the field, rather than failing
 * later in a command.
 *
 * @throws {LrfindError} `E_SCHEMA` naming the file and the field.
 * @example
 * assertRunMeta({ numIt: 100, source: { tool: 'fastai', smoothing: { kind: 'ema-debiased', beta: 0.98 } } }, 'run.json'); // passes
 */
export function assertRunMeta(meta: Record<string, unknown>, file: string): asserts meta is RunMeta {
  const bad = (field: string, expected: string, value: unknown): never => {
    throw badField(file, `"meta.${field}"`, expected, value);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const smoothing = (field: string, v: unknown): void => {
    if (!isObject(v)) bad(field, 'an object { kind, beta? }', v);
    const { kind, beta } = v as { kind?: unknown; beta?: unknown };
    if (!SMOOTHING_KINDS.includes(kind as SmoothingInfo['kind'])) bad(`${field}.kind`, `one of ${SMOOTHING_KINDS.join(', ')}`, kind);
    const ema = typeof kind === 'string' && kind.startsWith('ema');
    if (ema && !(typeof beta === 'number' && beta >= 0 && beta < 1)) bad(`${field}.beta`, 'a number in [0, 1) for an EMA', beta);
    if (!ema && beta !== undefined && !(typeof beta === 'number' && beta >= 0 && beta < 1)) bad(`${field}.beta`, 'a number in [0, 1)', beta);
  };
  const { source, schedule, numIt, startLr, endLr, batchSize, trainExamples, batchesPerEpoch, frozen } = meta;
  if (source !== undefined) {
    if (!isObject(source)) bad('source', 'an object { tool, smoothing, file? }', source);
    const src = source as Record<string, unknown>;
    if (typeof src.tool !== 'string' || src.tool === '') bad('source.tool', 'a tool name', src.tool);
    smoothing('source.smoothing', src.smoothing);
    if (src.file !== undefined && typeof src.file !== 'string') bad('source.file', 'a file name', src.file);
  }
  if (meta.smoothing !== undefined) smoothing('smoothing', meta.smoothing);
  if (schedule !== undefined && schedule !== 'exp' && schedule !== 'linear') bad('schedule', '"exp" or "linear"', schedule);
  if (numIt !== undefined && !(Number.isSafeInteger(numIt) && (numIt as number) >= 1)) bad('numIt', 'an integer >= 1', numIt);
  for (const [field, v] of [['batchSize', batchSize], ['trainExamples', trainExamples], ['batchesPerEpoch', batchesPerEpoch]] as const) {
    if (v !== undefined && !(Number.isSafeInteger(v) && (v as number) >= 1)) bad(field, 'an integer >= 1', v);
  }
  for (const [field, v] of [['startLr', startLr], ['endLr', endLr]] as const) {
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) bad(field, 'a finite number > 0', v);
  }
  if (frozen !== undefined && typeof frozen !== 'boolean') bad('frozen', 'true or false', frozen);
}

/**
 * Build a {@link Run} from a parsed JSON object: `{ lrs, losses }` plus optional `smoothedLosses`, `valLosses`,
 * `times`, `stopReason`, `meta` and any other field (ignored). `null` in a loss array stands for a non-finite loss.
 *
 * @throws {LrfindError} with a code naming what is wrong, and the file.
 * @example
 * runFromJson({ lrs: [1e-3], losses: [2.3] }, 'run.json').losses; // => Float64Array [2.3]
 */
export function runFromJson(data: unknown, file: string): Run {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new LrfindError('E_SCHEMA', `${file}: expected a JSON object with "lrs" and "losses" (got ${describeValue(data)})`, {
      file,
    });
  }
  const obj = data as Record<string, unknown>;
  // "2" (a string) or 1.5 is no version at all: refused rather than read as if it were one
  if (obj.version !== undefined && !(Number.isSafeInteger(obj.version) && (obj.version as number) >= 1)) {
    throw badField(file, '"version"', 'an integer >= 1', obj.version);
  }
  if (obj.format === RUN_FORMAT && typeof obj.version === 'number' && obj.version > RUN_VERSION) {
    throw new LrfindError(
      'E_FORMAT',
      `${file}: run-file version ${obj.version} is newer than this lrfind reads (${RUN_VERSION}); upgrade lrfind`,
      { file },
    );
  }
  if (!('lrs' in obj) || !('losses' in obj)) {
    const missing = ['lrs', 'losses'].filter((k) => !(k in obj)).map((k) => `"${k}"`).join(' and ');
    throw new LrfindError('E_SCHEMA', `${file}: missing ${missing} (a run is {"lrs": [...], "losses": [...]})`, { file });
  }
  const { lrs, losses } = toRunArrays(obj.lrs, obj.losses, file);
  const n = lrs.length;
  const meta = obj.meta;
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
    throw badField(file, '"meta"', 'an object', meta);
  }
  if (meta !== undefined) assertRunMeta(meta as Record<string, unknown>, file);
  const stop = obj.stopReason;
  if (stop !== undefined && !STOP_REASONS.includes(stop as RunStopReason)) {
    throw badField(file, '"stopReason"', `one of ${STOP_REASONS.join(', ')}`, stop);
  }
  const run: {
    -readonly [K in keyof Run]: Run[K];
  } = { lrs, losses, meta: { ...((meta as RunMeta | undefined) ?? {}) } };
  const smoothed = optionalArray(obj, 'smoothedLosses', n, file);
  if (smoothed) run.smoothedLosses = smoothed;
  const val = optionalArray(obj, 'valLosses', n, file);
  if (val) run.valLosses = val;
  const times = optionalArray(obj, 'times', n, file);
  if (times) run.times = times;
  if (stop !== undefined) run.stopReason = stop as RunStopReason;
  if (obj.confirmation !== undefined && obj.confirmation !== null) run.confirmation = confirmationFromJson(obj.confirmation, file);
  return run;
}

/**
 * Read the optional `confirmation` of a run file: the confirm trials and their answer (docs/run-format.md).
 *
 * @throws {LrfindError} `E_SCHEMA` naming the file and the bad field.
 * @example
 * confirmationFromJson({ lr: 0.003, source: 'fastai.valley', reason: '…', steps: 288, budget: 300, basis: 'validation',
 *   trials: [{ lr: 0.003, source: 'fastai.valley', round: 0, steps: 12, loss: 0.41, diverged: false, kept: true }] }, 'run.json').lr;
 * // => 0.003
 */
export function confirmationFromJson(value: unknown, file: string): Confirmation {
  const bad = (what: string, got: unknown): never => {
    throw new LrfindError('E_SCHEMA', `${file}: "confirmation${what}" ${describeValue(got)} is not valid (see docs/run-format.md)`, { file });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('', value);
  const c = value as Record<string, unknown>;
  const lr = c.lr === null ? null : typeof c.lr === 'number' && c.lr > 0 && Number.isFinite(c.lr) ? c.lr : bad('.lr', c.lr);
  const basis = c.basis === 'validation' || c.basis === 'held-back' ? (c.basis as ConfirmBasis) : bad('.basis', c.basis);
  const count = (key: string): number =>
    Number.isSafeInteger(c[key]) && (c[key] as number) >= 0 ? (c[key] as number) : bad(`.${key}`, c[key]);
  if (!Array.isArray(c.trials)) bad('.trials', c.trials);
  const trials = (c.trials as unknown[]).map((t, i): ConfirmTrial => {
    if (typeof t !== 'object' || t === null) return bad(`.trials[${i}]`, t);
    const o = t as Record<string, unknown>;
    const loss = lossValue(o.loss);
    if (typeof o.lr !== 'number' || !(o.lr > 0) || !Number.isFinite(o.lr)) bad(`.trials[${i}].lr`, o.lr);
    if (loss === undefined) bad(`.trials[${i}].loss`, o.loss);
    for (const key of ['round', 'steps']) {
      if (!Number.isSafeInteger(o[key]) || (o[key] as number) < 0) bad(`.trials[${i}].${key}`, o[key]);
    }
    return {
      lr: o.lr as number,
      source: typeof o.source === 'string' ? o.source : '',
      round: o.round as number,
      steps: o.steps as number,
      loss: Number.isFinite(loss) ? (loss as number) : NaN,
      diverged: o.diverged === true || !Number.isFinite(loss),
      kept: o.kept === true,
    };
  });
  return {
    lr,
    source: typeof c.source === 'string' ? c.source : null,
    reason: typeof c.reason === 'string' ? c.reason : '',
    trials,
    steps: count('steps'),
    budget: count('budget'),
    basis,
  };
}

/**
 * Guess a run file's format from its name, then its first non-blank character.
 * @example
 * guessFormat('run.txt', '{"lrs": []}'); // => 'json'
 * guessFormat('run', 'lr,loss\n');        // => 'csv'
 */
export function guessFormat(file: string, text: string): 'json' | 'csv' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const first = stripBom(text).trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/** The run's per-step arrays, written number by number (never as one array of a million JS numbers). */
const STEP_ARRAYS = ['lrs', 'losses', 'smoothedLosses', 'valLosses', 'times'] as const;

/** Numbers per chunk of a streamed array: about 1.5 MB of text. */
const CHUNK = 1 << 16;

/** A number as JSON: non-finite as `null`, and -0 as such (`JSON.stringify(-0)` is `0`): the file gives back the very numbers. */
const jsonNumber = (v: number): string => (Number.isFinite(v) ? (v === 0 && 1 / v < 0 ? '-0' : String(v)) : 'null');

/** A numeric array as JSON text, in chunks: finite numbers as they are, non-finite as `null`. */
function* jsonArrayChunks(values: ArrayLike<number>): Generator<string> {
  yield '[';
  for (let start = 0; start < values.length; start += CHUNK) {
    const end = Math.min(values.length, start + CHUNK);
    const parts = new Array<string>(end - start);
    for (let i = start; i < end; i++) {
      const v = values[i];
      parts[i - start] = jsonNumber(v);
    }
    yield (start > 0 ? ',' : '') + parts.join(',');
  }
  yield ']';
}

/**
 * A run in lrfind's JSON run format (version {@link RUN_VERSION}), as chunks of text: the per-step arrays are
 * written a block of numbers at a time, so a run of any length is written without one string holding it all (a
 * 10M-step run is longer than V8's longest string). The chunks joined are {@link serializeRun}'s text.
 *
 * @example
 * [...serializeRunChunks({ lrs: Float64Array.of(1e-3), losses: Float64Array.of(NaN), meta: {} })].join('');
 * // => '{\n  "format": "lrfind-run",\n  "version": 1,\n  "lrs": [0.001],\n  "losses": [null],\n  "meta": {}\n}\n'
 */
export function* serializeRunChunks(run: Run): Generator<string> {
  const fields: [string, unknown][] = [
    ['format', RUN_FORMAT],
    ['version', RUN_VERSION],
  ];
  for (const key of STEP_ARRAYS) if (run[key] !== undefined) fields.push([key, run[key]]);
  if (run.stopReason) fields.push(['stopReason', run.stopReason]);
  if (run.confirmation) {
    const c = run.confirmation;
    fields.push([
      'confirmation',
      {
        lr: c.lr,
        source: c.source,
        reason: c.reason,
        steps: c.steps,
        budget: c.budget,
        basis: c.basis,
        trials: c.trials.map((t) => ({ ...t, loss: Number.isFinite(t.loss) ? t.loss : null })),
      },
    ]);
  }
  fields.push(['meta', run.meta]);
  yield '{\n';
  for (const [i, [key, value]] of fields.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if ((STEP_ARRAYS as readonly string[]).includes(key)) yield* jsonArrayChunks(value as ArrayLike<number>);
    else yield prettyJson(value, '  ');
    yield i < fields.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

/**
 * `JSON.stringify(value, null, 2)` at `indent`, except that arrays of numbers (and nulls) stay on one line: one
 * number per line would make long runs unwieldy.
 */
function prettyJson(input: unknown, indent: string, key = ''): string {
  const value = typeof (input as { toJSON?: unknown } | null)?.toJSON === 'function' ? (input as { toJSON(k: string): unknown }).toJSON(key) : input;
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v === 'number')) return `[${value.map((v) => (v === null ? 'null' : jsonNumber(v as number))).join(',')}]`;
    if (value.length === 0) return '[]';
    const items = value.map((v, i) => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : prettyJson(v, inner, String(i))));
    return `[\n${items.map((item) => inner + item).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner, k)}`).join(',\n')}\n${indent}}`;
}

/**
 * Serialize a run to lrfind's JSON run format (version {@link RUN_VERSION}); non-finite losses become `null`.
 * For very long runs write {@link serializeRunChunks} instead (what {@link saveRun} and `lrfind convert` do).
 *
 * @example
 * serializeRun({ lrs: Float64Array.of(1e-3), losses: Float64Array.of(NaN), meta: {} });
 * // => '{\n  "format": "lrfind-run",\n  "version": 1,\n  "lrs": [0.001],\n  "losses": [null], …'
 */
export function serializeRun(run: Run): string {
  return [...serializeRunChunks(run)].join('');
}

/**
 * Save a run to `path` in lrfind's JSON run format, atomically (temp file + rename): an earlier file at `path`
 * survives a crash mid-write intact.
 *
 * @throws {LrfindError} `E_FILE_WRITE`.
 * @example
 * await saveRun(run, 'runs/mnist.json');
 */
export async function saveRun(run: Run, path: string): Promise<void> {
  await writeFileAtomic(path, serializeRunChunks(run));
}
