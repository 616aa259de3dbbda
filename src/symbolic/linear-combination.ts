// Decomposing an expression into constant + Σ coefficient·basis after full expansion: how the M-step kernel
// rules see Q in a parameter (Σⱼ aⱼ log θⱼ, a log p + b log(1 − p), a log λ − b λ, quadratics).

import { add, neg, num } from "./build";
import type { Expr } from "./expr";
import { sumToExpr, type Term, termExpr } from "./normal-form";
import { compareExpr } from "./order";
import { exprToSum } from "./read-sum";
import { SCALAR } from "./shape";
import { simplify } from "./simplify";
import { dependenceTest, freeSymbols, type SymbolRef } from "./traverse";

/** e = constant + Σ coefficient · basis. */
export interface LinearCombination {
  /** The part of e that is not a multiple of a basis term (for `wrt`: the part free of those symbols). */
  readonly constant: Expr;
  /** One entry per distinct basis, in canonical order of the bases. */
  readonly terms: readonly (readonly [coefficient: Expr, basis: Expr])[];
}

/** e simplified and then fully expanded: products and small integer powers of sums distributed. */
export function expand(e: Expr): Expr {
  return sumToExpr(exprToSum(simplify(e), "full"));
}

/**
 * Decomposes e after simplification (log expansion included) and full expansion.
 *
 * Without `wrt`, each coefficient is a number, each basis a product of atoms that mentions a symbol
 * (log θ, θ, 1/σ², W z, …), and the constant collects the rest (numbers, log 4). With `wrt` (symbols, by
 * name), each basis is the product of the factors that depend on them and each coefficient (simplified)
 * collects everything else — e.g. for Σⱼ cⱼ log pⱼ(θ) with the linkage probabilities, wrt θ gives
 * [[c₂ + c₅, log θ], [c₃ + c₄, log(1 − θ)]] — and the constant is the sum of the terms free of them.
 * Vector and matrix factors stay in the basis.
 */
export function linearCombination(e: Expr, wrt?: SymbolRef): LinearCombination {
  const s = exprToSum(simplify(e), "full");
  if (wrt === undefined) {
    const symbolic = dependenceTest(freeSymbols(e));
    const isFree = (t: Term) => !t.factors.some((f) => symbolic(f.base)) && !(t.tensor && symbolic(t.tensor));
    const terms = s.terms
      .filter((t) => !isFree(t))
      .map((t) => [num(t.coef), termExpr({ ...t, coef: 1 }, s.shape)] as const)
      .sort((x, y) => compareExpr(x[1], y[1]));
    const constant = sumToExpr({ ...s, terms: s.terms.filter(isFree) });
    return { constant, terms };
  }
  const depends = dependenceTest(wrt);
  const free: Term[] = [];
  const byBasis = new Map<Expr, Expr[]>();
  for (const t of s.terms) {
    const dependent = t.factors.filter((f) => depends(f.base));
    const tensorDepends = t.tensor !== undefined && depends(t.tensor);
    if (dependent.length === 0 && !tensorDepends) {
      free.push(t);
      continue;
    }
    const basisTerm: Term =
      t.tensor === undefined
        ? { coef: 1, factors: dependent }
        : { coef: 1, factors: dependent, tensor: t.tensor };
    const basis = termExpr(basisTerm, s.shape);
    const rest = t.factors.filter((f) => !depends(f.base));
    const magnitude = termExpr({ coef: Math.abs(t.coef), factors: rest }, SCALAR);
    const list = byBasis.get(basis) ?? [];
    list.push(t.coef > 0 ? magnitude : neg(magnitude));
    byBasis.set(basis, list);
  }
  const terms = [...byBasis.entries()]
    .map(([basis, parts]) => [simplify(add(...parts)), basis] as const)
    .filter(([c]) => !(c.kind === "const" && c.value === 0))
    .sort((x, y) => compareExpr(x[1], y[1]));
  const constant = simplify(sumToExpr({ shape: s.shape, constant: s.constant, terms: free }));
  return { constant, terms };
}
