/**
 * The CLI's connection to the world, injectable for tests: output streams and the exit-code convention.
 *
 * @module
 */
import { isLrfindError } from '../errors.js';

/** Where the CLI writes. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Binary output (a PNG with `-o -`). */
  stdoutBytes?(data: Uint8Array): void;
}

/**
 * Exit codes: 0 success, 1 internal failure, 2 bad input or usage (documented in docs/cli.md).
 *
 * @example
 * EXIT.usage; // => 2
 * EXIT;       // => { ok: 0, internal: 1, usage: 2 }
 */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const;

/**
 * A usage error (bad flag, bad value) detected by the CLI itself: exit 2.
 *
 * @example
 * const error = new UsageError('--to must be json or csv (got "xml")');
 * error.name;              // => 'UsageError'
 * reportError(error, { stdout: console.log, stderr: console.error }); // => 2 (EXIT.usage)
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Turn any thrown value into one stderr line and an exit code: our errors and usage errors are the user's
 * (exit 2, message only), except a write the device failed (`E_FILE_WRITE` at the `write` stage: a full disk,
 * exit 1); anything else is ours (exit 1, still one line; `LRFIND_DEBUG=1` adds the stack).
 *
 * @example
 * const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
 * reportError(new UsageError('--to must be json or csv\n(got xml)'), io); // => 2
 * // stderr: 'lrfind: --to must be json or csv (got xml)\n'
 * reportError(new Error('boom'), io); // => 1
 * // stderr: 'lrfind: internal error: boom\n'
 */
export function reportError(error: unknown, io: CliIo): number {
  if (isLrfindError(error) || error instanceof UsageError) {
    io.stderr(`lrfind: ${oneLine(error.message)}\n`);
    // a device that failed mid-write (a full disk) is not the user's input: the path was fine
    return isLrfindError(error) && error.code === 'E_FILE_WRITE' && error.details?.stage === 'write' ? EXIT.internal : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`lrfind: internal error: ${oneLine(message)}\n`);
  if (process.env.LRFIND_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.internal;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
