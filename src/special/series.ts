// Power series shared by the gamma-family functions: the Taylor series of log Γ and ψ about 2, the
// Stirling (Bernoulli) tail of log Γ for large arguments, and the constants they use.

/** Euler–Mascheroni constant γ = −ψ(1). */
export const EULER_GAMMA = 0.5772156649015329;

/** log √(2π), the constant of Stirling's formula. */
export const LN_SQRT_2PI = 0.9189385332046728;

/** log π, used by the reflection formula. */
export const LN_PI = 1.1447298858494002;

/**
 * ζ(k) − 1 for k = 2, 3, …, 33 (entry i is k = i + 2), rounded from mpmath at 50 digits:
 * `[float(mpmath.zeta(k) - 1) for k in range(2, 34)]`. Storing ζ(k) − 1 rather than ζ(k) is what makes the
 * series about 2 converge like (|t|/2)^k instead of |t|^k.
 */
const ZETA_MINUS_ONE: readonly number[] = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993, 0.01734306198444914,
  0.008349277381922827, 0.00407735619794434, 0.0020083928260822143, 0.0009945751278180853,
  0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915, 6.124813505870483e-5,
  3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6, 3.81729326499984e-6, 1.908212716553939e-6,
  9.539620338727962e-7, 4.769329867878064e-7, 2.38450502727733e-7, 1.1921992596531106e-7,
  5.960818905125948e-8, 2.980350351465228e-8, 1.4901554828365043e-8, 7.45071178983543e-9,
  3.725334024788457e-9, 1.862659723513049e-9, 9.313274324196682e-10, 4.656629065033784e-10,
  2.3283118336765053e-10, 1.164155017270052e-10,
];

/**
 * log Γ(2 + t) for |t| ≤ 1/2, from log Γ(2 + t) = (1 − γ) t + Σ_{k≥2} (−1)^k (ζ(k) − 1) t^k / k.
 * The terms shrink like 4^−k at |t| = 1/2, so 32 of them reach full double precision; near t = 0 the
 * result is O(t) with a relative error of a few ulps, which is what makes log Γ accurate at its zero x = 2.
 */
export function logGammaNearTwo(t: number): number {
  let sum = 0;
  for (let i = ZETA_MINUS_ONE.length - 1; i >= 0; i--) {
    const k = i + 2;
    const sign = k % 2 === 0 ? 1 : -1;
    sum = sum * t + (sign * ZETA_MINUS_ONE[i]!) / k;
  }
  return t * (1 - EULER_GAMMA + t * sum);
}

/**
 * ψ(2 + t) for |t| ≤ 1/2: the derivative of the series above,
 * ψ(2 + t) = (1 − γ) + Σ_{k≥2} (−1)^k (ζ(k) − 1) t^(k−1).
 */
export function digammaNearTwo(t: number): number {
  let sum = 0;
  for (let i = ZETA_MINUS_ONE.length - 1; i >= 0; i--) {
    const k = i + 2;
    const sign = k % 2 === 0 ? 1 : -1;
    sum = sum * t + sign * ZETA_MINUS_ONE[i]!;
  }
  return 1 - EULER_GAMMA + t * sum;
}

/**
 * B_{2k} / (2k (2k − 1)) for k = 1..9: the coefficients of the Stirling series
 * log Γ(x) = (x − ½) log x − x + log √(2π) + Σ_k B_{2k} / (2k (2k − 1) x^(2k−1)).
 */
const STIRLING: readonly number[] = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
  43867 / 244188,
];

/**
 * The Stirling tail Σ_k B_{2k} / (2k (2k − 1) x^(2k−1)) = log Γ(x) − [(x − ½) log x − x + log √(2π)],
 * for x ≥ 10. At x = 10 the ninth term is 1.8e−19, below a double's resolution of the result.
 */
export function stirlingTail(x: number): number {
  const z = 1 / x;
  const z2 = z * z;
  let sum = 0;
  for (let i = STIRLING.length - 1; i >= 0; i--) sum = sum * z2 + STIRLING[i]!;
  return z * sum;
}

/** Where the asymptotic (Stirling-type) series take over from recurrences. */
export const ASYMPTOTIC_THRESHOLD = 10;
