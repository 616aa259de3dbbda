// Categorical variates: a linear search for a single draw from weights that change every time (an E-step
// row), and Vose's alias table for many draws from one fixed distribution (O(1) per draw).

import { checkWeights } from "./check-parameters";
import { type Rng, uniformInt } from "./rng";

/**
 * An index k ∈ [0, end − start) drawn with probability weights[start + k] / Σ weights[start..end): the
 * weights need not be normalised (a row of responsibilities or unnormalised posterior weights is fine), but
 * must be finite and ≥ 0 with a positive sum. One uniform, one pass to sum and at most one to search.
 *
 * @example sampleCategorical(createRng(23), [0.2, 0.5, 0.3]) // 1
 */
export function sampleCategorical(
  rng: Rng,
  weights: ArrayLike<number>,
  start = 0,
  end: number = weights.length,
): number {
  const total = checkWeights("sampleCategorical", weights, start, end);
  const target = rng.double() * total;
  let cumulative = 0;
  let last = -1;
  for (let i = start; i < end; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    cumulative += w;
    last = i;
    if (target < cumulative) return i - start;
  }
  // u·total can round up to total itself; the last positive weight owns that rounding gap.
  return last - start;
}

/**
 * Vose's alias method ("A linear algorithm for generating random numbers with a given distribution",
 * IEEE TSE 17, 1991): O(K) construction, then each draw costs one uniform index, one uniform and one
 * comparison. Zero weights are never drawn.
 */
export class AliasTable {
  /** The number of categories K. */
  readonly size: number;
  /** probability[i]: the chance of keeping column i rather than taking its alias. */
  private readonly probability: Float64Array;
  private readonly alias: Uint32Array;

  /**
   * Builds the table for unnormalised weights (finite, ≥ 0, positive sum).
   *
   * @example new AliasTable([1, 0, 3]).sample(createRng(23)) // 2
   */
  constructor(weights: ArrayLike<number>) {
    const k = weights.length;
    const total = checkWeights("AliasTable", weights, 0, k);
    this.size = k;
    this.probability = new Float64Array(k);
    this.alias = new Uint32Array(k);
    // Scaled masses K·wᵢ/total: columns with less than 1 are topped up by one column with more than 1.
    const scaled = new Float64Array(k);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < k; i++) {
      scaled[i] = (weights[i]! * k) / total;
      if (scaled[i]! < 1) small.push(i);
      else large.push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const less = small.pop()!;
      const more = large.pop()!;
      this.probability[less] = scaled[less]!;
      this.alias[less] = more;
      // Subtracting in this order keeps the rounding error of the donor's remaining mass smallest.
      scaled[more] = scaled[more]! + scaled[less]! - 1;
      if (scaled[more]! < 1) small.push(more);
      else large.push(more);
    }
    // Whatever is left has mass 1 up to rounding (a zero weight cannot be left over: the others would then
    // hold more than their share and sit in `large`).
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }

  /** One draw: an index in [0, size). */
  sample(rng: Rng): number {
    const column = uniformInt(rng, this.size);
    return rng.double() < this.probability[column]! ? column : this.alias[column]!;
  }
}
