/**
 * IEEE single-precision arithmetic, to reproduce tools that compute in torch float32 (fastai v1 and v2) bit for
 * bit. `Math.fround` of a double result is the correctly rounded float32 result of `+ − × ÷` on float32 operands
 * (53 ≥ 2·24 + 2 bits: double rounding is innocuous), so each float32 operation is one `Math.fround`; only a fused
 * multiply-add needs more care ({@link fmaF32}).
 *
 * @module
 */
import { powCorrectlyRounded } from './pow.js';

const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/** The float32 next to `x` (a float32) in the direction of `toward`. */
function nextF32(x: number, toward: number): number {
  if (x === toward) return x;
  if (x === 0) return toward > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45;
  F32[0] = x;
  I32[0] += (toward > x) === (x > 0) ? 1 : -1;
  return F32[0];
}

/**
 * `a·b + c` rounded once to float32, as a fused multiply-add (`fmaf`) computes it, for float32 `a`, `b`, `c`.
 *
 * The product of two float32 values is exact in a double; the sum is taken exactly as a double and its error
 * (TwoSum), and the one case where rounding the double sum to float32 differs from rounding the exact sum — a
 * double sum exactly halfway between two float32 values — is settled by the sign of the error.
 *
 * This is what torch's CPU `lerp` computes on any machine with AVX2 (every x86 CPU since 2013): its scalar kernel
 * `end − (end − self)·(1 − weight)` is compiled with FMA contraction there (checked against torch 1.13: 20,000 of
 * 20,000 random cases equal; rounding each operation instead misses 1.7 %).
 *
 * @example
 * fmaF32(Math.fround(0.1), Math.fround(3), Math.fround(1)); // => 1.2999999523162842
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 significant bits
  const s = p + c;
  const r = Math.fround(s);
  if (!Number.isFinite(s) || r === s) return r;
  // TwoSum: the exact error of p + c
  const bb = s - p;
  const e = p - (s - bb) + (c - bb);
  if (e === 0) return r;
  const other = nextF32(r, s);
  // s is halfway between r and its neighbour only if the neighbour is as far on the other side
  if (other - s !== s - r) return r;
  return (e > 0) === (other > r) ? other : r;
}

/**
 * The bias correction `1 − β**k` as the tools use it: a Python float power, rounded to float32 by torch when it
 * divides the float32 average. Once `β**k < 1e-9` the float32 divisor is exactly 1 (half an ulp below 1 is 3e-8),
 * so the power is skipped for the rest of a long run.
 */
function debiasF32(beta: number): (k: number) => number {
  let one = false;
  return (k) => {
    if (one) return 1;
    const p = powCorrectlyRounded(beta, k);
    if (p < 1e-9) one = true;
    return Math.fround(1 - p);
  };
}

/**
 * fastai v2's smoothed loss, in torch float32 as `AvgSmoothLoss` computes it: `val = torch.lerp(loss, val, β)`
 * (with β > ½ torch takes `val − (val − loss)·(1 − β)`, fused, see {@link fmaF32}), then
 * `val / (1 − β**count)` with the divisor computed in Python (float64) and rounded to float32 by torch.
 *
 * Reference: fastai `fastai/learner.py` `AvgSmoothLoss`; torch `aten/src/ATen/native/Lerp.h`.
 *
 * @param losses - raw per-batch losses (rounded to float32 first, as the tool's loss tensor is).
 * @returns the smoothed losses (β = 0.98, as fastai ships it), float32 values in a Float64Array.
 * @example
 * smoothFastaiF32([0.1, 0.1]); // => Float64Array [0.09999991208314896, 0.09999991208314896]
 */
export function smoothFastaiF32(losses: ArrayLike<number>): Float64Array {
  const beta = 0.98;
  const n = losses.length;
  const out = new Float64Array(n);
  const w = Math.fround(beta);
  const keep = Math.fround(1 - w); // torch: opmath(1) − weight, in float32
  const divisor = debiasF32(beta);
  let val = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.fround(losses[i]);
    const diff = Math.fround(val - x);
    val = fmaF32(-diff, keep, val);
    out[i] = Math.fround(val / divisor(i + 1));
  }
  return out;
}

/**
 * fastai v1's smoothed loss, in torch float32 as `SmoothenValue.add_value` computes it on the loss tensor:
 * `mov_avg = β·mov_avg + (1 − β)·val` (two float32 products with the Python constants rounded to float32, one
 * float32 sum), then `mov_avg / (1 − β**n)`.
 *
 * Reference: fastai1 `fastai/callback.py` `SmoothenValue`, fed `loss.float().detach().cpu()` by `CallbackHandler`.
 *
 * @param losses - raw per-batch losses (rounded to float32 first).
 * @returns the smoothed losses (β = 0.98), float32 values in a Float64Array.
 * @example
 * smoothFastai1F32([0.1, 0.1]); // => Float64Array [0.10000000894069672, 0.10000000894069672]
 */
export function smoothFastai1F32(losses: ArrayLike<number>): Float64Array {
  const beta = 0.98;
  const n = losses.length;
  const out = new Float64Array(n);
  const b = Math.fround(beta);
  const w = Math.fround(1 - beta);
  const divisor = debiasF32(beta);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.fround(losses[i]);
    m = Math.fround(Math.fround(b * m) + Math.fround(w * x));
    out[i] = Math.fround(m / divisor(i + 1));
  }
  return out;
}

/**
 * `torch.gradient(y, spacing=[x])[0]` on float32 tensors (`edge_order=1`), one rounding per tensor operation as
 * torch computes it: `dx = x.diff()`, interior `a·y[i−1] + b·y[i] + c·y[i+1]` with
 * `a = −dx2 / (dx1·(dx1 + dx2))`, `b = (dx2 − dx1) / (dx1·dx2)`, `c = dx1 / (dx2·(dx1 + dx2))`, and one-sided
 * differences at the ends. Unlike numpy, torch never switches to the uniform-spacing formula.
 *
 * Reference: torch `aten/src/ATen/native/ReduceOps.cpp` `gradient_helper`; used by Lightning's `suggestion()`.
 *
 * @param y - the values (rounded to float32 first).
 * @param x - the coordinates, same length ≥ 2 (rounded to float32 first).
 * @returns the gradient, float32 values in a Float64Array.
 * @example
 * torchGradientF32([0, 1, 8], [0, 1, 2]); // => Float64Array [1, 4, 7]
 */
export function torchGradientF32(y: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const n = y.length;
  const f = Math.fround;
  const out = new Float64Array(n);
  // the float32 steps where they are used: no second array of the run's length
  const step = (i: number): number => f(f(x[i + 1]) - f(x[i]));
  let dx2 = step(0);
  for (let i = 1; i < n - 1; i++) {
    const dx1 = dx2;
    dx2 = step(i);
    const sum = f(dx1 + dx2);
    const a = f(-dx2 / f(dx1 * sum));
    const b = f(f(dx2 - dx1) / f(dx1 * dx2));
    const c = f(dx1 / f(dx2 * sum));
    out[i] = f(f(f(a * f(y[i - 1])) + f(b * f(y[i]))) + f(c * f(y[i + 1])));
  }
  out[0] = f(f(f(y[1]) - f(y[0])) / step(0));
  out[n - 1] = f(f(f(y[n - 1]) - f(y[n - 2])) / step(n - 2));
  return out;
}

/**
 * Element `i` of {@link torchGradientF32}: the same float32 numbers one at a time, for a search that reads the
 * gradient once (no array of the run's length). `y` and `x` need at least 2 elements.
 *
 * @example
 * torchGradientF32At([1, 2, 4], [1, 2, 3], 2); // => 2
 */
export function torchGradientF32At(y: ArrayLike<number>, x: ArrayLike<number>, i: number): number {
  const n = y.length;
  const f = Math.fround;
  const step = (j: number): number => f(f(x[j + 1]) - f(x[j]));
  if (i === 0) return f(f(f(y[1]) - f(y[0])) / step(0));
  if (i === n - 1) return f(f(f(y[n - 1]) - f(y[n - 2])) / step(n - 2));
  const dx1 = step(i - 1);
  const dx2 = step(i);
  const sum = f(dx1 + dx2);
  const a = f(-dx2 / f(dx1 * sum));
  const b = f(f(dx2 - dx1) / f(dx1 * dx2));
  const c = f(dx1 / f(dx2 * sum));
  return f(f(f(a * f(y[i - 1])) + f(b * f(y[i]))) + f(c * f(y[i + 1])));
}
