// Log-space arithmetic: log Σ exp over a typed-array range, log(eᵃ + eᵇ), log(1 + eˣ), log(1 − eˣ).
// The E-step normalises responsibilities and sums likelihoods with these; none of them overflow.

/**
 * log Σ_{i ∈ [start, end)} exp(x[i]), computed as m + log1p(Σ_{i ≠ argmax} exp(x[i] − m)) with m the maximum:
 * no overflow, and the log1p keeps full precision when one term dominates. −∞ for an empty range or when
 * every term is −∞; +∞ if any term is +∞; NaN if any term is NaN.
 *
 * @example logSumExp(new Float64Array([1000, 1000])) // 1000 + log 2 = 1000.6931471805599
 */
export function logSumExp(x: Float64Array, start = 0, end: number = x.length): number {
  let max = Number.NEGATIVE_INFINITY;
  let argmax = -1;
  for (let i = start; i < end; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (v > max) {
      max = v;
      argmax = i;
    }
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (let i = start; i < end; i++) {
    if (i !== argmax) sum += Math.exp(x[i]! - max);
  }
  return max + Math.log1p(sum);
}

/**
 * log(eᵃ + eᵇ) without overflow or underflow: max(a, b) + log1p(exp(−|a − b|)).
 *
 * @example logAddExp(Math.log(0.25), Math.log(0.5)) // log 0.75 = −0.2876820724517809
 */
export function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const max = Math.max(a, b);
  // Both −∞ (or both +∞) would give ∞ − ∞ below.
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(1 + eˣ) (softplus), accurate for every x. Break points from Mächler (2012), "Accurately computing
 * log(1 − exp(−|a|))": below −37 the answer is eˣ to double precision, above 33.3 it is x.
 *
 * @example log1pExp(0) // log 2 = 0.6931471805599453
 */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * log(1 − eˣ) for x ≤ 0, e.g. log(1 − p) from log p. Following Mächler (2012): log(−expm1(x)) for
 * x > −log 2 (where 1 − eˣ is small and expm1 keeps it exact) and log1p(−eˣ) below (where eˣ is small).
 * −∞ at x = 0; NaN for x > 0.
 *
 * @example log1mExp(Math.log(0.25)) // log 0.75 = −0.2876820724517809
 */
export function log1mExp(x: number): number {
  if (Number.isNaN(x) || x > 0) return Number.NaN;
  if (x > -Math.LN2) return Math.log(-Math.expm1(x));
  return Math.log1p(-Math.exp(x));
}
