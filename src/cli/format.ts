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
