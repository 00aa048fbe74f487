import { expect } from 'vitest';
import { isLrfindError, type LrfindError } from '../../src/errors.js';

/** Run `fn`, expecting it to throw an LrfindError; return that error for further assertions. */
export function thrown(fn: () => unknown): LrfindError {
  try {
    fn();
  } catch (error) {
    expect(isLrfindError(error)).toBe(true);
    return error as LrfindError;
  }
  throw new Error('expected an LrfindError');
}
