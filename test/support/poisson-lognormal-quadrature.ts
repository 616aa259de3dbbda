// An independent reference for the Poisson–log-normal random-effects model: Gauss–Hermite rules, the marginal
// log-likelihood by adaptive Gauss–Hermite quadrature per row, and its maximum by Nelder–Mead.

import { lgamma } from "../../src/special";
import { maximise } from "./nelder-mead";

/** A Gauss–Hermite rule for the weight e^{−x²}: Σᵢ wᵢ f(xᵢ) ≈ ∫ f(x) e^{−x²} dx, exact for polynomials of degree ≤ 2n − 1. */
export interface GaussHermiteRule {
  /** Nodes in decreasing order (symmetric about 0). */
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  readonly logWeights: Float64Array;
}

const PI_M4 = Math.PI ** -0.25;
const rules = new Map<number, GaussHermiteRule>();

/**
 * The n-point Gauss–Hermite rule (physicists' weight e^{−x²}), by Newton's method on the orthonormal Hermite
 * recurrence from the asymptotic initial guesses of Numerical Recipes `gauher`. Cached per n.
 */
export function gaussHermite(n: number): GaussHermiteRule {
  const cached = rules.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1) throw new Error(`gaussHermite: n must be a positive integer, got ${n}`);
  const nodes = new Float64Array(n);
  const logWeights = new Float64Array(n);
  // p̃ⱼ(z) = (2/j)^{1/2} z p̃ⱼ₋₁(z) − ((j−1)/j)^{1/2} p̃ⱼ₋₂(z), p̃₀ = π^{−1/4}: orthonormal under e^{−x²}.
  // Returns [p̃ₙ(z), p̃ₙ'(z)] with p̃ₙ' = (2n)^{1/2} p̃ₙ₋₁.
  const evaluate = (z: number): [number, number] => {
    let p1 = PI_M4;
    let p2 = 0;
    for (let j = 1; j <= n; j++) {
      const p3 = p2;
      p2 = p1;
      p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
    }
    return [p1, Math.sqrt(2 * n) * p2];
  };
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1]!;
    else z = 2 * z - nodes[i - 2]!;
    for (let it = 0; it < 100; it++) {
      const [p, dp] = evaluate(z);
      const step = p / dp;
      z -= step;
      if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    if (n % 2 === 1 && i === m - 1) z = 0; // the middle node of an odd rule is exactly 0
    // wᵢ = 2 / p̃ₙ'(xᵢ)², taken at the converged node.
    const dp = evaluate(z)[1];
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    logWeights[i] = Math.LN2 - 2 * Math.log(Math.abs(dp));
    logWeights[n - 1 - i] = logWeights[i]!;
  }
  const rule = { nodes, weights: logWeights.map(Math.exp), logWeights };
  rules.set(n, rule);
  return rule;
}

/** log Poisson(y | e^{a+z}) + log N(z | 0, s) as a function of z: the integrand of one row, in log space. */
export function rowLogIntegrand(y: number, a: number, s: number, z: number): number {
  const eta = a + z;
  return (
    y * eta -
    Math.exp(eta) -
    lgamma(y + 1) -
    (0.5 * z * z) / (s * s) -
    Math.log(s) -
    0.5 * Math.log(2 * Math.PI)
  );
}

/**
 * The mode of the row integrand in z. g'(z) = y − e^{a+z} − z/s² is decreasing and concave, so Newton started
 * at or right of the root descends to it monotonically; max(0, min(y s², log y − a)) is such a start (the root
 * is ≤ 0 when y = 0, and when it is positive, e^{a+z} < y and z < y s² there).
 */
export function rowMode(y: number, a: number, s: number): number {
  const v = s * s;
  let z = y > 0 ? Math.max(0, Math.min(y * v, Math.log(y) - a)) : 0;
  for (let it = 0; it < 500; it++) {
    const e = Math.exp(a + z);
    const step = (y - e - z / v) / (e + 1 / v);
    z += step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}

/** log ∫ Poisson(y | e^{a+z}) N(z | 0, s) dz for one row, by adaptive Gauss–Hermite quadrature. */
export function poissonLogNormalRowLogLikelihood(y: number, a: number, s: number, nodes = 40): number {
  const { nodes: x, logWeights } = gaussHermite(nodes);
  const mode = rowMode(y, a, s);
  const scale = Math.SQRT2 / Math.sqrt(Math.exp(a + mode) + 1 / (s * s)); // √2 × the Laplace sd
  // ∫ e^{g(z)} dz = scale Σᵢ wᵢ e^{xᵢ²} e^{g(mode + scale xᵢ)}, summed by log-sum-exp.
  const terms = new Float64Array(nodes);
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nodes; i++) {
    const xi = x[i]!;
    terms[i] = logWeights[i]! + xi * xi + rowLogIntegrand(y, a, s, mode + scale * xi);
    if (terms[i]! > top) top = terms[i]!;
  }
  let sum = 0;
  for (let i = 0; i < nodes; i++) sum += Math.exp(terms[i]! - top);
  return Math.log(scale) + top + Math.log(sum);
}

/** Σₙ log ∫ Poisson(yₙ | e^{a+z}) N(z | 0, s) dz, each row by adaptive Gauss–Hermite quadrature (s is the sd). */
export function poissonLogNormalLogLikelihood(
  y: readonly number[],
  a: number,
  s: number,
  nodes = 40,
): number {
  if (!(s > 0)) return Number.NaN;
  // Rows with equal counts have equal integrals: integrate each distinct count once.
  const counts = new Map<number, number>();
  for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
  let total = 0;
  for (const [v, c] of counts) total += c * poissonLogNormalRowLogLikelihood(v, a, s, nodes);
  return total;
}

/**
 * The maximum-likelihood (a, s), by Nelder–Mead over t = (a, log s) from the moment estimates
 * s² = log(1 + (var − mean)/mean²), a = log mean − s²/2 (var floored so that s² > 0), then polished by up to
 * three Newton steps on central differences: Nelder–Mead stops when ℓ is flat to ~1e−10, which leaves a and
 * s uncertain in the 7th digit; the polish brings them to ~1e−9. A step is kept only if ℓ does not fall.
 */
export function poissonLogNormalMle(y: readonly number[]): { a: number; s: number; logLikelihood: number } {
  const n = y.length;
  const mean = y.reduce((t, v) => t + v, 0) / n;
  const variance = y.reduce((t, v) => t + (v - mean) ** 2, 0) / n;
  const s2 = Math.log(1 + Math.max(variance - mean, 0.01 * mean * mean) / (mean * mean));
  const f = (t: readonly number[]) => poissonLogNormalLogLikelihood(y, t[0]!, Math.exp(t[1]!));
  let { x: t, value } = maximise(f, [Math.log(mean) - 0.5 * s2, 0.5 * Math.log(s2)], 0.1);
  const h = 1e-4;
  const at = (da: number, db: number) => f([t[0]! + da * h, t[1]! + db * h]);
  for (let it = 0; it < 3; it++) {
    const ga = (at(1, 0) - at(-1, 0)) / (2 * h);
    const gb = (at(0, 1) - at(0, -1)) / (2 * h);
    const haa = (at(1, 0) - 2 * value + at(-1, 0)) / (h * h);
    const hbb = (at(0, 1) - 2 * value + at(0, -1)) / (h * h);
    const hab = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h);
    const det = haa * hbb - hab * hab;
    if (!(haa < 0 && det > 0)) break; // not concave here: keep the Nelder–Mead point
    const next = [t[0]! - (hbb * ga - hab * gb) / det, t[1]! - (haa * gb - hab * ga) / det];
    const nextValue = f(next);
    if (!(nextValue >= value)) break;
    [t, value] = [next, nextValue];
  }
  return { a: t[0]!, s: Math.exp(t[1]!), logLikelihood: value };
}
