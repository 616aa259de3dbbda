// Discrete samplers (Poisson, binomial, categorical, alias table): moments within 5 standard errors and
// Pearson chi-square tests against the exact pmf, rejecting at p < 1e−6 (statistics.ts). Seeds are fixed.
// Rates and sizes are chosen on both sides of each sampler's switch between inversion and rejection.

import { describe, expect, it } from "vitest";
import { AliasTable, createRng, sampleBinomial, sampleCategorical, samplePoisson } from "../../src/random";
import { logFactorial } from "../../src/special";
import { chiSquareTest, countValues, expectGoodFit, expectMoments } from "./statistics";

const N = 100_000;

/** Cell probabilities pmf(0..size−2) and a last cell holding the upper tail 1 − Σ. */
function withUpperTail(pmf: (k: number) => number, size: number): Float64Array {
  const p = new Float64Array(size);
  let sum = 0;
  for (let k = 0; k < size - 1; k++) {
    p[k] = pmf(k);
    sum += p[k]!;
  }
  p[size - 1] = Math.max(0, 1 - sum);
  return p;
}

describe("Poisson", () => {
  // Poisson(λ): mean λ, variance λ, μ₄ = λ(1 + 3λ). 3.5 and 9.99 use inversion, 10 and above PTRS.
  it.each([0.05, 3.5, 9.99, 10, 57.3, 1000])(
    "Poisson(%s): moments and chi-square against the pmf",
    (rate) => {
      const rng = createRng(200 + rate);
      const x = new Float64Array(N);
      for (let i = 0; i < N; i++) x[i] = samplePoisson(rng, rate);
      expect(x.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expectMoments(
        x,
        { mean: rate, variance: rate, fourthCentral: rate * (1 + 3 * rate) },
        `Poisson(${rate})`,
      );
      const size = Math.ceil(rate + 12 * Math.sqrt(rate) + 12);
      const pmf = (k: number) => Math.exp(-rate + k * Math.log(rate) - logFactorial(k));
      expectGoodFit(chiSquareTest(countValues(x, size), withUpperTail(pmf, size)), `Poisson(${rate})`, 2);
    },
  );

  it("returns 0 for rate 0 and rejects invalid rates", () => {
    const rng = createRng(1);
    expect(samplePoisson(rng, 0)).toBe(0);
    expect(() => samplePoisson(rng, -1)).toThrow(RangeError);
    expect(() => samplePoisson(rng, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("stays exact for a huge rate (1e9): mean and variance", () => {
    const rng = createRng(299);
    const x = new Float64Array(20_000);
    for (let i = 0; i < x.length; i++) x[i] = samplePoisson(rng, 1e9);
    expectMoments(x, { mean: 1e9, variance: 1e9, fourthCentral: 1e9 * (1 + 3e9) }, "Poisson(1e9)");
  });
});

describe("binomial", () => {
  // Binomial(n, p): mean np, variance npq, μ₄ = npq(1 + 3(n − 2)pq). n·min(p, q) < 10 uses inversion,
  // otherwise BTRD; p > ½ goes through the reflection n − Binomial(n, q).
  it.each([
    [20, 0.3],
    [60, 0.16],
    [50, 0.25],
    [1000, 0.4],
    [100, 0.9],
    [40, 0.5],
    [100_000, 0.001],
    [1e9, 1e-9],
  ])("Binomial(%s, %s): moments and chi-square against the pmf", (n, p) => {
    const rng = createRng(300 + n * p);
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = sampleBinomial(rng, n, p);
    expect(x.every((v) => Number.isInteger(v) && v >= 0 && v <= n)).toBe(true);
    const q = 1 - p;
    expectMoments(
      x,
      { mean: n * p, variance: n * p * q, fourthCentral: n * p * q * (1 + 3 * (n - 2) * p * q) },
      `Binomial(${n}, ${p})`,
    );
    // Test the cells around the mean, with the two tails as cells of their own.
    const sd = Math.sqrt(n * p * q);
    const lo = Math.max(0, Math.floor(n * p - 8 * sd - 5));
    const hi = Math.min(n, Math.ceil(n * p + 8 * sd + 5));
    const pmf = (k: number) =>
      Math.exp(
        logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p),
      );
    const cells = hi - lo + 3;
    const probabilities = new Float64Array(cells);
    const counts = new Float64Array(cells);
    let inside = 0;
    for (let k = lo; k <= hi; k++) {
      probabilities[k - lo + 1] = pmf(k);
      inside += pmf(k);
    }
    let below = 0;
    for (let k = 0; k < lo; k++) below += pmf(k);
    probabilities[0] = below;
    probabilities[cells - 1] = Math.max(0, 1 - inside - below);
    for (const v of x) counts[v < lo ? 0 : v > hi ? cells - 1 : v - lo + 1]! += 1;
    expectGoodFit(chiSquareTest(counts, probabilities), `Binomial(${n}, ${p})`, 2);
  });

  it("handles the degenerate cases and rejects invalid arguments", () => {
    const rng = createRng(1);
    expect(sampleBinomial(rng, 0, 0.3)).toBe(0);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
    expect(() => sampleBinomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 2.5, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 10, 1.5)).toThrow(RangeError);
  });
});

describe("rejection samplers with a million draws", () => {
  // PTRS and BTRD are exact only if every branch (quick acceptance, squeeze, recursive and Stirling-based
  // final tests) is right; an error confined to a rarely used branch distorts the pmf by ~0.1%, which 1e5
  // draws cannot see. 1e6 draws per case resolve cell probabilities to ~0.1% near the mode.
  const M = 1_000_000;
  it.each([15, 300])("Poisson(%s): chi-square on 1e6 draws", (rate) => {
    const rng = createRng(250 + rate);
    const size = Math.ceil(rate + 12 * Math.sqrt(rate) + 12);
    const counts = new Float64Array(size);
    for (let i = 0; i < M; i++) counts[Math.min(samplePoisson(rng, rate), size - 1)]! += 1;
    const pmf = (k: number) => Math.exp(-rate + k * Math.log(rate) - logFactorial(k));
    expectGoodFit(chiSquareTest(counts, withUpperTail(pmf, size)), `Poisson(${rate}) × 1e6`);
  });

  it.each([
    [40, 0.5],
    [200, 0.1],
    [1000, 0.4],
  ])("Binomial(%s, %s): chi-square on 1e6 draws", (n, p) => {
    const rng = createRng(350 + n);
    const counts = new Float64Array(n + 1);
    for (let i = 0; i < M; i++) counts[sampleBinomial(rng, n, p)]! += 1;
    const probabilities = Float64Array.from({ length: n + 1 }, (_, k) =>
      Math.exp(
        logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p),
      ),
    );
    expectGoodFit(chiSquareTest(counts, probabilities), `Binomial(${n}, ${p}) × 1e6`);
  });
});

describe("categorical", () => {
  const weights = [0.1, 0, 2.5, 1, 0.4, 6];
  const total = weights.reduce((s, w) => s + w, 0);
  const probabilities = weights.map((w) => w / total);

  it("linear search: chi-square against normalised weights, never a zero weight", () => {
    const rng = createRng(400);
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = sampleCategorical(rng, weights);
    const counts = countValues(x, weights.length);
    expect(counts[1]).toBe(0);
    expectGoodFit(chiSquareTest(counts, probabilities), "categorical", 5);
  });

  it("draws from a subrange [start, end) of a larger array, returning offsets into it", () => {
    const row = new Float64Array([9, 9, 1, 3, 9]);
    const rng = createRng(401);
    const x = new Float64Array(20_000);
    for (let i = 0; i < x.length; i++) x[i] = sampleCategorical(rng, row, 2, 4);
    expectGoodFit(chiSquareTest(countValues(x, 2), [0.25, 0.75]), "categorical subrange", 2);
  });

  it("alias table: chi-square against normalised weights, never a zero weight", () => {
    const table = new AliasTable(weights);
    expect(table.size).toBe(weights.length);
    const rng = createRng(402);
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = table.sample(rng);
    const counts = countValues(x, weights.length);
    expect(counts[1]).toBe(0);
    expectGoodFit(chiSquareTest(counts, probabilities), "alias table", 5);
  });

  it("alias table with many unequal weights (K = 1000, geometric)", () => {
    const k = 1000;
    const w = Array.from({ length: k }, (_, i) => 0.995 ** i);
    const sum = w.reduce((s, v) => s + v, 0);
    const table = new AliasTable(w);
    const rng = createRng(403);
    const counts = new Float64Array(k);
    for (let i = 0; i < 200_000; i++) counts[table.sample(rng)]! += 1;
    expectGoodFit(
      chiSquareTest(
        counts,
        w.map((v) => v / sum),
      ),
      "alias K = 1000",
    );
  });

  it("rejects invalid weights", () => {
    const rng = createRng(1);
    expect(() => sampleCategorical(rng, [0, 0])).toThrow(RangeError);
    expect(() => sampleCategorical(rng, [1, -1, 2])).toThrow(RangeError);
    expect(() => sampleCategorical(rng, [1, Number.NaN])).toThrow(RangeError);
    expect(() => sampleCategorical(rng, [])).toThrow(RangeError);
    expect(() => new AliasTable([0])).toThrow(RangeError);
  });
});
