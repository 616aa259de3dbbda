// Rule: Q(λ) = a log λ − b λ with λ positive has its maximum at λ = a / b. Poisson and Exponential rates,
// the rate of a Gamma, Gamma priors (MAP).

import { asSymbol, logLinearContributions, logOf, slotSums } from "../log-linear";
import type { KernelRule } from "../rule";

export const positiveRate: KernelRule = {
  name: "positive-rate",
  shape: "a log λ − b λ → λ = a / b",
  match: (q) => {
    const t = q.block.type;
    if (t.structure !== undefined || !t.domain.positive || t.domain.atMostOne) {
      return { decline: `${q.block.name} is not declared positive` };
    }
    const contributions = logLinearContributions(
      q,
      (basis, symbols) => {
        const inner = logOf(basis);
        if (inner) {
          const sym = asSymbol(inner, symbols);
          return sym ? { symbol: sym, slot: 0 } : undefined;
        }
        const sym = asSymbol(basis, symbols);
        return sym ? { symbol: sym, slot: 1 } : undefined;
      },
      "a log λ − b λ",
    );
    if (typeof contributions === "string") return { decline: contributions };
    const name = q.block.name;
    return {
      match: {
        rule: "positive-rate",
        block: q.block,
        slotsPerUnit: 2,
        unitRank: t.dims.length,
        contributions,
        // Slot 1 accumulates the coefficient of λ, which is −b.
        solve: ([a, minusB]) => {
          const b = -minusB!;
          if (!(a! > 0 && b > 0)) return `no expected counts or exposure for ${name} (an empty component)`;
          return Float64Array.of(a! / b);
        },
        equation: (() => {
          const [a, minusB] = slotSums(contributions, 2);
          return `${name} = a / b,  a = ${a},  b = −${minusB}`;
        })(),
      },
    };
  },
};
