// Lowering to the IR and evaluating IR expressions: the IR printout of a GMM (a golden text), lets
// inlined, constants folded, and the expression interpreter against direct computation.

import { describe, expect, it } from "vitest";
import { evaluate, lower, printIR, tensor } from "../../src/ir";
import { cholesky, inverseFromCholesky, logDetFromCholesky } from "../../src/linalg";
import { checkLines, gmmLines } from "../helpers";

function ir(...lines: string[]) {
  const r = checkLines(...lines);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return lower(r.model);
}

describe("lowering", () => {
  it("prints the GMM as the compiler sees it", () => {
    const m = ir(...gmmLines);
    expect(printIR(m)).toBe(
      [
        "model gmm",
        "  sizes N, D",
        "  const K = 2",
        "  data   x: matrix[N, D]",
        "  param  pi: simplex[2]",
        "  param  mu: matrix[2, D]",
        "  param  Sigma: cov[D] array[2]",
        "  latent z: vector[N] of cat(2)",
        "  plate n in 1..N",
        "    factor 0: z[n] ~ Categorical(pi)",
        "    factor 1: x[n] ~ MvNormal(mu[z[n]], Sigma[z[n]])",
        "",
      ].join("\n"),
    );
    expect(m.factors.map((f) => f.plates.map((p) => p.index))).toEqual([["n"], ["n"]]);
  });

  it("inlines lets (also inside plates) and keeps weights and censoring", () => {
    const m = ir(
      "model m",
      "size N",
      "data y[N]: real",
      "data w[N]: count",
      "data c[N]: int",
      "param a: real",
      "param s: positive",
      "let b = 2 * a",
      "for n in 1..N weighted w[n] {",
      "  let mean = b + n",
      "  y[n] ~ Normal(mean, s) censored(right = c[n])",
      "}",
    );
    expect(printIR(m)).toContain("plate n in 1..N weighted w[n]");
    expect(printIR(m)).toContain("factor 0: y[n] ~ Normal(((2 * a) + n), s) censored(right = c[n])");
  });
});

describe("evaluation", () => {
  const m = ir(
    "model m",
    "data y: real",
    "param A: matrix[3, 3]",
    "param v: vector[3]",
    "let q = v' * inv(A) * v + logdet(A) + det(A) + sum(diag(A)) + dot(v, v) + sum(softmax(v)) + sum(A * v)",
    "y ~ Normal(q, 1)",
  );
  const A = m.variables.get("A")!;
  const v = m.variables.get("v")!;
  const a = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
  const x = Float64Array.from([1, -2, 0.5]);
  const ctx = {
    sizes: new Map(),
    values: new Map([
      [A, tensor([3, 3], a)],
      [v, tensor([3], x)],
    ]),
    plateIndex: new Map(),
  };

  it("computes matrix expressions like direct linear algebra", () => {
    const c = cholesky(a, 3);
    if (!c.ok) throw new Error("not SPD");
    const inv = inverseFromCholesky(c.L, 3);
    let quad = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) quad += x[i]! * inv[i * 3 + j]! * x[j]!;
    const logdet = logDetFromCholesky(c.L, 3);
    let av = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) av += a[i * 3 + j]! * x[j]!;
    const want = quad + logdet + Math.exp(logdet) + (4 + 3 + 2) + (1 + 4 + 0.25) + 1 + av;
    const got = evaluate(m.factors[0]!.args[0]!, ctx) as number;
    expect(Math.abs(got - want)).toBeLessThan(1e-12 * Math.abs(want));
  });
});
