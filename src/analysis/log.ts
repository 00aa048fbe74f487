/**
 * A correctly rounded natural logarithm, so that log-differences are the numbers numpy computes.
 *
 * @module
 */

import { twoProd } from './pow.js';

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
/** 1/(2k+1) as double-doubles, k = 0..TERMS-1, for the atanh series. */
const TERMS = 24;
const INV_ODD_HI = new Float64Array(TERMS);
const INV_ODD_LO = new Float64Array(TERMS);
for (let k = 0; k < TERMS; k++) {
  const d = 2 * k + 1;
  const hi = 1 / d;
  const [p, e] = twoProd(hi, d);
  INV_ODD_HI[k] = hi;
  INV_ODD_LO[k] = (1 - p - e) / d;
}

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function mulDD(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  const lo = e + (ah * bl + al * bh);
  const hi = p + lo;
  return [hi, lo - (hi - p)];
}

function addDD(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  const lo = e + al + bl;
  const hi = s + lo;
  return [hi, lo - (hi - s)];
}

/**
 * `ln(x)` correctly rounded (the double nearest the exact logarithm) for finite `x > 0`: `x = m·2^e` with
 * `m ∈ [√½, √2)`, `ln m = 2·atanh((m − 1)/(m + 1))` summed in double-double arithmetic (~104 bits), plus `e·ln 2`.
 *
 * Why: fastai's `steep` divides loss differences by `ln lr[k+1] − ln lr[k]`; numpy's (glibc's) `log` is correctly
 * rounded in all but very rare cases, V8's `Math.log` is not (about 3 results in 100 differ by an ulp), and on a
 * flat curve that ulp decides the argmin. Other inputs (0, negative, NaN, ±Infinity) return `Math.log(x)`.
 * About 30× slower than `Math.log`: use it only where an ulp matters.
 *
 * @param x - a positive finite number.
 * @returns `ln x`.
 * @example
 * logCorrectlyRounded(10); // => 2.302585092994046
 */
export function logCorrectlyRounded(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  let e = Math.round(Math.log2(x));
  if (e > 1023) e = 1023;
  if (e < -1074) e = -1074;
  let m = e < -1022 ? (x * 2 ** 60) / 2 ** (e + 60) : x / 2 ** e; // exact: scaling by powers of two
  while (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    e -= 1;
  }
  if (m === 1) return e === 0 ? 0 : addDD(...twoProd(e, LN2_HI), e * LN2_LO, 0)[0];
  // s = (m − 1)/(m + 1) in double-double; m − 1 is exact (Sterbenz)
  const num = m - 1;
  const [dh, dl] = twoSum(m, 1);
  const sh = num / dh;
  const [ph, pl] = twoProd(sh, dh);
  const sl = (num - ph - pl - sh * dl) / dh;
  const [s2h, s2l] = mulDD(sh, sl, sh, sl);
  // Horner: P = Σ s^(2k) / (2k+1)
  let accH = INV_ODD_HI[TERMS - 1];
  let accL = INV_ODD_LO[TERMS - 1];
  for (let k = TERMS - 2; k >= 0; k--) {
    [accH, accL] = mulDD(accH, accL, s2h, s2l);
    [accH, accL] = addDD(accH, accL, INV_ODD_HI[k], INV_ODD_LO[k]);
  }
  let [rh, rl] = mulDD(accH, accL, 2 * sh, 2 * sl);
  if (e !== 0) {
    const [eh, el] = twoProd(e, LN2_HI);
    [rh, rl] = addDD(rh, rl, eh, el + e * LN2_LO);
  }
  return rh + rl;
}
