// log |Γ(x)|, log Γ(1 + x) for small x, and the Stirling correction log Γ(x) − Stirling(x).
// Series about 2 near the zeros at 1 and 2, recurrences in between, Stirling's series for x ≥ 10.

import { ASYMPTOTIC_THRESHOLD, LN_PI, LN_SQRT_2PI, logGammaNearTwo, stirlingTail } from "./series";
import { sinPi } from "./trig-pi";

/**
 * log |Γ(x)|.
 *
 * For x > 0 the relative error is a few ulps (measured < 1e−15 against mpmath), including next to the zeros
 * at x = 1 and x = 2, where the Taylor series about 2 gives the O(x − 1) and O(x − 2) values directly
 * instead of as differences of larger numbers. For x < 0 the reflection formula is used; there the absolute
 * error is a few ulps of log |π / sin(πx)|, so relative accuracy is lost next to the zeros of log |Γ|.
 * Returns +∞ at the poles (0, −1, −2, …), NaN for NaN.
 *
 * @example lgamma(0.5) // log √π = 0.5723649429247001
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 0) return lgammaPositive(x);
  if (!Number.isFinite(x) || Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
  return LN_PI - Math.log(Math.abs(sinPi(x))) - lgammaPositive(1 - x);
}

function lgammaPositive(x: number): number {
  if (x < 0.5) {
    // log Γ(x) = log Γ(1 + x) − log x, with log Γ(1 + x) = log Γ(2 + x) − log(1 + x) taken at t = x so
    // that 1 + x is never rounded.
    return logGammaNearTwo(x) - Math.log1p(x) - Math.log(x);
  }
  if (x < 1.5) {
    const t = x - 1; // exact for x ∈ [0.5, 2]
    return logGammaNearTwo(t) - Math.log1p(t);
  }
  if (x < 2.5) return logGammaNearTwo(x - 2); // x − 2 exact for x ∈ [1, 4]
  if (x < ASYMPTOTIC_THRESHOLD) {
    // Recur downwards, log Γ(x) = log Γ(x − m) + log ∏_{j=1..m} (x − j), onto [1.5, 2.5). Every x − j is
    // exact; the product of at most 8 factors costs 8 roundings, and log Γ(x) ≥ 0.28 here, so the relative
    // error stays at the ulp level. (Recurring upwards to the Stirling range would instead subtract two
    // numbers near 20 to get one near 0.3.)
    let y = x;
    let product = 1;
    while (y >= 2.5) {
      y -= 1;
      product *= y;
    }
    return logGammaNearTwo(y - 2) + Math.log(product);
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingTail(x);
}

/**
 * log Γ(1 + x) for x > −1, accurate in relative terms also for tiny |x| (where it is ≈ −γx), which
 * `lgamma(1 + x)` is not because 1 + x rounds away the low digits of x.
 *
 * @example lgamma1p(1e-8) // ≈ −γ·1e−8 = −5.772156566768626e-9
 */
export function lgamma1p(x: number): number {
  if (Math.abs(x) <= 0.5) return logGammaNearTwo(x) - Math.log1p(x);
  return lgamma(1 + x);
}

/**
 * The error of Stirling's formula: log Γ(x) − [(x − ½) log x − x + log √(2π)], for x > 0.
 * For x ≥ 10 it is summed as the Bernoulli series directly (full relative accuracy, ≈ 1/(12x)); below 10
 * it is the difference of two moderate numbers (absolute error ~1e−15). Used where two large log Γ values
 * would otherwise cancel: log B(a, b) for large arguments and the binomial sampler's acceptance test.
 *
 * @example lgammaCorrection(10) // 0.008330563433362871
 */
export function lgammaCorrection(x: number): number {
  if (Number.isNaN(x) || x <= 0) return Number.NaN;
  if (x >= ASYMPTOTIC_THRESHOLD) return x === Number.POSITIVE_INFINITY ? 0 : stirlingTail(x);
  return lgammaPositive(x) - ((x - 0.5) * Math.log(x) - x + LN_SQRT_2PI);
}
