// Log expansion: log of a product, quotient or power as a sum of logs, but only where that cannot change
// a defined value — factors provably nonnegative (or even powers, via |·|), strictly positive ones always.

import { add, mul, neg, num } from "./build";
import { abs, log } from "./build-functions";
import type { Expr } from "./expr";
import { smallRational } from "./names";
import { atomize, type Factor, type Term, termExpr } from "./normal-form";
import { isNonnegative, isPositive } from "./range";
import { exprToSum } from "./read-sum";
import { isScalar, SCALAR } from "./shape";

/** log of a positive number: log p − log q for a small rational p/q; undefined when it should stay log c. */
export function logOfConstant(c: number): Expr | undefined {
  if (!(c > 0) || !Number.isFinite(c)) return undefined;
  if (c === 1) return num(0);
  const r = smallRational(c);
  if (r === undefined || r[1] === 1) return undefined;
  const [p, q] = r;
  return p === 1 ? neg(log(q)) : add(log(p), neg(log(q)));
}

function logOfFactor(f: Factor, logOf: (x: Expr) => Expr): Expr | undefined {
  if (isNonnegative(f.base)) return mul(f.exp, logOf(f.base));
  if (Number.isInteger(f.exp) && f.exp % 2 === 0) return mul(f.exp, logOf(abs(f.base)));
  return undefined;
}

/**
 * log(x) rewritten as a sum of simpler logs, or undefined when no rule applies. `x` is simplified; `logOf`
 * simplifies the log of each factor (so that log(exp y) = y and nested rules apply). Valid rules:
 * log(g·P) = log g + log P for a number g > 0 and a sum P; log(c·Π fᵢ^kᵢ) = log c + Σ kᵢ log fᵢ when every
 * fᵢ ≥ 0 (even kᵢ: kᵢ log|fᵢ|); otherwise only the strictly positive factors are split off.
 */
export function expandLog(x: Expr, logOf: (x: Expr) => Expr): Expr | undefined {
  if (!isScalar(x.shape)) return undefined;
  const s = exprToSum(x, "numeric");
  if (s.terms.length === 0) return logOfConstant(s.constant);
  if (s.terms.length > 1 || s.constant !== 0) {
    const { g, primitive } = atomize(s);
    return g === 1 ? undefined : add(logOfConstant(g) ?? log(g), logOf(primitive));
  }
  const t = s.terms[0]!;
  if (t.coef <= 0) return undefined;
  const constantLog = t.coef === 1 ? undefined : (logOfConstant(t.coef) ?? log(t.coef));
  const parts: Expr[] = constantLog === undefined ? [] : [constantLog];
  const expanded = t.factors.map((f) => logOfFactor(f, logOf));
  if (expanded.every((e) => e !== undefined)) {
    if (t.factors.length === 1 && t.factors[0]!.exp === 1 && parts.length === 0) return undefined;
    return add(...parts, ...expanded);
  }
  const split = t.factors.filter((f) => isPositive(f.base));
  if (split.length === 0 && parts.length === 0) return undefined;
  const rest: Term = { coef: 1, factors: t.factors.filter((f) => !isPositive(f.base)) };
  for (const f of split) parts.push(mul(f.exp, logOf(f.base)));
  return add(...parts, log(termExpr(rest, SCALAR)));
}
