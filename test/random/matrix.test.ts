// Vector- and matrix-valued samplers (multivariate normal, Wishart, inverse-Wishart): entrywise means and
// covariances against their analytic values, within 5 standard errors computed from the analytic
// variances (statistics.ts has the derivation). Seeds are fixed.

import { describe, expect, it } from "vitest";
import { cholesky, inverseFromCholesky } from "../../src/linalg";
import { createRng, sampleInverseWishart, sampleMvNormal, sampleWishart } from "../../src/random";
import { Z } from "./statistics";

const D = 3;
/** A covariance with unequal variances and correlations of both signs. */
const SIGMA = new Float64Array([4, 1.2, -0.8, 1.2, 2, 0.3, -0.8, 0.3, 1]);

function lowerFactor(a: Float64Array, d: number): Float64Array {
  const result = cholesky(a, d);
  if (!result.ok) throw new Error("test matrix is not positive definite");
  return result.L;
}

/** Asserts |estimate − truth| ≤ Z · √(variance / n), the 5-standard-error rule. */
function expectWithinSe(estimate: number, truth: number, variance: number, n: number, label: string): void {
  const se = Math.sqrt(variance / n);
  expect(Math.abs(estimate - truth), `${label}: ${estimate} vs ${truth} (SE ${se})`).toBeLessThanOrEqual(
    Z * se,
  );
}

describe("multivariate normal", () => {
  it("has mean μ and covariance L Lᵀ", () => {
    const n = 100_000;
    const mean = new Float64Array([1, -2, 0.5]);
    const L = lowerFactor(SIGMA, D);
    const rng = createRng(500);
    const sum = new Float64Array(D);
    const cross = new Float64Array(D * D);
    const x = new Float64Array(D);
    for (let t = 0; t < n; t++) {
      sampleMvNormal(rng, mean, L, D, x);
      for (let i = 0; i < D; i++) {
        sum[i] = sum[i]! + x[i]!;
        for (let j = 0; j < D; j++)
          cross[i * D + j] = cross[i * D + j]! + (x[i]! - mean[i]!) * (x[j]! - mean[j]!);
      }
    }
    for (let i = 0; i < D; i++) {
      // The sample mean of coordinate i has variance Σ_ii / n.
      expectWithinSe(sum[i]! / n, mean[i]!, SIGMA[i * D + i]!, n, `mean ${i}`);
      for (let j = 0; j < D; j++) {
        // With μ known, (x_i − μ_i)(x_j − μ_j) has mean Σ_ij and, for a Gaussian, variance Σ_ii Σ_jj + Σ_ij²
        // (Isserlis' theorem), so the sample covariance has variance (Σ_ii Σ_jj + Σ_ij²)/n.
        const variance = SIGMA[i * D + i]! * SIGMA[j * D + j]! + SIGMA[i * D + j]! ** 2;
        expectWithinSe(cross[i * D + j]! / n, SIGMA[i * D + j]!, variance, n, `covariance ${i},${j}`);
      }
    }
  });

  it("ignores the upper triangle of the factor and rejects short arrays", () => {
    const L = lowerFactor(SIGMA, D);
    const dirty = L.slice();
    dirty[1] = 99;
    const a = sampleMvNormal(createRng(1), new Float64Array(D), L, D);
    const b = sampleMvNormal(createRng(1), new Float64Array(D), dirty, D);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(() => sampleMvNormal(createRng(1), new Float64Array(2), L, D)).toThrow(RangeError);
  });
});

describe("Wishart and inverse-Wishart", () => {
  const n = 40_000;

  // W ~ Wishart(ν, Σ): E W = ν Σ and Var(W_ij) = ν (Σ_ij² + Σ_ii Σ_jj).
  it("Wishart(ν, Σ) has mean νΣ and the Wishart entry variances", () => {
    const nu = 6.5;
    const L = lowerFactor(SIGMA, D);
    const rng = createRng(510);
    const sum = new Float64Array(D * D);
    const w = new Float64Array(D * D);
    for (let t = 0; t < n; t++) {
      sampleWishart(rng, nu, L, D, w);
      for (let k = 0; k < D * D; k++) sum[k] = sum[k]! + w[k]!;
      if (t === 0) expect(w[1]).toBe(w[D]); // exactly symmetric
    }
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        const variance = nu * (SIGMA[i * D + j]! ** 2 + SIGMA[i * D + i]! * SIGMA[j * D + j]!);
        expectWithinSe(sum[i * D + j]! / n, nu * SIGMA[i * D + j]!, variance, n, `Wishart ${i},${j}`);
      }
    }
  });

  // X ~ InvWishart(ν, Ψ) in dimension p: E X = Ψ/(ν − p − 1) for ν > p + 1, and
  // Var(X_ij) = ((ν − p + 1) Ψ_ij² + (ν − p − 1) Ψ_ii Ψ_jj) / ((ν − p)(ν − p − 1)²(ν − p − 3)) for ν > p + 3.
  it("InvWishart(ν, Ψ) has mean Ψ/(ν − D − 1) and the inverse-Wishart entry variances", () => {
    const nu = 9;
    const psi = SIGMA;
    const C = lowerFactor(psi, D);
    const rng = createRng(520);
    const sum = new Float64Array(D * D);
    const x = new Float64Array(D * D);
    for (let t = 0; t < n; t++) {
      sampleInverseWishart(rng, nu, C, D, x);
      for (let k = 0; k < D * D; k++) sum[k] = sum[k]! + x[k]!;
    }
    const a = nu - D;
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        const psiij = psi[i * D + j]!;
        const variance =
          ((a + 1) * psiij ** 2 + (a - 1) * psi[i * D + i]! * psi[j * D + j]!) / (a * (a - 1) ** 2 * (a - 3));
        expectWithinSe(sum[i * D + j]! / n, psiij / (nu - D - 1), variance, n, `InvWishart ${i},${j}`);
      }
    }
  });

  // If X ~ InvWishart(ν, Ψ) then X⁻¹ ~ Wishart(ν, Ψ⁻¹), so E X⁻¹ = ν Ψ⁻¹ with Wishart variances: this also
  // holds for ν ≤ D + 1, where the inverse-Wishart mean does not exist.
  it("the inverse of an inverse-Wishart draw is Wishart(ν, Ψ⁻¹), also for small ν", () => {
    const nu = 3.5;
    const C = lowerFactor(SIGMA, D);
    const psiInverse = inverseFromCholesky(C, D);
    const rng = createRng(530);
    const sum = new Float64Array(D * D);
    const x = new Float64Array(D * D);
    for (let t = 0; t < n; t++) {
      sampleInverseWishart(rng, nu, C, D, x);
      const inverse = inverseFromCholesky(lowerFactor(x, D), D);
      for (let k = 0; k < D * D; k++) sum[k] = sum[k]! + inverse[k]!;
    }
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        const s = psiInverse;
        const variance = nu * (s[i * D + j]! ** 2 + s[i * D + i]! * s[j * D + j]!);
        expectWithinSe(sum[i * D + j]! / n, nu * s[i * D + j]!, variance, n, `InvWishart⁻¹ ${i},${j}`);
      }
    }
  });

  it("requires ν > D − 1 and a positive dimension", () => {
    const L = lowerFactor(SIGMA, D);
    expect(() => sampleWishart(createRng(1), 2, L, D)).toThrow(RangeError);
    expect(() => sampleInverseWishart(createRng(1), 1.5, L, D)).toThrow(RangeError);
    expect(() => sampleWishart(createRng(1), 5, L, 0)).toThrow(RangeError);
    expect(sampleWishart(createRng(1), 2.01, L, D).every(Number.isFinite)).toBe(true);
  });
});
