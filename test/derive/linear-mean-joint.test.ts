// linear-mean's joint solve: a mean affine in several elements of one block (β[1] + β[2]·x) is one unit
// of weighted least squares over those elements, per state when the elements are a state's (β[z, 1]).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isJointlyAffineIn } from "../../src/derive/structure";
import * as S from "../../src/symbolic";
import {
  checkAgainstNumericalMaximum,
  closedForm,
  deriveLines,
  fixtures,
  planOf,
} from "../support/mstep-rules";

const reference = JSON.parse(readFileSync(join(fixtures, "reference.json"), "utf8"));

const regression = (decl: string, mean: string, extra: string[] = []) => [
  "model r",
  "size N",
  "data x[N]: real",
  "data y[N]: real",
  decl,
  "param s: positive",
  ...extra,
  "for n in 1..N {",
  `  y[n] ~ Normal(${mean}, s)`,
  "}",
];

function declined(lines: string[], block: string, rule: string): string {
  const p = planOf(deriveLines(lines, { N: 4 }), block);
  expect(p.method).not.toBe("closed-form");
  if (p.method === "closed-form") return "";
  return p.declined.find((d) => d.rule === rule)!.reason;
}

describe("linear-mean over several elements of one block", () => {
  it("beta[1] + beta[2]·x is one unit of two elements: H is 2×2", () => {
    const u = closedForm(
      deriveLines(regression("param beta: vector[2]", "beta[1] + beta[2] * x[n]"), { N: 4 }),
      "beta",
    );
    expect(u.rule).toBe("linear-mean");
    expect(u.unitRank).toBe(0);
    expect(u.slotsPerUnit).toBe(2 * 2 + 2);
  });

  it("the same elements per state: beta[K]: vector[2] read as beta[z, 1] + beta[z, 2]·x has K units", () => {
    const lines = [
      "model m",
      "size N",
      "const K = 2",
      "data x[N]: real",
      "data y[N]: real",
      "param pi: simplex[K]",
      "param beta[K]: vector[2]",
      "param s[K]: positive",
      "latent z[N]: cat(K)",
      "for n in 1..N {",
      "  z[n] ~ Categorical(pi)",
      "  y[n] ~ Normal(beta[z[n], 1] + beta[z[n], 2] * x[n], s[z[n]])",
      "}",
    ];
    const u = closedForm(deriveLines(lines, { N: 4 }), "beta");
    expect(u.unitRank).toBe(1);
    expect(u.slotsPerUnit).toBe(6);
  });

  it("a block read whole and by an element (a prior on one coefficient) is one unit", () => {
    const lines = regression("param beta: vector[2]", "beta[1] + dot([0, x[n]], beta)", [
      "beta[1] ~ Normal(0, 10)",
    ]);
    const u = closedForm(deriveLines(lines, { N: 4 }), "beta");
    expect(u.unitRank).toBe(0);
    expect(u.slotsPerUnit).toBe(6);
  });

  it("a size bound from the data gives the unit its size: beta: vector[P] read by constants", () => {
    const lines = [
      "model r",
      "size N, P",
      "data x[N]: vector[P]",
      "data y[N]: real",
      "param beta: vector[P]",
      "param s: positive",
      "for n in 1..N {",
      "  y[n] ~ Normal(beta[1] + beta[2] * x[n, 2] + dot(x[n], beta), s)",
      "}",
    ];
    expect(closedForm(deriveLines(lines, { N: 4, P: 3 }), "beta").slotsPerUnit).toBe(3 * 3 + 3);
  });

  it("declines a mean that is affine in each element but not jointly (beta[1]·beta[2]·x)", () => {
    const reason = declined(
      regression("param beta: vector[2]", "beta[1] * beta[2] * x[n]"),
      "beta",
      "linear-mean",
    );
    expect(reason).toMatch(/not linear in beta/);
  });

  it("declines an element at a subscript that varies by element beside another element", () => {
    const lines = [
      "model r",
      "size N",
      "data x[N]: real",
      "data y[N, 2]: real",
      "param beta: vector[2]",
      "for n in 1..N {",
      "  for j in 1..2 {",
      "    y[n, j] ~ Normal(beta[j] + beta[1] * x[n], 1)",
      "  }",
      "}",
    ];
    expect(declined(lines, "beta", "linear-mean")).toMatch(/varies by element/);
  });

  it("joint affinity is along every line, not in each symbol alone", () => {
    const a = S.symbol("a", S.SCALAR);
    const b = S.symbol("b", S.SCALAR);
    const x = S.symbol("x", S.SCALAR);
    expect(isJointlyAffineIn(S.add(a, S.mul(b, x)), [a, b])).toBe(true);
    expect(isJointlyAffineIn(S.mul(a, b, x), [a, b])).toBe(false);
  });
});

describe("the joint solve is weighted least squares", () => {
  it("equals numpy's lstsq for beta[1] + beta[2]·x1 + beta[3]·x2", async () => {
    const beta = await checkAgainstNumericalMaximum("regression.lvm", "regression.csv", "beta");
    const want = reference.regression.beta as number[];
    want.forEach((b, i) => {
      expect(Math.abs(beta[i]! - b)).toBeLessThan(1e-10);
    });
  });

  it("equals the numerical maximum of Q per state in a mixture of regressions", async () => {
    await checkAgainstNumericalMaximum("mixreg.lvm", "mixreg.csv", "beta", { rows: 80 });
  });

  it("per-state means mu[z] are still one unit per state (weighted means)", () => {
    const lines = [
      "model m",
      "size N",
      "const K = 3",
      "data x[N]: real",
      "param pi: simplex[K]",
      "param mu[K]: real",
      "param s: positive",
      "latent z[N]: cat(K)",
      "for n in 1..N {",
      "  z[n] ~ Categorical(pi)",
      "  x[n] ~ Normal(mu[z[n]], s)",
      "}",
    ];
    const u = closedForm(deriveLines(lines, { N: 4 }), "mu");
    expect(u.unitRank).toBe(1);
    expect(u.slotsPerUnit).toBe(2);
    expect(u.equation).toContain("the weighted mean");
  });
});
