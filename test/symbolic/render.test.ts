// Rendering snapshots: Unicode and LaTeX text of a set of expressions — Greek letters, subscripts, xᵀ, Σ⁻¹,
// |Σ|, fractions, minimal parentheses — including simplified derivations and gradients.

import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  constant,
  det,
  digamma,
  div,
  dot,
  type Expr,
  gradient,
  hadamard,
  identity,
  index,
  inv,
  lgamma,
  log,
  log1p,
  logdet,
  mat,
  matmul,
  matrixShape,
  mul,
  neg,
  num,
  pow,
  SCALAR,
  simplify,
  sqrt,
  sub,
  symbol,
  toLatex,
  toUnicode,
  trace,
  transpose,
  vec,
  vectorShape,
  zeros,
} from "../../src/symbolic";

const theta = symbol("theta", SCALAR, "prob");
const x = symbol("x");
const y = symbol("y");
const xv = symbol("x", vectorShape("D"));
const mu = symbol("mu", vectorShape("D"));
const Sigma = symbol("Sigma", matrixShape("D", "D"));
const Sigmak = symbol("Sigma_k", matrixShape("D", "D"), "real", { base: "Sigma", indices: ["k"] });
const muk = symbol("mu_k", vectorShape("D"), "real", { base: "mu", indices: ["k"] });
const sigma = symbol("sigma", SCALAR, "positive");
const nu = symbol("nu", SCALAR, "positive");
const S = symbol("S");
const W = symbol("W", matrixShape("D", "L"));
const z = symbol("z", vectorShape("L"));
const b = symbol("b", vectorShape("D"));
const d = sub(xv, mu);
const mvNormal = add(mul(-0.5, logdet(Sigma)), mul(-0.5, matmul(matmul(transpose(d), inv(Sigma)), d)));
const linkageQ = add(
  mul(125, log(div(1, 2))),
  mul(18, log(div(theta, 4))),
  mul(20, log(div(sub(1, theta), 4))),
  mul(34, log(div(theta, 4))),
);

const snapshots: readonly (readonly [Expr, string, string])[] = [
  [theta, "θ", "\\theta"],
  [symbol("p1"), "p₁", "p_{1}"],
  [muk, "μₖ", "\\mu_{k}"],
  [inv(Sigmak), "Σₖ⁻¹", "\\Sigma_{k}^{-1}"],
  [index(xv, 3), "x₃", "x_{3}"],
  [symbol("x_10_k"), "x[10, k]", "x_{10,k}"],
  [log(sub(1, theta)), "log(1 − θ)", "\\log\\left(1 - \\theta\\right)"],
  [div(sub(1, theta), 4), "(1 − θ)/4", "\\frac{1 - \\theta}{4}"],
  [
    simplify(linkageQ),
    "52 log θ + 20 log(1 − θ) − 125 log 2 − 72 log 4",
    "52 \\log \\theta + 20 \\log\\left(1 - \\theta\\right) - 125 \\log 2 - 72 \\log 4",
  ],
  [matmul(matmul(transpose(xv), inv(Sigma)), xv), "xᵀ Σ⁻¹ x", "x^\\top \\Sigma^{-1} x"],
  [
    mvNormal,
    "−½ log|Σ| − ½ (x − μ)ᵀ Σ⁻¹ (x − μ)",
    "-\\frac{1}{2} \\log\\left|\\Sigma\\right| - " +
      "\\frac{1}{2} \\left(x - \\mu\\right)^\\top \\Sigma^{-1} \\left(x - \\mu\\right)",
  ],
  [
    gradient(mvNormal, mu),
    "½ Σ⁻¹ (x − μ) + ½ (Σ⁻¹)ᵀ (x − μ)",
    "\\frac{1}{2} \\Sigma^{-1} \\left(x - \\mu\\right) + " +
      "\\frac{1}{2} \\left(\\Sigma^{-1}\\right)^\\top \\left(x - \\mu\\right)",
  ],
  [det(Sigma), "|Σ|", "\\left|\\Sigma\\right|"],
  [
    trace(matmul(inv(Sigma), Sigmak)),
    "tr(Σ⁻¹ Σₖ)",
    "\\operatorname{tr}\\left(\\Sigma^{-1} \\Sigma_{k}\\right)",
  ],
  [div(S, mul(2, pow(sigma, 2))), "S/(2 σ²)", "\\frac{S}{2 \\sigma^{2}}"],
  [add(matmul(W, z), b), "W z + b", "W z + b"],
  [
    dot(sub(xv, add(matmul(W, z), b)), sub(xv, add(matmul(W, z), b))),
    "(x − (W z + b))ᵀ (x − (W z + b))",
    "\\left(x - \\left(W z + b\\right)\\right)^\\top \\left(x - \\left(W z + b\\right)\\right)",
  ],
  [transpose(matmul(W, z)), "(W z)ᵀ", "\\left(W z\\right)^\\top"],
  [sqrt(add(x, 1)), "√(x + 1)", "\\sqrt{x + 1}"],
  [pow(add(x, y), 2), "(x + y)²", "\\left(x + y\\right)^{2}"],
  [neg(pow(x, 2)), "−x²", "-x^{2}"],
  [pow(x, y), "x^y", "x^{y}"],
  [sub(x, add(y, theta)), "x − (y + θ)", "x - \\left(y + \\theta\\right)"],
  [mul(div(x, y), theta), "(x/y) θ", "\\frac{x}{y} \\theta"],
  [mul(x, neg(y)), "x (−y)", "x \\left(-y\\right)"],
  [mul(-2, x, y), "−2 x y", "-2 x y"],
  [lgamma(div(nu, 2)), "log Γ(ν/2)", "\\log\\Gamma\\left(\\frac{\\nu}{2}\\right)"],
  [digamma(nu), "ψ(ν)", "\\psi\\left(\\nu\\right)"],
  [log1p(x), "log(1 + x)", "\\log\\left(1 + x\\right)"],
  [compare("<", x, 0), "1{x < 0}", "\\mathbf{1}\\left\\{x < 0\\right\\}"],
  [
    vec([div(1, 2), div(theta, 4), div(sub(1, theta), 4)]),
    "[1/2, θ/4, (1 − θ)/4]",
    "\\left[\\frac{1}{2}, \\frac{\\theta}{4}, \\frac{1 - \\theta}{4}\\right]",
  ],
  [
    mat([
      [1, x],
      [y, 2],
    ]),
    "[[1, x], [y, 2]]",
    "\\begin{bmatrix} 1 & x \\\\ y & 2 \\end{bmatrix}",
  ],
  [
    constant([
      [1, 0],
      [0, 1],
    ]),
    "[[1, 0], [0, 1]]",
    "\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}",
  ],
  [mul(symbol("s2", SCALAR, "positive"), identity("D")), "s₂ I", "s_{2} I"],
  [zeros("D"), "𝟎", "\\mathbf{0}"],
  [hadamard(xv, mu), "x ⊙ μ", "x \\odot \\mu"],
  [num(1e-10), "1×10⁻¹⁰", "1 \\times 10^{-10}"],
  [mul(2, 3), "2 · 3", "2 \\cdot 3"],
  [mul(log(theta), x), "log(θ) x", "\\log\\left(\\theta\\right) x"],
];

describe("rendering", () => {
  snapshots.forEach(([e, unicode, latex], i) => {
    it(`${i + 1}: ${unicode}`, () => {
      expect(toUnicode(e)).toBe(unicode);
      expect(toLatex(e)).toBe(latex);
    });
  });

  it("rounds constants to the requested significant digits", () => {
    expect(toUnicode(mul(Math.PI, x), { digits: 4 })).toBe("3.142 x");
    expect(toLatex(num(-Math.E), { digits: 3 })).toBe("-2.72");
  });
});
