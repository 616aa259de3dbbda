// Log expansion and linearCombination find the kernel shapes of docs/architecture.md on their own: the linkage
// Q as a log θ + b log(1 − θ), ABO gene counting, a log λ − b λ, variance and mean terms of a Normal.

import { describe, expect, it } from "vitest";
import {
  add,
  div,
  dot,
  type Expr,
  evaluate,
  expand,
  index,
  inv,
  lgamma,
  linearCombination,
  log,
  matmul,
  matrixShape,
  mul,
  neg,
  num,
  pow,
  SCALAR,
  type SymbolExpr,
  simplify,
  sub,
  sum,
  symbol,
  toUnicode,
  transpose,
  vectorShape,
} from "../../src/symbolic";

const theta = symbol("theta", SCALAR, "prob");
/** The genetic linkage cell probabilities [1/2, θ/4, (1−θ)/4, (1−θ)/4, θ/4]. */
const linkage = [div(1, 2), div(theta, 4), div(sub(1, theta), 4), div(sub(1, theta), 4), div(theta, 4)];
const c = [1, 2, 3, 4, 5].map((j) => symbol(`c${j}`, SCALAR, "nonnegative"));
const q = (coefficients: readonly Expr[]) => add(...coefficients.map((cj, j) => mul(cj, log(linkage[j]!))));

const show = (lc: ReturnType<typeof linearCombination>) => ({
  constant: toUnicode(lc.constant),
  terms: lc.terms.map(([coefficient, basis]) => [toUnicode(coefficient), toUnicode(basis)]),
});

describe("genetic linkage", () => {
  it("Σⱼ cⱼ log pⱼ(θ) in θ is a log θ + b log(1 − θ) with a = c₂ + c₅, b = c₃ + c₄", () => {
    const lc = linearCombination(q(c), theta);
    expect(lc.terms.map(([, basis]) => basis)).toEqual([log(theta), simplify(log(sub(1, theta)))]);
    expect(lc.terms[0]![0]).toBe(simplify(add(c[1]!, c[4]!)));
    expect(lc.terms[1]![0]).toBe(simplify(add(c[2]!, c[3]!)));
    expect(show(lc)).toEqual({
      constant: "−c₁ log 2 − c₂ log 4 − c₃ log 4 − c₄ log 4 − c₅ log 4",
      terms: [
        ["c₂ + c₅", "log θ"],
        ["c₃ + c₄", "log(1 − θ)"],
      ],
    });
  });

  it("with numeric statistics the coefficients are numbers and θ = a/(a + b)", () => {
    // E-step statistics of Dempster, Laird & Rubin's data (125, 18, 20, 34) at θ′ = 0.5: the first cell
    // splits 125 in the ratio 1/2 : θ′/4.
    const counts = [100, 25, 18, 20, 34];
    const lc = linearCombination(q(counts.map(num)));
    expect(show(lc).terms).toEqual([
      ["59", "log θ"],
      ["38", "log(1 − θ)"],
    ]);
    const [a, b] = lc.terms.map(([coefficient]) => (coefficient as { value: number }).value) as [
      number,
      number,
    ];
    expect(a / (a + b)).toBeCloseTo(59 / 97, 15);
    expect(toUnicode(simplify(q(counts.map(num))))).toBe("59 log θ + 38 log(1 − θ) − 100 log 2 − 97 log 4");
  });

  it("the expanded Q has the value of the original", () => {
    const env = { theta: 0.37, c1: 1.5, c2: 2, c3: 3.25, c4: 4, c5: 5.5 };
    const lc = linearCombination(q(c), theta);
    const rebuilt = add(lc.constant, ...lc.terms.map(([k, basis]) => mul(k, basis)));
    expect(evaluate(rebuilt, env)).toBeCloseTo(evaluate(q(c), env) as number, 12);
  });
});

describe("ABO blood groups", () => {
  it("log(2 p₁ p₃) and log(p₁²) expand to Σⱼ aⱼ log pⱼ (gene counting)", () => {
    const [pA, pB, pO] = [1, 2, 3].map((i) => symbol(`p${i}`, SCALAR, "nonnegative")) as [
      SymbolExpr,
      SymbolExpr,
      SymbolExpr,
    ];
    const n = ["AA", "AO", "BB", "BO", "AB", "OO"].map((g) => symbol(`n_${g}`, SCALAR, "nonnegative"));
    const genotype = [pow(pA, 2), mul(2, pA, pO), pow(pB, 2), mul(2, pB, pO), mul(2, pA, pB), pow(pO, 2)];
    const Q = add(...genotype.map((g, i) => mul(n[i]!, log(g))));
    const lc = linearCombination(Q, [pA, pB, pO]);
    expect(show(lc).terms).toEqual([
      ["2 n[AA] + n[AB] + n[AO]", "log p₁"],
      ["n[AB] + 2 n[BB] + n[BO]", "log p₂"],
      ["n[AO] + n[BO] + 2 n[OO]", "log p₃"],
    ]);
    expect(show(lc).constant).toBe("n[AB] log 2 + n[AO] log 2 + n[BO] log 2");
  });
});

describe("other kernel shapes", () => {
  it("Poisson: S log λ − N λ − Σ log Γ(x + 1) is a log λ − b λ in λ", () => {
    const lambda = symbol("lambda", SCALAR, "positive");
    const [S, N, x] = ["S", "N", "x"].map((s) => symbol(s, SCALAR, "nonnegative")) as [Expr, Expr, Expr];
    const lc = linearCombination(sub(sub(mul(S, log(lambda)), mul(N, lambda)), lgamma(add(x, 1))), lambda);
    expect(show(lc)).toEqual({
      constant: "−log Γ(x + 1)",
      terms: [
        ["−N", "λ"],
        ["S", "log λ"],
      ],
    });
  });

  it("Normal variance: −(N/2) log s2 − S/(2 s2) in s2", () => {
    const s2 = symbol("s2", SCALAR, "positive");
    const [S, N] = ["S", "N"].map((s) => symbol(s, SCALAR, "nonnegative")) as [Expr, Expr];
    const e = sub(mul(-0.5, N, log(mul(2 * Math.PI, s2))), div(S, mul(2, s2)));
    expect(show(linearCombination(e, symbol("s2", SCALAR, "positive"))).terms).toEqual([
      ["−N/2", "log s₂"],
      ["−S/2", "1/s₂"],
    ]);
  });

  it("Normal mean: −(x − μ)²/(2σ²) is quadratic in μ after expansion", () => {
    const x = symbol("x");
    const mu = symbol("mu");
    const sigma = symbol("sigma", SCALAR, "positive");
    const lc = linearCombination(neg(div(pow(sub(x, mu), 2), mul(2, pow(sigma, 2)))), mu);
    expect(show(lc)).toEqual({
      constant: "−x²/(2 σ²)",
      terms: [
        ["x/σ²", "μ"],
        ["−1/(2 σ²)", "μ²"],
      ],
    });
  });

  it("mixing weights: Σₖ Nₖ log πₖ over the entries of a simplex vector", () => {
    const pi = symbol("pi", vectorShape(3), "nonnegative");
    const N = [1, 2, 3].map((k) => symbol(`N${k}`, SCALAR, "nonnegative"));
    const lc = linearCombination(add(...N.map((nk, k) => mul(nk, log(index(pi, k + 1))))), pi);
    expect(show(lc).terms).toEqual([
      ["N₁", "log π₁"],
      ["N₂", "log π₂"],
      ["N₃", "log π₃"],
    ]);
  });

  it("Dirichlet prior terms add to the counts (MAP)", () => {
    const pi = symbol("pi", vectorShape(2), "nonnegative");
    const terms = [1, 2].map((k) => mul(add(symbol(`N${k}`), 1.5 - 1), log(index(pi, k))));
    expect(show(linearCombination(add(...terms), pi)).terms).toEqual([
      ["N₁ + ½", "log π₁"],
      ["N₂ + ½", "log π₂"],
    ]);
  });

  it("keeps a term that matches no kernel (log Γ in ν) as its own basis", () => {
    const nu = symbol("nu", SCALAR, "positive");
    const e = add(mul(10, sub(mul(div(nu, 2), log(div(nu, 2))), lgamma(div(nu, 2)))), mul(div(nu, 2), -3));
    const bases = linearCombination(e, nu).terms.map(([, basis]) => toUnicode(basis));
    expect(bases).toEqual(["ν", "log Γ(ν/2)", "ν log ν"]);
  });
});

describe("matrix products expand too", () => {
  const xv = symbol("x", vectorShape("D"));
  const muv = symbol("mu", vectorShape("D"));
  const Sigma = symbol("Sigma", matrixShape("D", "D"));

  it("−½ (x − μ)ᵀ Σ⁻¹ (x − μ) in μ: a quadratic and two linear terms", () => {
    const d = sub(xv, muv);
    const lc = linearCombination(mul(-0.5, matmul(matmul(transpose(d), inv(Sigma)), d)), muv);
    expect(show(lc)).toEqual({
      constant: "−½ xᵀ Σ⁻¹ x",
      terms: [
        ["−½", "μᵀ Σ⁻¹ μ"],
        ["½", "μᵀ Σ⁻¹ x"],
        ["½", "xᵀ Σ⁻¹ μ"],
      ],
    });
  });

  it("‖x − W z − b‖² in (W, b): the least-squares terms, inner products in one order", () => {
    const W = symbol("W", matrixShape("D", "L"));
    const z = symbol("z", vectorShape("L"));
    const b = symbol("b", vectorShape("D"));
    const r = sub(xv, add(matmul(W, z), b));
    const lc = linearCombination(dot(r, r), [W, b]);
    expect(show(lc)).toEqual({
      constant: "xᵀ x",
      terms: [
        ["1", "bᵀ b"],
        ["−2", "bᵀ x"],
        ["2", "bᵀ W z"],
        ["−2", "xᵀ W z"],
        ["1", "(W z)ᵀ W z"],
      ],
    });
  });
});

describe("expand", () => {
  it("distributes products and small powers of sums", () => {
    const [x, y] = ["x", "y"].map((s) => symbol(s)) as [Expr, Expr];
    expect(toUnicode(expand(pow(add(x, 1), 2)))).toBe("x² + 2 x + 1");
    expect(toUnicode(expand(mul(add(x, y), sub(x, y))))).toBe("x² − y²");
    expect(toUnicode(simplify(mul(add(x, y), sub(x, y))))).toBe("(x + y) (x − y)");
  });

  it("a linear combination without symbols is its constant", () => {
    const lc = linearCombination(sum(num(3)));
    expect(lc.terms).toEqual([]);
    expect(lc.constant).toBe(num(3));
  });
});
