// Checks the Poisson–log-normal quadrature reference (test/support/poisson-lognormal-quadrature.ts): its
// Gauss–Hermite rules, its row integrals against brute force, and its MLE against references.json.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lgamma } from "../../src/special";
import { examplesDir } from "../helpers";
import {
  gaussHermite,
  poissonLogNormalLogLikelihood,
  poissonLogNormalMle,
  poissonLogNormalRowLogLikelihood,
} from "../support/poisson-lognormal-quadrature";

function readCounts(): number[] {
  const lines = readFileSync(join(examplesDir, "data", "poisson-lognormal.csv"), "utf8")
    .trim()
    .split(/\r?\n/);
  expect(lines[0]!.trim()).toBe("y");
  return lines.slice(1).map((line) => Number(line.trim()));
}

/** log ∫ Poisson(y | e^{a+z}) N(z | 0, s) dz by the trapezoid rule on mode ± 12 s, 200 001 points. */
function bruteForceRowLogLikelihood(y: number, a: number, s: number): number {
  const logIntegrand = (z: number) =>
    y * (a + z) -
    Math.exp(a + z) -
    lgamma(y + 1) -
    (z * z) / (2 * s * s) -
    Math.log(s * Math.sqrt(2 * Math.PI));
  // The mode by bisection on the decreasing derivative y − e^{a+z} − z/s².
  const slope = (z: number) => y - Math.exp(a + z) - z / (s * s);
  let lo = -1;
  let hi = 1;
  while (slope(lo) < 0) lo *= 2;
  while (slope(hi) > 0) hi *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  const mode = 0.5 * (lo + hi);
  const points = 200_001;
  const h = (24 * s) / (points - 1);
  const top = logIntegrand(mode);
  let sum = 0;
  for (let i = 0; i < points; i++) {
    const end = i === 0 || i === points - 1 ? 0.5 : 1;
    sum += end * Math.exp(logIntegrand(mode - 12 * s + i * h) - top);
  }
  return top + Math.log(h * sum);
}

describe("Gauss–Hermite rules", () => {
  for (const n of [10, 20, 40]) {
    it(`the ${n}-point rule integrates x^k e^{-x²} exactly for k ≤ ${2 * n - 1}`, () => {
      const { nodes, weights } = gaussHermite(n);
      expect(nodes.length).toBe(n);
      for (let k = 0; k <= 2 * n - 1; k++) {
        let sum = 0;
        let absSum = 0;
        for (let i = 0; i < n; i++) {
          const term = weights[i]! * nodes[i]! ** k;
          sum += term;
          absSum += Math.abs(term);
        }
        if (k % 2 === 0) {
          const exact = Math.exp(lgamma((k + 1) / 2));
          expect(Math.abs(sum - exact) / exact, `n = ${n}, k = ${k}`).toBeLessThan(1e-12);
        } else {
          expect(Math.abs(sum) / absSum, `n = ${n}, k = ${k}`).toBeLessThan(1e-12);
        }
      }
    });
  }
});

describe("Poisson–log-normal row integrals", () => {
  const cases: [number, number, number][] = [
    [0, 1, 0.8],
    [0, 1.01164, 0.855818],
    [1, -1, 0.3],
    [4, 1, 0.855818],
    [30, 1, 0.855818],
    [200, 1, 0.8],
    [200, 5, 0.1],
    [7, 0.5, 3],
  ];
  for (const [y, a, s] of cases) {
    it(`adaptive Gauss–Hermite matches a brute-force trapezoid for y = ${y}, a = ${a}, s = ${s}`, () => {
      const quadrature = poissonLogNormalRowLogLikelihood(y, a, s);
      const brute = bruteForceRowLogLikelihood(y, a, s);
      expect(Number.isFinite(quadrature)).toBe(true);
      // |log L₁ − log L₂| < 1e−10 is a relative difference of the likelihoods below 1e−10.
      expect(Math.abs(quadrature - brute)).toBeLessThan(1e-10);
    });
  }

  it("a zero count under a wide effect is skewed: 40 nodes lose digits, more nodes recover them", () => {
    // For y = 0 the integrand is the prior (sd s) on the left and e^{−e^{a+z}} on the right, so its Laplace
    // scale fits poorly when s is large; the data set's MLE (s ≈ 0.86) is far from this.
    const brute = bruteForceRowLogLikelihood(0, 3, 2);
    expect(Math.abs(poissonLogNormalRowLogLikelihood(0, 3, 2, 40) - brute)).toBeLessThan(1e-7);
    expect(Math.abs(poissonLogNormalRowLogLikelihood(0, 3, 2, 150) - brute)).toBeLessThan(1e-10);
  });

  it("does not overflow for large counts", () => {
    const value = poissonLogNormalRowLogLikelihood(5000, 8, 0.5);
    expect(Number.isFinite(value)).toBe(true);
  });
});

describe("Poisson–log-normal marginal likelihood on examples/data/poisson-lognormal.csv", () => {
  const y = readCounts();
  const reference = (
    JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8")) as Record<
      string,
      { logLikelihood: number; params: Record<string, number> }
    >
  )["poisson-lognormal"]!;

  it("reads 500 counts", () => {
    expect(y.length).toBe(500);
    expect(y.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });

  it("40 and 60 nodes agree to 1e-10 at the MLE and around it", () => {
    const atMle = poissonLogNormalLogLikelihood(y, 1.01164, 0.855818, 40);
    expect(Math.abs(atMle - poissonLogNormalLogLikelihood(y, 1.01164, 0.855818, 60))).toBeLessThan(1e-10);
    // Relative agreement over the region the maximiser explores.
    for (const [a, s] of [
      [0.8, 0.6],
      [0.8, 1.1],
      [1.2, 0.6],
      [1.2, 1.1],
      [1.5, 0.3],
    ] as const) {
      const l40 = poissonLogNormalLogLikelihood(y, a, s, 40);
      const l60 = poissonLogNormalLogLikelihood(y, a, s, 60);
      expect(Math.abs(l40 - l60) / Math.abs(l60)).toBeLessThan(1e-10);
    }
  });

  it("the MLE matches references.json", () => {
    const fit = poissonLogNormalMle(y);
    expect(Math.abs(fit.a - reference.params.a!)).toBeLessThan(1e-5);
    expect(Math.abs(fit.s - reference.params.s!)).toBeLessThan(1e-5);
    expect(Math.abs(fit.logLikelihood - reference.logLikelihood)).toBeLessThan(1e-5);
    // And it is a maximum: nudging either parameter lowers the log-likelihood.
    for (const [da, ds] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
    ] as const) {
      expect(poissonLogNormalLogLikelihood(y, fit.a + da, fit.s + ds)).toBeLessThan(fit.logLikelihood);
    }
  });
});
