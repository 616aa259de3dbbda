// Continuous scalar samplers (normal, exponential, gamma, log-gamma, beta, Dirichlet, Student-t): moments
// within 5 standard errors (see statistics.ts for the derivation) and, where the distribution function is
// available in src/special, chi-square tests of the probability integral transform. Seeds are fixed.

import { describe, expect, it } from "vitest";
import {
  createRng,
  fillStandardNormal,
  type Rng,
  sampleBeta,
  sampleChiSquare,
  sampleDirichlet,
  sampleExponential,
  sampleGamma,
  sampleLogGamma,
  sampleNormal,
  sampleStandardNormal,
  sampleStudentT,
} from "../../src/random";
import { digamma, gammaP, normalCdf, trigamma } from "../../src/special";
import { expectGoodFit, expectMoments, uniformityTest } from "./statistics";

const N = 100_000;

function draws(seed: number, n: number, draw: (rng: Rng) => number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw(rng);
  return out;
}

describe("normal", () => {
  it("standard normal: moments 0, 1 (μ₄ = 3) and Φ-transform uniform", () => {
    const x = draws(101, N, sampleStandardNormal);
    expectMoments(x, { mean: 0, variance: 1, fourthCentral: 3 }, "N(0,1)");
    expectGoodFit(uniformityTest(x.map(normalCdf)), "N(0,1) PIT");
  });

  it("Normal(mean, sd) is shifted and scaled", () => {
    const x = draws(102, N, (r) => sampleNormal(r, -3, 0.5));
    expectMoments(x, { mean: -3, variance: 0.25, fourthCentral: 3 * 0.5 ** 4 }, "N(−3, 0.5²)");
    expect(() => sampleNormal(createRng(1), 0, -1)).toThrow(RangeError);
  });

  it("fillStandardNormal: both members of each polar pair are N(0, 1) and uncorrelated", () => {
    const x = fillStandardNormal(createRng(103), new Float64Array(2 * N));
    const even = x.filter((_, i) => i % 2 === 0);
    const odd = x.filter((_, i) => i % 2 === 1);
    expectMoments(even, { mean: 0, variance: 1, fourthCentral: 3 }, "first of pair");
    expectMoments(odd, { mean: 0, variance: 1, fourthCentral: 3 }, "second of pair");
    // The product of independent standard normals has mean 0 and variance 1.
    const products = even.map((v, i) => v * odd[i]!);
    expectMoments(products, { mean: 0, variance: 1, fourthCentral: 9 }, "pair products");
    // An odd-length fill uses half a pair at the end.
    const partial = fillStandardNormal(createRng(1), new Float64Array(5).fill(Number.NaN), 1, 4);
    expect(Number.isNaN(partial[0]!) && Number.isNaN(partial[4]!)).toBe(true);
    expect([1, 2, 3].every((i) => Number.isFinite(partial[i]!))).toBe(true);
  });
});

describe("exponential and chi-square", () => {
  it("Exponential(2): mean ½, variance ¼, μ₄ = 9/16, and its CDF transform is uniform", () => {
    const x = draws(111, N, (r) => sampleExponential(r, 2));
    expectMoments(x, { mean: 0.5, variance: 0.25, fourthCentral: 9 / 16 }, "Exp(2)");
    expectGoodFit(uniformityTest(x.map((v) => -Math.expm1(-2 * v))), "Exp(2) PIT");
  });

  it("χ²(5.5): mean k, variance 2k (a Gamma(k/2, ½))", () => {
    const k = 5.5;
    const x = draws(112, N, (r) => sampleChiSquare(r, k));
    expectMoments(x, { mean: k, variance: 2 * k, fourthCentral: 12 * k * (k + 4) }, "χ²(5.5)");
  });
});

describe("gamma", () => {
  // Gamma(k, rate β): mean k/β, variance k/β², μ₄ = 3k(k + 2)/β⁴ (excess kurtosis 6/k).
  it.each([0.1, 1, 7.5])("Gamma(%s, rate 2): moments and CDF transform", (shape) => {
    const rate = 2;
    const x = draws(120 + shape, N, (r) => sampleGamma(r, shape, rate));
    expect(x.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    expectMoments(
      x,
      {
        mean: shape / rate,
        variance: shape / rate ** 2,
        fourthCentral: (3 * shape * (shape + 2)) / rate ** 4,
      },
      `Gamma(${shape})`,
    );
    expectGoodFit(uniformityTest(x.map((v) => gammaP(shape, rate * v))), `Gamma(${shape}) PIT`);
  });

  it("rejects non-positive parameters", () => {
    const rng = createRng(1);
    expect(() => sampleGamma(rng, 0)).toThrow(RangeError);
    expect(() => sampleGamma(rng, 1, -1)).toThrow(RangeError);
    expect(() => sampleGamma(rng, Number.NaN)).toThrow(RangeError);
  });

  // log X for X ~ Gamma(a, 1) has mean ψ(a) and variance ψ′(a); its fourth central moment is
  // ψ‴(a) + 3ψ′(a)² (cumulants κ₂ = ψ′, κ₄ = ψ‴), with ψ‴ taken here as a central second difference of ψ′.
  it.each([0.001, 0.05, 3])(
    "log Gamma(%s): mean ψ(a) and variance ψ′(a), finite where Gamma underflows",
    (a) => {
      const x = draws(130, N, (r) => sampleLogGamma(r, a));
      expect(x.every(Number.isFinite)).toBe(true);
      const h = 1e-3 * a;
      const tetragamma2 = (trigamma(a + h) - 2 * trigamma(a) + trigamma(a - h)) / (h * h);
      expectMoments(
        x,
        { mean: digamma(a), variance: trigamma(a), fourthCentral: tetragamma2 + 3 * trigamma(a) ** 2 },
        `log Gamma(${a})`,
      );
    },
  );
});

describe("beta and Dirichlet", () => {
  // Beta(a, b): mean a/(a+b), variance ab/((a+b)²(a+b+1)). Since |X − μ| ≤ 1, μ₄ ≤ σ², which is used as the
  // (conservative) fourth moment.
  it.each([
    [2, 5],
    [0.1, 0.2],
    [0.5, 40],
  ])("Beta(%s, %s): moments", (a, b) => {
    const x = draws(140 + a, N, (r) => sampleBeta(r, a, b));
    expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expectMoments(x, { mean: a / (a + b), variance, fourthCentral: variance }, `Beta(${a}, ${b})`);
  });

  // Each coordinate of Dirichlet(α) is Beta(αₖ, α₀ − αₖ).
  it.each([[[2, 3, 5]], [[0.05, 0.05, 0.1]], [[0.5, 1, 20]]])(
    "Dirichlet(%j): marginal moments, on the simplex",
    (alpha) => {
      const rng = createRng(150);
      const alpha0 = alpha.reduce((s, v) => s + v, 0);
      const columns = alpha.map(() => new Float64Array(N / 2));
      const out = new Float64Array(alpha.length);
      let worstSum = 0;
      for (let i = 0; i < N / 2; i++) {
        sampleDirichlet(rng, alpha, out);
        let sum = 0;
        for (let k = 0; k < alpha.length; k++) {
          columns[k]![i] = out[k]!;
          sum += out[k]!;
        }
        worstSum = Math.max(worstSum, Math.abs(sum - 1));
      }
      expect(worstSum).toBeLessThan(1e-14);
      alpha.forEach((ak, k) => {
        const mean = ak / alpha0;
        const variance = (ak * (alpha0 - ak)) / (alpha0 ** 2 * (alpha0 + 1));
        expectMoments(columns[k]!, { mean, variance, fourthCentral: variance }, `Dirichlet coordinate ${k}`);
      });
    },
  );
});

describe("Student-t", () => {
  // t(ν): mean 0, variance ν/(ν − 2), μ₄ = 3ν²/((ν − 2)(ν − 4)) for ν > 4.
  it("t(10) with location 1 and scale 2: moments", () => {
    const nu = 10;
    const x = draws(160, N, (r) => sampleStudentT(r, nu, 1, 2));
    const variance = (4 * nu) / (nu - 2);
    const fourthCentral = (16 * 3 * nu * nu) / ((nu - 2) * (nu - 4));
    expectMoments(x, { mean: 1, variance, fourthCentral }, "t(10)");
  });

  it("ν = ∞ is the normal limit, and ν ≤ 0 is rejected", () => {
    const x = draws(161, N / 2, (r) => sampleStudentT(r, Number.POSITIVE_INFINITY));
    expectMoments(x, { mean: 0, variance: 1, fourthCentral: 3 }, "t(∞)");
    expect(() => sampleStudentT(createRng(1), 0)).toThrow(RangeError);
  });
});
