// Test statistics for the samplers: moment checks with tolerances derived from the sample size, and
// Pearson's chi-square goodness-of-fit test with its p-value from the incomplete gamma function.

import { expect } from "vitest";
import { gammaQ } from "../../src/special";

/** Sample mean and unbiased sample variance. */
export function meanAndVariance(x: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  return { mean, variance: ss / (x.length - 1) };
}

export interface Moments {
  readonly mean: number;
  readonly variance: number;
  /** E(X − μ)⁴, or an upper bound for it; determines how far the sample variance may stray. */
  readonly fourthCentral: number;
}

/** How many standard errors a sample moment may deviate from its analytic value. */
export const Z = 5;

/**
 * Checks the sample mean and variance of x against analytic moments, each within Z = 5 standard errors.
 *
 * Derivation. For N independent draws with mean μ, variance σ² and fourth central moment μ₄, the sample
 * mean x̄ has variance σ²/N, and the unbiased sample variance s² has variance
 *   Var(s²) = (μ₄ − σ⁴ (N − 3)/(N − 1)) / N
 * (e.g. Cramér, Mathematical Methods of Statistics, §27.4). Both are asymptotically normal, so
 * |x̄ − μ| ≤ 5 √(σ²/N) and |s² − σ²| ≤ 5 √Var(s²) each fail with probability ≈ 5.7e−7 for a correct sampler.
 * The seeds are fixed, so a pass or fail is reproducible; the small probability is what one would accept
 * if the seeds were drawn afresh. Where μ₄ is not known in closed form, an upper bound gives a wider,
 * still valid, tolerance.
 */
export function expectMoments(x: ArrayLike<number>, moments: Moments, label: string): void {
  const n = x.length;
  const { mean, variance } = meanAndVariance(x);
  const seMean = Math.sqrt(moments.variance / n);
  const varianceOfS2 = (moments.fourthCentral - (moments.variance ** 2 * (n - 3)) / (n - 1)) / n;
  const seVariance = Math.sqrt(Math.max(varianceOfS2, 0));
  expect(
    Math.abs(mean - moments.mean),
    `${label}: mean ${mean} vs ${moments.mean} (SE ${seMean})`,
  ).toBeLessThanOrEqual(Z * seMean);
  expect(
    Math.abs(variance - moments.variance),
    `${label}: variance ${variance} vs ${moments.variance} (SE ${seVariance})`,
  ).toBeLessThanOrEqual(Z * seVariance);
}

/** Reject a goodness-of-fit hypothesis below this p-value (seeds are fixed; see expectMoments). */
export const P_THRESHOLD = 1e-6;

/** Bins with fewer expected counts than this are merged with their neighbour (Cochran's rule). */
const MIN_EXPECTED = 5;

export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * Pearson's chi-square test of observed counts against cell probabilities (which must sum to 1, tail
 * cells included). Adjacent cells are merged, left to right, until each expects ≥ 5 counts; the last cell
 * is merged into its predecessor if short. The p-value is Q((k − 1)/2, X²/2) with k merged cells.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
): ChiSquareResult {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i]!;
  const cells: { observed: number; expected: number }[] = [];
  let pendingObserved = 0;
  let pendingExpected = 0;
  for (let i = 0; i < probabilities.length; i++) {
    pendingObserved += observed[i]!;
    pendingExpected += probabilities[i]! * total;
    if (pendingExpected >= MIN_EXPECTED) {
      cells.push({ observed: pendingObserved, expected: pendingExpected });
      pendingObserved = 0;
      pendingExpected = 0;
    }
  }
  if (pendingExpected > 0 || pendingObserved > 0) {
    const last = cells.pop() ?? { observed: 0, expected: 0 };
    cells.push({ observed: last.observed + pendingObserved, expected: last.expected + pendingExpected });
  }
  let statistic = 0;
  for (const cell of cells) statistic += (cell.observed - cell.expected) ** 2 / cell.expected;
  const df = cells.length - 1;
  return { statistic, df, pValue: gammaQ(df / 2, statistic / 2) };
}

/** Asserts that the chi-square test does not reject at P_THRESHOLD and that it had cells to test. */
export function expectGoodFit(result: ChiSquareResult, label: string, minCells = 5): void {
  expect(result.df + 1, `${label}: too few cells`).toBeGreaterThanOrEqual(minCells);
  expect(
    result.pValue,
    `${label}: X² = ${result.statistic.toFixed(1)} on ${result.df} df, p = ${result.pValue}`,
  ).toBeGreaterThanOrEqual(P_THRESHOLD);
}

/** Counts of the integer draws 0..size−1; draws outside go to the last cell (which then fails the test). */
export function countValues(draws: ArrayLike<number>, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < draws.length; i++) {
    const v = draws[i]!;
    counts[v >= 0 && v < size ? v : size - 1]! += 1;
  }
  return counts;
}

/**
 * Goodness of fit of continuous draws by the probability integral transform: if X has distribution
 * function F then F(X) is uniform, so the counts of F(xᵢ) in `bins` equal-width bins are tested against
 * 1/bins.
 */
export function uniformityTest(transformed: ArrayLike<number>, bins = 50): ChiSquareResult {
  const counts = new Float64Array(bins);
  for (let i = 0; i < transformed.length; i++) {
    const u = transformed[i]!;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(u * bins)))]! += 1;
  }
  return chiSquareTest(counts, new Float64Array(bins).fill(1 / bins));
}
