/**
 * Axis helpers for learning-rate plots: readable log ticks and the short lr labels of lr-finder plots.
 *
 * @module
 */
import { formatLr } from '../analysis/answer.js';
import * as msg from './messages.js';

/**
 * A learning rate as lr-finder plots label it: two significant digits, in short scientific form below 1 and as a
 * plain number from 1 up (see `formatLr`).
 *
 * @param lr - the learning rate.
 * @param digits - digits after the decimal point of the mantissa. __Default value:__ `1`
 * @returns the label; `'NaN'` / `'Infinity'` for non-finite values.
 * @example
 * lrLabel(0.001234); // => '1.2e-3'
 * lrLabel(1.94);     // => '1.9'
 * lrLabel(10);       // => '10'
 */
export function lrLabel(lr: number, digits = 1): string {
  return formatLr(lr, digits);
}

/**
 * Tick values for a log axis spanning `[lo, hi]`: the powers of ten inside it (1e-6 … 10 — no forest of minor
 * ticks); when that gives fewer than three ticks, the 2× and 5× steps are added, and for a range inside one
 * decade the two ends.
 *
 * @param lo - smallest value on the axis (> 0).
 * @param hi - largest value on the axis (≥ lo).
 * @returns ascending tick values inside `[lo, hi]`.
 * @throws {RangeError} when the bounds are not finite, positive and ordered.
 * @example
 * logTicks(1e-6, 10);    // => [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]
 * logTicks(1e-3, 3e-2);  // => [1e-3, 2e-3, 5e-3, 0.01, 0.02]
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo > 0 && hi >= lo)) {
    throw msg.badTickBounds(lo, hi);
  }
  // a relative tolerance so that 1e-6 counts as inside [1e-6, …] despite rounding in 10 ** k
  const inside = (v: number): boolean => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const decade = (k: number): number => Number(`1e${k}`); // exact decimal powers, unlike 10 ** k
  const decades: number[] = [];
  for (let k = first; k <= last; k++) if (inside(decade(k))) decades.push(decade(k));
  if (decades.length >= 3) return decades;
  const steps: number[] = [];
  for (let k = first; k <= last; k++) {
    for (const m of [1, 2, 5]) {
      const v = Number(`${m}e${k}`);
      if (inside(v)) steps.push(v);
    }
  }
  if (steps.length >= 2) return steps;
  return lo === hi ? [lo] : [lo, hi];
}
