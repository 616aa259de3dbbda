// Numeric evaluation of a term's symbolic pieces (a mean, a covariance, a target) at the current element,
// through the engine's reader of leaf symbols; compiled once per expression.

import { cholesky } from "../../linalg";
import * as S from "../../symbolic";
import type { LatentSpread, Read } from "./rule";

export type Evaluate = (read: Read) => number | Float64Array;

export function evaluator(e: S.Expr): Evaluate {
  const symbols = S.freeSymbols(e).map((s) => s.name);
  const compiled = S.compileEvaluator(e);
  return (read) => {
    const env: Record<string, number | Float64Array> = {};
    for (const name of symbols) env[name] = read(name);
    return compiled(env);
  };
}

export function asArray(v: number | Float64Array): Float64Array {
  return typeof v === "number" ? Float64Array.of(v) : v;
}

/**
 * Directions v₁…v_L with Σ vₖ vₖᵀ = the latent's posterior covariance (the columns of its Cholesky factor).
 * For f affine in the latent, E[f fᵀ] = f(z̄) f(z̄)ᵀ + Σₖ (f(z̄ + vₖ) − f(z̄))(f(z̄ + vₖ) − f(z̄))ᵀ exactly, so
 * a rule's quadratic statistics are its plug-in statistics plus the same statistics of these differences.
 */
export function spreadDirections(spread: LatentSpread): Float64Array[] {
  const L = Math.round(Math.sqrt(spread.covariance.length));
  const c = cholesky(spread.covariance, L, { tolerance: 0 });
  if (!c.ok) return [];
  return Array.from({ length: L }, (_, k) => Float64Array.from({ length: L }, (_, i) => c.L[i * L + k]!));
}

/** `read`, with the latent of `spread` moved from its posterior mean by `v`. */
export function shiftedRead(read: Read, spread: LatentSpread, v: Float64Array): Read {
  const mean = read(spread.symbol);
  const moved = typeof mean === "number" ? mean + v[0]! : Float64Array.from(mean, (x, i) => x + v[i]!);
  return (name) => (name === spread.symbol ? moved : read(name));
}
