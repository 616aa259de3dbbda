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

/** How a contribution is weighted, for equations: E[1{z = k}] for a latent state, a plain sum otherwise. */
export function weightText(c: Contribution): string {
  const states = [...c.term.states].map(([v, k]) => `${v.name} = ${k}`).join(", ");
  return states ? `E[1{${states}}]` : "";
}

/** "Σₙ (E[1{g = 2}] + E[1{g = 5}])"-style text for the statistic in each slot, from the contributions. */
export function slotSums(contributions: readonly Contribution[], slots: number): string[] {
  const parts: string[][] = Array.from({ length: slots }, () => []);
  for (const c of contributions) {
    if ("accumulate" in c || typeof c.slot !== "number") continue;
    const coefficient = S.toUnicode(S.simplify(c.coefficient));
    const w = weightText(c);
    const text =
      coefficient === "1"
        ? w || "1"
        : coefficient === "−1"
          ? `−${w || "1"}`
          : w
            ? `${w}·${coefficient}`
            : coefficient;
    if (!parts[c.slot]!.includes(text)) parts[c.slot]!.push(text);
  }
  return parts.map((p) => (p.length === 0 ? "0" : `Σ (${p.join(" + ").replace(/\+ −/g, "− ")})`));
}
