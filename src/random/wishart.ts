// Wishart and inverse-Wishart variates by the Bartlett decomposition (Bartlett 1933; Smith & Hocking,
// Algorithm AS 53, 1972): a triangular matrix of chi and normal variates, then two triangular products.

import { checkPositive } from "./check-parameters";
import { sampleChiSquare } from "./gamma";
import { sampleStandardNormal } from "./normal";
import type { Rng } from "./rng";

/**
 * The Bartlett factor A for Wishart(ν, I_d): lower triangular with A_ii = √χ²(ν − i) (i = 0..d−1) and
 * A_ij ~ N(0, 1) below the diagonal, so that A Aᵀ ~ Wishart(ν, I). Real ν > d − 1 is allowed.
 */
function bartlettFactor(rng: Rng, nu: number, d: number): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    a[i * d + i] = Math.sqrt(sampleChiSquare(rng, nu - i));
    for (let j = 0; j < i; j++) a[i * d + j] = sampleStandardNormal(rng);
  }
  return a;
}

function checkArguments(
  name: string,
  nu: number,
  cholesky: Float64Array,
  d: number,
  out: Float64Array,
): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${name}: d must be a positive integer, got ${d}`);
  checkPositive(`${name}: nu`, nu);
  if (!(nu > d - 1)) throw new RangeError(`${name}: nu must exceed d − 1 = ${d - 1}, got ${nu}`);
  if (cholesky.length < d * d || out.length < d * d) {
    throw new RangeError(`${name}: arrays too short for dimension ${d}`);
  }
}

/** out = B Bᵀ for a row-major d×d matrix B (only the lower triangle of B may be nonzero, or all of it). */
function gram(b: Float64Array, d: number, out: Float64Array): Float64Array {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += b[i * d + k]! * b[j * d + k]!;
      out[i * d + j] = sum;
      out[j * d + i] = sum;
    }
  }
  return out;
}

/**
 * A Wishart(ν, Σ) variate (mean ν Σ), given the lower Cholesky factor L of the scale matrix Σ (row-major
 * d×d) and ν > d − 1 degrees of freedom: W = (L A)(L A)ᵀ with A the Bartlett factor. Writes the symmetric
 * d×d result into `out` (a new array by default) and returns it.
 *
 * @example sampleWishart(createRng(31), 3, new Float64Array([1]), 1)[0] // 4.644803412301246
 */
export function sampleWishart(
  rng: Rng,
  nu: number,
  scaleCholesky: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(d * d),
): Float64Array {
  checkArguments("sampleWishart", nu, scaleCholesky, d, out);
  const a = bartlettFactor(rng, nu, d);
  // L A is lower triangular: (L A)_ij = Σ_{j ≤ k ≤ i} L_ik A_kj.
  const la = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = j; k <= i; k++) sum += scaleCholesky[i * d + k]! * a[k * d + j]!;
      la[i * d + j] = sum;
    }
  }
  return gram(la, d, out);
}

/**
 * An inverse-Wishart(ν, Ψ) variate (mean Ψ/(ν − d − 1) for ν > d + 1), given the lower Cholesky factor C of
 * Ψ and ν > d − 1. If A Aᵀ ~ Wishart(ν, I) then C⁻ᵀ A Aᵀ C⁻¹ ~ Wishart(ν, Ψ⁻¹), whose inverse is
 * X = (C A⁻ᵀ)(C A⁻ᵀ)ᵀ ~ InvWishart(ν, Ψ); this needs only the inverse of the triangular A, never of a full
 * matrix. Writes the symmetric d×d result into `out` (a new array by default) and returns it.
 *
 * @example sampleInverseWishart(createRng(31), 5, new Float64Array([1]), 1)[0] // 0.13718964870163464
 */
export function sampleInverseWishart(
  rng: Rng,
  nu: number,
  scaleCholesky: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(d * d),
): Float64Array {
  checkArguments("sampleInverseWishart", nu, scaleCholesky, d, out);
  const a = bartlettFactor(rng, nu, d);
  // T = A⁻¹ (lower triangular) by forward substitution on the columns of the identity.
  const t = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    t[j * d + j] = 1 / a[j * d + j]!;
    for (let i = j + 1; i < d; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum += a[i * d + k]! * t[k * d + j]!;
      t[i * d + j] = -sum / a[i * d + i]!;
    }
  }
  // B = C Tᵀ: B_ik = Σ_{j ≤ min(i, k)} C_ij T_kj.
  const b = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      let sum = 0;
      const top = Math.min(i, k);
      for (let j = 0; j <= top; j++) sum += scaleCholesky[i * d + j]! * t[k * d + j]!;
      b[i * d + k] = sum;
    }
  }
  return gram(b, d, out);
}
