// Rule: Q(θ) = Σⱼ aⱼ log θⱼ with θ on a simplex (after logs of products and powers are expanded) has
// its maximum at θⱼ = aⱼ / Σₖ aₖ. Mixing weights; allele frequencies (gene counting); Dirichlet priors add
// αⱼ − 1 to aⱼ (MAP).

import { asSymbol, logLinearContributions, logOf, slotSums } from "../log-linear";
import type { KernelRule } from "../rule";

export const simplexLogLinear: KernelRule = {
  name: "simplex-log-linear",
  shape: "Σⱼ aⱼ log θⱼ, θ a simplex → θⱼ = aⱼ / Σₖ aₖ",
  match: (q) => {
    const t = q.block.type;
    if (t.structure !== "simplex") return { decline: `${q.block.name} is not declared simplex` };
    const arrayRank = t.dims.length - 1;
    const contributions = logLinearContributions(
      q,
      (basis, symbols) => {
        const inner = logOf(basis);
        if (!inner) return undefined;
        if (inner.kind === "index" && inner.indices.length === 1) {
          const sym = asSymbol(inner.args[0]!, symbols);
          return sym ? { symbol: sym, slot: inner.indices[0]! - 1 } : undefined;
        }
        const sym = asSymbol(inner, symbols);
        return sym && sym.shape.kind === "scalar" ? { symbol: sym, slot: "last-subscript" } : undefined;
      },
      "Σⱼ aⱼ log θⱼ",
    );
    if (typeof contributions === "string") return { decline: contributions };
    const k = t.dims[t.dims.length - 1]!;
    const slots = k.terms.length === 0 ? k.constant : undefined;
    if (slots === undefined) return { decline: `the length of ${q.block.name} is not known` };
    const name = q.block.name;
    return {
      match: {
        rule: "simplex-log-linear",
        block: q.block,
        slotsPerUnit: slots,
        unitRank: arrayRank,
        contributions,
        solve: (a) => {
          const total = a.reduce((s, v) => s + v, 0);
          if (!(total > 0)) return `no expected counts for ${name} (an empty component)`;
          if (a.some((v) => v < 0))
            return `a negative expected count for ${name} (a Dirichlet prior with α < 1 puts its maximum on the boundary)`;
          return a.map((v) => v / total);
        },
        equation: (() => {
          const sums =
            typeof slots === "number" && contributions.every((c) => "slot" in c && typeof c.slot === "number")
              ? slotSums(contributions, slots)
              : [];
          const list = sums.map((s, j) => `a${j + 1} = ${s}`).join(",  ");
          return `${name}ⱼ = aⱼ / Σₖ aₖ${list ? `,  ${list}` : ",  aⱼ the expected count of j (plus αⱼ − 1 under a Dirichlet prior)"}`;
        })(),
      },
    };
  },
};
