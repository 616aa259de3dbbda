// Symbolic gradients of every function against central differences (step 1e-5·max(1, |x|)) at three
// seeded random points per case; tolerance 1e-7 relative to max(1, |fd|) (the worst seen is 4e-10).

import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  compare,
  constant,
  det,
  diag,
  digamma,
  div,
  dot,
  evaluate,
  exp,
  gradient,
  hadamard,
  identity,
  index,
  inv,
  isDifferentiable,
  lgamma,
  log,
  log1p,
  logdet,
  mat,
  matmul,
  mul,
  NotDifferentiableError,
  neg,
  num,
  ones,
  pow,
  sigmoid,
  sign,
  softmax,
  sqrt,
  sub,
  sum,
  tanh,
  trace,
  transpose,
  trigamma,
  vec,
  zeros,
} from "../../src/symbolic";
import { A, type Case, checkGradient, D, L, M1, p, S, u, v, W, w, x, y } from "./gradient-fixtures";
import { SIZES } from "./numeric";

const c3 = constant([0.5, -1.5, 2]);
const _LOG_2PI = Math.log(2 * Math.PI);

const functionCases: Case[] = [
  ["exp", exp(mul(x, y)), [x, y]],
  ["log", log(mul(p, add(1, mul(x, x)))), [p, x]],
  ["log1p", log1p(mul(p, p)), [p]],
  ["sqrt", sqrt(add(p, mul(x, x))), [p, x]],
  ["abs", abs(sub(x, 5)), [x]],
  ["sign (zero derivative)", mul(sign(x), x, y), [x, y]],
  ["tanh", tanh(mul(x, y)), [x, y]],
  ["sigmoid", sigmoid(sub(x, y)), [x, y]],
  ["lgamma", lgamma(add(p, 1)), [p]],
  ["digamma", digamma(mul(p, 2)), [p]],
  ["pow, integer exponent", pow(x, 3), [x]],
  ["pow, negative real exponent", pow(p, -1.5), [p]],
  ["pow, symbolic exponent", pow(p, y), [p, y]],
  ["div", div(x, p), [x, p]],
  ["neg and sub", sub(neg(x), mul(3, y)), [x, y]],
  ["n-ary product", mul(x, y, p, x), [x, y, p]],
  ["comparison (zero derivative)", mul(compare("<", x, y), x), [x, y]],
  ["sum of elementwise exp", sum(exp(v)), [v]],
  ["elementwise log of a positive vector", sum(log(u)), [u]],
  [
    "elementwise functions on vectors",
    sum(add(sigmoid(v), sqrt(u), log1p(u), lgamma(u), digamma(u), tanh(v))),
    [v, u],
  ],
  ["elementwise abs", sum(abs(sub(v, mul(3, ones("D"))))), [v]],
  ["hadamard", sum(tanh(hadamard(v, w))), [v, w]],
  ["elementwise pow", sum(pow(u, 2.5)), [u]],
  ["vector divided by a scalar", dot(w, div(v, p)), [v, w, p]],
  ["dot", dot(v, w), [v, w]],
  ["softmax", dot(w, softmax(v)), [v, w]],
  ["log of a softmax entry", log(index(softmax(v), 2)), [v]],
  ["vector element", mul(index(v, 2), index(v, 3)), [v]],
  ["matrix row and element", add(dot(index(A, 2), v), pow(index(A, 1, 3), 2)), [A, v]],
  ["vector literal", dot(vec([x, mul(x, y), exp(y)]), c3), [x, y]],
  [
    "matrix literal",
    logdet(
      mat([
        [add(p, 2), x],
        [y, add(p, 3)],
      ]),
    ),
    [p, x, y],
  ],
  ["det", det(A), [A]],
  ["logdet (general matrix)", logdet(A), [A]],
  ["inv", trace(matmul(S, inv(A))), [A, S]],
  ["diag of a vector", trace(matmul(A, diag(v))), [A, v]],
  ["diag of a matrix", dot(diag(A), w), [A, w]],
  ["trace", trace(matmul(A, A)), [A]],
  ["transpose", sum(hadamard(transpose(A), S)), [A, S]],
  ["matrix times vector", dot(w, matmul(A, v)), [A, v, w]],
  ["outer product", trace(matmul(A, matmul(v, transpose(w)))), [A, v, w]],
  ["row times matrix times vector", matmul(matmul(transpose(v), A), w), [v, A, w]],
  ["D×L times L×D", trace(matmul(W, transpose(W))), [W]],
  [
    "zeros, ones, identity",
    add(sum(add(mul(x, ones("D")), v, zeros("D"))), trace(mul(x, identity("D")))),
    [x, v],
  ],
  ["1×D by D×1 is a scalar", matmul(transpose(M1), M1), [M1]],
];

describe("gradient: every function against finite differences", () => {
  for (const [name, e, wrt] of functionCases) {
    it(name, () => {
      for (const s of wrt) checkGradient(e, s);
    });
  }
});

describe("gradient edge cases", () => {
  it("is zero of the variable's shape when the expression does not depend on it", () => {
    expect(gradient(mul(x, y), p)).toBe(num(0));
    expect(evaluate(gradient(dot(v, v), W), {}, { sizes: SIZES })).toEqual(new Float64Array(D * L));
  });

  it("says trigamma is not differentiable", () => {
    expect(() => gradient(trigamma(p), p)).toThrow(NotDifferentiableError);
    expect(isDifferentiable(trigamma(p), p)).toBe(false);
    expect(isDifferentiable(digamma(p), p)).toBe(true);
  });

  it("needs a scalar expression", () => {
    expect(() => gradient(v, v)).toThrow(/scalar/);
  });
});
