// Numeric evaluation of a term's symbolic pieces (a mean, a covariance, a target) at the current element,
// through the engine's reader of leaf symbols; compiled once per expression.

import * as S from "../../symbolic";
import type { Read } from "./rule";

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
