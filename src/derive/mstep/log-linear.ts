// Shared matching for the rules whose Q is linear in a few bases of the block (log θ, log(1 − θ), θ):
// decompose every term by `linearCombination` and map each basis to a slot, or say which basis does not fit.

import * as S from "../../symbolic";
import type { BlockQ, Contribution } from "./rule";

export type SlotOf = (
  basis: S.Expr,
  symbols: readonly S.SymbolExpr[],
) => { symbol: S.SymbolExpr; slot: number | "last-subscript" } | undefined;

export function logLinearContributions(q: BlockQ, slotOf: SlotOf, what: string): Contribution[] | string {
  const out: Contribution[] = [];
  for (const { term, symbols } of q.terms) {
    const lc = S.linearCombination(S.simplify(term.logDensity), symbols);
    for (const [coefficient, basis] of lc.terms) {
      const at = slotOf(S.simplify(basis), symbols);
      if (!at) {
        return `the '~' for ${term.factor.target.name} puts ${S.toUnicode(basis)} into Q, which is not ${what}`;
      }
      out.push({ term, symbol: at.symbol, coefficient, slot: at.slot });
    }
  }
  return out;
}

/** The symbol among `symbols` that `e` is, if any. */
export function asSymbol(e: S.Expr, symbols: readonly S.SymbolExpr[]): S.SymbolExpr | undefined {
  return e.kind === "symbol" ? symbols.find((s) => s === e) : undefined;
}

/** `log θ` → θ. */
export function logOf(e: S.Expr): S.Expr | undefined {
  return e.kind === "call" && e.fn === "log" ? e.args[0] : undefined;
}
