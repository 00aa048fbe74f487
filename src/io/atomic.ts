import writeFileAtomicLib from 'write-file-atomic';
import { cannotWrite, errnoWording } from './messages.js';

/**
 * Write a file atomically: the content goes to a temporary file in the same directory, is flushed, then renamed
 * over `path`. Readers see the old file or the new one, never a half-written one; a failure leaves the old file.
 *
 * Uses `write-file-atomic` (npm's own, handles fsync, ownership and concurrent writers).
 *
 * @throws {LrfindError} `E_FILE_WRITE` naming the path and the cause.
 * @example
 * await writeFileAtomic('report.svg', svg);
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomicLib(path, typeof data === 'string' ? data : Buffer.from(data));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // writing into a missing directory: the file's absence is not the problem
    const why = code === 'ENOENT' ? 'no such directory' : errnoWording(error);
    throw cannotWrite(path, why, error);
  }
}
