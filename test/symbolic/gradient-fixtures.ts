// Shared fixtures of the gradient tests: symbols of every shape, a seeded random point (random SPD matrices
// where the expressions need them), and the check of a symbolic gradient against central differences.

import { expect } from "vitest";
import {
  type Expr,
  evaluate,
  gradient,
  matrixShape,
  SCALAR,
  type SymbolExpr,
  shapesEqual,
  symbol,
  type Value,
  vectorShape,
} from "../../src/symbolic";
import { asArray, finiteDifference, maxRelativeError, randomSpd, rng, SIZES, uniforms } from "./numeric";

/** Largest accepted relative difference between a symbolic gradient and central differences. */
export const TOLERANCE = 1e-7;
export const D = 3;
export const L = 2;

export const x = symbol("x");
export const y = symbol("y");
export const p = symbol("p", SCALAR, "positive");
export const sigma = symbol("sigma", SCALAR, "positive");
export const mu = symbol("mu");
export const nu = symbol("nu", SCALAR, "positive");
export const v = symbol("v", vectorShape("D"));
export const w = symbol("w", vectorShape("D"));
export const u = symbol("u", vectorShape("D"), "positive");
export const xv = symbol("xv", vectorShape("D"));
export const muv = symbol("muv", vectorShape("D"));
export const b = symbol("b", vectorShape("D"));
export const z = symbol("z", vectorShape("L"));
export const A = symbol("A", matrixShape("D", "D"));
export const Sigma = symbol("Sigma", matrixShape("D", "D"));
export const S = symbol("S", matrixShape("D", "D"));
export const W = symbol("W", matrixShape("D", "L"));
export const M1 = symbol("M1", matrixShape("D", 1));

/** A random point for every symbol (seeded). */
export function environment(seed: number): Record<string, Value> {
  const r = rng(seed);
  const a = uniforms(r, D * D);
  for (let i = 0; i < D; i++) a[i * D + i]! += 3;
  return {
    x: -2 + 4 * r(),
    y: -2 + 4 * r(),
    p: 0.5 + 2.5 * r(),
    sigma: 0.5 + 2 * r(),
    mu: -1 + 2 * r(),
    nu: 1 + 8 * r(),
    v: uniforms(r, D),
    w: uniforms(r, D),
    u: uniforms(r, D, 0.5, 2),
    xv: uniforms(r, D, -2, 2),
    muv: uniforms(r, D),
    b: uniforms(r, D),
    z: uniforms(r, L),
    A: a,
    Sigma: randomSpd(r, D),
    S: randomSpd(r, D),
    W: uniforms(r, D * L),
    M1: uniforms(r, D),
    s2: 0.5 + r(),
    Ez: uniforms(r, L),
    Ezz: randomSpd(r, L),
  };
}

/** One gradient case: a name, a scalar expression and the symbols to differentiate it by. */
export type Case = readonly [name: string, e: Expr, wrt: readonly SymbolExpr[]];

/** Checks ∂e/∂wrt at three random points; returns the worst relative error. */
export function checkGradient(e: Expr, wrt: SymbolExpr): number {
  let worst = 0;
  const g = gradient(e, wrt);
  expect(shapesEqual(g.shape, wrt.shape)).toBe(true);
  for (const seed of [11, 22, 33]) {
    const env = environment(seed);
    const symbolic = asArray(evaluate(g, env, { sizes: SIZES }));
    const numeric = finiteDifference(e, wrt, env);
    const error = maxRelativeError(symbolic, numeric);
    expect(error, `${wrt.name} at seed ${seed}`).toBeLessThan(TOLERANCE);
    worst = Math.max(worst, error);
  }
  return worst;
}
