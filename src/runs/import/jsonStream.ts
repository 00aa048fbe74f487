/**
 * Reading a JSON run file as it streams: bytes in, values out, never the file's text. The arrays of numbers a run
 * keeps at the top level of its object (`"lrs"`, `"losses"`, a tool's `"lr"` / `"loss"`) go straight into
 * Float64Arrays ({@link JsonNumbers}), not into arrays of JS numbers; everything else becomes the values
 * `parseJsonText` makes. The reader accepts only what `parseJsonText` accepts from the decoded text (and what
 * `assertText` lets through); on anything else it throws {@link JsonStreamRefusal}, and the caller reads the file as
 * text, whose reader then gives its usual error (naming the file, the line and column, the bad value).
 *
 * @module
 */

/**
 * Thrown when the streamed reader will not read a file: the caller reads it as text instead (for its exact error).
 *
 * @example
 * await readJsonStream(chunksOf('{"lrs": [1,'));
 * // throws JsonStreamRefusal 'jsonStream: the input ends inside an array'
 */
export class JsonStreamRefusal extends Error {
  constructor(reason: string) {
    super(`jsonStream: ${reason}`);
    this.name = 'JsonStreamRefusal';
  }
}

/**
 * A top-level JSON array of numbers (`NaN`, `Infinity` and `null` among them), read straight into a Float64Array:
 * `values[i]` is the number, NaN where the element was `null`, and `text` holds those `null` cells by index (the
 * shape of a CSV's typed column, so the table readers take it as one).
 *
 * @example
 * const col = await readJsonStream(chunksOf('{"lrs": [0.1, null]}'), 'run.json');
 * col.lrs.values; // => Float64Array [0.1, NaN]
 * col.lrs.text;   // => Map { 1 => null }
 */
export class JsonNumbers {
  constructor(
    readonly values: Float64Array,
    readonly text: ReadonlyMap<number, unknown>,
  ) {}
  get length(): number {
    return this.values.length;
  }
  /** The element as `parseJsonText` gives it: the number, or `null`. */
  at(i: number): unknown {
    const v = this.values[i];
    return v !== v && this.text.has(i) ? this.text.get(i) : v;
  }
}

/** Bytes a token may need past its start before it is read: enough for any number lrfind or a tool writes. */
const LOOKAHEAD = 64;
const BLOCK = 1 << 16;
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
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

const refuse = (why: string): never => {
  throw new JsonStreamRefusal(why);
};

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The number `bytes[a, b)` spells, already known to follow JSON's grammar: exact for up to 15 significant digits and a
 * power of ten up to 22 (one correctly rounded operation), `Number` of its text beyond — as `Number` would give it.
 */
function numberAt(bytes: Uint8Array, a: number, b: number): number {
  let i = a;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let c: number;
  while (i < b && (c = bytes[i]) >= 48 && c <= 57) {
    if (significant > 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      significant++;
    }
    i++;
  }
  if (i < b && bytes[i] === 46) {
    i++;
    while (i < b && (c = bytes[i]) >= 48 && c <= 57) {
      if (significant > 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
      scale--;
      i++;
    }
  }
  if (i < b) {
    i++; // e or E
    let expNegative = false;
    if ((c = bytes[i]) === 43 || c === 45) {
      expNegative = c === 45;
      i++;
    }
    let exp = 0;
    while (i < b) {
      if (exp < 1e6) exp = exp * 10 + (bytes[i] - 48);
      i++;
    }
    scale += expNegative ? -exp : exp;
  }
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -v : v;
  }
  let text = '';
  for (let j = a; j < b; j++) text += String.fromCharCode(bytes[j]);
  return Number(text);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The end of the JSON number starting at `a` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, the longest match, as
 * `parseJsonText`'s pattern takes it); -1 when none starts there, -2 when the window ends before the number is known
 * to end (more input may lengthen it).
 */
function numberEnd(bytes: Uint8Array, a: number, end: number, final: boolean): number {
  let i = a;
  if (i < end && bytes[i] === 45) i++;
  if (i >= end) return final ? -1 : -2;
  const c = bytes[i];
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    i++;
    while (i < end && isDigit(bytes[i])) i++;
  } else return -1;
  if (i >= end) return final ? i : -2;
  if (bytes[i] === 46) {
    let j = i + 1;
    while (j < end && isDigit(bytes[j])) j++;
    if (j >= end && !final) return -2;
    if (j === i + 1) return i; // "1." : the number is "1"
    i = j;
  }
  if (i >= end) return final ? i : -2;
  if (bytes[i] === 101 || bytes[i] === 69) {
    let j = i + 1;
    if (j < end && (bytes[j] === 43 || bytes[j] === 45)) j++;
    const digits = j;
    while (j < end && isDigit(bytes[j])) j++;
    if (j >= end && !final) return -2;
    if (j > digits) i = j;
  }
  return i;
}

/** A growing list of numbers in fixed blocks: no copy of everything read so far at each growth. */
class Numbers {
  private blocks: Float64Array[] = [];
  private last = new Float64Array(BLOCK);
  private fill = 0;
  count = 0;
  nulls: Map<number, unknown> | undefined;
  push(v: number): void {
    if (this.fill === BLOCK) {
      this.blocks.push(this.last);
      this.last = new Float64Array(BLOCK);
      this.fill = 0;
    }
    this.last[this.fill++] = v;
    this.count++;
  }
  pushNull(): void {
    (this.nulls ??= new Map()).set(this.count, null);
    this.push(NaN);
  }
  /** The numbers in one Float64Array of their length (the blocks let go). */
  done(): Float64Array {
    const out = new Float64Array(this.count);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b, at);
      at += BLOCK;
    }
    out.set(this.last.subarray(0, this.fill), at);
    this.blocks = [];
    return out;
  }
  /** The elements as `parseJsonText` makes them (for an array that turns out not to be all numbers). */
  plain(): unknown[] {
    const values = this.done();
    const out: unknown[] = new Array<unknown>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = values[i];
    if (this.nulls !== undefined) for (const i of this.nulls.keys()) out[i] = null;
    return out;
  }
}

/** The streamed parser: a recursive descent that yields whenever it needs more bytes than the window has. */
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
