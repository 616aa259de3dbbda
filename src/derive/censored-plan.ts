// Censored data (LANGUAGE.md §5 `censored`): where the condition holds, an element's value is known only to
// lie beyond the recorded point, so that value is a latent. For a Normal, LogNormal or Exponential outside every
// latent group its posterior is the truncated distribution: the conjugate E-step replaces the value's
// statistics by their truncated moments, and the observed-data likelihood takes log P(beyond the point).

import type { IRFactor, ModelIR } from "../ir";
import type { EStepPlan } from "./estep-plan";

export interface CensoredPlan {
  readonly factor: IRFactor;
  /** Undefined when no E-step covers it yet (the reason says why). */
  readonly method: "conjugate" | undefined;
  readonly reason: string;
}

const moments: Readonly<Record<string, string>> = {
  Normal:
    "E[y], E[y²] of the Normal truncated beyond the recorded point (inverse Mills ratio, log-CDF forms)",
  LogNormal: "E[log y], E[(log y)²] beyond the recorded point (the Normal's truncated moments, of log y)",
  Exponential:
    "E[y] beyond the recorded point (memoryless: c + 1/λ on the right; the truncated mean on the left)",
};

export function planCensored(ir: ModelIR, groups: readonly EStepPlan[]): CensoredPlan[] {
  const inGroup = new Set(groups.flatMap((g) => [...g.group.priors, ...g.group.children]));
  return ir.factors.flatMap((factor): CensoredPlan[] => {
    if (factor.censoring.length === 0) return [];
    const name = factor.target.name;
    const family = factor.distribution.name;
    if (inGroup.has(factor))
      return [
        {
          factor,
          method: undefined,
          reason: `censored ${name} inside a latent group (a mixture of censored data)`,
        },
      ];
    const how = moments[family];
    if (!how || factor.target.role !== "data")
      return [
        {
          factor,
          method: undefined,
          reason: `censored ${family} data (the conjugate E-step covers Normal, LogNormal and Exponential)`,
        },
      ];
    return [
      {
        factor,
        method: "conjugate",
        reason: `the censored elements of ${name}: ${how}; log P(beyond the point) in the likelihood`,
      },
    ];
  });
}
