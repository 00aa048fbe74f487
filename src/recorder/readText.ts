/**
 * Reading run files as text: the size limit, UTF-8 / UTF-16 decoding, `-` for standard input, and one
 * `E_FILE_READ` message per failure. Shared by every loader.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { LrfindError } from '../errors.js';

/**
 * Files larger than this are refused before reading (a run of a million steps is about 40 MB).
 * @example
 * MAX_RUN_FILE_BYTES / 2 ** 20; // => 512 (MiB)
 */
export const MAX_RUN_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Decode a file's bytes: UTF-8 (with or without a BOM), or UTF-16 when it starts with a UTF-16 byte-order mark
 * (what Windows PowerShell's `Out-File` and Excel's "Unicode text" write). Invalid UTF-8 decodes to U+FFFD,
 * which the importers report as not being text.
 *
 * @example
 * decodeText(Buffer.from('\ufefflr,loss\n', 'utf16le')); // => 'lr,loss\n'
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Standard input, whole, as text (for the path `-`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RUN_FILE_BYTES) {
      throw new LrfindError('E_FILE_READ', `<stdin>: cannot read the input (more than ${MAX_RUN_FILE_BYTES} bytes)`, { file: '-' });
    }
    chunks.push(chunk);
  }
  return decodeText(Buffer.concat(chunks));
}

/**
 * Read a file as text for the importers (UTF-8, or UTF-16 with a byte-order mark; see {@link decodeText}). The
 * path `-` reads standard input.
 *
 * @throws {LrfindError} `E_FILE_READ` (missing, a directory, unreadable, too large).
 * @example
 * const text = await readRunText('history.json');
 */
export async function readRunText(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > MAX_RUN_FILE_BYTES) {
      throw new LrfindError('E_FILE_READ', `${path}: cannot read the file (${info.size} bytes; run files are at most ${MAX_RUN_FILE_BYTES})`, {
        file: path,
      });
    }
    return decodeText(await readFile(path));
  } catch (error) {
    if (error instanceof LrfindError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new LrfindError('E_FILE_READ', `${path}: cannot read the file (${why})`, { file: path, cause: error });
  }
}

