// Poisson variates: inversion by sequential search for rates below 10, and Hörmann's PTRS (transformed
// rejection with squeeze, "The transformed rejection method for generating Poisson random variables", 1993).

import { logFactorial } from "../special";
import type { Rng } from "./rng";

/** Below this rate, inversion (expected rate + 1 steps) is cheaper than rejection; PTRS needs rate ≥ 10. */
const INVERSION_LIMIT = 10;

/**
 * A Poisson(rate) variate, rate ≥ 0. Exact in distribution (up to the rounding of the pmf in double
 * precision): inversion for rate < 10, PTRS for rate ≥ 10 (≈ 1.1 uniform pairs per draw for every rate).
 *
 * @example samplePoisson(createRng(17), 3.5) // 5
 */
export function samplePoisson(rng: Rng, rate: number): number {
  if (!(rate >= 0) || rate === Number.POSITIVE_INFINITY) {
    throw new RangeError(`samplePoisson: rate must be finite and ≥ 0, got ${rate}`);
  }
  if (rate === 0) return 0;
  return rate < INVERSION_LIMIT ? poissonInversion(rng, rate) : poissonPtrs(rng, rate);
}

/**
 * Inversion: the smallest k with U ≤ F(k), accumulating pmf terms p(k) = p(k − 1) · rate/k from e^−rate.
 * Should U exceed the accumulated F after the pmf has vanished (F can end a few ulps short of 1), the draw is
 * repeated with a fresh U; that happens with probability below 1e−15.
 */
function poissonInversion(rng: Rng, rate: number): number {
  const p0 = Math.exp(-rate);
  for (;;) {
    const u = rng.double();
    let k = 0;
    let p = p0;
    let cdf = p0;
    while (u > cdf) {
      k++;
      p *= rate / k;
      cdf += p;
      if (p < cdf * Number.EPSILON && u > cdf) break;
    }
    if (u <= cdf) return k;
  }
}

/**
 * PTRS, following Hörmann (1993) as in NumPy's `random_poisson_ptrs`: a transformed-rejection proposal
 * k = ⌊(2a/us + b)U + rate + 0.43⌋ with a quick-accept region (us ≥ 0.07, V ≤ vr) and an exact acceptance
 * test against log p(k) = −rate + k log rate − log k!.
 */
function poissonPtrs(rng: Rng, rate: number): number {
  const sqrtRate = Math.sqrt(rate);
  const logRate = Math.log(rate);
  const b = 0.931 + 2.53 * sqrtRate;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const logInvAlpha = Math.log(invAlpha);
  for (;;) {
    const u = rng.double() - 0.5;
    const v = rng.double();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -rate + k * logRate - logFactorial(k)) {
      return k;
    }
  }
}
