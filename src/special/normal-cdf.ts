// The standard normal distribution function Φ, its complement, and their logarithms, accurate far into
// both tails: the lower tail goes through erfcx so that log Φ(z) never takes the log of an underflowed value.

import { erfc, erfcx } from "./erf";

/**
 * Below this z, t = −z/√2 > 0.46875 (Cody's first break point) and Φ(z) is computed as
 * ½ erfcx(t) · exp(−z²/2), which keeps full relative accuracy down to the underflow of Φ near z = −38.5.
 */
const TAIL_START = -0.46875 * Math.SQRT2;

/**
 * exp(−z²/2) with z split as s + δ, s a multiple of 1/16, so that s²/2 is exact (the trick of R's pnorm):
 * rounding z² itself would cost up to 2e−13 relative at z = −38.
 */
function expMinusHalfSquare(z: number): number {
  const s = Math.trunc(z * 16) / 16;
  const del = (z - s) * (z + s);
  return Math.exp(-0.5 * s * s) * Math.exp(-0.5 * del);
}

/**
 * Φ(z) = P(Z ≤ z) for a standard normal Z, with a relative error of a few ulps for all z down to the
 * underflow threshold (Φ(−38.5) ≈ 1e−324).
 *
 * @example normalCdf(-1.959963984540054) // 0.025
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < TAIL_START) {
    if (z === Number.NEGATIVE_INFINITY) return 0;
    return 0.5 * erfcx(-z * Math.SQRT1_2) * expMinusHalfSquare(z);
  }
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

/**
 * 1 − Φ(z) = P(Z > z), computed as Φ(−z), so the upper tail has the same relative accuracy as the lower one.
 *
 * @example normalCcdf(3) // 0.0013498980316300946
 */
export function normalCcdf(z: number): number {
  return normalCdf(-z);
}

/**
 * log Φ(z), finite and accurate for every finite z: for z < −0.66 it is log(½ erfcx(−z/√2)) − z²/2
 * (no underflow: log Φ(−40) = −804.608…), for −0.66 ≤ z ≤ 0 the log of Φ, and for z > 0 log1p(−Φ(−z)),
 * which resolves log Φ(z) ≈ −Φ(−z) to full relative accuracy until Φ(−z) itself underflows.
 *
 * @example normalLogCdf(-40) // −804.6084420137538
 */
export function normalLogCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < TAIL_START) {
    if (z === Number.NEGATIVE_INFINITY) return z;
    return Math.log(0.5 * erfcx(-z * Math.SQRT1_2)) - 0.5 * z * z;
  }
  if (z <= 0) return Math.log(normalCdf(z));
  return Math.log1p(-normalCdf(-z));
}

/**
 * log(1 − Φ(z)) = log Φ(−z), the log survival function, accurate in both tails (see normalLogCdf).
 *
 * @example normalLogCcdf(40) // −804.6084420137538
 */
export function normalLogCcdf(z: number): number {
  return normalLogCdf(-z);
}
