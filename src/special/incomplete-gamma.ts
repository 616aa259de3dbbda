// The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = Γ(a, x)/Γ(a) = 1 − P:
// Gamma and chi-square distribution functions, Poisson tail sums, goodness-of-fit p-values.

import { lgamma, lgamma1p, lgammaCorrection } from "./lgamma";
import { LN_SQRT_2PI } from "./series";

/** Series and continued fractions stop when the next term changes the sum by less than this, relatively. */
const TOLERANCE = Number.EPSILON;
/** Iterations grow like √a near x ≈ a; this bound is only reached for a beyond ~1e12. */
const MAX_ITERATIONS = 10_000_000;
/** Lentz's guard against a zero denominator. */
const TINY = 1e-300;

/**
 * log(1 + t) − t for t > −1, without the cancellation of the direct formula near t = 0 (where it is −t²/2):
 * with u = t/(2 + t), log(1 + t) = 2 artanh u, so log(1 + t) − t = −u t + 2 (u³/3 + u⁵/5 + …), |u| ≤ ⅓.
 */
function log1pmx(t: number): number {
  if (t <= -0.5 || t >= 1) return Math.log1p(t) - t;
  const u = t / (2 + t);
  const u2 = u * u;
  let power = u;
  let sum = 0;
  for (let k = 3; ; k += 2) {
    power *= u2;
    const term = power / k;
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * TOLERANCE) break;
  }
  return 2 * sum - u * t;
}

/**
 * log(xᵃ e⁻ˣ / Γ(a)), the common factor of both functions. For a ≥ 10 it is rewritten as
 * a·(log(1 + t) − t) + ½ log a − log √(2π) − c(a) with t = (x − a)/a and c the Stirling correction: the
 * direct a log x − x − log Γ(a) subtracts numbers of size a log a and loses ~a·log(a)·ε absolutely.
 */
function logPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lgamma(a);
  const t = (x - a) / a;
  // Near t = −1 the rounded t would lose 1 + t = x/a, so take log(x/a) itself there.
  const logRatioMinusT = t > -0.5 ? log1pmx(t) : Math.log(x / a) - t;
  return a * logRatioMinusT + 0.5 * Math.log(a) - LN_SQRT_2PI - lgammaCorrection(a);
}

/** P(a, x) by its power series Σ xⁿ / ((a+1)…(a+n)); all terms positive, used for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= sum * TOLERANCE) break;
  }
  return (Math.exp(logPrefactor(a, x)) * sum) / a;
}

/** Q(a, x) by Legendre's continued fraction (modified Lentz), used for x ≥ a + 1 where it converges fast. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= TOLERANCE) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/**
 * Both P and Q for a < 1, x < 1.1, where Q can be small without x being large: with g = xᵃ/Γ(a + 1),
 * P = g (1 − w), Q = (1 − g) + g w, w = −a Σ_{n≥1} (−x)ⁿ / (n! (a + n)); 1 − g is formed with expm1 and
 * log Γ(1 + a) without rounding 1 + a, so Q keeps its relative accuracy as a → 0.
 */
function smallShape(a: number, x: number): [number, number] {
  const logG = a * Math.log(x) - lgamma1p(a);
  const g = Math.exp(logG);
  let term = 1;
  let sum = 0;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= -x / n;
    const add = term / (a + n);
    sum += add;
    if (Math.abs(add) <= Math.abs(sum) * TOLERANCE) break;
  }
  const w = -a * sum;
  return [g * (1 - w), -Math.expm1(logG) + g * w];
}

/** [P(a, x), Q(a, x)], each computed directly where it is the smaller one. */
function incompleteGamma(a: number, x: number): [number, number] {
  if (Number.isNaN(a) || Number.isNaN(x) || a < 0 || x < 0 || (a === 0 && x === 0)) {
    return [Number.NaN, Number.NaN];
  }
  if (a === Number.POSITIVE_INFINITY) return x === a ? [Number.NaN, Number.NaN] : [0, 1];
  if (x === 0) return [0, 1];
  if (a === 0 || x === Number.POSITIVE_INFINITY) return [1, 0];
  if (a < 1 && x < 1.1) return smallShape(a, x);
  if (x < a + 1) {
    const p = lowerSeries(a, x);
    return [p, 1 - p];
  }
  const q = upperFraction(a, x);
  return [1 - q, q];
}

/**
 * The regularized lower incomplete gamma function P(a, x) = (1/Γ(a)) ∫₀ˣ t^(a−1) e⁻ᵗ dt, a ≥ 0, x ≥ 0:
 * the Gamma(a, 1) distribution function (SciPy `gammainc`). Relative error ~1e−14 or better where P is the
 * smaller of P and Q; where P is close to 1 it is 1 − Q with an absolute error ~1e−16.
 *
 * @example gammaP(1, 2) // 1 − e⁻² = 0.8646647167633873
 */
export function gammaP(a: number, x: number): number {
  return incompleteGamma(a, x)[0];
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x) (SciPy `gammaincc`), with full
 * relative accuracy in the upper tail: the chi-square survival function is Q(k/2, x/2).
 *
 * @example gammaQ(1, 2) // e⁻² = 0.1353352832366127
 */
export function gammaQ(a: number, x: number): number {
  return incompleteGamma(a, x)[1];
}
