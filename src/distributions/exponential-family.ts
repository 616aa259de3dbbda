// The exponential-family form of a distribution: p(x | θ) = h(x) exp(η(θ)·T(x) − A(η)). Given the
// weighted sums Σ wᵢ T(xᵢ) and Σ wᵢ, `mle` returns the arguments that maximise Σ wᵢ log p(xᵢ | θ).

import { digamma, trigamma } from "../special";
import type { Value } from "./value";

export interface ExponentialFamily {
  /** What T(x) holds, for messages and explain (`x`, `x²`, `log x`). */
  readonly statistics: (args: readonly Value[]) => readonly string[];
  /** Writes T(x) (and, for Binomial/Multinomial, the trial count) at out[offset…]. */
  readonly sufficient: (x: Value, args: readonly Value[], out: Float64Array, offset: number) => void;
  /** η(θ), in the order of `statistics`. */
  readonly natural: (args: readonly Value[]) => Float64Array;
  /**
   * The weighted maximum-likelihood arguments from S = Σ wᵢ T(xᵢ) and W = Σ wᵢ; `fixed` holds arguments
   * that are not estimated (Binomial's n). Undefined when the statistics do not determine them
   * (no weight, a zero variance).
   */
  readonly mle: (s: Float64Array, w: number, fixed: readonly Value[]) => Value[] | undefined;
}

/**
 * The shape a of a Gamma from m = log(mean) − mean(log x) > 0: the root of log a − ψ(a) = m, by Newton's
 * method in log a from Minka's (2002) starting point; converges to full precision in a few steps.
 */
export function gammaShapeFromLogGap(m: number): number | undefined {
  if (!(m > 0) || !Number.isFinite(m)) return undefined;
  let a = (3 - m + Math.sqrt((m - 3) ** 2 + 24 * m)) / (12 * m);
  for (let it = 0; it < 100; it++) {
    const f = Math.log(a) - digamma(a) - m;
    const df = 1 / a - trigamma(a);
    const next = a * Math.exp(-f / (a * df));
    if (Math.abs(next - a) <= 1e-15 * a) return next;
    a = next;
  }
  return a;
}

/**
 * Dirichlet concentrations from the mean log-proportions ḡₖ = Σ wᵢ log xᵢₖ / W: the fixed point
 * ψ(αₖ) = ψ(Σα) + ḡₖ (Minka 2000), with ψ inverted by Newton's method. Beta is the K = 2 case.
 */
export function dirichletFromMeanLogs(g: Float64Array): Float64Array | undefined {
  const k = g.length;
  if (k === 0 || g.some((v) => !Number.isFinite(v))) return undefined;
  let alpha = new Float64Array(k).fill(1);
  for (let it = 0; it < 1000; it++) {
    const total = alpha.reduce((s, a) => s + a, 0);
    const next = new Float64Array(k);
    for (let j = 0; j < k; j++) next[j] = inverseDigamma(digamma(total) + g[j]!);
    const change = next.reduce((s, a, j) => Math.max(s, Math.abs(a - alpha[j]!) / a), 0);
    alpha = next;
    if (change < 1e-14) break;
  }
  return alpha;
}

/** ψ⁻¹(y) by Newton's method from Minka's starting point. */
export function inverseDigamma(y: number): number {
  let x = y >= -2.22 ? Math.exp(y) + 0.5 : -1 / (y + 0.5772156649015329);
  for (let it = 0; it < 50; it++) {
    const step = (digamma(x) - y) / trigamma(x);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) break;
  }
  return x;
}
