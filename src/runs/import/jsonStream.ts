/**
 * Reading a JSON run file as it streams: bytes in, values out, never the file's text. The arrays of numbers a run
 * keeps at the top level of its object (`"lrs"`, `"losses"`, a tool's `"lr"` / `"loss"`) go straight into
 * Float64Arrays (`JsonNumbers`, in `jsonTokens.ts`), not into arrays of JS numbers; everything else becomes the values
 * `parseJsonText` makes. The reader accepts only what `parseJsonText` accepts from the decoded text (and what
 * `assertText` lets through); on anything else it throws `JsonStreamRefusal`, and the caller reads the file as
 * text, whose reader then gives its usual error (naming the file, the line and column, the bad value).
 *
 * @module
 */
import { isDigit, isSpace, JsonNumbers, LOOKAHEAD, numberAt, numberEnd, Numbers, refuse } from './jsonTokens.js';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The unread bytes, with room to append the next chunk. */
class Window {
  buf = new Uint8Array(1 << 16);
  pos = 0;
  end = 0;
  final = false;
  push(chunk: Uint8Array): void {
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
      this.end -= this.pos;
      this.pos = 0;
    }
    if (this.end + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.end + chunk.length, 2 * this.buf.length));
      next.set(this.buf.subarray(0, this.end));
      this.buf = next;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
}

type Step<T> = Generator<void, T, void>;

class Parser {
  constructor(
    private readonly w: Window,
    private readonly maxDepth: number,
  ) {}

  /** Skip whitespace; yields until a non-space byte is in the window or the input ends. */
  *skip(): Step<void> {
    const w = this.w;
    for (;;) {
      while (w.pos < w.end && isSpace(w.buf[w.pos])) w.pos++;
      if (w.pos < w.end || w.final) return;
      yield;
    }
  }

  /** At least `k` bytes from `pos` in the window, or the input's end. */
  *need(k: number): Step<void> {
    while (this.w.end - this.w.pos < k && !this.w.final) yield;
  }

  *document(): Step<unknown> {
    const value = yield* this.value(0);
    yield* this.skip();
    if (this.w.pos < this.w.end) refuse('text after the value');
    return value;
  }

  *value(depth: number): Step<unknown> {
    yield* this.skip();
    const w = this.w;
    if (w.pos >= w.end) return refuse('the input ends early');
    const c = w.buf[w.pos];
    if (c === 0x7b) return yield* this.object(depth);
    if (c === 0x5b) return yield* this.array(depth, false);
    if (c === 0x22) return yield* this.string();
    yield* this.need(LOOKAHEAD);
    return this.scalar();
  }

  /** A literal or a number at `pos` (the window holds LOOKAHEAD bytes, or the rest of the input). */
  scalar(): unknown {
    const w = this.w;
    const b = w.buf;
    const p = w.pos;
    const word = (s: string): boolean => {
      if (w.end - p < s.length) return false;
      for (let i = 0; i < s.length; i++) if (b[p + i] !== s.charCodeAt(i)) return false;
      w.pos += s.length;
      return true;
    };
    if (word('true')) return true;
    if (word('false')) return false;
    if (word('null')) return null;
    if (word('NaN')) return NaN;
    if (word('Infinity')) return Infinity;
    if (word('-Infinity')) return -Infinity;
    const e = numberEnd(b, p, w.end, w.final);
    if (e < 0) return refuse(e === -2 ? 'a number longer than the look-ahead' : 'not a value');
    w.pos = e;
    return numberAt(b, p, e);
  }

  *string(): Step<string> {
    // at the opening quote; the string's bytes are read up to the closing quote, then decoded
    const w = this.w;
    let rel = 1; // offset from pos of the next byte to look at (kept across yields: the window may move)
    for (;;) {
      const b = w.buf;
      let i = w.pos + rel;
      while (i < w.end) {
        const c = b[i];
        if (c === 0x22) break;
        if (c === 0x5c) {
          i += 2;
          continue;
        }
        if (c < 0x20) refuse('a control character in a string');
        i++;
      }
      if (i < w.end) {
        const out = this.decodeString(w.pos + 1, i);
        w.pos = i + 1;
        return out;
      }
      if (w.final) refuse('the input ends inside a string');
      rel = Math.min(i, w.end) - w.pos;
      // an escape cut by the window's end is looked at again
      if (i > w.end) rel = w.end - w.pos - 1;
      yield;
    }
  }

  /** The string between `a` and `b` (escapes resolved, UTF-8 decoded; U+FFFD from the bytes refused, as `assertText` does). */
  decodeString(a: number, b: number): string {
    const bytes = this.w.buf;
    let out = '';
    let from = a;
    const raw = (x: number, y: number): void => {
      if (x === y) return;
      let ascii = true;
      for (let j = x; j < y && ascii; j++) ascii = bytes[j] < 0x80;
      if (ascii) {
        for (let j = x; j < y; j++) out += String.fromCharCode(bytes[j]);
        return;
      }
      let s: string;
      try {
        s = fatalUtf8.decode(bytes.subarray(x, y));
      } catch {
        return refuse('bytes that are not UTF-8');
      }
      if (s.includes('\ufffd')) refuse('U+FFFD in the text');
      out += s;
    };
    for (let i = a; i < b; ) {
      if (bytes[i] !== 0x5c) {
        i++;
        continue;
      }
      raw(from, i);
      const e = bytes[i + 1];
      if (e === 0x75) {
        let code = 0;
        for (let k = 2; k < 6; k++) {
          const h = i + k < b ? bytes[i + k] : -1;
          const d = h >= 48 && h <= 57 ? h - 48 : h >= 65 && h <= 70 ? h - 55 : h >= 97 && h <= 102 ? h - 87 : -1;
          if (d < 0) refuse('a bad \\u escape');
          code = code * 16 + d;
        }
        out += String.fromCharCode(code);
        i += 6;
      } else {
        const map: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
        const ch = map[e];
        if (ch === undefined) refuse('a bad escape');
        out += ch;
        i += 2;
      }
      from = i;
    }
    raw(from, b);
    return out;
  }

  *object(depth: number): Step<Record<string, unknown>> {
    const w = this.w;
    if (depth >= this.maxDepth) refuse('nesting too deep');
    w.pos++;
    const obj: Record<string, unknown> = {};
    const seen = new Set<string>();
    yield* this.skip();
    if (w.buf[w.pos] === 0x7d && w.pos < w.end) {
      w.pos++;
      return obj;
    }
    for (;;) {
      yield* this.skip();
      if (w.pos >= w.end || w.buf[w.pos] !== 0x22) refuse('a key expected');
      const key = yield* this.string();
      if (seen.has(key)) refuse('a duplicate key');
      seen.add(key);
      yield* this.skip();
      if (w.pos >= w.end || w.buf[w.pos] !== 0x3a) refuse('":" expected');
      w.pos++;
      // the members of the top-level object: an array of numbers goes straight into a Float64Array
      yield* this.skip();
      const value = depth === 0 && w.pos < w.end && w.buf[w.pos] === 0x5b ? yield* this.array(depth + 1, true) : yield* this.value(depth + 1);
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      yield* this.skip();
      if (w.pos < w.end && w.buf[w.pos] === 0x2c) {
        w.pos++;
        continue;
      }
      if (w.pos < w.end && w.buf[w.pos] === 0x7d) {
        w.pos++;
        return obj;
      }
      refuse('"," or "}" expected');
    }
  }

  *array(depth: number, typed: boolean): Step<unknown> {
    const w = this.w;
    if (depth >= this.maxDepth) refuse('nesting too deep');
    w.pos++;
    yield* this.skip();
    if (w.pos < w.end && w.buf[w.pos] === 0x5d) {
      w.pos++;
      return [];
    }
    let numbers: Numbers | undefined = typed ? new Numbers() : undefined;
    let items: unknown[] | undefined = typed ? undefined : [];
    for (;;) {
      if (numbers !== undefined) {
        // the fast path: numbers (and nulls) one after another while the window holds them
        for (;;) {
          const b = w.buf;
          let p = w.pos;
          while (p < w.end && isSpace(b[p])) p++;
          w.pos = p;
          if (w.end - p < LOOKAHEAD && !w.final) {
            yield;
            continue;
          }
          if (p >= w.end) refuse('the input ends inside an array');
          const c = b[p];
          if (c === 0x6e && p + 4 <= w.end && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) {
            numbers.pushNull();
            p += 4;
          } else if (isDigit(c) || (c === 45 && p + 1 < w.end && isDigit(b[p + 1]))) {
            const e = numberEnd(b, p, w.end, w.final);
            if (e === -2) {
              // a number longer than the look-ahead: wait for more of it
              yield* this.need(w.end - w.pos + 1);
              continue;
            }
            if (e < 0) refuse('not a value');
            numbers.push(numberAt(b, p, e));
            p = e;
          } else if (c === 0x4e || c === 0x49 || c === 45) {
            const v = this.scalar();
            if (typeof v !== 'number') refuse('not a value');
            numbers.push(v as number);
            p = w.pos;
          } else {
            // not a number: the array is read as parseJsonText reads it, from here on
            items = numbers.plain();
            numbers = undefined;
            break;
          }
          w.pos = p;
          yield* this.skip();
          if (w.pos >= w.end) refuse('the input ends inside an array');
          const d = w.buf[w.pos];
          if (d === 0x2c) {
            w.pos++;
            continue;
          }
          if (d === 0x5d) {
            w.pos++;
            return new JsonNumbers(numbers.done(), numbers.nulls ?? new Map());
          }
          refuse('"," or "]" expected');
        }
      }
      const list = items as unknown[];
      list.push(yield* this.value(depth + 1));
      yield* this.skip();
      if (w.pos < w.end && w.buf[w.pos] === 0x2c) {
        w.pos++;
        continue;
      }
      if (w.pos < w.end && w.buf[w.pos] === 0x5d) {
        w.pos++;
        return list;
      }
      refuse('"," or "]" expected');
    }
  }
}

/** Options of {@link readJsonStream}. */
export interface JsonStreamOptions {
  /** Deepest nesting accepted (as `parseJsonText`'s). __Default value:__ `256` */
  readonly maxDepth?: number;
}

/**
 * Read JSON (with Python's `NaN`, `Infinity`, `-Infinity`) from a stream of bytes without holding its text: the
 * values `parseJsonText` gives for the decoded text, except that an array of numbers (and nulls) that is a member of
 * the top-level object comes back as {@link JsonNumbers}. Peak memory is the values plus one chunk (and, while an
 * array of numbers is read, its numbers twice: in blocks, then in one Float64Array).
 *
 * Complexity O(bytes).
 *
 * @param source - the bytes, in chunks (a chunk may be reused by the source once the next is asked for).
 * @param options - see {@link JsonStreamOptions}.
 * @throws {JsonStreamRefusal} on anything `parseJsonText` would refuse (or `assertText`: control bytes, bytes that
 *   are not UTF-8, U+FFFD), and on a UTF-16 file: read the text for the error.
 * @example
 * const json = await readJsonStream(createReadStream('run.json'));
 * json.lrs instanceof JsonNumbers; // => true
 */
export async function readJsonStream(source: AsyncIterable<Uint8Array>, options: JsonStreamOptions = {}): Promise<unknown> {
  const w = new Window();
  const parser = new Parser(w, options.maxDepth ?? 256);
  const run = parser.document();
  let step = run.next();
  // the first 3 bytes decide on a byte-order mark (a chunk may hold fewer)
  let head: Uint8Array | undefined = new Uint8Array(0);
  const start = (bytes: Uint8Array): Uint8Array => {
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) refuse('UTF-16');
    return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  };
  // the parser yields for more input until the input ends: it is done only once `final` is set
  for await (const chunk of source) {
    let bytes = chunk;
    if (head !== undefined) {
      const joined: Uint8Array = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      if (joined.length < 3) {
        head = joined;
        continue;
      }
      head = undefined;
      bytes = start(joined);
    }
    w.push(bytes);
    if (!step.done) step = run.next();
  }
  if (head !== undefined) {
    w.push(start(head));
    if (!step.done) step = run.next();
  }
  w.final = true;
  while (!step.done) step = run.next();
  return step.value;
}

export { JsonNumbers, JsonStreamRefusal } from './jsonTokens.js';
