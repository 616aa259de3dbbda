// Construction (hash-consing, shapes, shape errors), numeric evaluation (sizes from data, linear algebra
// against known values), traversal (free symbols, dependence, substitution) and the positivity analysis.

import { describe, expect, it } from "vitest";
import { InternalError } from "../../src/diagnostics";
import {
  add,
  call,
  compileEvaluator,
  constant,
  dependsOn,
  det,
  diag,
  div,
  dot,
  evaluate,
  exp,
  formatShape,
  freeSymbols,
  gradient,
  identity,
  index,
  inv,
  isNonnegative,
  isPositive,
  log,
  logdet,
  mat,
  matmul,
  matrixShape,
  mul,
  num,
  ones,
  pow,
  registerElementwise,
  SCALAR,
  softmax,
  sub,
  substitute,
  sum,
  symbol,
  toLatex,
  toUnicode,
  trace,
  transpose,
  vec,
  vectorShape,
  zeros,
} from "../../src/symbolic";

const x = symbol("x");
const theta = symbol("theta", SCALAR, "prob");
const v = symbol("v", vectorShape("D"));
const w = symbol("w", vectorShape(3));
const A = symbol("A", matrixShape("D", "D"));
const W = symbol("W", matrixShape("D", "L"));
const z = symbol("z", vectorShape("L"));

describe("construction", () => {
  it("hash-conses: structurally equal expressions are the same object", () => {
    expect(symbol("x")).toBe(x);
    expect(add(x, mul(2, theta))).toBe(add(symbol("x"), mul(num(2), symbol("theta", SCALAR, "prob"))));
    expect(constant([1, 2])).toBe(constant(Float64Array.of(1, 2)));
    expect(symbol("x", SCALAR, "positive")).not.toBe(x);
    expect(num(0)).not.toBe(num(-0));
  });

  it("gives products their shapes, vectors as columns", () => {
    const shape = (e: ReturnType<typeof add>) => formatShape(e.shape);
    expect(shape(matmul(W, z))).toBe("vector[D]");
    expect(shape(transpose(v))).toBe("matrix[1, D]");
    expect(shape(transpose(transpose(v)))).toBe("vector[D]");
    expect(shape(matmul(transpose(v), v))).toBe("scalar");
    expect(shape(matmul(v, transpose(w)))).toBe("matrix[D, 3]");
    expect(shape(matmul(transpose(W), A))).toBe("matrix[L, D]");
    expect(shape(mul(2, x, W))).toBe("matrix[D, L]");
    expect(shape(index(W, 2))).toBe("vector[L]");
    expect(shape(diag(v))).toBe("matrix[D, D]");
    expect(shape(diag(A))).toBe("vector[D]");
    expect(shape(add(w, v))).toBe("vector[3]");
  });

  it("throws an InternalError on a shape mismatch", () => {
    const bad = [
      () => add(w, symbol("u", vectorShape(2))),
      () => add(x, w),
      () => matmul(v, v),
      () => matmul(symbol("W3", matrixShape(3, 2)), symbol("y", vectorShape(4))),
      () => div(x, v),
      () => logdet(v),
      () => inv(symbol("R", matrixShape(2, 3))),
      () => dot(v, A),
      () => index(w, 4),
      () => index(x, 1),
      () => vec([x, v]),
      () => mat([[x], [x, x]]),
      () => constant([1, 2, 3], matrixShape(2, 2)),
    ];
    for (const f of bad) expect(f).toThrow(InternalError);
  });
});

describe("evaluate", () => {
  const env = {
    x: 0.5,
    v: Float64Array.of(1, 2, 3),
    A: Float64Array.of(2, 1, 0, 1, 3, 1, 0, 1, 4),
    W: Float64Array.of(1, 0, 0, 1, 1, 1),
    z: Float64Array.of(2, -1),
  };

  it("binds size names from the values' lengths", () => {
    expect(evaluate(matmul(W, z), env)).toEqual(Float64Array.of(2, -1, 1));
    expect(evaluate(matmul(transpose(v), matmul(A, v)), env)).toBe(1 * 4 + 2 * 10 + 3 * 14);
    expect(evaluate(sum(add(v, ones("D"))), env)).toBe(9);
  });

  it("takes sizes that no value determines from the options", () => {
    expect(() => evaluate(zeros("L"), {})).toThrow(/size L/);
    expect(evaluate(zeros("L"), {}, { sizes: { L: 2 } })).toEqual(new Float64Array(2));
  });

  it("computes det, log|det|, inverse, trace, diag and softmax", () => {
    expect(evaluate(det(A), env)).toBeCloseTo(18, 12);
    expect(evaluate(logdet(A), env)).toBeCloseTo(Math.log(18), 12);
    const product = evaluate(matmul(A, inv(A)), env) as Float64Array;
    const eye = evaluate(identity(3), {}) as Float64Array;
    product.forEach((value, i) => {
      expect(value).toBeCloseTo(eye[i]!, 12);
    });
    expect(evaluate(trace(A), env)).toBe(9);
    expect(evaluate(diag(A), env)).toEqual(Float64Array.of(2, 3, 4));
    expect(evaluate(diag(v), env)).toEqual(Float64Array.of(1, 0, 0, 0, 2, 0, 0, 0, 3));
    const s = evaluate(softmax(v), env) as Float64Array;
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(s[2]! / s[1]!).toBeCloseTo(Math.E, 12);
  });

  it("indexes 1-based: elements, rows, matrix elements", () => {
    expect(evaluate(index(v, 3), env)).toBe(3);
    expect(evaluate(index(A, 2), env)).toEqual(Float64Array.of(1, 3, 1));
    expect(evaluate(index(A, 3, 2), env)).toBe(1);
  });

  it("reports a missing symbol and a value of the wrong size", () => {
    expect(() => evaluate(add(x, theta), env)).toThrow(/theta/);
    expect(() => evaluate(dot(w, w), { w: Float64Array.of(1, 2) })).toThrow(/vector\[3\]/);
  });

  it("compiles an evaluator for many environments", () => {
    const f = compileEvaluator(add(mul(x, x), exp(x)));
    expect(f({ x: 0 })).toBe(1);
    expect(f({ x: 1 })).toBe(1 + Math.E);
  });
});

describe("the function table", () => {
  it("takes an elementwise function from outside: it builds, evaluates, renders and differentiates", () => {
    registerElementwise({ name: "cube", f: (t) => t ** 3, derivative: (t) => mul(3, pow(t, 2)) });
    const e = call("cube", mul(2, x));
    expect(evaluate(e, { x: 0.5 })).toBe(1);
    expect(evaluate(gradient(e, x), { x: 0.5 })).toBe(6);
    expect(toUnicode(e)).toBe("cube(2 x)");
    expect(toLatex(e)).toBe("\\operatorname{cube}\\left(2 x\\right)");
    expect(() => registerElementwise({ name: "log", f: Math.log })).toThrow(InternalError);
  });
});

describe("traversal", () => {
  it("lists free symbols and tests dependence by name", () => {
    const e = add(log(theta), dot(v, v), x);
    expect(freeSymbols(e).map((s) => s.name)).toEqual(["theta", "v", "x"]);
    expect(dependsOn(e, "v")).toBe(true);
    expect(dependsOn(e, [W, "z"])).toBe(false);
  });

  it("substitutes symbols by expressions", () => {
    const e = substitute(add(x, mul(2, theta)), { theta: sub(1, x) });
    expect(evaluate(e, { x: 0.25 })).toBe(0.25 + 2 * 0.75);
  });
});

describe("positivity analysis", () => {
  it("proves the signs that log expansion relies on", () => {
    const p = symbol("p", SCALAR, "nonnegative");
    expect(isPositive(sub(1, theta))).toBe(true);
    expect(isPositive(div(theta, 4))).toBe(true);
    expect(isNonnegative(mul(2, p, p))).toBe(true);
    expect(isPositive(mul(2, p, p))).toBe(false);
    expect(isPositive(exp(x))).toBe(true);
    expect(isNonnegative(x)).toBe(false);
    expect(isNonnegative(sub(theta, 1))).toBe(false);
    expect(isNonnegative(index(softmax(v), 1))).toBe(true);
  });
});
