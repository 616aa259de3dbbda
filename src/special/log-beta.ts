// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), arranged so that large arguments do not cancel.
// The split follows R's lbeta (nmath/lbeta.c): Stirling's formula with its correction for the large ones.

import { lgamma, lgammaCorrection } from "./lgamma";
import { LN_SQRT_2PI } from "./series";

/**
 * log B(a, b), the log of the Beta function, for a, b ≥ 0.
 *
 * Summing three log Γ values would lose everything to cancellation when an argument is large (log B(1, 1e10)
 * = −23 from terms of size 2e11). Instead, with p = min(a, b), q = max(a, b):
 * - p ≥ 10: log B = −½ log q + log √(2π) + c(p) + c(q) − c(p+q) + (p − ½) log(p/(p+q)) + q log1p(−p/(p+q)),
 * - q ≥ 10 > p: log B = log Γ(p) + c(q) − c(p+q) + p − p log(p+q) + (q − ½) log1p(−p/(p+q)),
 * - otherwise the direct sum, whose terms are all below log Γ(20) ≈ 39,
 * where c is the Stirling correction. Relative error ~1e−15 except near the curve B(a, b) = 1, where the
 * absolute error is ~1e−14. Returns +∞ when a or b is 0, NaN for negative or NaN arguments.
 *
 * @example logBeta(2, 3) // log(1/12) = −2.4849066497880004
 */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || a < 0 || b < 0) return Number.NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p === 0) return Number.POSITIVE_INFINITY;
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const ratio = p / (p + q);
  if (p >= 10) {
    const corr = lgammaCorrection(p) + lgammaCorrection(q) - lgammaCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(ratio) + q * Math.log1p(-ratio);
  }
  if (q >= 10) {
    const corr = lgammaCorrection(q) - lgammaCorrection(p + q);
    return lgamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-ratio);
  }
  return lgamma(p) + lgamma(q) - lgamma(p + q);
}
