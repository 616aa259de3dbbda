// Multivariate normal variates from a Cholesky factor of the covariance: x = μ + L z with z standard
// normal, computed in place in the output vector (no scratch array).

import { fillStandardNormal } from "./normal";
import type { Rng } from "./rng";

/**
 * A MvNormal(mean, L Lᵀ) variate of dimension d, given the lower-triangular Cholesky factor L (row-major
 * d×d; entries above the diagonal are ignored). Writes into `out` (a new array by default) and returns it.
 * The standard normals are drawn first into `out`; then rows are formed from the bottom up, because row i
 * reads z₀..zᵢ only and so never reads an entry that was already overwritten.
 *
 * @example sampleMvNormal(createRng(29), Float64Array.of(1, 2), Float64Array.of(2, 0, 1, 1), 2)[1] // 2.256203217506984
 */
export function sampleMvNormal(
  rng: Rng,
  mean: Float64Array,
  cholesky: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(d),
): Float64Array {
  if (mean.length < d || cholesky.length < d * d || out.length < d) {
    throw new RangeError(`sampleMvNormal: arrays too short for dimension ${d}`);
  }
  fillStandardNormal(rng, out, 0, d);
  for (let i = d - 1; i >= 0; i--) {
    const row = i * d;
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += cholesky[row + j]! * out[j]!;
    out[i] = mean[i]! + sum;
  }
  return out;
}
