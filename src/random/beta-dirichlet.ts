// Beta and Dirichlet variates as normalised Gamma variates; with parameters below 1 the normalisation is
// done in log space, because the Gamma draws themselves can underflow to 0 together.

import { logSumExp } from "../special";
import { checkPositive } from "./check-parameters";
import { sampleGamma, sampleLogGamma } from "./gamma";
import type { Rng } from "./rng";

/**
 * A Beta(a, b) variate, X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b). When min(a, b) < 1 it is computed from
 * log-Gamma draws as 1/(1 + exp(log Y − log X)), which stays well defined when both X and Y underflow.
 *
 * @example sampleBeta(createRng(11), 2, 5) // 0.08395903522139815
 */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  checkPositive("sampleBeta: a", a);
  checkPositive("sampleBeta: b", b);
  if (Math.min(a, b) < 1) {
    const logX = sampleLogGamma(rng, a);
    const logY = sampleLogGamma(rng, b);
    return 1 / (1 + Math.exp(logY - logX));
  }
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}

/**
 * A Dirichlet(alpha) variate written into `out` (a new array by default): independent Gamma(alphaₖ) draws
 * divided by their sum. If any alphaₖ < 1, the draws are taken as logarithms and normalised with
 * log-sum-exp, so the result is a proper simplex point even for alpha = (0.01, 0.01, …). Returns `out`.
 *
 * @example sampleDirichlet(createRng(11), [1, 2, 3])[2] // 0.6001579139991525
 */
export function sampleDirichlet(
  rng: Rng,
  alpha: ArrayLike<number>,
  out: Float64Array = new Float64Array(alpha.length),
): Float64Array {
  const k = alpha.length;
  if (k === 0) throw new RangeError("sampleDirichlet: alpha must not be empty");
  if (out.length < k) throw new RangeError("sampleDirichlet: out is shorter than alpha");
  let small = false;
  for (let i = 0; i < k; i++) {
    checkPositive("sampleDirichlet: alpha", alpha[i]!);
    if (alpha[i]! < 1) small = true;
  }
  if (small) {
    for (let i = 0; i < k; i++) out[i] = sampleLogGamma(rng, alpha[i]!);
    const logTotal = logSumExp(out, 0, k);
    for (let i = 0; i < k; i++) out[i] = Math.exp(out[i]! - logTotal);
    return out;
  }
  let total = 0;
  for (let i = 0; i < k; i++) {
    const g = sampleGamma(rng, alpha[i]!);
    out[i] = g;
    total += g;
  }
  for (let i = 0; i < k; i++) out[i] = out[i]! / total;
  return out;
}
