// The checker beyond the golden files: what it decides statically, what it defers to data binding,
// and the element-wise `~` rules.

import { describe, expect, it } from "vitest";
import { formatType } from "../../src/check";
import { checkLines, gmmLines } from "../helpers";

describe("shapes", () => {
  it("types a GMM's expressions", () => {
    const r = checkLines(...gmmLines);
    expect(r.errors).toEqual([]);
    const types = [...r.model!.types.values()].map(formatType);
    expect(types).toContain("vector[D]");
    expect(types).toContain("cov[D]");
    expect(r.model!.tildes.map((t) => t.distribution.name)).toEqual(["Categorical", "MvNormal"]);
  });

  it("follows matrix products, transposes and functions", () => {
    const r = checkLines(
      "model m",
      "size N, D",
      "const L = 2",
      "data x[N]: vector[D]",
      "param W: matrix[D, L]",
      "param psi[D]: positive",
      "for n in 1..N { x[n] ~ MvNormal(zeros(D), W * W' + diag(psi)) }",
      "let q = x[1]' * inv(W * W' + diag(psi)) * x[1] + logdet(I(D)) + sum(psi) + dot(psi, psi)",
    );
    expect(r.errors).toEqual([]);
  });

  it("defers a size equality it cannot decide to data binding", () => {
    const r = checkLines(
      "model m",
      "size N, D, E",
      "data x[N]: vector[D]",
      "param mu: vector[E]",
      "for n in 1..N { x[n] ~ MvNormal(mu, I(D)) }",
    );
    expect(r.errors).toEqual([]);
    expect(r.model!.deferred.map((d) => d.kind)).toContain("equal");
  });

  it("decides sizes through constant arithmetic", () => {
    expect(
      checkLines(
        "model m",
        "const K = 3",
        "const J = K - 1",
        "param a: vector[J]",
        "let b = a + [1, 2]",
        "a ~ MvNormal(zeros(J), I(2))",
      ).errors,
    ).toEqual([]);
    expect(
      checkLines("model m", "const K = 3", "param a: vector[K - 1]", "let b = a + [1, 2, 3]").codes,
    ).toContain("E0209");
  });

  it("rejects elementwise division and non-scalar exponents", () => {
    expect(checkLines("model m", "param v: vector[2]", "let a = v / v").codes).toContain("E0207");
    expect(checkLines("model m", "param v: vector[2]", "let a = v ^ 2").codes).toContain("E0207");
  });

  it("treats M[i] as a row and too many subscripts as an error", () => {
    expect(
      checkLines("model m", "const M: matrix[2, 3] = [[1, 2, 3], [4, 5, 6]]", "let r = M[1] + [0, 0, 0]")
        .errors,
    ).toEqual([]);
    expect(checkLines("model m", "param s2[2, 3]: positive", "let r = s2[1] + [0, 0, 0]").errors).toEqual([]);
    expect(checkLines("model m", "param s2[2, 3]: positive", "let r = s2[1, 2, 3]").errors).toEqual([
      "E0210",
    ]);
  });
});

describe("values that are certainly wrong", () => {
  it("rejects literal arguments outside their support", () => {
    expect(
      checkLines("model m", "size N", "data y[N]: real", "for n in 1..N { y[n] ~ Normal(0, -1) }").codes,
    ).toEqual(["E0208"]);
    expect(
      checkLines("model m", "size N", "data y[N]: count", "for n in 1..N { y[n] ~ Bernoulli(1.5) }").codes,
    ).toEqual(["E0208"]);
    expect(
      checkLines("model m", "size N", "data y[N]: cat(2)", "for n in 1..N { y[n] ~ Categorical([0.5, 0.6]) }")
        .codes,
    ).toEqual(["E0208"]);
  });

  it("accepts expressions whose sign it can prove, and leaves the rest to run time", () => {
    const ok = checkLines(
      "model m",
      "size N",
      "data y[N]: real",
      "param a: real",
      "param b: positive",
      "latent u[N]: positive",
      "for n in 1..N {",
      "  u[n] ~ Gamma(b / 2, b / 2)",
      "  y[n] ~ Normal(a, exp(a) + b / sqrt(u[n]))",
      "}",
    );
    expect(ok.codes).toEqual([]);
  });

  it("takes probabilities that are polynomials of a prob param", () => {
    const r = checkLines(
      "model m",
      "size N",
      "data y[N]: cat(3)",
      "param p: prob",
      "for n in 1..N { y[n] ~ Categorical([p^2, 2*p*(1-p), (1-p)^2]) }",
    );
    expect(r.errors).toEqual([]);
  });
});

describe("the ~ rules over elements", () => {
  it("accepts a chain split into its first element and the rest", () => {
    const r = checkLines(
      "model hmm",
      "size N",
      "const K = 2",
      "data y[N]: real",
      "param A[K]: simplex[K]",
      "param pi: simplex[K]",
      "param mu[K]: real",
      "latent z[N]: cat(K)",
      "z[1] ~ Categorical(pi)",
      "for n in 2..N { z[n] ~ Categorical(A[z[n - 1]]) }",
      "for n in 1..N { y[n] ~ Normal(mu[z[n]], 1) }",
    );
    expect(r.errors).toEqual([]);
  });

  it("rejects a chain whose pieces overlap", () => {
    const r = checkLines(
      "model hmm",
      "size N",
      "param pi: simplex[2]",
      "latent z[N]: cat(2)",
      "z[1] ~ Categorical(pi)",
      "for n in 1..N { z[n] ~ Categorical(pi) }",
    );
    expect(r.codes).toContain("E0218");
  });

  it("accepts elementwise priors on a param array, and element ~ on a 2-D data array", () => {
    const r = checkLines(
      "model m",
      "size N, J",
      "const K = 2",
      "data x[N, J]: count",
      "param theta[K, J]: prob",
      "param pi: simplex[K]",
      "latent z[N]: cat(K)",
      "for k in 1..K { for j in 1..J { theta[k, j] ~ Beta(1, 1) } }",
      "for n in 1..N {",
      "  z[n] ~ Categorical(pi)",
      "  for j in 1..J { x[n, j] ~ Bernoulli(theta[z[n], j]) }",
      "}",
    );
    expect(r.errors).toEqual([]);
  });

  it("leaves coverage it cannot decide to binding (a plate range read from data)", () => {
    const r = checkLines(
      "model m",
      "size N",
      "data len: count",
      "param pi: simplex[2]",
      "latent z[N]: cat(2)",
      "for n in 1..len { z[n] ~ Categorical(pi) }",
    );
    expect(r.errors).toEqual([]);
    expect(r.model!.deferred.map((d) => d.kind)).toContain("covers");
  });

  it("rejects a latent with a prior that doesn't fit its declared type", () => {
    expect(checkLines("model m", "latent u: real", "u ~ Gamma(1, 1)").errors).toEqual([]);
    expect(checkLines("model m", "param s: real", "s ~ Gamma(1, 1)").errors).toEqual(["E0221"]);
  });
});

describe("weights and censoring", () => {
  it("accepts a data weight and a data censoring condition", () => {
    const r = checkLines(
      "model m",
      "size N",
      "data y[N]: real",
      "data w[N]: count",
      "data c[N]: int",
      "param mu: real",
      "param s: positive",
      "for n in 1..N weighted w[n] { y[n] ~ Normal(mu, s) censored(right = c[n]) }",
    );
    expect(r.errors).toEqual([]);
  });

  it("rejects a censoring condition read from a param, and a negative literal weight", () => {
    expect(
      checkLines(
        "model m",
        "size N",
        "data y[N]: real",
        "param mu: real",
        "for n in 1..N { y[n] ~ Normal(mu, 1) censored(left = mu) }",
      ).codes,
    ).toContain("E0230");
    expect(
      checkLines("model m", "size N", "data y[N]: real", "for n in 1..N weighted -1 { y[n] ~ Normal(0, 1) }")
        .codes,
    ).toContain("E0224");
  });
});
