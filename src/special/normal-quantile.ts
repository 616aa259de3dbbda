// The standard normal quantile Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988),
// the method R's qnorm uses: three rational approximations with relative accuracy about 1e−16.

/**
 * Coefficients of AS 241 as published, written as the shortest decimals of the same doubles.
 * Central region |p − ½| ≤ 0.425: x = q · A(r) / B(r) with r = 0.180625 − q².
 */
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
/** Intermediate tail, r = √(−log min(p, 1 − p)) ≤ 5: x = C(r − 1.6) / D(r − 1.6). */
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 7.745450142783414e-4,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  5.475938084995345e-4, 1.0507500716444169e-9,
];
/** Far tail, r > 5 (p < 1.4e−11): x = E(r − 5) / F(r − 5). */
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 7.868691311456133e-4, 1.8463183175100548e-5,
  1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Horner evaluation of Σ coefficients[i] x^i. */
function polynomial(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * x + coefficients[i]!;
  return sum;
}

/**
 * Φ⁻¹(p), the z with P(Z ≤ z) = p for a standard normal Z. Relative error about 1e−16 for
 * 1e−300 < p < 1 (AS 241); −∞ at p = 0, +∞ at p = 1, NaN outside [0, 1].
 * For an upper-tail probability q = 1 − p that is tiny, call −normalQuantile(q) rather than forming 1 − q.
 *
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(A, r)) / polynomial(B, r);
  }
  // 1 − p is exact for p ≥ ½, so the upper tail loses nothing here.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = polynomial(C, r) / polynomial(D, r);
  } else {
    r -= 5;
    x = polynomial(E, r) / polynomial(F, r);
  }
  return q < 0 ? -x : x;
}
