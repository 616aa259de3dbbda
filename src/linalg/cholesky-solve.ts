// What a Cholesky factor L of an SPD matrix A gives cheaply: solves with A, log |A|, A⁻¹, and the
// Mahalanobis form (x − μ)ᵀ A⁻¹ (x − μ) of the multivariate normal log-density.

import { solveLower, solveLowerMatrix, solveLowerTranspose, solveLowerTransposeMatrix } from "./triangular";

/**
 * Solves A x = b given the Cholesky factor L of A (A = L Lᵀ): L y = b, then Lᵀ x = y. `out` may be `b`.
 *
 * @example choleskySolve(new Float64Array([2, 0, 1, 1]), 2, new Float64Array([4, 1]))[0] // 1.5
 */
export function choleskySolve(
  L: Float64Array,
  d: number,
  b: Float64Array,
  out: Float64Array = new Float64Array(d),
): Float64Array {
  solveLower(L, d, b, out);
  return solveLowerTranspose(L, d, out, out);
}

/**
 * Solves A X = B for a d×m right-hand side (row-major) given the Cholesky factor L of A. `out` may be `B`.
 *
 * @example choleskySolveMatrix(new Float64Array([2, 0, 1, 1]), 2, new Float64Array([4, 8, 1, 2]), 2)[1] // 3
 */
export function choleskySolveMatrix(
  L: Float64Array,
  d: number,
  B: Float64Array,
  m: number,
  out: Float64Array = new Float64Array(d * m),
): Float64Array {
  solveLowerMatrix(L, d, B, m, out);
  return solveLowerTransposeMatrix(L, d, out, m, out);
}

/**
 * log |A| = 2 Σ log L_ii from the Cholesky factor: no overflow or underflow of the determinant itself, which
 * for a 100-dimensional covariance easily leaves the double range.
 *
 * @example logDetFromCholesky(new Float64Array([2, 0, 1, 3]), 2) // log 36 = 3.58351893845611
 */
export function logDetFromCholesky(L: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += Math.log(L[i * d + i]!);
  return 2 * sum;
}

/**
 * A⁻¹ from the Cholesky factor of A, as A⁻¹ = L⁻ᵀ L⁻¹: T = L⁻¹ by forward substitution (lower triangular),
 * then (A⁻¹)_ij = Σ_{k ≥ max(i, j)} T_ki T_kj. Exactly symmetric (both triangles are written from one sum);
 * about (2/3)d³ flops. Prefer choleskySolve when the inverse is only applied to vectors.
 *
 * @example inverseFromCholesky(new Float64Array([2, 0, 1, 1]), 2)[3] // 1
 */
export function inverseFromCholesky(
  L: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(d * d),
): Float64Array {
  if (L.length < d * d || out.length < d * d)
    throw new RangeError(`inverseFromCholesky: arrays too short for d = ${d}`);
  const t = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    t[j * d + j] = 1 / L[j * d + j]!;
    for (let i = j + 1; i < d; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum += L[i * d + k]! * t[k * d + j]!;
      t[i * d + j] = -sum / L[i * d + i]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < d; k++) sum += t[k * d + i]! * t[k * d + j]!;
      out[i * d + j] = sum;
      out[j * d + i] = sum;
    }
  }
  return out;
}

/**
 * (x − μ)ᵀ A⁻¹ (x − μ) given the Cholesky factor L of A: ‖L⁻¹(x − μ)‖², one forward substitution. x is read
 * from x[xOffset..xOffset + d), so a row of an N×d data array can be passed without copying; `scratch`
 * (length ≥ d) avoids an allocation per call in a loop over rows.
 *
 * @example mahalanobisSquared(Float64Array.of(2, 0, 1, 1), 2, Float64Array.of(3, 2), new Float64Array(2)) // 2.5
 */
export function mahalanobisSquared(
  L: Float64Array,
  d: number,
  x: Float64Array,
  mean: Float64Array,
  scratch: Float64Array = new Float64Array(d),
  xOffset = 0,
): number {
  let total = 0;
  for (let i = 0; i < d; i++) {
    const row = i * d;
    let sum = x[xOffset + i]! - mean[i]!;
    for (let k = 0; k < i; k++) sum -= L[row + k]! * scratch[k]!;
    const z = sum / L[row + i]!;
    scratch[i] = z;
    total += z * z;
  }
  return total;
}
