import { assertNumericArray } from '../analysis/assert.js';
import type { NumericArray } from '../analysis/types.js';
import * as msg from './messages.js';

/** Options of {@link downsampleIndices}. */
export interface DownsampleOptions {
  /** Number of columns the x range is cut into — the plot's width in pixels. __Default value:__ `600` */
  readonly buckets?: number;
  /** Runs of at most this many points are kept whole. __Default value:__ `4 × buckets` */
  readonly threshold?: number;
  /** Indices that must survive (suggestions, candidates, the stop point). __Default value:__ none */
  readonly keep?: ArrayLike<number>;
}

/**
 * The indices of a long curve worth drawing: M4 aggregation (Jugel et al., "M4: A Visualization-Oriented Time
 * Series Data Aggregation", VLDB 2014) per pixel column of x — the first, last, minimum and maximum point of every
 * series in each column — plus the points where a series turns finite or non-finite (so gaps stay gaps) and every
 * index in `keep`. A line drawn through the kept points at `buckets` columns covers exactly the pixels the full
 * line covers; each series' global extrema (first occurrence) are always kept.
 *
 * Columns are cut in equal steps of `x` (pass log10(lr) for a log axis); consecutive points that fall in the same
 * column form one group, so a non-monotone `x` still keeps its order. Non-finite `x` values count as the first
 * column. Complexity O(n · series).
 *
 * @param x - the horizontal coordinate of each point (not mutated).
 * @param series - the vertical values drawn as lines, each as long as `x` (not mutated); NaN/±Infinity allowed.
 * @param options - see {@link DownsampleOptions}.
 * @returns the kept indices, ascending and unique (a `Uint32Array`: they are indices, not values).
 * @throws {TypeError} when an input is not numeric; {RangeError} for a length mismatch, `buckets < 1` or a `keep`
 *   index outside the curve.
 * @example
 * const x = Array.from({ length: 10_000 }, (_, i) => i);
 * const y = x.map((i) => Math.sin(i / 50));
 * downsampleIndices(x, [y], { buckets: 100 }).length; // => ≤ 400 (first, last, min and max of each column)
 * downsampleIndices([0, 1, 2], [[5, 4, 3]]);          // => Uint32Array [0, 1, 2] (short runs are kept whole)
 */
export function downsampleIndices(
  x: NumericArray,
  series: readonly NumericArray[],
  options: DownsampleOptions = {},
): Uint32Array {
  assertNumericArray('downsampleIndices', x, 'x');
  const n = x.length;
  series.forEach((s, k) => {
    assertNumericArray('downsampleIndices', s, `series[${k}]`);
    if (s.length !== n) {
      throw msg.seriesLengthMismatch(k, s.length, n);
    }
  });
  const buckets = options.buckets ?? 600;
  if (!Number.isInteger(buckets) || buckets < 1) {
    throw msg.badBuckets(buckets);
  }
  const threshold = options.threshold ?? 4 * buckets;
  const keepMask = new Uint8Array(n);
  const keep = options.keep ?? [];
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j];
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw msg.keepOutside(i, n);
    }
    keepMask[i] = 1;
  }
  if (n <= threshold) return Uint32Array.from({ length: n }, (_, i) => i);

  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const column = (i: number): number => {
    const v = x[i];
    if (!(hi > lo)) return Math.floor((i * buckets) / n);
    if (!Number.isFinite(v)) return 0;
    return Math.min(buckets - 1, Math.floor(((v - lo) / (hi - lo)) * buckets));
  };

  const k = series.length;
  const minAt = new Int32Array(k);
  const maxAt = new Int32Array(k);
  const flush = (start: number, end: number): void => {
    // one group: points start … end-1 in the same column
    keepMask[start] = 1;
    keepMask[end - 1] = 1;
    for (let s = 0; s < k; s++) {
      if (minAt[s] >= 0) keepMask[minAt[s]] = 1;
      if (maxAt[s] >= 0) keepMask[maxAt[s]] = 1;
    }
  };
  let start = 0;
  let current = column(0);
  minAt.fill(-1);
  maxAt.fill(-1);
  for (let i = 0; i < n; i++) {
    const c = i === 0 ? current : column(i);
    if (c !== current) {
      flush(start, i);
      start = i;
      current = c;
      minAt.fill(-1);
      maxAt.fill(-1);
    }
    for (let s = 0; s < k; s++) {
      const values = series[s];
      const v = values[i];
      if (Number.isFinite(v)) {
        if (minAt[s] < 0 || v < values[minAt[s]]) minAt[s] = i;
        if (maxAt[s] < 0 || v > values[maxAt[s]]) maxAt[s] = i;
      }
      // a gap starts or ends here: keep both sides so the drawn line breaks where the full one does
      if (i > 0 && Number.isFinite(v) !== Number.isFinite(values[i - 1])) {
        keepMask[i] = 1;
        keepMask[i - 1] = 1;
      }
    }
  }
  flush(start, n);

  let count = 0;
  for (let i = 0; i < n; i++) count += keepMask[i];
  const out = new Uint32Array(count);
  for (let i = 0, j = 0; i < n; i++) if (keepMask[i]) out[j++] = i;
  return out;
}
