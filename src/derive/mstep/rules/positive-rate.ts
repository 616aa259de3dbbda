// Rule: Q(λ) = a log λ − b λ with λ positive has its maximum at λ = a / b. Poisson and Exponential rates,
// the rate of a Gamma, Gamma priors (MAP); a Poisson rate λ c (an exposure, or a 0/1 data value or latent
// state) gives a = Σ w y and b = Σ w c, its y log c being constant in λ (0 where c = 0, as then y = 0).

import * as S from "../../../symbolic";
import { asSymbol, logLinearContributions, logOf, slotSums } from "../log-linear";
import type { Contribution, KernelRule } from "../rule";

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
          // b is shown as the sum of the negated coefficients of λ: Σ sₙ rather than −Σ (−sₙ).
          const negated = contributions.map(
            (c): Contribution =>
              "accumulate" in c || c.slot !== 1 ? c : { ...c, coefficient: S.neg(c.coefficient) },
          );
          const [a] = slotSums(contributions, 2);
          const [, b] = slotSums(negated, 2);
          return `${name} = a / b,  a = ${a},  b = ${b}`;
        })(),
      },
    };
  },
};
