// Rule: Q(θ) = Σⱼ aⱼ log θⱼ with θ on a simplex (after logs of products and powers are expanded) has
// its maximum at θⱼ = aⱼ / Σₖ aₖ. Mixing weights; allele frequencies (gene counting); Dirichlet priors add
// αⱼ − 1 to aⱼ (MAP). In an array of simplexes each simplex (the last dimension) is solved on its own.

import * as S from "../../../symbolic";
import { asSymbol, firstUnit, logLinearContributions, logOf, slotPattern, slotSums } from "../log-linear";
import type { Contribution, KernelRule } from "../rule";
import { dimValue } from "../sizes";

/** `1{x = j}` with x a leaf read (a categorical value) and j a constant: [x, j], else undefined. */
function indicator(e: S.Expr): [S.SymbolExpr, number] | undefined {
  if (e.kind !== "compare" || e.op !== "==") return undefined;
  const [a, b] = e.args as [S.Expr, S.Expr];
  if (a.kind === "symbol" && b.kind === "const") return [a, b.value];
  if (b.kind === "symbol" && a.kind === "const") return [b, a.value];
  return undefined;
}

/**
 * Σⱼ 1{x = j} log θⱼ over every j (a categorical outcome) adds w to slot x − 1 alone: one contribution
 * that reads x once per element, instead of L that each test one value.
 */
function oneHot(contributions: readonly Contribution[], L: number): Contribution[] {
  const groups = new Map<string, { x: S.SymbolExpr; slots: Set<number>; members: Contribution[] }>();
  for (const c of contributions) {
    if (!("coefficient" in c) || typeof c.slot !== "number") continue;
    const at = indicator(S.simplify(c.coefficient));
    if (!at || at[1] !== c.slot + 1) continue;
    const key = `${c.term.factor.id}|${stateKey(c)}|${c.symbol.name}|${at[0].name}`;
    const g = groups.get(key) ?? { x: at[0], slots: new Set<number>(), members: [] };
    if (g.slots.has(c.slot)) continue;
    g.slots.add(c.slot);
    g.members.push(c);
    groups.set(key, g);
  }
  const replaced = new Set<Contribution>();
  const out: Contribution[] = [];
  for (const { x, slots, members } of groups.values()) {
    if (slots.size !== L) continue;
    for (const c of members) replaced.add(c);
    const first = members[0]!;
    out.push({
      term: first.term,
      symbol: first.symbol,
      dependsOn: [x],
      accumulate: (read, unit, w) => {
        const v = read(x.name) as number;
        if (v >= 1 && v <= L && Number.isInteger(v)) unit[v - 1]! += w;
      },
    });
  }
  return [...contributions.filter((c) => !replaced.has(c)), ...out];
}

function stateKey(c: Contribution): string {
  return [...c.term.states].map(([v, k]) => `${v.name}=${k}`).join(",");
}

export const simplexLogLinear: KernelRule = {
  name: "simplex-log-linear",
  shape: "Σⱼ aⱼ log θⱼ, θ a simplex → θⱼ = aⱼ / Σₖ aₖ (each simplex of an array separately)",
  match: (q) => {
    const t = q.block.type;
    if (t.structure !== "simplex") return { decline: `${q.block.name} is not declared simplex` };
    const arrayRank = t.dims.length - 1;
    // A basis names its unit by the symbol's subscripts, so the symbol must subscript every array
    // dimension: a whole simplex (a vector) with the component as an index, or one component (a scalar).
    const contributions = logLinearContributions(
      q,
      (basis, symbols) => {
        const inner = logOf(basis);
        if (!inner) return undefined;
        if (inner.kind === "index" && inner.indices.length === 1) {
          const sym = asSymbol(inner.args[0]!, symbols);
          return sym && sym.shape.kind === "vector"
            ? { symbol: sym, slot: inner.indices[0]! - 1 }
            : undefined;
        }
        const sym = asSymbol(inner, symbols);
        return sym && sym.shape.kind === "scalar" ? { symbol: sym, slot: "last-subscript" } : undefined;
      },
      "Σⱼ aⱼ log θⱼ",
    );
    if (typeof contributions === "string") return { decline: contributions };
    // The length: a constant, or a size the terms were built with (bound from the data or a stand-in).
    const L = dimValue(t.dims[t.dims.length - 1]!, q.sizes ?? new Map());
    if (L === undefined) return { decline: `the length of ${q.block.name} is not known` };
    const name = q.block.name;
    return {
      match: {
        rule: "simplex-log-linear",
        block: q.block,
        slotsPerUnit: L,
        unitRank: arrayRank,
        contributions: oneHot(contributions, L),
        solve: (a) => {
          const total = a.reduce((s, v) => s + v, 0);
          if (!(total > 0)) return `no expected counts for ${name} (an empty component)`;
          if (a.some((v) => v < 0))
            return `a negative expected count for ${name} (a Dirichlet prior with α < 1 puts its maximum on the boundary)`;
          return a.map((v) => v / total);
        },
        equation: (() => {
          // One simplex of an array, the first the terms read (explain turns its index into a generic k).
          const unit = arrayRank > 0 ? firstUnit(contributions) : contributions;
          const lhs = arrayRank > 0 ? S.toUnicode(unit[0]!.symbol) : name;
          const sums = unit.every((c) => "slot" in c && typeof c.slot === "number") ? slotSums(unit, L) : [];
          // Many components read as one formula in j where the sums follow one (a categorical outcome).
          const pattern = sums.length > 3 ? slotPattern(sums) : undefined;
          const list = pattern ? `aⱼ = ${pattern}` : sums.map((s, j) => `a${j + 1} = ${s}`).join(",  ");
          const each = arrayRank > 0 ? `, for each simplex ${name}[…] separately` : "";
          return `${lhs}ⱼ = aⱼ / Σₖ aₖ${list ? `,  ${list}` : ",  aⱼ the expected count of j (plus αⱼ − 1 under a Dirichlet prior)"}${each}`;
        })(),
      },
    };
  },
};
