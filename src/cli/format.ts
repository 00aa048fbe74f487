/**
 * Text formatting for the CLI's human output (lrs are written by the library's `formatLr`).
 *
 * @module
 */
export { formatLr, formatSuggestion } from '../analysis/answer.js';

/**
 * An aligned plain-text table (columns padded to the widest cell; the last column is not padded).
 *
 * @example
 * table([['a', 'bb'], ['ccc', 'd']]); // => 'a    bb\nccc  d'
 */
export function table(rows: readonly (readonly string[])[], gap = 2): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length + gap)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/** Elements per piece of a long array written by {@link jsonChunks}. */
const JSON_BLOCK = 8192;

/**
 * `JSON.stringify(value)` in pieces: the same text, but the arrays of `value[key]` (an object of arrays, such as an
 * analysis' `candidates`) written a block of elements at a time — a 5M-point run's million candidates are then never
 * one string of 40 MB.
 *
 * @example
 * [...jsonChunks({ a: 1, c: { loss: [1, 2] } }, 'c')].join(''); // => '{"a":1,"c":{"loss":[1,2]}}'
 */
export function* jsonChunks(value: Readonly<Record<string, unknown>>, key: string): Generator<string> {
  const inner = value[key];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner) || typeof (inner as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value);
    return;
  }
  const token = '\u0000lrfind:chunked\u0000';
  const [head, tail, ...more] = JSON.stringify({ ...value, [key]: token }).split(JSON.stringify(token));
  if (tail === undefined || more.length > 0) {
    yield JSON.stringify(value);
    return;
  }
  yield `${head}{`;
  let first = true;
  for (const [k, v] of Object.entries(inner)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    if (!Array.isArray(v)) {
      yield JSON.stringify(v);
      continue;
    }
    yield '[';
    for (let at = 0; at < v.length; at += JSON_BLOCK) yield (at > 0 ? ',' : '') + JSON.stringify(v.slice(at, at + JSON_BLOCK)).slice(1, -1);
    yield ']';
  }
  yield `}${tail}`;
}
