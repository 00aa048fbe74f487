/**
 * The messages of file I/O, in one place: one wording per errno, and one builder per failure, each an
 * {@link LrfindError} with its stable code that names the file first.
 *
 * @module
 */
import { LrfindError } from '../errors.js';

/**
 * How a file-system failure reads in a message: `no such file`, `is a directory`, `permission denied`, …; an
 * unknown errno is shown by its code.
 *
 * @example
 * errnoWording(Object.assign(new Error('x'), { code: 'ENOENT' })); // => 'no such file'
 */
export function errnoWording(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ?? String((error as Error | undefined)?.message ?? error);
  }
}


/**
 * A file that cannot be read; `why` is the errno's wording or the size.
 * @example
 * cannotRead('a.csv', 'no such file').message; // => 'a.csv: cannot read the file (no such file)'
 */
export const cannotRead = (file: string, why: string, cause?: unknown): LrfindError =>
  new LrfindError('E_FILE_READ', `${file}: cannot read the file (${why})`, { file, cause });

/**
 * A file that cannot be written; `stage` says whether opening it failed (the path is the problem: exit 2 in the
 * CLI) or writing it did (the device failed: exit 1).
 * @example
 * cannotWrite('out/r.svg', 'no such directory').message; // => 'out/r.svg: cannot write the file (no such directory)'
 * cannotWrite('r.svg', 'ENOSPC: no space left on device', undefined, 'write').details; // => { stage: 'write' }
 */
export const cannotWrite = (file: string, why: string, cause?: unknown, stage: 'open' | 'write' = 'open'): LrfindError =>
  new LrfindError('E_FILE_WRITE', `${file}: cannot write the file (${why})`, { file, cause, details: { stage } });

/** The system's own wording of the errors a write can meet (strerror), shown after the code. */
const WRITE_ERRNO: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EXDEV: 'cross-device link',
  EBADF: 'bad file descriptor',
};

/**
 * How a failed write reads in a message: `ENOSPC: no space left on device` (the code, then the system's wording),
 * or the message of an error without a code.
 *
 * @example
 * writeFailure(Object.assign(new Error('x'), { code: 'ENOSPC' })); // => 'ENOSPC: no space left on device'
 * writeFailure(shortWrite('r.svg', 10, 20));                        // => 'short write: 10 of 20 bytes written'
 */
export function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code !== '') return `${code}${WRITE_ERRNO[code] ? `: ${WRITE_ERRNO[code]}` : ''}`;
  return String((error as Error | undefined)?.message ?? error);
}

/**
 * A write that wrote fewer bytes than it was given (the device took nothing more, or the file's size on disk is not
 * what was written): an `Error` without a code, read by {@link writeFailure}.
 * @example
 * shortWrite('r.svg', 10, 20).message; // => 'short write: 10 of 20 bytes written'
 */
export const shortWrite = (file: string, written: number, expected: number): Error =>
  Object.assign(new Error(`short write: ${written} of ${expected} bytes written`), { file });

/**
 * Binary data where text was expected (a NUL byte early on).
 * @example
 * binaryData('/dev/zero', '-', 65536).message; // => '/dev/zero: not a text run file (a NUL byte in the first 65536 bytes; binary data?)'
 */
export const binaryData = (name: string, file: string, bytes: number): LrfindError =>
  new LrfindError('E_PARSE', `${name}: not a text run file (a NUL byte in the first ${bytes} bytes; binary data?)`, { file });

/**
 * An output path that is one of the inputs.
 * @example
 * outputIsInput('run.json', 'run.json').code; // => 'E_OUTPUT_IS_INPUT'
 */
export const outputIsInput = (output: string, input: string): LrfindError =>
  new LrfindError('E_OUTPUT_IS_INPUT', `${output}: the output would overwrite the input ${input}; write it to another file`, {
    file: output,
    details: { input },
  });
