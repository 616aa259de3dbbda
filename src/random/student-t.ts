// Student-t variates as a normal divided by the root of an independent scaled chi-square, the same
// normal–gamma mixture that the Student-t model's E-step inverts.

import { checkPositive } from "./check-parameters";
import { sampleGamma } from "./gamma";
import { sampleStandardNormal } from "./normal";
import type { Rng } from "./rng";

/**
 * A StudentT(nu, mean, scale) variate: mean + scale · Z / √(G), Z standard normal and G ~ Gamma(ν/2, ν/2)
 * (so that G has mean 1). nu = +∞ gives the normal limit. Variance scale² ν/(ν − 2) for ν > 2.
 *
 * @example sampleStudentT(createRng(13), 4, 0, 1) // 0.80880415803221
 */
export function sampleStudentT(rng: Rng, nu: number, mean = 0, scale = 1): number {
  if (!(nu > 0)) throw new RangeError(`sampleStudentT: nu must be positive, got ${nu}`);
  checkPositive("sampleStudentT: scale", scale);
  const z = sampleStandardNormal(rng);
  if (nu === Number.POSITIVE_INFINITY) return mean + scale * z;
  const g = sampleGamma(rng, nu / 2, nu / 2);
  return mean + (scale * z) / Math.sqrt(g);
}
