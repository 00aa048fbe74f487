/**
 * The pieces of the streamed JSON reader below its parser: the refusal that sends a file back to the text reader,
 * the typed column a number array becomes (`JsonNumbers`), and numbers scanned straight from bytes, exactly as
 * `Number` reads their text.
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

/**
 * Bytes a token may need past its start before it is read: enough for any number lrfind or a tool writes.
 *
 * @example
 * LOOKAHEAD; // => 64
 */
export const LOOKAHEAD = 64;
const BLOCK = 1 << 16;
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Give the file back to the text reader: throws {@link JsonStreamRefusal} with the reason.
 *
 * @example
 * refuse('the input ends inside an array'); // throws JsonStreamRefusal
 */
export const refuse = (why: string): never => {
  throw new JsonStreamRefusal(why);
};

/**
 * JSON's whitespace: space, line feed, carriage return, tab.
 *
 * @example
 * isSpace(0x20); // => true
 */
export const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The number `bytes[a, b)` spells, already known to follow JSON's grammar: exact for up to 15 significant digits and a
 * power of ten up to 22 (one correctly rounded operation), `Number` of its text beyond — as `Number` would give it.
 *
 * @example
 * numberAt(new TextEncoder().encode('[2.5e-3]'), 1, 7); // => 0.0025
 */
export function numberAt(bytes: Uint8Array, a: number, b: number): number {
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

/**
 * An ASCII digit.
 *
 * @example
 * isDigit(0x37); // => true
 */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The end of the JSON number starting at `a` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, the longest match, as
 * `parseJsonText`'s pattern takes it); -1 when none starts there, -2 when the window ends before the number is known
 * to end (more input may lengthen it).
 *
 * @example
 * numberEnd(new TextEncoder().encode('[2.5e-3]'), 1, 8, true); // => 7
 */
export function numberEnd(bytes: Uint8Array, a: number, end: number, final: boolean): number {
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

/**
 * A growing list of numbers in fixed blocks: no copy of everything read so far at each growth.
 *
 * @example
 * const n = new Numbers();
 * n.push(1);
 * n.count; // => 1
 */
export class Numbers {
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
