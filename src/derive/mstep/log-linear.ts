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

/**
 * The contributions to one unit of an arrayed block, for equations: the first whose subscripts fix a
 * state (θ[1]), and those whose subscripts agree with it where both are fixed (a prior θ[k] over every k).
 * A "last-subscript" symbol's final subscript is its component, not part of its unit.
 */
export function firstUnit(contributions: readonly Contribution[]): Contribution[] {
  const subscripts = (c: Contribution): readonly (string | number)[] => {
    const indices = c.symbol.display?.indices ?? [];
    return "slot" in c && c.slot === "last-subscript" ? indices.slice(0, -1) : indices;
  };
  const fixed = contributions.find((c) => subscripts(c).some((i) => typeof i === "number"));
  const reference = subscripts(fixed ?? contributions[0]!);
  return contributions.filter((c) =>
    subscripts(c).every(
      (i, k) => typeof i !== "number" || typeof reference[k] !== "number" || i === reference[k],
    ),
  );
}

/** "Σₙ (E[1{g = 2}] + E[1{g = 5}])"-style text for the statistic in each slot, from the contributions. */
export function slotSums(contributions: readonly Contribution[], slots: number): string[] {
  const parts: string[][] = Array.from({ length: slots }, () => []);
  for (const c of contributions) {
    if ("accumulate" in c || typeof c.slot !== "number") continue;
    const simplified = S.simplify(c.coefficient);
    const coefficient = S.toUnicode(simplified);
    const w = weightText(c);
    // A sum after a weight is a factor of it: E[1{z = 1}]·(1 − xₙ).
    const factor = simplified.kind === "add" ? `(${coefficient})` : coefficient;
    const text =
      coefficient === "1"
        ? w || "1"
        : coefficient === "−1"
          ? `−${w || "1"}`
          : w
            ? `${w}·${factor}`
            : coefficient;
    if (!parts[c.slot]!.includes(text)) parts[c.slot]!.push(text);
  }
  return parts.map((p) => (p.length === 0 ? "0" : `Σ (${p.join(" + ").replace(/\+ −/g, "− ")})`));
}

/**
 * The slots' statistics as one formula in j, when each is the same text with its own 1-based number in
 * the same places (Σ (E[1{z = 1}]·1{wₙ = j})); undefined otherwise.
 */
export function slotPattern(sums: readonly string[]): string | undefined {
  const split = (t: string) => t.split(/(\d+)/);
  const first = split(sums[0]!);
  const at = first.flatMap((part, i) => (part === "1" ? [i] : []));
  for (const place of at) {
    const generic = first.map((part, i) => (i === place ? "j" : part)).join("");
    const fits = sums.every((t, j) => {
      const parts = split(t);
      return (
        parts.length === first.length &&
        parts.map((p, i) => (i === place ? (p === String(j + 1) ? "j" : "?") : p)).join("") === generic
      );
    });
    if (fits) return generic;
  }
  return undefined;
}
