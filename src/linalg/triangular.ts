// Triangular solves with row-major d×d factors: L x = b, Lᵀ x = b and U x = b, for one right-hand side
// (a vector) or many (the m columns of a row-major d×m matrix). Outputs may alias the right-hand side.

function checkSizes(
  name: string,
  t: Float64Array,
  d: number,
  b: Float64Array,
  m: number,
  out: Float64Array,
): void {
  if (t.length < d * d || b.length < d * m || out.length < d * m) {
    throw new RangeError(`${name}: arrays too short for d = ${d}, m = ${m}`);
  }
}

/**
 * Solves L x = b by forward substitution, L lower triangular (entries above the diagonal are not read).
 * `out` may be `b` itself. Returns `out`.
 *
 * @example solveLower(new Float64Array([2, 0, 1, 1]), 2, new Float64Array([2, 3]))[1] // 2
 */
export function solveLower(
  L: Float64Array,
  d: number,
  b: Float64Array,
  out: Float64Array = new Float64Array(d),
): Float64Array {
  checkSizes("solveLower", L, d, b, 1, out);
  for (let i = 0; i < d; i++) {
    const row = i * d;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= L[row + k]! * out[k]!;
    out[i] = sum / L[row + i]!;
  }
  return out;
}

/**
 * Solves Lᵀ x = b by back substitution, L lower triangular (so Lᵀ is upper), reading L by columns.
 * `out` may be `b` itself. Returns `out`.
 *
 * @example solveLowerTranspose(new Float64Array([2, 0, 1, 1]), 2, new Float64Array([4, 1]))[0] // 1.5
 */
export function solveLowerTranspose(
  L: Float64Array,
  d: number,
  b: Float64Array,
  out: Float64Array = new Float64Array(d),
): Float64Array {
  checkSizes("solveLowerTranspose", L, d, b, 1, out);
  for (let i = d - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < d; k++) sum -= L[k * d + i]! * out[k]!;
    out[i] = sum / L[i * d + i]!;
  }
  return out;
}

/**
 * Solves U x = b by back substitution, U upper triangular (entries below the diagonal are not read).
 * `out` may be `b` itself. Returns `out`.
 *
 * @example solveUpper(new Float64Array([2, 1, 0, 1]), 2, new Float64Array([4, 1]))[0] // 1.5
 */
export function solveUpper(
  U: Float64Array,
  d: number,
  b: Float64Array,
  out: Float64Array = new Float64Array(d),
): Float64Array {
  checkSizes("solveUpper", U, d, b, 1, out);
  for (let i = d - 1; i >= 0; i--) {
    const row = i * d;
    let sum = b[i]!;
    for (let k = i + 1; k < d; k++) sum -= U[row + k]! * out[k]!;
    out[i] = sum / U[row + i]!;
  }
  return out;
}

/**
 * Solves L X = B for the d×m matrix X (row-major), L lower triangular: each column of B is a right-hand
 * side. Works a row of X at a time, so the inner loops run along contiguous rows. `out` may be `B`.
 *
 * @example solveLowerMatrix(new Float64Array([2, 0, 1, 1]), 2, new Float64Array([2, 4, 3, 4]), 2)[3] // 2
 */
export function solveLowerMatrix(
  L: Float64Array,
  d: number,
  B: Float64Array,
  m: number,
  out: Float64Array = new Float64Array(d * m),
): Float64Array {
  checkSizes("solveLowerMatrix", L, d, B, m, out);
  for (let i = 0; i < d; i++) {
    const rowX = i * m;
    for (let c = 0; c < m; c++) out[rowX + c] = B[rowX + c]!;
    for (let k = 0; k < i; k++) {
      const lik = L[i * d + k]!;
      if (lik === 0) continue;
      const rowK = k * m;
      for (let c = 0; c < m; c++) out[rowX + c] = out[rowX + c]! - lik * out[rowK + c]!;
    }
    const diagonal = L[i * d + i]!;
    for (let c = 0; c < m; c++) out[rowX + c] = out[rowX + c]! / diagonal;
  }
  return out;
}

/**
 * Solves Lᵀ X = B for the d×m matrix X, L lower triangular. `out` may be `B`.
 *
 * @example solveLowerTransposeMatrix(Float64Array.of(2, 0, 1, 1), 2, Float64Array.of(4, 0, 1, 2), 2)[1] // -1
 */
export function solveLowerTransposeMatrix(
  L: Float64Array,
  d: number,
  B: Float64Array,
  m: number,
  out: Float64Array = new Float64Array(d * m),
): Float64Array {
  checkSizes("solveLowerTransposeMatrix", L, d, B, m, out);
  for (let i = d - 1; i >= 0; i--) {
    const rowX = i * m;
    for (let c = 0; c < m; c++) out[rowX + c] = B[rowX + c]!;
    for (let k = i + 1; k < d; k++) {
      const lki = L[k * d + i]!;
      if (lki === 0) continue;
      const rowK = k * m;
      for (let c = 0; c < m; c++) out[rowX + c] = out[rowX + c]! - lki * out[rowK + c]!;
    }
    const diagonal = L[i * d + i]!;
    for (let c = 0; c < m; c++) out[rowX + c] = out[rowX + c]! / diagonal;
  }
  return out;
}

/**
 * Solves U X = B for the d×m matrix X, U upper triangular. `out` may be `B`.
 *
 * @example solveUpperMatrix(new Float64Array([2, 1, 0, 1]), 2, new Float64Array([4, 0, 1, 2]), 2)[1] // -1
 */
export function solveUpperMatrix(
  U: Float64Array,
  d: number,
  B: Float64Array,
  m: number,
  out: Float64Array = new Float64Array(d * m),
): Float64Array {
  checkSizes("solveUpperMatrix", U, d, B, m, out);
  for (let i = d - 1; i >= 0; i--) {
    const rowX = i * m;
    for (let c = 0; c < m; c++) out[rowX + c] = B[rowX + c]!;
    for (let k = i + 1; k < d; k++) {
      const uik = U[i * d + k]!;
      if (uik === 0) continue;
      const rowK = k * m;
      for (let c = 0; c < m; c++) out[rowX + c] = out[rowX + c]! - uik * out[rowK + c]!;
    }
    const diagonal = U[i * d + i]!;
    for (let c = 0; c < m; c++) out[rowX + c] = out[rowX + c]! / diagonal;
  }
  return out;
}
