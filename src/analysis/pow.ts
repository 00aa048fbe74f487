/**
 * A correctly rounded integer power, so that EMA bias corrections are the same numbers Python computes.
 *
 * @module
 */

/** Veltkamp's splitting constant 2^27 + 1 (splits a double into two 26-bit halves). */
const SPLIT = 134217729;

/**
 * `x ** k` for an integer `k ≥ 0`, correctly rounded (the double nearest the exact power), computed by binary
 * exponentiation in double-double arithmetic (Dekker's exact products, ~104-bit intermediate precision).
 *
 * Why: the anchors' bias corrections `1 − β^(i+1)` are Python float powers (C `pow`), which glibc returns
 * correctly rounded in all but very rare cases (for β = 0.98, k ≤ 2500: only k = 688 and 880). V8's `**` and
 * `Math.pow` are not correctly rounded (about 1 in 10 results differs by an ulp from glibc's), and on a flat curve
 * that ulp decides which of two equal-looking smoothed losses is the minimum. Non-integer or negative exponents,
 * non-finite or non-positive bases, and results below 1e-290 (where the splitting loses precision) fall back to
 * `**`.
 *
 * Complexity O(log k).
 *
 * @param x - the base.
 * @param k - the exponent.
 * @returns `x^k`, correctly rounded for the supported range.
 * @example
 * powCorrectlyRounded(0.98, 4); // => 0.9223681599999999 (V8's 0.98 ** 4 is 0.92236816)
 */
export function powCorrectlyRounded(x: number, k: number): number {
  if (!Number.isInteger(k) || k < 0 || !(x > 0) || !Number.isFinite(x) || k > Number.MAX_SAFE_INTEGER) return x ** k;
  if (k === 0) return 1;
  // result (rh, rl) = 1; base (bh, bl) = x
  let rh = 1;
  let rl = 0;
  let bh = x;
  let bl = 0;
  let e = k;
  for (;;) {
    if (e % 2 === 1) {
      [rh, rl] = mulDD(rh, rl, bh, bl);
      if (rh < 1e-290 || rh > 1e290) return x ** k;
    }
    e = Math.floor(e / 2);
    if (e === 0) break;
    [bh, bl] = mulDD(bh, bl, bh, bl);
    if (bh < 1e-290 || bh > 1e290) return x ** k;
  }
  return rh + rl;
}

/**
 * Dekker's exact product: `[p, e]` with `p = fl(a·b)` and `p + e = a·b` exactly (Veltkamp splitting).
 *
 * @example
 * twoProd(0.1, 0.1); // => [0.010000000000000002, -8.326672684688674e-19]
 */
export function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** Double-double product (ah + al)·(bh + bl), renormalized. */
function mulDD(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, err] = twoProd(ah, bh);
  const lo = err + (ah * bl + al * bh);
  const hi = p + lo;
  return [hi, lo - (hi - p)];
}
