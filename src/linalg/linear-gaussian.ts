// The exact posterior of a Gaussian latent z ~ N(m₀, P₀) given x | z ~ N(A z + c, R), and the marginal density
// of x, in the L×L form: cost O(D L²) once and O(D L) per row when R is diagonal or isotropic (PPCA, FA).

import { cholesky } from "./cholesky";
import { logDetFromCholesky } from "./cholesky-solve";
import { solveLower, solveLowerMatrix, solveLowerTransposeMatrix } from "./triangular";

const LN_2PI = 1.8378770664093453;

/** The noise covariance R of x | z: s²·I, diag(r), or a full D×D SPD matrix (row-major). */
export type NoiseCovariance =
  | { readonly kind: "isotropic"; readonly variance: number }
  | { readonly kind: "diagonal"; readonly variances: Float64Array }
  | { readonly kind: "full"; readonly covariance: Float64Array };

/** z ∈ ℝᴸ ~ N(priorMean, priorCovariance); x ∈ ℝᴰ | z ~ N(loadings · z + offset, noise). */
export interface LinearGaussianModel {
  readonly d: number;
  readonly l: number;
  /** A, D×L row-major. */
  readonly loadings: Float64Array;
  /** c (length D); absent means 0. */
  readonly offset?: Float64Array;
  readonly priorMean: Float64Array;
  /** P₀, L×L row-major SPD. */
  readonly priorCovariance: Float64Array;
  readonly noise: NoiseCovariance;
}

export type LinearGaussianResult =
  | { readonly ok: true; readonly value: PreparedLinearGaussian }
  | {
      readonly ok: false;
      /** Which matrix failed its Cholesky factorisation, and where (see CholeskyResult). */
      readonly reason: "prior-not-positive-definite" | "noise-not-positive-definite";
      readonly pivot: number;
      readonly value: number;
    };

/**
 * The model prepared for many rows. With P₀ = L₀ L₀ᵀ and z = m₀ + L₀ u (u ~ N(0, I)), and W the whitening of
 * the noise (R^(−1/2) for diagonal R, L_R⁻¹ for full R = L_R L_Rᵀ), the whitened loadings Ã = W A L₀ give the
 * posterior precision of u as M = I + ÃᵀÃ (L×L, eigenvalues ≥ 1: always well conditioned). Then
 *   posterior covariance of z = L₀ M⁻¹ L₀ᵀ        (row-independent; positive semi-definite by construction)
 *   posterior mean          = m₀ + L₀ ū,  ū = M⁻¹ Ãᵀ W e,  e = x − A m₀ − c
 *   log N(x; A m₀ + c, A P₀ Aᵀ + R) = −½ (D log 2π + log|R| + log|M| + ‖W e − Ã ū‖² + ‖ū‖²)
 * (matrix determinant lemma; the Mahalanobis term of Woodbury written as a sum of two squares, so it does not
 * cancel when the noise is small).
 */
export class PreparedLinearGaussian {
  readonly d: number;
  readonly l: number;
  /** Cov(z | x), L×L row-major, exactly symmetric; the same for every row. */
  readonly posteriorCovariance: Float64Array;
  /** The gain K (L×D): E[z | x] = m₀ + K (x − A m₀ − c). */
  readonly gain: Float64Array;
  /** −½ (D log 2π + log |A P₀ Aᵀ + R|). */
  readonly logNormaliser: number;
  private readonly priorMean: Float64Array;
  private readonly priorFactor: Float64Array;
  /** A m₀ + c, the marginal mean of x. */
  private readonly marginalMean: Float64Array;
  private readonly whitened: Float64Array;
  /** M⁻¹ Ãᵀ (L×D): ū from the whitened residual. */
  private readonly whitenedGain: Float64Array;
  private readonly noise: NoiseCovariance;
  private readonly noiseFactor: Float64Array | undefined;
  private readonly residual: Float64Array;
  private readonly u: Float64Array;

  /** Use prepareLinearGaussian. */
  constructor(fields: {
    d: number;
    l: number;
    priorMean: Float64Array;
    priorFactor: Float64Array;
    marginalMean: Float64Array;
    whitened: Float64Array;
    whitenedGain: Float64Array;
    gain: Float64Array;
    posteriorCovariance: Float64Array;
    noise: NoiseCovariance;
    noiseFactor: Float64Array | undefined;
    logNormaliser: number;
  }) {
    this.d = fields.d;
    this.l = fields.l;
    this.priorMean = fields.priorMean;
    this.priorFactor = fields.priorFactor;
    this.marginalMean = fields.marginalMean;
    this.whitened = fields.whitened;
    this.whitenedGain = fields.whitenedGain;
    this.gain = fields.gain;
    this.posteriorCovariance = fields.posteriorCovariance;
    this.noise = fields.noise;
    this.noiseFactor = fields.noiseFactor;
    this.logNormaliser = fields.logNormaliser;
    this.residual = new Float64Array(fields.d);
    this.u = new Float64Array(fields.l);
  }

  /** E[z | x] = m₀ + K (x − A m₀ − c), O(D L); x read from x[xOffset..xOffset + D). */
  posteriorMean(x: Float64Array, xOffset = 0, out: Float64Array = new Float64Array(this.l)): Float64Array {
    const { d, l, gain, marginalMean, priorMean } = this;
    for (let i = 0; i < l; i++) {
      let sum = priorMean[i]!;
      const row = i * d;
      for (let j = 0; j < d; j++) sum += gain[row + j]! * (x[xOffset + j]! - marginalMean[j]!);
      out[i] = sum;
    }
    return out;
  }

  /** log N(x; A m₀ + c, A P₀ Aᵀ + R), the row's observed-data log-likelihood. */
  logMarginal(x: Float64Array, xOffset = 0): number {
    return this.logNormaliser - 0.5 * this.whitenedSolve(x, xOffset);
  }

  /** Both at once: writes E[z | x] into `outMean` and returns log N(x; A m₀ + c, A P₀ Aᵀ + R). */
  evaluate(x: Float64Array, xOffset: number, outMean: Float64Array): number {
    const squared = this.whitenedSolve(x, xOffset);
    const { l, u, priorFactor, priorMean } = this;
    for (let i = 0; i < l; i++) {
      let sum = priorMean[i]!;
      for (let k = 0; k <= i; k++) sum += priorFactor[i * l + k]! * u[k]!;
      outMean[i] = sum;
    }
    return this.logNormaliser - 0.5 * squared;
  }

  /** Sets this.u = ū and returns the Mahalanobis term ‖W e − Ã ū‖² + ‖ū‖² = eᵀ (A P₀ Aᵀ + R)⁻¹ e. */
  private whitenedSolve(x: Float64Array, xOffset: number): number {
    const { d, l, residual: r, u, whitened, whitenedGain, marginalMean, noise } = this;
    for (let j = 0; j < d; j++) r[j] = x[xOffset + j]! - marginalMean[j]!;
    if (noise.kind === "isotropic") {
      const scale = 1 / Math.sqrt(noise.variance);
      for (let j = 0; j < d; j++) r[j] = r[j]! * scale;
    } else if (noise.kind === "diagonal") {
      for (let j = 0; j < d; j++) r[j] = r[j]! / Math.sqrt(noise.variances[j]!);
    } else {
      solveLower(this.noiseFactor!, d, r, r);
    }
    let total = 0;
    for (let i = 0; i < l; i++) {
      let sum = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) sum += whitenedGain[row + j]! * r[j]!;
      u[i] = sum;
      total += sum * sum;
    }
    for (let j = 0; j < d; j++) {
      let fit = 0;
      const row = j * l;
      for (let k = 0; k < l; k++) fit += whitened[row + k]! * u[k]!;
      const v = r[j]! - fit;
      total += v * v;
    }
    return total;
  }
}

function check(name: string, array: Float64Array, needed: number): void {
  if (array.length < needed)
    throw new RangeError(`prepareLinearGaussian: ${name} has ${array.length} entries, need ${needed}`);
}

/**
 * Prepares the posterior of z given x for the linear-Gaussian model: Cholesky of P₀ (and of R when full), the
 * L×L matrix M and its Cholesky, the posterior covariance and the gain, all once. Reports (does not throw) a
 * prior or noise covariance that is not positive definite; a diagonal or isotropic variance ≤ 0 or NaN is
 * reported as the noise failing at that coordinate.
 *
 * @example prepareLinearGaussian({ d: 2, l: 1, loadings: Float64Array.of(1, 1), priorMean: Float64Array.of(0), priorCovariance: Float64Array.of(1), noise: { kind: "isotropic", variance: 1 } }).value.posteriorCovariance[0] // 1/3 = 0.3333333333333333
 */
export function prepareLinearGaussian(model: LinearGaussianModel): LinearGaussianResult {
  const { d, l, loadings: A, priorMean, priorCovariance, noise } = model;
  check("loadings", A, d * l);
  check("priorMean", priorMean, l);
  check("priorCovariance", priorCovariance, l * l);
  if (model.offset !== undefined) check("offset", model.offset, d);

  const prior = cholesky(priorCovariance, l);
  if (!prior.ok)
    return { ok: false, reason: "prior-not-positive-definite", pivot: prior.pivot, value: prior.value };
  const L0 = prior.L;

  // Ã = W A L₀ (D×L), and log |R|.
  const whitened = new Float64Array(d * l);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < l; k++) {
      let sum = 0;
      for (let p = k; p < l; p++) sum += A[j * l + p]! * L0[p * l + k]!;
      whitened[j * l + k] = sum;
    }
  }
  let noiseFactor: Float64Array | undefined;
  let logDetNoise: number;
  if (noise.kind === "full") {
    check("noise covariance", noise.covariance, d * d);
    const factor = cholesky(noise.covariance, d);
    if (!factor.ok)
      return { ok: false, reason: "noise-not-positive-definite", pivot: factor.pivot, value: factor.value };
    noiseFactor = factor.L;
    solveLowerMatrix(noiseFactor, d, whitened, l, whitened);
    logDetNoise = logDetFromCholesky(noiseFactor, d);
  } else {
    if (noise.kind === "diagonal") check("noise variances", noise.variances, d);
    logDetNoise = 0;
    for (let j = 0; j < d; j++) {
      const v = noise.kind === "isotropic" ? noise.variance : noise.variances[j]!;
      if (!(v > 0 && v < Number.POSITIVE_INFINITY)) {
        return { ok: false, reason: "noise-not-positive-definite", pivot: j, value: v };
      }
      const scale = 1 / Math.sqrt(v);
      for (let k = 0; k < l; k++) whitened[j * l + k] = whitened[j * l + k]! * scale;
      logDetNoise += Math.log(v);
    }
  }

  // M = I + ÃᵀÃ and its Cholesky L_M (a pivot can only fail on NaN/∞ input: M ≥ I).
  const M = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    for (let k = 0; k <= i; k++) {
      let sum = i === k ? 1 : 0;
      for (let j = 0; j < d; j++) sum += whitened[j * l + i]! * whitened[j * l + k]!;
      M[i * l + k] = sum;
      M[k * l + i] = sum;
    }
  }
  const precision = cholesky(M, l, { out: M });
  if (!precision.ok)
    return { ok: false, reason: "noise-not-positive-definite", pivot: -1, value: precision.value };
  const LM = precision.L;

  // M⁻¹ Ãᵀ (L×D) by two triangular solves on Ãᵀ.
  const whitenedGain = new Float64Array(l * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < l; k++) whitenedGain[k * d + j] = whitened[j * l + k]!;
  }
  solveLowerMatrix(LM, l, whitenedGain, d, whitenedGain);
  solveLowerTransposeMatrix(LM, l, whitenedGain, d, whitenedGain);

  // K = L₀ M⁻¹ Ãᵀ W: the whitening applied from the right (W = L_R⁻¹: Kᵀ = L_R⁻ᵀ (M⁻¹Ãᵀ)ᵀ L₀ᵀ).
  const gain = new Float64Array(l * d);
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let k = 0; k <= i; k++) sum += L0[i * l + k]! * whitenedGain[k * d + j]!;
      gain[i * d + j] = sum;
    }
  }
  if (noise.kind === "full") {
    const gainT = new Float64Array(d * l);
    for (let i = 0; i < l; i++) for (let j = 0; j < d; j++) gainT[j * l + i] = gain[i * d + j]!;
    solveLowerTransposeMatrix(noiseFactor!, d, gainT, l, gainT);
    for (let i = 0; i < l; i++) for (let j = 0; j < d; j++) gain[i * d + j] = gainT[j * l + i]!;
  } else {
    for (let j = 0; j < d; j++) {
      const v = noise.kind === "isotropic" ? noise.variance : noise.variances[j]!;
      const scale = 1 / Math.sqrt(v);
      for (let i = 0; i < l; i++) gain[i * d + j] = gain[i * d + j]! * scale;
    }
  }

  // Posterior covariance L₀ M⁻¹ L₀ᵀ = Tᵀ T with T = L_M⁻¹ L₀ᵀ.
  const T = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let k = 0; k < l; k++) T[k * l + i] = L0[i * l + k]!;
  solveLowerMatrix(LM, l, T, l, T);
  const posteriorCovariance = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < l; k++) sum += T[k * l + i]! * T[k * l + j]!;
      posteriorCovariance[i * l + j] = sum;
      posteriorCovariance[j * l + i] = sum;
    }
  }

  const marginalMean = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let sum = model.offset === undefined ? 0 : model.offset[j]!;
    for (let k = 0; k < l; k++) sum += A[j * l + k]! * priorMean[k]!;
    marginalMean[j] = sum;
  }

  return {
    ok: true,
    value: new PreparedLinearGaussian({
      d,
      l,
      priorMean: Float64Array.from(priorMean.subarray(0, l)),
      priorFactor: L0,
      marginalMean,
      whitened,
      whitenedGain,
      gain,
      posteriorCovariance,
      noise:
        noise.kind === "diagonal"
          ? { kind: "diagonal", variances: Float64Array.from(noise.variances) }
          : noise,
      noiseFactor,
      logNormaliser: -0.5 * (d * LN_2PI + logDetNoise + logDetFromCholesky(LM, l)),
    }),
  };
}

/** The posterior of z given one x and the marginal log-density of x. */
export interface LinearGaussianPosterior {
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
  readonly logMarginal: number;
}

/**
 * One-shot posterior of z given x (see PreparedLinearGaussian for the method); for many rows sharing the
 * model, prepare once with prepareLinearGaussian and call `evaluate` per row.
 *
 * @example linearGaussianPosterior({ d: 1, l: 1, loadings: Float64Array.of(1), priorMean: Float64Array.of(0), priorCovariance: Float64Array.of(1), noise: { kind: "isotropic", variance: 1 } }, Float64Array.of(2)).value.mean[0] // 1
 */
export function linearGaussianPosterior(
  model: LinearGaussianModel,
  x: Float64Array,
):
  | { readonly ok: true; readonly value: LinearGaussianPosterior }
  | Extract<LinearGaussianResult, { ok: false }> {
  const prepared = prepareLinearGaussian(model);
  if (!prepared.ok) return prepared;
  const mean = new Float64Array(model.l);
  const logMarginal = prepared.value.evaluate(x, 0, mean);
  return { ok: true, value: { mean, covariance: prepared.value.posteriorCovariance, logMarginal } };
}
