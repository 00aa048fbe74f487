/**
 * The project's error type and its stable codes.
 *
 * Every failure that a user can cause (a bad file, a bad option, a run too short for what was asked) is an
 * {@link LrfindError} with a stable {@link LrfindErrorCode}; programs branch on `code`, people read `message`.
 * Plain `TypeError` / `RangeError` are used only for programming mistakes at the library API (wrong argument
 * types or out-of-range parameters), following the conventions of simple-statistics and spectra-processing.
 *
 * @module
 */

/** Stable machine-readable error codes. Never renamed once released. */
export type LrfindErrorCode =
  /** The file does not exist or cannot be read. */
  | 'E_FILE_READ'
  /** The file could not be written (atomic write failed). */
  | 'E_FILE_WRITE'
  /** The file's text is not valid JSON / CSV / JSONL. */
  | 'E_PARSE'
  /** The file parsed, but its shape is not a run (missing arrays, wrong types). */
  | 'E_SCHEMA'
  /** `lrs` and `losses` have different lengths. */
  | 'E_LENGTH_MISMATCH'
  /** A learning rate is zero, negative, NaN or infinite. */
  | 'E_BAD_LR'
  /** The learning rates decrease somewhere, or are all equal (a range test steps them up). */
  | 'E_LR_ORDER'
  /** A loss value is neither a number nor `null`. */
  | 'E_BAD_LOSS'
  /** The run has no points. */
  | 'E_EMPTY'
  /** An option has an invalid value. */
  | 'E_OPTION'
  /** The input format could not be recognised or is not supported. */
  | 'E_FORMAT'
  /** An output path would overwrite one of the inputs. */
  | 'E_OUTPUT_IS_INPUT'
  /** Training failed inside a range test. */
  | 'E_TRAINING'
  /** The range test was aborted by the caller. */
  | 'E_ABORTED'
  /** The model is already in a range test (or training in `fit`): one test per model at a time. */
  | 'E_BUSY';

/**
 * The error every lrfind entry point throws for a failure the caller or the user's data caused.
 *
 * @example
 * try {
 *   await loadRun('missing.json');
 * } catch (error) {
 *   if (error instanceof LrfindError && error.code === 'E_FILE_READ') console.error(error.message);
 * }
 * // => "loadRun: cannot read missing.json: no such file"
 */
export class LrfindError extends Error {
  /** Stable machine-readable code. */
  readonly code: LrfindErrorCode;
  /** The file the error is about, when there is one. */
  readonly file?: string;
  /** Extra structured detail (line, field, value), for programs. */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    code: LrfindErrorCode,
    message: string,
    options: { file?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LrfindError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.details !== undefined) this.details = Object.freeze({ ...options.details });
  }
}

/**
 * True when `value` is an {@link LrfindError} (also across module copies, by name and code).
 *
 * @example
 * isLrfindError(new LrfindError('E_EMPTY', 'analyze: the run is empty')); // => true
 * isLrfindError(new Error('x')); // => false
 */
export function isLrfindError(value: unknown): value is LrfindError {
  return (
    value instanceof LrfindError ||
    (value instanceof Error && value.name === 'LrfindError' && typeof (value as { code?: unknown }).code === 'string')
  );
}

/**
 * Shorten a value for an error message: numbers as written, strings quoted and cut at 40 characters.
 * @example
 * describeValue(NaN);        // => 'NaN'
 * describeValue('a'.repeat(50)); // => '"aaaa…"' (cut at 40 characters)
 * describeValue([1, 2]);     // => 'an array of length 2'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') {
    const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(cut);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
