/**
 * The one cell parser of every run loader (CSV, JSON, JSON Lines; lrfind's run files and every tool's): what
 * counts as a number, and the one set of spellings of a missing or non-finite loss.
 *
 * @module
 */

/** A decimal number as every tool writes one: sign, digits, a point, an exponent (no hex, no `Infinity`). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * How Python, numpy, pandas, R, Excel and MSVC write a missing or NaN number (lowercased), in any container.
 * @example
 * NAN_SPELLINGS.has('na'); // => true
 */
export const NAN_SPELLINGS: ReadonlySet<string> = new Set(['', 'nan', '-nan', '+nan', 'null', 'none', 'na', 'n/a', '#n/a', 'nan(ind)', '-nan(ind)', '1.#qnan', '-1.#ind']);

const POS_INF: ReadonlySet<string> = new Set(['inf', '+inf', 'infinity', '+infinity', '1.#inf']);
const NEG_INF: ReadonlySet<string> = new Set(['-inf', '-infinity', '-1.#inf']);

/**
 * A number cell: JSON numbers as they are, decimal strings parsed; `undefined` for anything else.
 *
 * @example
 * parseNumberCell(' 1e-3 '); // => 0.001
 * parseNumberCell('0x10');   // => undefined
 */
export function parseNumberCell(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (DECIMAL.test(t)) return Number(t);
  }
  return undefined;
}

/**
 * A loss cell: a number cell, or `null` / one of {@link NAN_SPELLINGS} (NaN), `inf` / `infinity` (+∞), `-inf`
 * (−∞), any case; `undefined` for anything else.
 *
 * @example
 * parseLossCell('NA');   // => NaN
 * parseLossCell('-inf'); // => -Infinity
 * parseLossCell('x');    // => undefined
 */
export function parseLossCell(value: unknown): number | undefined {
  if (value === null) return NaN;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (NAN_SPELLINGS.has(t)) return NaN;
    if (POS_INF.has(t)) return Infinity;
    if (NEG_INF.has(t)) return -Infinity;
  }
  return parseNumberCell(value);
}
