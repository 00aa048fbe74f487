/**
 * The messages of the run loaders and of lrfind's run file, in one place (after vega-lite's `log/message.ts`): each
 * builder returns the {@link LrfindError} with its stable code, the file first and then the problem, so every
 * container and every tool format words the same problem the same way.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';

/**
 * The file holds nothing but whitespace (or a byte-order mark).
 * @example
 * fileEmpty('run.csv').message; // => 'run.csv: the file is empty'
 */
export const fileEmpty = (file: string): LrfindError => new LrfindError('E_EMPTY', `${file}: the file is empty`, { file });

/**
 * The file is well formed but has no points; `how` says what it held.
 * @example
 * runEmpty('run.json').message; // => 'run.json: the run is empty (no points)'
 */
export const runEmpty = (file: string, how = 'no points'): LrfindError => new LrfindError('E_EMPTY', `${file}: the run is empty (${how})`, { file });

/**
 * Two columns that must pair up do not.
 * @example
 * lengthMismatch('h.json', '"lr"', 3, '"loss"', 2).message; // => 'h.json: "lr" and "loss" must have the same length (got 3 and 2)'
 */
export const lengthMismatch = (file: string, a: string, na: number, b: string, nb: number): LrfindError =>
  new LrfindError('E_LENGTH_MISMATCH', `${file}: ${a} and ${b} must have the same length (got ${na} and ${nb})`, {
    file,
    details: { [a]: na, [b]: nb },
  });

/**
 * A field that must be an array of numbers is not.
 * @example
 * notAnArray('h.json', '"lr"', 0.1).message; // => 'h.json: "lr" must be an array of numbers (got 0.1)'
 */
export const notAnArray = (file: string, field: string, value: unknown): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: ${field} must be an array of numbers (got ${describeValue(value)})`, { file, details: { field } });

/**
 * A learning rate that is zero, negative, NaN or infinite; `at` says where it is.
 * @example
 * badLr('a.csv', 'line 3, column "lr"', 0, 1).message; // => 'a.csv: line 3, column "lr": learning rates must be finite and > 0 (got 0)'
 */
export const badLr = (file: string, at: string, value: unknown, index: number): LrfindError =>
  new LrfindError('E_BAD_LR', `${file}: ${at}: learning rates must be finite and > 0 (got ${describeValue(value)})`, {
    file,
    details: { index, value },
  });

/**
 * A loss cell that is neither a number nor one of the non-finite spellings.
 * @example
 * badLoss('a.csv', 'line 3, column "loss"', '"abc"', 1).message;
 * // => 'a.csv: line 3, column "loss": expected a loss (a number, null, nan or inf), got "abc"'
 */
export const badLoss = (file: string, at: string, got: string, index: number): LrfindError =>
  new LrfindError('E_BAD_LOSS', `${file}: ${at}: expected a loss (a number, null, nan or inf), got ${got}`, { file, details: { index } });

/**
 * Bytes that are not text (a C0 control byte, or invalid UTF-8 decoded as U+FFFD), at a line.
 * @example
 * notText('x.json', 'byte 0x00', 1).message; // => 'x.json: not a text run file (byte 0x00 at line 1; binary data?)'
 */
export const notText = (file: string, what: string, line: number): LrfindError =>
  new LrfindError('E_PARSE', `${file}: not a text run file (${what} at line ${line}; binary data?)`, { file, details: { line } });

/**
 * No column (or key) of that kind; `option` is the flag that names it.
 * @example
 * noColumn('a.csv', 'loss', '"loss", "losses"', '"lr", "lost"', '--loss-column', ['loss', 'losses']).message;
 * // => 'a.csv: no loss column (looked for "loss", "losses"; found "lr", "lost"); name it with --loss-column'
 */
export const noColumn = (file: string, what: string, looked: string, found: string, option: string, names: readonly string[]): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: no ${what} column (looked for ${looked}; found ${found}); name it with ${option}`, {
    file,
    details: { looked: names },
  });

/**
 * `{"lr", "loss"}` whose lrs follow neither pytorch-lr-finder's schedule nor Lightning's.
 * @example
 * ambiguousLrLoss('h.json').code; // => 'E_FORMAT'
 */
export const ambiguousLrLoss = (file: string): LrfindError =>
  new LrfindError(
    'E_FORMAT',
    `${file}: {"lr", "loss"} is written by pytorch-lr-finder (history) and Lightning (results), and these lrs follow neither tool's schedule; say which with --format torch-lr-finder, --format lightning or --format json (raw losses)`,
    { file },
  );

/**
 * Losses detected as a tool's EMA whose inversion goes negative: they were raw.
 * @example
 * notSmoothed('h.json', 'torch-lr-finder', 3).code; // => 'E_FORMAT'
 */
export const notSmoothed = (file: string, format: string, at: number): LrfindError =>
  new LrfindError(
    'E_FORMAT',
    `${file}: read as ${format} (detected), but undoing its smoothing gives a negative loss at [${at}]: these losses look raw; say --format json for raw losses, or --format ${format} to insist`,
    { file, details: { index: at } },
  );

/**
 * A step, batch or epoch index that is not an integer >= 0; `what` names it (`a step`, `a batch index`).
 * @example
 * badIndex('tb.csv', 'line 3, column "Step"', 'a step', '"x"').message;
 * // => 'tb.csv: line 3, column "Step": expected a step (an integer >= 0), got "x"'
 */
export const badIndex = (file: string, at: string, what: string, got: string): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: ${at}: expected ${what} (an integer >= 0), got ${got}`, { file });

/**
 * A TensorBoard step seen twice.
 * @example
 * stepTwice('tb.csv', 'line 4, column "Step"', 2).message; // => 'tb.csv: line 4, column "Step": step 2 appears twice (export one run at a time)'
 */
export const stepTwice = (file: string, at: string, step: number): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: ${at}: step ${step} appears twice (export one run at a time)`, { file });

/**
 * A TensorBoard tag that is not in the table.
 * @example
 * noTag('tb.csv', '"lr"', '"loss"').message; // => 'tb.csv: no tag "lr" (found "loss")'
 */
export const noTag = (file: string, asked: string, found: string): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: no tag ${asked} (found ${found})`, { file });

/**
 * No tag, or several, that look like the loss or the learning rate.
 * @example
 * unclearTag('tb.csv', 'no loss tag', '"lr"', '--loss-column').message; // => 'tb.csv: no loss tag among "lr"; name it with --loss-column'
 */
export const unclearTag = (file: string, what: string, among: string, option: string): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: ${what} among ${among}; name it with ${option}`, { file });

/**
 * A TensorBoard loss export without the lr tag's export.
 * @example
 * noLrExport('loss.csv').code; // => 'E_FORMAT'
 */
export const noLrExport = (file: string): LrfindError =>
  new LrfindError('E_FORMAT', `${file}: a TensorBoard export holds one tag (here the loss); give the learning-rate tag's export too (--lr-file FILE)`, {
    file,
  });

/**
 * A loss series and an lr series without a step in common.
 * @example
 * noCommonStep('loss.csv', 'lr.csv').message; // => 'loss.csv: no step in common with lr.csv (pair the loss and lr of the same run)'
 */
export const noCommonStep = (file: string, other: string): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: no step in common with ${other} (pair the loss and lr of the same run)`, { file });

/**
 * A column named twice in a table.
 * @example
 * duplicateColumn('a.csv', 'loss', 2, 3).message; // => 'a.csv: duplicate column "loss" (columns 2 and 3); each column may appear once'
 */
export const duplicateColumn = (file: string, name: string, first: number, second: number): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: duplicate column ${describeValue(name)} (columns ${first} and ${second}); each column may appear once`, {
    file,
    details: { column: name },
  });

/**
 * A CSV row with another number of cells than the header.
 * @example
 * csvRowLength('a.csv', 3, 2, 1).message; // => 'a.csv: invalid CSV at line 3: 1 cells where the header has 2'
 */
export const csvRowLength = (file: string, line: number, expected: number, got: number): LrfindError =>
  new LrfindError('E_PARSE', `${file}: invalid CSV at line ${line}: ${got} cells where the header has ${expected}`, { file, details: { line } });

/**
 * A CSV whose first line is data, not the column names.
 * @example
 * noHeader('x.csv', 1, '0.1,1').message; // => 'x.csv: line 1 must be a header naming the columns (got "0.1,1")'
 */
export const noHeader = (file: string, line: number, got: string): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: line ${line} must be a header naming the columns (got ${describeValue(got)})`, { file });

/**
 * A JSON Lines line that is not an object.
 * @example
 * jsonlNotObject('x.jsonl', 2, [1, 2]).code; // => 'E_SCHEMA'
 */
export const jsonlNotObject = (file: string, line: number, value: unknown): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: line ${line} must be a JSON object like {"lr": …, "loss": …} (got ${describeValue(value)})`, {
    file,
    details: { line },
  });

/**
 * A field of a run file of the wrong shape or type; `expected` says what it must be.
 * @example
 * badField('run.json', '"meta"', 'an object', 3).message; // => 'run.json: "meta" must be an object (got 3)'
 */
export const badField = (file: string, field: string, expected: string, value: unknown, index?: number): LrfindError =>
  new LrfindError('E_SCHEMA', `${file}: ${field} must be ${expected} (got ${describeValue(value)})`, {
    file,
    details: index === undefined ? { field } : { field, index },
  });

/**
 * A learning-rate file (`lr` in `importRun`, `--lr-file` in the CLI) given for a file whose format carries its own
 * lrs: only a TensorBoard export (one tag per file) reads one, and ignoring it silently would hide a mistake.
 * @example
 * lrFileUnused('run.csv', 'csv').message;
 * // => 'run.csv: a learning-rate file (--lr-file) is read only with a TensorBoard export; this file is read as csv, with its own lrs'
 */
export const lrFileUnused = (file: string, format: string): LrfindError =>
  new LrfindError('E_OPTION', `${file}: a learning-rate file (--lr-file) is read only with a TensorBoard export; this file is read as ${format}, with its own lrs`, {
    file,
  });
