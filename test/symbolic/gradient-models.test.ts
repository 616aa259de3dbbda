// Symbolic gradients of composite matrix expressions — quadratic forms, log-det, traces, residual norms,
// Normal and MvNormal log-densities, PPCA and Student-t Q — against central differences, as gradient.test.ts.

import { describe, expect, it } from "vitest";
import {
  add,
  compilePartial,
  constant,
  derivative,
  div,
  dot,
  evaluate,
  exp,
  gradient,
  hessianDiagonal,
  index,
  inv,
  lgamma,
  log,
  logdet,
  matmul,
  matrixShape,
  mul,
  neg,
  ones,
  pow,
  SCALAR,
  secondDerivative,
  sub,
  sum,
  symbol,
  trace,
  transpose,
  vectorShape,
} from "../../src/symbolic";
import {
  b,
  type Case,
  checkGradient,
  D,
  environment,
  mu,
  muv,
  nu,
  S,
  Sigma,
  sigma,
  TOLERANCE,
  W,
  xv,
  y,
  z,
} from "./gradient-fixtures";
import { asArray, finiteDifference, maxRelativeError, rng, SIZES, uniforms } from "./numeric";

const LOG_2PI = Math.log(2 * Math.PI);

const r = sub(xv, add(matmul(W, z), b));
const d = sub(xv, muv);
const normalLogDensity = sub(
  sub(neg(log(sigma)), mul(0.5, LOG_2PI)),
  div(pow(sub(y, mu), 2), mul(2, pow(sigma, 2))),
);
const mvNormalLogDensity = add(
  mul(-0.5, D, LOG_2PI),
  mul(-0.5, logdet(Sigma)),
  mul(-0.5, matmul(matmul(transpose(d), inv(Sigma)), d)),
);
const s2 = symbol("s2", SCALAR, "positive");
const Ez = symbol("Ez", vectorShape("L"));
const Ezz = symbol("Ezz", matrixShape("L", "L"));
const xb = sub(xv, b);
const ppcaQ = mul(
  div(-1, mul(2, s2)),
  add(
    dot(xb, xb),
    mul(-2, matmul(matmul(transpose(xb), W), Ez)),
    trace(matmul(matmul(transpose(W), W), Ezz)),
  ),
);
const studentNuQ = add(
  mul(7, sub(mul(div(nu, 2), log(div(nu, 2))), lgamma(div(nu, 2)))),
  mul(sub(div(nu, 2), 1), -3.5),
  mul(div(nu, 2), -9),
);

const compositeCases: Case[] = [
  ["quadratic form xᵀ Σ⁻¹ x", matmul(matmul(transpose(xv), inv(Sigma)), xv), [xv, Sigma]],
  ["logdet Σ (SPD)", logdet(Sigma), [Sigma]],
  ["tr(Σ⁻¹ S)", trace(matmul(inv(Sigma), S)), [Sigma, S]],
  ["residual norm ‖x − W z − b‖²", dot(r, r), [W, z, b, xv]],
  ["Normal log-density", normalLogDensity, [y, mu, sigma]],
  ["MvNormal log-density", mvNormalLogDensity, [xv, muv, Sigma]],
  ["PPCA Q in W and s2", ppcaQ, [W, b, s2]],
  ["Student-t Q in nu", studentNuQ, [nu]],
];

describe("gradient: composite matrix expressions against finite differences", () => {
  for (const [name, e, wrt] of compositeCases) {
    it(name, () => {
      for (const s of wrt) checkGradient(e, s);
    });
  }

  it("the unsimplified gradient has the same values", () => {
    const g = gradient(mvNormalLogDensity, Sigma, { simplify: false });
    const h = gradient(mvNormalLogDensity, Sigma);
    const env = environment(5);
    expect(maxRelativeError(asArray(evaluate(g, env)), asArray(evaluate(h, env)))).toBeLessThan(1e-12);
  });
});

describe("second derivatives", () => {
  it("d²/dν² of the Student-t Q (digamma → trigamma) matches differences of the first derivative", () => {
    const first = derivative(studentNuQ, nu);
    const second = secondDerivative(studentNuQ, nu);
    for (const seed of [1, 2, 3]) {
      const env = environment(seed);
      const numeric = finiteDifference(first, nu, env);
      expect(maxRelativeError(asArray(evaluate(second, env)), numeric)).toBeLessThan(TOLERANCE);
    }
  });

  it("hessianDiagonal matches differences of the gradient", () => {
    const v3 = symbol("v3", vectorShape(3));
    const A3 = constant(environment(9).A as Float64Array, matrixShape(3, 3));
    const e = add(
      sum(exp(v3)),
      matmul(matmul(transpose(v3), A3), v3),
      mul(-1, sum(lgamma(add(v3, ones(3))))),
    );
    const g = gradient(e, v3);
    const h = hessianDiagonal(e, v3);
    const env = { v3: uniforms(rng(4), 3) };
    for (let i = 1; i <= 3; i++) {
      const numeric = finiteDifference(index(g, i), v3, env)[i - 1]!;
      expect(Math.abs((evaluate(h, env) as Float64Array)[i - 1]! - numeric)).toBeLessThan(TOLERANCE);
    }
  });
});

describe("a partial evaluator (split at the symbols that vary) equals the whole evaluation", () => {
  for (const [name, e, wrt] of compositeCases) {
    it(name, () => {
      for (const varying of wrt) {
        for (const expr of [e, gradient(e, varying)]) {
          const partial = compilePartial(expr, [varying]);
          const env = environment(1);
          const prepared = partial.prepare(env, { sizes: SIZES });
          // New values of the varying symbol only: the prepared parts stay valid.
          for (const seed of [2, 3]) {
            const moved = { ...env, [varying.name]: environment(seed)[varying.name]! };
            const want = asArray(evaluate(expr, moved, { sizes: SIZES }));
            const got = asArray(partial.evaluate(moved, prepared, { sizes: SIZES }));
            expect(maxRelativeError(got, want)).toBeLessThan(1e-12);
          }
        }
      }
    });
  }
});
