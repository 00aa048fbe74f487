/**
 * Text formatting for the CLI's human output.
 *
 * @module
 */
import type { Suggestion } from '../analysis/types.js';

/**
 * A learning rate in the short scientific form people read on lr-finder plots: `1.23e-3`.
 *
 * @example
 * formatLr(0.001234); // => '1.23e-3'
 * formatLr(NaN);      // => 'NaN'
 */
export function formatLr(lr: number, digits = 2): string {
  if (!Number.isFinite(lr)) return String(lr);
  return lr.toExponential(digits).replace('e+', 'e');
}

/**
 * A suggestion as a table cell: `1.23e-3`, `1.00e-4 … 1.00e-2`, or `—` for none.
 *
 * @example
 * formatSuggestion({ range: [1e-4, 1e-2], indices: [3, 40] }); // => '1.00e-4 … 1.00e-2'
 */
export function formatSuggestion(s: Suggestion): string {
  if (s === null) return '—';
  if ('range' in s) return `${formatLr(s.range[0])} … ${formatLr(s.range[1])}`;
  return formatLr(s.lr);
}

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
