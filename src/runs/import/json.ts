/**
 * A JSON reader for run files written by any tool: RFC 8259 JSON plus the bare `NaN`, `Infinity` and `-Infinity`
 * tokens Python's `json.dump` writes for non-finite floats, with errors that name the file, line and column, and
 * that refuse duplicate keys (where `JSON.parse` silently keeps the last one).
 *
 * @module
 */
import { describeValue, LrfindError } from '../../errors.js';

/** Options of {@link parseJsonText}. */
export interface ParseJsonTextOptions {
  /** Name used in error messages. __Default value:__ `'<input>'` */
  readonly file?: string;
  /** Line number of the first line of `text` (JSONL lines are parsed one by one). __Default value:__ `1` */
  readonly firstLine?: number;
  /** Deepest nesting accepted; deeper input is an `E_PARSE` error, never a stack overflow. __Default value:__ `256` */
  readonly maxDepth?: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parse JSON text (with Python's non-finite tokens) into plain values; object keys keep their order, `__proto__`
 * is an ordinary key.
 *
 * Complexity O(length of the text).
 *
 * @param text - the JSON text, without a byte-order mark (`importRun` and `parseJsonLenient` strip it).
 * @param options - see {@link ParseJsonTextOptions}.
 * @returns the parsed value (`NaN`, `Infinity`, `-Infinity` for the bare tokens; numbers beyond ±1.8e308 become
 *   ±Infinity, as in `JSON.parse`).
 * @throws {LrfindError} `E_PARSE` naming the file, the line and column, what was expected and what was found
 *   (a truncated file says so); `E_SCHEMA` for a duplicate key.
 * @example
 * parseJsonText('{"lr": [1e-3, 1e-2], "loss": [2.3, NaN]}'); // => { lr: [0.001, 0.01], loss: [2.3, NaN] }
 * parseJsonText('{"lr": [1e-3,', { file: 'h.json' });
 * // throws LrfindError E_PARSE "h.json: invalid JSON at line 1, column 14: the file ends too early (truncated?); expected a value"
 */
export function parseJsonText(text: string, options: ParseJsonTextOptions = {}): unknown {
  const { file = '<input>', firstLine = 1, maxDepth = 256 } = options;
  const src = text;
  let pos = 0;

  const where = (at: number): string => {
    let line = firstLine;
    let lineStart = 0;
    for (let i = src.indexOf('\n'); i !== -1 && i < at; i = src.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return `line ${line}, column ${at - lineStart + 1}`;
  };
  const found = (at: number): string => {
    if (at >= src.length) return 'the file ends too early (truncated?)';
    const c = src.codePointAt(at) ?? 0;
    if (c < 0x20 || c === 0x7f || c === 0xfffd) return `unexpected byte 0x${c.toString(16).padStart(2, '0')} (binary data?)`;
    const word = /^[\w.+-]{1,16}/.exec(src.slice(at, at + 16));
    return `unexpected ${word ? JSON.stringify(word[0]) : JSON.stringify(String.fromCodePoint(c))}`;
  };
  const fail = (expected: string, at = pos): never => {
    throw new LrfindError('E_PARSE', `${file}: invalid JSON at ${where(at)}: ${found(at)}; expected ${expected}`, {
      file,
      details: { offset: at },
    });
  };
  const skip = (): void => {
    for (; pos < src.length; pos++) {
      const c = src.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
  };

  const parseString = (): string => {
    // at the opening quote
    const start = pos;
    pos++;
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= src.length) fail('a closing " for the string that starts at ' + where(start));
      const c = src.charCodeAt(pos);
      if (c === 0x22) {
        out += src.slice(chunk, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('a string character (control characters must be escaped)');
      if (c === 0x5c) {
        out += src.slice(chunk, pos);
        const e = src[pos + 1];
        if (e === 'u') {
          const hex = src.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('four hex digits after \\u', pos + 2);
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', pos + 1);
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
  };

  const parseValue = (depth: number): unknown => {
    skip();
    if (pos >= src.length) fail('a value');
    const c = src[pos];
    if (c === '{') {
      if (depth >= maxDepth) fail(`nesting at most ${maxDepth} deep`);
      pos++;
      const obj: Record<string, unknown> = {};
      const seen = new Set<string>();
      skip();
      if (src[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skip();
        if (src[pos] !== '"') fail('a key in double quotes');
        const keyAt = pos;
        const key = parseString();
        if (seen.has(key)) {
          throw new LrfindError('E_SCHEMA', `${file}: duplicate key ${describeValue(key)} at ${where(keyAt)}`, {
            file,
            details: { key },
          });
        }
        seen.add(key);
        skip();
        if (src[pos] !== ':') fail('":" after the key');
        pos++;
        const value = parseValue(depth + 1);
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        skip();
        if (src[pos] === ',') {
          pos++;
          continue;
        }
        if (src[pos] === '}') {
          pos++;
          return obj;
        }
        fail('"," or "}"');
      }
    }
    if (c === '[') {
      if (depth >= maxDepth) fail(`nesting at most ${maxDepth} deep`);
      pos++;
      const arr: unknown[] = [];
      skip();
      if (src[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skip();
        if (src[pos] === ',') {
          pos++;
          continue;
        }
        if (src[pos] === ']') {
          pos++;
          return arr;
        }
        fail('"," or "]"');
      }
    }
    if (c === '"') return parseString();
    if (src.startsWith('true', pos)) return ((pos += 4), true);
    if (src.startsWith('false', pos)) return ((pos += 5), false);
    if (src.startsWith('null', pos)) return ((pos += 4), null);
    if (src.startsWith('NaN', pos)) return ((pos += 3), NaN);
    if (src.startsWith('Infinity', pos)) return ((pos += 8), Infinity);
    if (src.startsWith('-Infinity', pos)) return ((pos += 9), -Infinity);
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(src);
    if (m) {
      pos += m[0].length;
      return Number(m[0]);
    }
    return fail('a value (number, string, array, object, true, false, null, NaN or Infinity)');
  };

  const value = parseValue(0);
  skip();
  if (pos < src.length) fail('the end of the JSON text');
  return value;
}
