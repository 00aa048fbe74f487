import type { Suggestion } from './types.js';

/**
 * A suggestion as one learning rate: the lr itself, or a range's geometric centre; `null` for no suggestion.
 *
 * @example
 * suggestionCentre({ range: [1e-4, 1e-2], indices: [3, 40] }); // => 0.001
 * suggestionCentre({ lr: 3e-3, index: 12 });                     // => 0.003
 */
export function suggestionCentre(s: Suggestion): number | null {
  if (s === null) return null;
  return 'range' in s ? Math.sqrt(s.range[0] * s.range[1]) : s.lr;
}

/**
 * How far apart several suggestions are, in decades of learning rate: `log10(max / min)` of their lrs (a range
 * counts by its geometric centre); `null` when fewer than two have one. Used to compare runs (two seeds, frozen vs
 * unfrozen) or methods.
 *
 * @param values - suggestions, `null` for none (ignored).
 * @returns the spread in decades (≥ 0), or `null`.
 * @example
 * spreadDecades([{ lr: 1e-3, index: 4 }, { lr: 1e-2, index: 9 }, null]); // => 1
 * spreadDecades([{ lr: 1e-3, index: 4 }]);                                // => null
 */
export function spreadDecades(values: readonly Suggestion[]): number | null {
  const lrs = values.map(suggestionCentre).filter((v): v is number => v !== null && v > 0 && Number.isFinite(v));
  if (lrs.length < 2) return null;
  return Math.log10(Math.max(...lrs) / Math.min(...lrs));
}
