/**
 * Reading text files: the size limit (enforced while reading), UTF-8 / UTF-16 decoding, `-` for standard input,
 * and one `E_FILE_READ` message per failure. Shared by every loader.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LrfindError } from '../errors.js';
import { binaryData, cannotRead, errnoWording } from './messages.js';

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

/**
 * Read a stream into one buffer, refusing it as soon as it passes {@link MAX_RUN_FILE_BYTES} — the limit holds
 * while reading, so `/dev/zero`, `/dev/urandom` and a FIFO fed forever cost at most the limit — and as soon as its
 * first chunk shows binary data (a NUL byte), so they usually cost one chunk.
 * (Throwing inside `for await` closes the stream: the iterator's `return` destroys it.)
 */
async function readCapped(source: AsyncIterable<Buffer>, name: string, file: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    if (size === 0 && chunk.includes(0) && !isUtf16Bom(chunk)) {
      throw binaryData(name, file, chunk.length);
    }
    size += chunk.length;
    if (size > maxBytes) {
      throw cannotRead(name, `more than ${maxBytes} bytes; run files are at most ${maxBytes}`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

/**
 * Strip a byte-order mark from text given as a string (files read by {@link readRunText} have none: decoding
 * drops it). The one place a BOM is removed; every text entry point (`importRun`, `detectFormat`) calls it once.
 * @example
 * stripBom('\uFEFFlr,loss'); // => 'lr,loss'
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-16 text has NUL bytes in every ASCII character: its byte-order mark says so. */
const isUtf16Bom = (b: Buffer): boolean => b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

/**
 * Read a file as text for the importers (UTF-8, or UTF-16 with a byte-order mark; see {@link decodeText}). The
 * path `-` reads standard input. The size limit is enforced while reading, whatever `stat` says (devices and
 * FIFOs report size 0).
 *
 * @param path - the file, or `-` for standard input.
 * @param options - `maxBytes`: the size limit. __Default value:__ {@link MAX_RUN_FILE_BYTES}
 * @throws {LrfindError} `E_FILE_READ` (missing, a directory, unreadable, too large), `E_PARSE` (binary data).
 * @example
 * const text = await readRunText('history.json');
 */
export async function readRunText(path: string, options: { readonly maxBytes?: number } = {}): Promise<string> {
  const { maxBytes = MAX_RUN_FILE_BYTES } = options;
  if (path === '-') return decodeText(await readCapped(process.stdin as AsyncIterable<Buffer>, '<stdin>', '-', maxBytes));
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > maxBytes) {
      throw cannotRead(path, `${info.size} bytes; run files are at most ${maxBytes}`);
    }
    return decodeText(await readCapped(createReadStream(path, { highWaterMark: 1 << 20 }), path, path, maxBytes));
  } catch (error) {
    if (error instanceof LrfindError) throw error;
    throw cannotRead(path, errnoWording(error), error);
  }
}

/**
 * Open a run file as a stream of chunks (1 MiB each), with {@link readRunText}'s checks and messages: a missing
 * file, a directory, a file over the size limit are refused before reading; a NUL byte in the first chunk is
 * binary data; a read error midway is `E_FILE_READ` naming the file. For the readers that parse as they read.
 *
 * @param path - the file (not `-`: standard input cannot be read twice, so it is read whole).
 * @param options - `maxBytes`: the size limit. __Default value:__ {@link MAX_RUN_FILE_BYTES}
 * @returns the chunks and the file's size. The chunks share one buffer: each is valid until the next is asked for
 *   (a reader keeps what it needs by copying it).
 * @throws {LrfindError} `E_FILE_READ`, `E_PARSE` (binary data).
 * @example
 * const { chunks, size } = await openRunStream('run.csv');
 * for await (const chunk of chunks) total += chunk.length; // total === size
 */
export async function openRunStream(path: string, options: { readonly maxBytes?: number } = {}): Promise<{ chunks: AsyncIterable<Buffer>; size: number }> {
  const { maxBytes = MAX_RUN_FILE_BYTES } = options;
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > maxBytes) throw cannotRead(path, `${info.size} bytes; run files are at most ${maxBytes}`);
    size = info.size;
  } catch (error) {
    if (error instanceof LrfindError) throw error;
    throw cannotRead(path, errnoWording(error), error);
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    let seen = 0;
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      // one buffer, read into again for every chunk: a 500 MB file leaves no 500 chunks for the collector to find late
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        if (seen === 0 && chunk.includes(0) && !isUtf16Bom(chunk)) throw binaryData(path, path, chunk.length);
        seen += chunk.length;
        if (seen > maxBytes) throw cannotRead(path, `more than ${maxBytes} bytes; run files are at most ${maxBytes}`);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof LrfindError) throw error;
      throw cannotRead(path, errnoWording(error), error);
    } finally {
      await handle?.close();
    }
  }
  return { chunks: chunks(), size };
}
