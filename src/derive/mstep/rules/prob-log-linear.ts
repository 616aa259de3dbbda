// Rule: Q(p) = a log p + b log(1 − p) with p a probability has its maximum at p = a / (a + b). Bernoulli
// and Binomial probabilities, probabilities that enter categorical cells polynomially (genetic linkage θ),
// Beta priors (MAP). Each element of an array of probabilities is solved on its own.

import * as S from "../../../symbolic";
import { asSymbol, firstUnit, logLinearContributions, logOf, slotSums } from "../log-linear";
import type { KernelRule } from "../rule";

export const probLogLinear: KernelRule = {
  name: "prob-log-linear",
  shape: "a log p + b log(1 − p) → p = a / (a + b)",
  match: (q) => {
    const t = q.block.type;
    if (t.structure !== undefined || !(t.domain.atMostOne && t.domain.nonnegative)) {
      return { decline: `${q.block.name} is not declared prob` };
    }
    const contributions = logLinearContributions(
      q,
      (basis, symbols) => {
        const inner = logOf(basis);
        if (!inner) return undefined;
        const direct = asSymbol(inner, symbols);
        if (direct) return { symbol: direct, slot: 0 };
        const complement = symbols.find((s) => S.simplify(S.sub(1, s)) === inner);
        return complement ? { symbol: complement, slot: 1 } : undefined;
      },
      "a log p + b log(1 − p)",
    );
    if (typeof contributions === "string") return { decline: contributions };
    const name = q.block.name;
    return {
      match: {
        rule: "prob-log-linear",
        block: q.block,
        slotsPerUnit: 2,
        unitRank: t.dims.length,
        contributions,
        solve: ([a, b]) => {
          if (!(a! >= 0 && b! >= 0 && a! + b! > 0)) return `no expected counts for ${name}`;
          return Float64Array.of(a! / (a! + b!));
        },
        equation: (() => {
          // One element of an array, the first the terms read (explain turns its index into a generic k).
          const unit = t.dims.length > 0 ? firstUnit(contributions) : contributions;
          const lhs = t.dims.length > 0 ? S.toUnicode(unit[0]!.symbol) : name;
          const [a, b] = slotSums(unit, 2);
          return `${lhs} = a / (a + b),  a = ${a},  b = ${b}`;
        })(),
      },
    };
  },
};
