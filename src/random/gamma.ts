// Gamma variates by Marsaglia & Tsang (2000), "A simple method for generating gamma variables", with the
// u^(1/a) boost for shape < 1; also the log of a Gamma draw, exponential and chi-square variates.

import { checkPositive } from "./check-parameters";
import { sampleStandardNormal } from "./normal";
import type { Rng } from "./rng";

/**
 * A Gamma(a, 1) variate for a ≥ 1: with d = a − ⅓ and c = 1/√(9d), propose d(1 + cx)³ for standard normal
 * x and accept with the squeeze u < 1 − 0.0331 x⁴ or the exact test log u < x²/2 + d(1 − v + log v).
 * Acceptance probability ≥ 0.95 for every a ≥ 1.
 */
function marsagliaTsang(rng: Rng, a: number): number {
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleStandardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.double();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Gamma(shape, rate) variate (mean shape/rate). For shape < 1 it uses Gamma(a) = Gamma(a + 1) · U^(1/a)
 * (Marsaglia & Tsang §6). For shape well below 1 the result can underflow to 0 (for shape = 0.01,
 * P(X < 1e−300) ≈ 0.001); use sampleLogGamma when the logarithm is what is needed.
 *
 * @example sampleGamma(createRng(3), 2.5, 1) // 4.013719003212599
 */
export function sampleGamma(rng: Rng, shape: number, rate = 1): number {
  checkPositive("sampleGamma: shape", shape);
  checkPositive("sampleGamma: rate", rate);
  if (shape < 1) {
    const g = marsagliaTsang(rng, shape + 1);
    return (g * rng.double() ** (1 / shape)) / rate;
  }
  return marsagliaTsang(rng, shape) / rate;
}

/**
 * log X for X ~ Gamma(shape, 1), without underflow for small shapes: log Gamma(a + 1) + log(U)/a.
 * Dirichlet and Beta samplers with small parameters normalise in log space with this.
 *
 * @example sampleLogGamma(createRng(3), 0.001) // -87.36464686673567
 */
export function sampleLogGamma(rng: Rng, shape: number): number {
  checkPositive("sampleLogGamma: shape", shape);
  if (shape < 1) return Math.log(marsagliaTsang(rng, shape + 1)) + Math.log(rng.double()) / shape;
  return Math.log(marsagliaTsang(rng, shape));
}

/**
 * An Exponential(rate) variate by inversion, −log(U)/rate; finite and positive because U ∈ (0, 1).
 *
 * @example sampleExponential(createRng(5), 2) // 1.9939706994749087
 */
export function sampleExponential(rng: Rng, rate = 1): number {
  checkPositive("sampleExponential: rate", rate);
  return -Math.log(rng.double()) / rate;
}

/**
 * A chi-square variate with df > 0 degrees of freedom (not necessarily an integer): 2 · Gamma(df/2, 1).
 *
 * @example sampleChiSquare(createRng(5), 3) // 4.603405742224951
 */
export function sampleChiSquare(rng: Rng, df: number): number {
  checkPositive("sampleChiSquare: df", df);
  return 2 * sampleGamma(rng, df / 2);
}
