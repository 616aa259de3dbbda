// A multivariate Normal conditioned on the observed coordinates of a row, prepared once per missingness pattern:
// the observed-data log-density and the conditional mean and covariance of the missing coordinates, by Cholesky.

import { cholesky } from "./cholesky";
import { logDetFromCholesky } from "./cholesky-solve";
import { solveLowerMatrix } from "./triangular";

const LN_2PI = 1.8378770664093453;

/** Why a pattern could not be prepared: nothing observed (the caller skips such rows), or Σₒₒ not PD. */
export type ConditionalGaussianResult =
  | { readonly ok: true; readonly value: ConditionalGaussian }
  | { readonly ok: false; readonly reason: "nothing-observed" }
  | {
      readonly ok: false;
      readonly reason: "not-positive-definite";
      /** The coordinate (0-based, of the full D) at whose pivot the Cholesky of Σₒₒ failed. */
      readonly coordinate: number;
      /** The Schur-complement diagonal found there (see CholeskyResult). */
      readonly value: number;
    };

/**
 * N(μ, Σ) given the observed coordinates o of a row, the rest m missing. Prepared once per pattern: L with
 * Σₒₒ = L Lᵀ, B = L⁻¹ Σₒₘ and the conditional covariance Σₘₘ − Bᵀ B. Each row then costs one forward
 * substitution w = L⁻¹ (xₒ − μₒ), which gives both the log-density (via ‖w‖²) and the conditional mean
 * μₘ + Bᵀ w = μₘ + Σₘₒ Σₒₒ⁻¹ (xₒ − μₒ). No inverse is formed.
 */
export class ConditionalGaussian {
  /** Indices of the observed coordinates, ascending. */
  readonly observed: Int32Array;
  /** Indices of the missing coordinates, ascending (may be empty). */
  readonly missing: Int32Array;
  /** Σₘₘ − Σₘₒ Σₒₒ⁻¹ Σₒₘ, m×m row-major, exactly symmetric; the same for every row of the pattern. */
  readonly conditionalCovariance: Float64Array;
  /** −½ (o log 2π + log |Σₒₒ|). */
  readonly logNormaliser: number;
  private readonly mean: Float64Array;
  private readonly L: Float64Array;
  private readonly B: Float64Array;
  private readonly w: Float64Array;
  private readonly missingMean: Float64Array;

  /** Use prepareConditionalGaussian, which reports the cases this constructor assumes away. */
  constructor(
    mean: Float64Array,
    observed: Int32Array,
    missing: Int32Array,
    L: Float64Array,
    B: Float64Array,
    conditionalCovariance: Float64Array,
  ) {
    this.mean = mean;
    this.observed = observed;
    this.missing = missing;
    this.L = L;
    this.B = B;
    this.conditionalCovariance = conditionalCovariance;
    this.logNormaliser = -0.5 * (observed.length * LN_2PI + logDetFromCholesky(L, observed.length));
    this.w = new Float64Array(observed.length);
    this.missingMean = new Float64Array(missing.length);
  }

  /** w = L⁻¹ (xₒ − μₒ) into this.w; returns ‖w‖². */
  private whiten(x: Float64Array, xOffset: number): number {
    const { L, w, observed, mean } = this;
    const o = observed.length;
    let total = 0;
    for (let i = 0; i < o; i++) {
      const row = i * o;
      const j = observed[i]!;
      let sum = x[xOffset + j]! - mean[j]!;
      for (let k = 0; k < i; k++) sum -= L[row + k]! * w[k]!;
      const v = sum / L[row + i]!;
      w[i] = v;
      total += v * v;
    }
    return total;
  }

  private meanFromWhitened(out: Float64Array): Float64Array {
    const { B, w, missing, mean, observed } = this;
    const m = missing.length;
    for (let c = 0; c < m; c++) out[c] = mean[missing[c]!]!;
    for (let k = 0; k < observed.length; k++) {
      const wk = w[k]!;
      const row = k * m;
      for (let c = 0; c < m; c++) out[c] = out[c]! + B[row + c]! * wk;
    }
    return out;
  }

  /**
   * log N(xₒ; μₒ, Σₒₒ), the row's contribution to the observed-data log-likelihood. The row is read from
   * x[xOffset + j] for the observed j only (the missing cells, typically NaN, are never touched).
   */
  logDensity(x: Float64Array, xOffset = 0): number {
    return this.logNormaliser - 0.5 * this.whiten(x, xOffset);
  }

  /** E[xₘ | xₒ] = μₘ + Σₘₒ Σₒₒ⁻¹ (xₒ − μₒ), written into `out` (length ≥ number missing). */
  conditionalMean(
    x: Float64Array,
    xOffset = 0,
    out: Float64Array = new Float64Array(this.missing.length),
  ): Float64Array {
    this.whiten(x, xOffset);
    return this.meanFromWhitened(out);
  }

  /** Both at once from one triangular solve: writes E[xₘ | xₒ] into `outMean` and returns log N(xₒ; μₒ, Σₒₒ). */
  evaluate(x: Float64Array, xOffset: number, outMean: Float64Array): number {
    const squared = this.whiten(x, xOffset);
    this.meanFromWhitened(outMean);
    return this.logNormaliser - 0.5 * squared;
  }

  /**
   * The completed row E[x | xₒ] (length D): observed values copied, missing ones replaced by their conditional
   * mean. With conditionalCovariance placed in the missing block, E[x xᵀ | xₒ] = x̂ x̂ᵀ + that block.
   */
  completeRow(
    x: Float64Array,
    xOffset = 0,
    out: Float64Array = new Float64Array(this.mean.length),
  ): Float64Array {
    const { observed, missing } = this;
    const missingMean = this.conditionalMean(x, xOffset, this.missingMean);
    for (let i = 0; i < observed.length; i++) out[observed[i]!] = x[xOffset + observed[i]!]!;
    for (let c = 0; c < missing.length; c++) out[missing[c]!] = missingMean[c]!;
    return out;
  }

  /** acc[mᵢ, mⱼ] += weight · conditionalCovariance[i, j] for a D×D accumulator: the E[x xᵀ] correction. */
  addCovarianceTo(acc: Float64Array, weight = 1): Float64Array {
    const { missing, conditionalCovariance } = this;
    const d = this.mean.length;
    const m = missing.length;
    for (let i = 0; i < m; i++) {
      const row = missing[i]! * d;
      for (let j = 0; j < m; j++) {
        const at = row + missing[j]!;
        acc[at] = acc[at]! + weight * conditionalCovariance[i * m + j]!;
      }
    }
    return acc;
  }
}

/**
 * Prepares N(mean, cov) (D-vector, D×D row-major; only entries within the observed/missing blocks are read,
 * lower and upper triangles both) for rows with the given missingness mask (truthy = missing, as in
 * BoundData.missing). Fails, without throwing, when every coordinate is missing (the row carries no
 * information: skip it) or when Σₒₒ is not numerically positive definite (naming the coordinate).
 *
 * @example prepareConditionalGaussian(Float64Array.of(0, 0), Float64Array.of(1, 0.5, 0.5, 1), 2, [0, 1]).ok // true
 */
export function prepareConditionalGaussian(
  mean: Float64Array,
  cov: Float64Array,
  d: number,
  missingMask: ArrayLike<number | boolean>,
): ConditionalGaussianResult {
  if (mean.length < d || cov.length < d * d || missingMask.length < d) {
    throw new RangeError(`prepareConditionalGaussian: arrays too short for D = ${d}`);
  }
  const observedList: number[] = [];
  const missingList: number[] = [];
  for (let j = 0; j < d; j++) (missingMask[j] ? missingList : observedList).push(j);
  if (observedList.length === 0) return { ok: false, reason: "nothing-observed" };
  const observed = Int32Array.from(observedList);
  const missing = Int32Array.from(missingList);
  const o = observed.length;
  const m = missing.length;

  const soo = new Float64Array(o * o);
  for (let i = 0; i < o; i++) {
    for (let j = 0; j < o; j++) soo[i * o + j] = cov[observed[i]! * d + observed[j]!]!;
  }
  const factor = cholesky(soo, o, { out: soo });
  if (!factor.ok) {
    return {
      ok: false,
      reason: "not-positive-definite",
      coordinate: observed[factor.pivot]!,
      value: factor.value,
    };
  }
  const L = factor.L;

  // B = L⁻¹ Σₒₘ (o×m); the conditional covariance is Σₘₘ − Bᵀ B, symmetric by construction.
  const B = new Float64Array(o * m);
  for (let i = 0; i < o; i++) {
    for (let c = 0; c < m; c++) B[i * m + c] = cov[observed[i]! * d + missing[c]!]!;
  }
  solveLowerMatrix(L, o, B, m, B);
  const conditional = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = cov[missing[i]! * d + missing[j]!]!;
      for (let k = 0; k < o; k++) sum -= B[k * m + i]! * B[k * m + j]!;
      conditional[i * m + j] = sum;
      conditional[j * m + i] = sum;
    }
  }
  return {
    ok: true,
    value: new ConditionalGaussian(
      Float64Array.from(mean.subarray(0, d)),
      observed,
      missing,
      L,
      B,
      conditional,
    ),
  };
}

/** Rows sharing one missingness pattern. */
export interface MissingPattern {
  /** 1 where the coordinate is missing (length D). */
  readonly mask: Uint8Array;
  /** The rows with this pattern, ascending. */
  readonly rows: Int32Array;
}

/**
 * Groups the N rows of an N×D missingness mask (1 = missing, row-major, as BoundData.missing; undefined when
 * nothing is missing) by pattern, in order of first appearance, so each pattern is prepared once.
 *
 * @example groupRowsByMissingPattern(Uint8Array.of(0, 1, 0, 0, 0, 1), 3, 2).length // 2
 */
export function groupRowsByMissingPattern(
  missing: Uint8Array | undefined,
  n: number,
  d: number,
): MissingPattern[] {
  if (n === 0) return [];
  if (missing === undefined) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    return [{ mask: new Uint8Array(d), rows }];
  }
  if (missing.length < n * d)
    throw new RangeError(`groupRowsByMissingPattern: mask has ${missing.length} entries`);
  const byKey = new Map<string, { mask: Uint8Array; rows: number[] }>();
  for (let r = 0; r < n; r++) {
    const mask = missing.subarray(r * d, r * d + d);
    let key = "";
    for (let j = 0; j < d; j++) key += mask[j] ? "1" : "0";
    let group = byKey.get(key);
    if (group === undefined) {
      group = { mask: Uint8Array.from(mask, (v) => (v ? 1 : 0)), rows: [] };
      byKey.set(key, group);
    }
    group.rows.push(r);
  }
  return [...byKey.values()].map((g) => ({ mask: g.mask, rows: Int32Array.from(g.rows) }));
}
