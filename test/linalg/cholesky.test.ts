// Cholesky factorisation, triangular and SPD solves, log-determinant and inverse, on random SPD matrices
// (fast-check, fixed seed), with error bounds taken from backward-error analysis (Higham, Accuracy and
// Stability of Numerical Algorithms, 2nd ed., ch. 8 and 10); and non-PD detection with the failing pivot.

import fc from "fast-check";
import { determinant, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  cholesky,
  choleskySolve,
  choleskySolveMatrix,
  inverseFromCholesky,
  logDetFromCholesky,
  mahalanobisSquared,
  matMul,
  matVec,
  quadForm,
  solveLower,
  solveLowerMatrix,
  solveLowerTranspose,
  solveLowerTransposeMatrix,
  solveUpper,
  solveUpperMatrix,
  symmetricEigen,
  transpose,
} from "../../src/linalg";
import { EPS, gram, maxAbs, SEED, spdMatrix, symmetricMatrix, vector } from "./fixtures";

function factor(a: Float64Array, d: number): Float64Array {
  const result = cholesky(a, d);
  if (!result.ok) throw new Error(`unexpected Cholesky failure at pivot ${result.pivot}`);
  return result.L;
}

/** Normwise backward error of a solve: ‖A x − b‖∞ / (‖A‖∞ ‖x‖∞ + ‖b‖∞). */
function backwardError(a: Float64Array, d: number, m: number, x: Float64Array, b: Float64Array): number {
  const ax = matMul(a, x, d, d, m);
  let rowNorm = 0;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.abs(a[i * d + j]!);
    rowNorm = Math.max(rowNorm, s);
  }
  const residual = maxAbs(ax.map((v, i) => v - b[i]!));
  return residual === 0 ? 0 : residual / (rowNorm * maxAbs(x) + maxAbs(b));
}

describe("cholesky on SPD matrices", () => {
  // Higham Thm 10.3: the computed L satisfies L Lᵀ = A + ΔA with |ΔA| ≤ γ_{d+1} |L||Lᵀ|, γ_n = nε/(1 − nε),
  // and (|L||Lᵀ|)_ij ≤ ‖L_i‖‖L_j‖ = √(a_ii a_jj) up to the same order. So each entry of L Lᵀ − A is at most
  // ~(d + 1)ε √(a_ii a_jj): a componentwise *relative* bound that survives rows scaled by 10^±3. The test
  // allows twice that (and the brief's 1e−10 relative is implied many times over).
  it("reconstructs L Lᵀ = A entrywise to 2(d + 1)ε √(a_ii a_jj)", () => {
    fc.assert(
      fc.property(spdMatrix, ({ d, a }) => {
        const L = factor(a, d);
        const product = gram(L, d);
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            const bound = 2 * (d + 1) * EPS * Math.sqrt(a[i * d + i]! * a[j * d + j]!);
            if (Math.abs(product[i * d + j]! - a[i * d + j]!) > bound) return false;
          }
        }
        return true;
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("returns a lower-triangular factor with a positive diagonal, and factors in place", () => {
    fc.assert(
      fc.property(spdMatrix, ({ d, a }) => {
        const L = factor(a, d);
        for (let i = 0; i < d; i++) {
          if (!(L[i * d + i]! > 0)) return false;
          for (let j = i + 1; j < d; j++) if (L[i * d + j] !== 0) return false;
        }
        const copy = a.slice();
        const inPlace = cholesky(copy, d, { out: copy });
        return inPlace.ok && inPlace.L === copy && copy.every((v, i) => v === L[i]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("reads only the lower triangle", () => {
    const a = new Float64Array([4, 99, 2, 5]);
    const L = factor(a, 2);
    expect(Array.from(L)).toEqual([2, 0, 1, 2]);
  });
});

describe("solves", () => {
  // Triangular substitution is backward stable: (L + ΔL) x = b with |ΔL| ≤ γ_d |L| (Higham Thm 8.5), and a
  // Cholesky solve has backward error O(d ε) normwise (Thm 10.4). 8dε is allowed for both.
  it("triangular solves with L, Lᵀ and U = Lᵀ have small residuals and agree with each other", () => {
    fc.assert(
      fc.property(
        spdMatrix.chain((m) => fc.tuple(fc.constant(m), vector(m.d))),
        ([{ d, a }, b]) => {
          const L = factor(a, d);
          const Lt = transpose(L, d, d);
          const x = solveLower(L, d, b);
          const y = solveLowerTranspose(L, d, b);
          const z = solveUpper(Lt, d, b);
          const limit = 8 * d * EPS;
          return (
            backwardError(L, d, 1, x, b) <= limit &&
            backwardError(Lt, d, 1, y, b) <= limit &&
            z.every((v, i) => v === y[i])
          );
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("choleskySolve solves A x = b with backward error ≤ 8dε, also in place", () => {
    fc.assert(
      fc.property(
        spdMatrix.chain((m) => fc.tuple(fc.constant(m), vector(m.d))),
        ([{ d, a }, b]) => {
          const L = factor(a, d);
          const x = choleskySolve(L, d, b);
          const inPlace = b.slice();
          choleskySolve(L, d, inPlace, inPlace);
          return backwardError(a, d, 1, x, b) <= 8 * d * EPS && inPlace.every((v, i) => v === x[i]);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("matrix right-hand sides give the same columns as vector solves", () => {
    fc.assert(
      fc.property(
        spdMatrix.chain((m) => fc.tuple(fc.constant(m), vector(m.d * 3))),
        ([{ d, a }, B]) => {
          const m = 3;
          const L = factor(a, d);
          const Lt = transpose(L, d, d);
          const X = choleskySolveMatrix(L, d, B, m);
          if (backwardError(a, d, m, X, B) > 8 * d * EPS) return false;
          for (let c = 0; c < m; c++) {
            const column = Float64Array.from({ length: d }, (_, i) => B[i * m + c]!);
            const pairs: [Float64Array, Float64Array][] = [
              [solveLowerMatrix(L, d, B, m), solveLower(L, d, column)],
              [solveLowerTransposeMatrix(L, d, B, m), solveLowerTranspose(L, d, column)],
              [solveUpperMatrix(Lt, d, B, m), solveUpper(Lt, d, column)],
              [X, choleskySolve(L, d, column)],
            ];
            for (const [matrix, vectorSolution] of pairs) {
              for (let i = 0; i < d; i++) {
                const v = vectorSolution[i]!;
                if (Math.abs(matrix[i * m + c]! - v) > 1e-12 * Math.max(1, Math.abs(v))) return false;
              }
            }
          }
          return true;
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe("log-determinant, inverse and Mahalanobis distance", () => {
  // log |A| from the factor against Σ log λᵢ from the eigendecomposition. The eigenvalues carry absolute
  // errors ~dε‖A‖, i.e. relative errors ~dεκ; the rows are scaled by up to 1e±3 so κ can reach ~1e12 and
  // the small eigenvalues lose digits: the tolerance is relative to Σ|log λᵢ| scaled by d·κ·ε, capped below.
  it("log |A| = Σ log λᵢ", () => {
    fc.assert(
      fc.property(spdMatrix, ({ d, a }) => {
        const L = factor(a, d);
        const { values } = symmetricEigen(a, d);
        const kappa = values[0]! / values[d - 1]!;
        const fromEigen = values.reduce((s, v) => s + Math.log(v), 0);
        return Math.abs(logDetFromCholesky(L, d) - fromEigen) <= 1e-13 * d + 10 * d * kappa * EPS;
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("log |A| agrees with an LU determinant on well-scaled matrices", () => {
    const a = new Float64Array([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const L = factor(a, 3);
    expect(logDetFromCholesky(L, 3)).toBeCloseTo(Math.log(determinant(Matrix.from1DArray(3, 3, a))), 14);
  });

  // ‖A A⁻¹ − I‖ is bounded by ~dεκ (forward error of the inverse times ‖A‖); the SPD matrices here are
  // built from B Bᵀ + dI before scaling, and scaling cancels in S A S (S A S)⁻¹, so κ of the unscaled part
  // (≤ ~5) is what counts for the scaled residual S⁻¹(A A⁻¹ − I)S; checked on diagonally scaled entries.
  it("A · A⁻¹ = I and the inverse is exactly symmetric", () => {
    fc.assert(
      fc.property(spdMatrix, ({ d, a }) => {
        const L = factor(a, d);
        const inverse = inverseFromCholesky(L, d);
        const product = matMul(a, inverse, d, d, d);
        const scale = Float64Array.from({ length: d }, (_, i) => Math.sqrt(a[i * d + i]!));
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            if (inverse[i * d + j] !== inverse[j * d + i]) return false;
            const scaled = ((product[i * d + j]! - (i === j ? 1 : 0)) * scale[j]!) / scale[i]!;
            if (Math.abs(scaled) > 50 * d * EPS) return false;
          }
        }
        return true;
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("mahalanobisSquared equals (x − μ)ᵀ A⁻¹ (x − μ), reading x at an offset", () => {
    fc.assert(
      fc.property(
        spdMatrix.chain((m) => fc.tuple(fc.constant(m), vector(m.d), vector(m.d))),
        ([{ d, a }, x, mean]) => {
          const L = factor(a, d);
          const diff = x.map((v, i) => v - mean[i]!);
          const direct = quadForm(inverseFromCholesky(L, d), d, diff);
          const padded = new Float64Array(d + 3);
          padded.set(x, 3);
          const got = mahalanobisSquared(L, d, padded, mean, new Float64Array(d), 3);
          return Math.abs(got - direct) <= 1e-10 * Math.max(1, direct);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("non-positive-definite input is reported with the failing pivot", () => {
  it("a 2×2 indefinite matrix fails at pivot 1 with the negative Schur complement", () => {
    const result = cholesky(new Float64Array([1, 2, 2, 1]), 2);
    expect(result).toEqual({ ok: false, pivot: 1, value: -3 });
  });

  it("a matrix with one negative eigenvalue fails where the leading minor turns non-positive", () => {
    // Q diag(3, 2, −1) Qᵀ with Q a rotation mixing all three axes.
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const q = new Float64Array([c, -s, 0, s * c, c * c, -s, s * s, s * c, c]);
    const lambda = new Float64Array([3, 0, 0, 0, 2, 0, 0, 0, -1]);
    const a = matMul(matMul(q, lambda, 3, 3, 3), transpose(q, 3, 3), 3, 3, 3);
    const result = cholesky(a, 3);
    expect(result.ok).toBe(false);
    const minors = [1, 2, 3].map((k) =>
      determinant(Matrix.from1DArray(3, 3, a).subMatrix(0, k - 1, 0, k - 1)),
    );
    const firstBad = minors.findIndex((m) => m <= 0);
    expect(result.ok === false && result.pivot).toBe(firstBad);
  });

  it("a singular PSD matrix fails at the pivot that is exactly zero", () => {
    const result = cholesky(new Float64Array([4, 2, 0, 2, 1, 0, 0, 0, 1]), 3);
    expect(result).toEqual({ ok: false, pivot: 1, value: 0 });
    expect(cholesky(new Float64Array(9), 3)).toMatchObject({ ok: false, pivot: 0 });
  });

  it("a rank-3 Gram matrix of size 5 fails at pivot 3 (rounding leaves a pivot below the tolerance)", () => {
    const x = new Float64Array([1, 2, 0.5, -1, 0.3, 2, 0.1, 1, 1.5, -0.7, 0.2, -1, 3, 1, 0.9]); // 5×3
    const a = matMul(x, transpose(x, 5, 3), 5, 3, 5);
    const result = cholesky(a, 5);
    expect(result.ok === false && result.pivot).toBe(3);
  });

  it("NaN and infinite entries fail at the row that holds them", () => {
    const base = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
    const offDiagonal = Float64Array.from(base);
    offDiagonal[6] = Number.NaN; // (2, 0)
    expect(cholesky(offDiagonal, 3)).toMatchObject({ ok: false, pivot: 2 });
    const diagonal = Float64Array.from(base);
    diagonal[4] = Number.NaN; // (1, 1)
    expect(cholesky(diagonal, 3)).toMatchObject({ ok: false, pivot: 1 });
    const infinite = Float64Array.from(base);
    infinite[8] = Number.POSITIVE_INFINITY;
    expect(cholesky(infinite, 3)).toMatchObject({ ok: false, pivot: 2 });
  });

  it("the relative tolerance rejects numerically singular pivots; tolerance 0 restores LAPACK's rule", () => {
    // [[1, 1], [1, 1 + 2ε]] is positive definite in exact arithmetic, but its second pivot 2ε is at the
    // level of the rounding error of computing it: singular to working precision.
    const nearlySingular = new Float64Array([1, 1, 1, 1 + 2 * EPS]);
    expect(cholesky(nearlySingular, 2)).toMatchObject({ ok: false, pivot: 1, value: 2 * EPS });
    expect(cholesky(nearlySingular, 2, { tolerance: 0 }).ok).toBe(true);
    // An ill-conditioned (κ ≈ 4e12) but resolvable matrix still factors.
    expect(cholesky(new Float64Array([1, 1, 1, 1 + 1e-12]), 2).ok).toBe(true);
    // A tiny but well-conditioned matrix is not "singular": the test is relative to the diagonal.
    expect(cholesky(new Float64Array([1e-300, 0, 0, 1e-300]), 2).ok).toBe(true);
  });

  // Sylvester's criterion: a symmetric matrix is PD iff every leading principal minor is positive, so the
  // first failing pivot p is the first k with det(A[0..k, 0..k]) ≤ 0. Cases with a minor within 1e−9 of 0
  // are skipped because rounding may then legitimately decide either way.
  it("on random symmetric matrices, the pivot is the first non-positive leading minor", () => {
    let checked = 0;
    fc.assert(
      fc.property(symmetricMatrix, ({ d, a }) => {
        const m = Matrix.from1DArray(d, d, a);
        const minors = Array.from({ length: d }, (_, k) => determinant(m.subMatrix(0, k, 0, k)));
        if (minors.some((v) => Math.abs(v) < 1e-9)) return true;
        checked++;
        const firstBad = minors.findIndex((v) => v <= 0);
        const result = cholesky(a, d);
        return firstBad === -1 ? result.ok : !result.ok && result.pivot === firstBad;
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it("rejects arrays that are too short", () => {
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(RangeError);
    expect(() => solveLower(new Float64Array(4), 2, new Float64Array(1))).toThrow(RangeError);
    expect(matVec(new Float64Array([1, 0, 0, 1]), 2, 2, new Float64Array([3, 4]))[1]).toBe(4);
  });
});
