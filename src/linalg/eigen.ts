// The symmetric eigendecomposition A = V diag(λ) Vᵀ, eigenvalues in descending order, by ml-matrix's
// Householder tridiagonalisation and implicit QL (tred2/tql2 from EISPACK via JAMA).

import { EigenvalueDecomposition, Matrix } from "ml-matrix";

export interface SymmetricEigen {
  /** λ₁ ≥ λ₂ ≥ … ≥ λ_d. */
  readonly values: Float64Array;
  /** Row-major d×d; column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/**
 * The eigenvalues (descending) and orthonormal eigenvectors of the symmetric d×d matrix a (row-major).
 * The input is symmetrised as (a + aᵀ)/2 first, so rounding noise between the triangles does not matter.
 * Each eigenvector's sign is fixed so that its largest-magnitude component is positive (the first such
 * component on ties), which makes results reproducible across runs and platforms. Used for PCA-style
 * initialisation (PPCA, factor analysis) and for diagnosing near-singular covariances.
 *
 * @example symmetricEigen(new Float64Array([2, 1, 1, 2]), 2).values[0] // 3
 */
export function symmetricEigen(a: Float64Array, d: number): SymmetricEigen {
  if (!Number.isInteger(d) || d < 1 || a.length < d * d) {
    throw new RangeError(`symmetricEigen: need a d×d matrix with d ≥ 1, got d = ${d}, ${a.length} entries`);
  }
  const matrix = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) matrix.set(i, j, 0.5 * (a[i * d + j]! + a[j * d + i]!));
  }
  const decomposition = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const raw = decomposition.realEigenvalues;
  const basis = decomposition.eigenvectorMatrix;
  // tql2 sorts ascending; reorder descending and remember where each value came from.
  const order = raw.map((_, i) => i).sort((p, q) => raw[q]! - raw[p]! || p - q);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((source, j) => {
    values[j] = raw[source]!;
    let largest = 0;
    let sign = 1;
    for (let i = 0; i < d; i++) {
      const v = basis.get(i, source);
      if (Math.abs(v) > largest) {
        largest = Math.abs(v);
        sign = v < 0 ? -1 : 1;
      }
    }
    for (let i = 0; i < d; i++) vectors[i * d + j] = sign * basis.get(i, source);
  });
  return { values, vectors };
}
