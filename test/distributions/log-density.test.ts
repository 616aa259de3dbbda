// Every distribution's numeric log-density against SciPy (test/fixtures/distributions/make-reference.py wrote
// the reference values), argument validation, and samplers whose draws have the family's mean.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { distributions, type Value } from "../../src/distributions";
import { createRng } from "../../src/random";

interface Case {
  dist: string;
  args: (number | number[])[];
  x: number | number[];
  logDensity: number | null;
}

const reference = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "distributions", "reference.json"), "utf8"),
) as {
  cases: Case[];
};
const value = (v: number | number[]): Value => (typeof v === "number" ? v : Float64Array.from(v));

describe("log-densities against SciPy", () => {
  it("covers every distribution family", () => {
    expect(new Set(reference.cases.map((c) => c.dist))).toEqual(new Set(distributions.keys()));
  });

  // Relative 1e-12 where the density is O(1); an absolute floor of 1e-12 where it is near 0 (SciPy itself
  // works in double precision, so agreement to ~1e-13 relative is the most either side can promise).
  for (const c of reference.cases) {
    it(`${c.dist}(${JSON.stringify(c.args).slice(1, -1).slice(0, 60)}) at ${JSON.stringify(c.x).slice(0, 40)}`, () => {
      const d = distributions.get(c.dist)!;
      const args = c.args.map(value);
      expect(d.validate(args)).toBeUndefined();
      const got = d.logDensity(value(c.x), args);
      const want = c.logDensity ?? Number.NEGATIVE_INFINITY;
      if (!Number.isFinite(want)) expect(got).toBe(want);
      else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    });
  }
});

describe("argument validation names the argument", () => {
  const cases: [string, Value[], RegExp][] = [
    ["Normal", [0, 0], /sd must be a positive number/],
    ["Normal", [Number.NaN, 1], /mean must be a finite number/],
    ["Gamma", [-1, 1], /shape/],
    ["Beta", [1, 0], /\bb\b/],
    ["Bernoulli", [1.5], /p must be in \[0, 1\]/],
    ["Binomial", [2.5, 0.5], /n must be a count/],
    ["Categorical", [Float64Array.from([0.5, 0.6])], /sums to 1\.1/],
    ["Categorical", [Float64Array.from([-0.5, 1.5])], /probs\[1\] is -0\.5/],
    ["MvNormal", [Float64Array.from([0, 0]), Float64Array.from([1, 2, 2, 1])], /not positive definite/],
    ["MvNormal", [Float64Array.from([0, 0]), Float64Array.from([1, 0.5, 0, 1])], /not symmetric/],
    ["MvNormal", [Float64Array.from([0, 0, 0]), Float64Array.from([1, 0, 0, 1])], /mean has length 3/],
    ["Dirichlet", [Float64Array.from([1, 0])], /alpha\[2\]/],
    ["Uniform", [1, 1], /lo must be below hi/],
    ["InvWishart", [0.5, Float64Array.from([1, 0, 0, 1])], /nu must exceed D − 1 = 1/],
    ["Multinomial", [-1, Float64Array.from([1])], /n must be a count/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}(${args.map((a) => (typeof a === "number" ? a : `[${Array.from(a)}]`)).join(", ")})`, () => {
      expect(distributions.get(name)!.validate(args)).toMatch(message);
    });
  }
});

describe("samplers draw from the family", () => {
  // Mean of n = 20 000 draws within 5 standard errors of the analytic mean: a false alarm has
  // probability below 1e-6 per check, and the seed is fixed, so the test is deterministic.
  const n = 20_000;
  const cases: [string, Value[], number, number][] = [
    ["Normal", [2, 3], 2, 9],
    ["LogNormal", [0, 0.5], Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25)],
    ["StudentT", [5, 1, 2], 1, (4 * 5) / 3],
    ["Exponential", [2], 0.5, 0.25],
    ["Gamma", [3, 2], 1.5, 0.75],
    ["InvGamma", [5, 2], 0.5, 1 / 12],
    ["Beta", [2, 3], 0.4, 0.04],
    ["Uniform", [-1, 3], 1, 16 / 12],
    ["Poisson", [4.5], 4.5, 4.5],
    ["Bernoulli", [0.3], 0.3, 0.21],
    ["Binomial", [20, 0.25], 5, 3.75],
    ["Categorical", [Float64Array.from([0.2, 0.3, 0.5])], 2.3, 0.61],
  ];
  for (const [name, args, mean, variance] of cases) {
    it(`${name} has mean ${mean.toPrecision(4)}`, () => {
      const d = distributions.get(name)!;
      const rng = createRng(`dist-${name}`);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += d.sample(rng, args) as number;
      expect(Math.abs(sum / n - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
    });
  }

  it("vector families draw from their supports", () => {
    const rng = createRng(1);
    const dir = distributions.get("Dirichlet")!.sample(rng, [Float64Array.from([1, 2, 3])]) as Float64Array;
    expect(dir.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const mult = distributions
      .get("Multinomial")!
      .sample(rng, [7, Float64Array.from([0.2, 0.3, 0.5])]) as Float64Array;
    expect(mult.reduce((a, b) => a + b, 0)).toBe(7);
    const iw = distributions
      .get("InvWishart")!
      .sample(rng, [5, Float64Array.from([1, 0.2, 0.2, 1])]) as Float64Array;
    expect(distributions.get("MvNormal")!.validate([Float64Array.from([0, 0]), iw])).toBeUndefined();
  });
});
