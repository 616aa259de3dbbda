// The quadrature E-step of censored continuous values (engine/kernels/censored-quadrature): against the
// closed-form truncated Normal moments and log-CCDF (special/truncated-moments), and the Gamma's regularised
// incomplete gamma function, far into the tails and on both sides.

import { describe, expect, it } from "vitest";
import { distributions } from "../../src/distributions";
import { censoredQuadraturePoints } from "../../src/engine/kernels/censored-quadrature";
import { censoredNormalMoments, gammaP, gammaQ } from "../../src/special";

function moments(values: Float64Array, weights: Float64Array) {
  let mean = 0;
  values.forEach((v, i) => {
    mean += weights[i]! * v;
  });
  let variance = 0;
  values.forEach((v, i) => {
    variance += weights[i]! * (v - mean) ** 2;
  });
  return { mean, variance };
}

describe("censored quadrature", () => {
  it("reproduces the truncated Normal: log P, mean and variance, either side, near and far", () => {
    const normal = distributions.get("Normal")!;
    for (const [mu, sigma, c] of [
      [0, 1, 0],
      [2, 0.5, 1.2],
      [-3, 4, 10],
      [0, 1, 8],
      [50, 10, 20],
    ] as const)
      for (const side of ["right", "left"] as const) {
        const q = censoredQuadraturePoints(normal, [mu, sigma], c, side)!;
        const exact = censoredNormalMoments(mu, sigma, c, side);
        expect(Math.abs(q.logMass - exact.logMass)).toBeLessThan(1e-9 * Math.max(1, Math.abs(exact.logMass)));
        const m = moments(q.values, q.weights);
        expect(Math.abs(m.mean - exact.mean)).toBeLessThan(1e-8 * Math.max(1, Math.abs(exact.mean)));
        expect(Math.abs(m.variance / exact.variance - 1)).toBeLessThan(1e-7);
      }
  });

  it("gives the Gamma's tail and head masses: log Q(α, βc) and log P(α, βc)", () => {
    const gamma = distributions.get("Gamma")!;
    for (const [shape, rate, c] of [
      [2.5, 0.8, 3],
      [0.4, 2, 0.05],
      [30, 3, 12],
      [1, 1, 40],
    ] as const) {
      const right = censoredQuadraturePoints(gamma, [shape, rate], c, "right")!;
      const left = censoredQuadraturePoints(gamma, [shape, rate], c, "left")!;
      expect(Math.abs(right.logMass - Math.log(gammaQ(shape, rate * c)))).toBeLessThan(1e-9);
      expect(Math.abs(left.logMass - Math.log(gammaP(shape, rate * c)))).toBeLessThan(1e-9);
      expect(right.values.every((v) => v > c)).toBe(true);
      expect(left.values.every((v) => v > 0 && v < c)).toBe(true);
    }
  });

  it("has no points where the region is empty (a Uniform censored beyond its upper end)", () => {
    const uniform = distributions.get("Uniform")!;
    expect(censoredQuadraturePoints(uniform, [0, 1], 2, "right")).toBeUndefined();
    const inside = censoredQuadraturePoints(uniform, [0, 1], 0.25, "right")!;
    expect(inside.logMass).toBeCloseTo(Math.log(0.75), 12);
  });
});
