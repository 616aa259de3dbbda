// The trigamma function ψ′(x), the second derivative of log Γ: the curvature that Newton steps on
// Gamma-shape and Student-t degrees-of-freedom parameters need.

import { ASYMPTOTIC_THRESHOLD } from "./series";
import { sinPi } from "./trig-pi";

/** B_{2k} for k = 1..10, the coefficients of ψ′(x) ~ 1/x + 1/(2x²) + Σ_k B_{2k} / x^(2k+1). */
const BERNOULLI: readonly number[] = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
  43867 / 798,
  -174611 / 330,
];

/**
 * The trigamma function ψ′(x) = Σ_{n≥0} 1/(x + n)².
 *
 * For x > 0: upward recurrence ψ′(x) = 1/x² + ψ′(x + 1) to x ≥ 10, then the asymptotic series; every term is
 * positive, so the relative error is a few ulps. For x < 0: reflection ψ′(x) = π²/sin²(πx) − ψ′(1 − x).
 * Returns +∞ at the poles 0, −1, −2, ….
 *
 * @example trigamma(1) // π²/6 = 1.6449340668482264
 */
export function trigamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 0) return trigammaPositive(x);
  if (x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  const s = sinPi(x);
  return (Math.PI * Math.PI) / (s * s) - trigammaPositive(1 - x);
}

function trigammaPositive(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return 0;
  let y = x;
  let sum = 0;
  while (y < ASYMPTOTIC_THRESHOLD) {
    sum += 1 / (y * y);
    y += 1;
  }
  const z = 1 / y;
  const z2 = z * z;
  let tail = 0;
  for (let i = BERNOULLI.length - 1; i >= 0; i--) tail = tail * z2 + BERNOULLI[i]!;
  return sum + z + z2 * (0.5 + z * tail);
}
