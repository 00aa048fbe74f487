/**
 * Standard input kept on disk while it is read: a run piped into lrfind is then read as a file is — streamed, in
 * constant memory — and can be read a second time (the text reader's exact error for a file the streamed readers
 * refuse) although standard input cannot.
 *
 * @module
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LrfindError } from '../errors.js';
import { binaryData, cannotRead, errnoWording } from './messages.js';
import { MAX_RUN_FILE_BYTES } from './readText.js';

/** A spooled stream: the file holding its bytes, and how to remove it. */
export interface Spooled {
  readonly path: string;
  remove(): Promise<void>;
}

const isUtf16Bom = (b: Uint8Array): boolean => b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

/**
 * Copy a stream (standard input by default) into a new temporary file, chunk by chunk, with `readRunText`'s checks and
 * words for standard input: a NUL byte in the first chunk is binary data, more than `maxBytes` is refused while
 * reading (so `/dev/zero` costs at most the limit). The caller removes the file (`remove`), also after an error.
 *
 * @param options - `source`: the stream (__Default value:__ `process.stdin`); `maxBytes` (__Default value:__
 *   `MAX_RUN_FILE_BYTES`).
 * @throws {LrfindError} `E_FILE_READ` (too large, unreadable, the temporary file not writable), `E_PARSE` (binary data).
 * @example
 * const spooled = await spoolStdin();
 * try { run = await loadImportedRun(spooled.path); } finally { await spooled.remove(); }
 */
export async function spoolStdin(options: { readonly source?: AsyncIterable<Uint8Array>; readonly maxBytes?: number } = {}): Promise<Spooled> {
  const { source = process.stdin as AsyncIterable<Uint8Array>, maxBytes = MAX_RUN_FILE_BYTES } = options;
  const dir = await mkdtemp(join(tmpdir(), 'lrfind-stdin-'));
  const path = join(dir, 'stdin');
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const handle = await open(path, 'w');
    try {
      let size = 0;
      for await (const chunk of source) {
        if (size === 0 && chunk.includes(0) && !isUtf16Bom(chunk)) throw binaryData('<stdin>', '-', chunk.length);
        size += chunk.length;
        if (size > maxBytes) throw cannotRead('<stdin>', `more than ${maxBytes} bytes; run files are at most ${maxBytes}`);
        for (let at = 0; at < chunk.length; ) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    await remove();
    if (error instanceof LrfindError) throw error;
    throw cannotRead('<stdin>', errnoWording(error), error);
  }
  return { path, remove };
}
