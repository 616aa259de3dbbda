// Poisson at rate 0, the point mass at 0: validation, the numeric and symbolic log-densities (no 0 · log 0
// NaN, in either evaluator), the gradient in λ of Poisson(λ c) at c = 0, the sampler, and the checker.

import { describe, expect, it } from "vitest";
import { distributions } from "../../src/distributions";
import { createRng } from "../../src/random";
import * as S from "../../src/symbolic";
import { checkLines } from "../helpers";

const poisson = distributions.get("Poisson")!;
const y = S.symbol("y", S.SCALAR, "nonnegative");
const lambda = S.symbol("lambda", S.SCALAR, "positive");
const c = S.symbol("c", S.SCALAR, "nonnegative");

describe("Poisson(0)", () => {
  it("accepts rate 0 and names the rate when it is negative or not finite", () => {
    expect(poisson.validate([0])).toBeUndefined();
    expect(poisson.validate([2.5])).toBeUndefined();
    expect(poisson.validate([-1])).toMatch(/rate must be a number ≥ 0, not -1/);
    expect(poisson.validate([Number.NaN])).toMatch(/rate/);
    expect(poisson.validate([Number.POSITIVE_INFINITY])).toMatch(/rate/);
  });

  it("is the point mass at 0: log p(0 | 0) = 0, log p(y > 0 | 0) = −∞", () => {
    expect(poisson.logDensity(0, [0])).toBe(0);
    for (const k of [1, 2, 17]) expect(poisson.logDensity(k, [0])).toBe(Number.NEGATIVE_INFINITY);
    // Positive rates are unchanged: log p(0 | 2.5) = −2.5, log p(3 | 2.5) = 3 log 2.5 − 2.5 − log 6.
    expect(poisson.logDensity(0, [2.5])).toBe(-2.5);
    expect(poisson.logDensity(3, [2.5])).toBeCloseTo(3 * Math.log(2.5) - 2.5 - Math.log(6), 14);
  });

  it("samples 0 at rate 0", () => {
    const rng = createRng("poisson-zero");
    for (let i = 0; i < 1000; i++) expect(poisson.sample(rng, [0])).toBe(0);
  });
});

describe("the symbolic log-density of Poisson(λ c)", () => {
  const e = poisson.logDensityExpr(y, [S.mul(lambda, c)]);
  const points = [
    { y: 0, c: 0, lambda: 2 },
    { y: 4, c: 0, lambda: 2 },
    { y: 0, c: 1, lambda: 2 },
    { y: 4, c: 1, lambda: 2 },
    { y: 3, c: 2.5, lambda: 0.7 },
  ];

  it("equals the numeric log-density, with 0 · log 0 = 0 at y = 0, c = 0", () => {
    const simplified = S.simplify(e);
    for (const p of points) {
      const want = poisson.logDensity(p.y, [p.lambda * p.c]);
      for (const expr of [e, simplified]) {
        const got = S.evaluate(expr, p) as number;
        if (want === Number.NEGATIVE_INFINITY) expect(got).toBe(want);
        else expect(got).toBeCloseTo(want, 12);
      }
    }
  });

  it("is finite in the general evaluator too (a rate read from a vector) and in a partial evaluator", () => {
    const v = S.symbol("v", S.vectorShape(2), "nonnegative");
    const general = poisson.logDensityExpr(y, [S.mul(lambda, S.index(v, 2))]);
    expect(S.evaluate(general, { y: 0, lambda: 2, v: [1, 0] })).toBe(0);
    expect(S.evaluate(general, { y: 2, lambda: 2, v: [1, 0] })).toBe(Number.NEGATIVE_INFINITY);
    for (const expr of [e, general]) {
      const partial = S.compilePartial(expr, [lambda]);
      const env = { y: 0, c: 0, lambda: 2, v: Float64Array.of(1, 0) };
      expect(partial.evaluate(env, partial.prepare(env))).toBe(0);
    }
  });

  it("has the derivative y/λ − c in λ, finite at c = 0", () => {
    const g = S.gradient(e, lambda);
    for (const p of points) {
      const got = S.evaluate(g, p) as number;
      expect(got).toBeCloseTo(p.y / p.lambda - p.c, 12);
    }
  });

  it("has no λ left at a state where c is 0", () => {
    // A latent state substituted into the rate: log(λ · 0) is log 0, constant in λ.
    const zero = S.simplify(poisson.logDensityExpr(y, [S.mul(lambda, S.num(0))]));
    expect(S.dependsOn(zero, [lambda])).toBe(false);
    expect(S.evaluate(zero, { y: 0 })).toBe(0);
    expect(S.evaluate(zero, { y: 5 })).toBe(Number.NEGATIVE_INFINITY);
    expect(S.evaluate(poisson.logDensityExpr(y, [S.num(0)]), { y: 0 })).toBe(0);
  });

  it("keeps NaN where a factor is NaN: only 0 · ±∞ becomes 0", () => {
    expect(S.evaluate(e, { y: Number.NaN, c: 0, lambda: 2 })).toBeNaN();
    expect(S.evaluate(S.mul(y, S.log(c)), { y: 0, c: -1 })).toBeNaN();
  });
});

describe("the checker takes Poisson's rate as ≥ 0", () => {
  const model = (rate: string, decl = "param lambda: positive") => [
    "model m",
    "size N",
    "data y[N]: count",
    ...(decl ? [decl] : []),
    `for n in 1..N { y[n] ~ Poisson(${rate}) }`,
  ];

  it("accepts a rate of 0, and a rate read from a count latent", () => {
    const latent = "latent s[N]: count\nfor n in 1..N { s[n] ~ Bernoulli(0.5) }";
    expect(checkLines(...model("0")).errors).toEqual([]);
    expect(checkLines(...model("lambda * s[n]", `${latent}\nparam lambda: positive`)).errors).toEqual([]);
    expect(checkLines(...model("s[n]", latent)).errors).toEqual([]);
  });

  it("rejects a negative literal and a param declared real", () => {
    const negative = checkLines(...model("-1", ""));
    expect(negative.errors).toEqual(["E0208"]);
    expect(negative.diagnostics[0]!.message).toMatch(/the rate of Poisson must be ≥ 0, but it is -1/);
    const real = checkLines(...model("r", "param r: real"));
    expect(real.errors).toEqual(["E0208"]);
    expect(real.diagnostics[0]!.message).toMatch(/must be ≥ 0, but 'r' is declared real/);
    expect(real.diagnostics[0]!.hint).toMatch(/param r: positive/);
  });
});
