/**
 * The messages of the run loaders, in one place (after vega-lite's `log/message.ts`): each builder returns the
 * {@link LrfindError} with its stable code, the file first and then the problem, so every container and every
 * tool format words the same problem the same way.
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
