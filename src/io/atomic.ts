/**
 * The one atomic file writer: every file lrfind writes (run files, reports, converted runs) goes through it.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cannotWrite, shortWrite, writeFailure } from './messages.js';

/** What {@link writeFileAtomic} writes: text, bytes, or chunks of either (a long file made piece by piece). */
export type AtomicData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Strings are gathered into writes of about this many bytes (fewer system calls for many small chunks). */
const WRITE_BYTES = 1 << 20;

/** The chunks of `data` as bytes, in writes of at most about {@link WRITE_BYTES}. */
async function* bytesOf(data: AtomicData): AsyncGenerator<Uint8Array> {
  if (typeof data === 'string') {
    yield Buffer.from(data, 'utf8');
    return;
  }
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  let pending: string[] = [];
  let size = 0;
  for await (const chunk of data as AsyncIterable<string | Uint8Array>) {
    if (typeof chunk === 'string') {
      pending.push(chunk);
      size += chunk.length;
      if (size < WRITE_BYTES) continue;
    }
    if (pending.length > 0) {
      yield Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
    }
    if (typeof chunk !== 'string') yield chunk;
  }
  if (pending.length > 0) yield Buffer.from(pending.join(''), 'utf8');
}

/** Write all of `bytes`, however many calls it takes; a call that writes nothing is a full device. */
async function writeAll(handle: FileHandle, bytes: Uint8Array, path: string): Promise<number> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (!(bytesWritten > 0)) throw shortWrite(path, offset, bytes.length);
    offset += bytesWritten;
  }
  return bytes.length;
}

/** The file a path names: a symlink's target is replaced, not the link. */
async function targetOf(path: string): Promise<{ file: string; mode?: number }> {
  try {
    const file = await realpath(path);
    return { file, mode: (await stat(file)).mode & 0o7777 };
  } catch {
    return { file: path };
  }
}

/**
 * Write a file atomically: the content goes to a temporary file in the same directory, every write is checked to
 * have written all its bytes, the file is flushed to the device (`fsync`), its size is checked against the bytes
 * written, and only then is it renamed over `path`. Readers see the old file or the new one, never a half-written
 * one; on any failure — a full disk (`ENOSPC`), a short write, a quota, an I/O error — the old file is left
 * byte for byte as it was and the temporary file is removed. An existing file keeps its permissions; a symlink
 * keeps pointing at the (replaced) file.
 *
 * Chunks (an iterable or async iterable of strings or bytes) are written as they come, so a long output never
 * has to exist as one string (a 10M-row CSV is longer than V8's longest string).
 *
 * @param path - the file to write.
 * @param data - text (UTF-8), bytes, or chunks of either.
 * @throws {LrfindError} `E_FILE_WRITE` naming the path and the cause (`ENOSPC: no space left on device`);
 *   `details.stage` is `'open'` when the path itself is the problem (no such directory, permission denied) and
 *   `'write'` when the device failed while writing.
 * @example
 * await writeFileAtomic('report.svg', svg);
 * await writeFileAtomic('run.csv', ['lr,loss\n', '0.001,2.3\n']);
 * await writeFileAtomic('/full/disk/report.svg', svg);
 * // throws LrfindError E_FILE_WRITE '/full/disk/report.svg: cannot write the file (ENOSPC: no space left on device)'
 */
export async function writeFileAtomic(path: string, data: AtomicData): Promise<void> {
  const { file, mode } = await targetOf(path);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', mode ?? 0o666);
  } catch (error) {
    throw cannotWrite(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : writeFailure(error), error, 'open');
  }
  let closed = false;
  try {
    if (mode !== undefined) await handle.chmod(mode);
    let written = 0;
    for await (const bytes of bytesOf(data)) written += await writeAll(handle, bytes, path);
    await handle.sync();
    const size = (await handle.stat()).size;
    if (size !== written) throw shortWrite(path, size, written);
    closed = true;
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw cannotWrite(path, writeFailure(error), error, 'write');
  }
}
