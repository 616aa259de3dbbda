// The digamma function ψ(x) = d/dx log Γ(x), with full relative accuracy at its positive root x₀ ≈ 1.4616.
// Taylor series about the root and about 2, recurrences to the asymptotic series for x ≥ 10.

import { ASYMPTOTIC_THRESHOLD, digammaNearTwo } from "./series";
import { cosPi, sinPi } from "./trig-pi";

/** The positive root x₀ of ψ as an unevaluated sum ROOT_HI + ROOT_LO (mpmath: 1.46163214496836234126…). */
const ROOT_HI = 1.4616321449683622;
const ROOT_LO = 9.549995429965697e-17;

/** Half-width of the interval about the root where its Taylor series is used. */
const ROOT_RADIUS = 0.2;

/**
 * Taylor coefficients of ψ about its root: c_k = ψ^(k)(x₀) / k! = (−1)^(k+1) ζ(k + 1, x₀), k = 1..22,
 * from mpmath at 60 digits: `[(-1)**(k+1) * mpmath.zeta(k+1, x0) for k in range(1, 23)]`.
 * The nearest singularity is the pole at 0, so the terms shrink like (0.2 / 1.46)^k inside the radius.
 */
const ROOT_TAYLOR: readonly number[] = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
  0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328,
  0.002305126326734928, -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052,
  0.000504953265834602, -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803,
];

/**
 * B_{2k} / (2k) for k = 1..8, the coefficients of ψ(x) ~ log x − 1/(2x) − Σ_k B_{2k} / (2k x^(2k)).
 */
const ASYMPTOTIC: readonly number[] = [
  1 / 12,
  -1 / 120,
  1 / 252,
  -1 / 240,
  1 / 132,
  -691 / 32760,
  1 / 12,
  -3617 / 8160,
];

/**
 * The digamma function ψ(x) = Γ′(x) / Γ(x).
 *
 * For x > 0 the relative error is a few ulps (measured < 1e−15 against mpmath), including next to the root
 * x₀ ≈ 1.4616, where ψ(x) is evaluated as (x − x₀) times a series with x₀ held to 32 digits. For x < 0 the
 * reflection formula ψ(x) = ψ(1 − x) − π cot(πx) gives a small absolute error but no relative accuracy next
 * to the negative roots. Returns NaN at the poles 0, −1, −2, … (the two one-sided limits differ in sign).
 *
 * @example digamma(1) // −γ = −0.5772156649015329
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 0) return digammaPositive(x);
  if (!Number.isFinite(x) || Number.isInteger(x)) return Number.NaN;
  return digammaPositive(1 - x) - (Math.PI * cosPi(x)) / sinPi(x);
}

function digammaPositive(x: number): number {
  if (Math.abs(x - ROOT_HI) < ROOT_RADIUS) return digammaNearRoot(x);
  if (x < 0.5) {
    // ψ(x) = ψ(1 + x) − 1/x = ψ(2 + x) − 1/(1 + x) − 1/x; the pole term dominates for small x.
    return digammaNearTwo(x) - 1 / (1 + x) - 1 / x;
  }
  if (x < 1.5) return digammaNearTwo(x - 1) - 1 / x; // x − 1 exact here
  if (x < 2.5) return digammaNearTwo(x - 2);
  if (x < ASYMPTOTIC_THRESHOLD) {
    // ψ(x) = ψ(x − m) + Σ_{j=1..m} 1/(x − j), with x − m ∈ [1.5, 2.5) where ψ > 0: a sum of positive terms.
    let y = x;
    let sum = 0;
    while (y >= 2.5) {
      y -= 1;
      sum += 1 / y;
    }
    return digammaPositive(y) + sum;
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  const z2 = 1 / (x * x);
  let tail = 0;
  for (let i = ASYMPTOTIC.length - 1; i >= 0; i--) tail = tail * z2 + ASYMPTOTIC[i]!;
  return Math.log(x) - 0.5 / x - z2 * tail;
}

function digammaNearRoot(x: number): number {
  // x − ROOT_HI is exact (Sterbenz) and the low part restores the root's next 16 digits, so d carries the
  // distance to the true root with full relative accuracy, and so does ψ(x) = d · (c₁ + c₂ d + …).
  const d = x - ROOT_HI - ROOT_LO;
  let sum = 0;
  for (let i = ROOT_TAYLOR.length - 1; i >= 0; i--) sum = sum * d + ROOT_TAYLOR[i]!;
  return d * sum;
}
