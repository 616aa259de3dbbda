// Censored data (`censored`): where the condition holds, an element's value is known only to
// lie beyond the recorded point, so that value is a latent whose posterior is the truncated distribution:
// the E-step gives its truncated moments (Normal, LogNormal, Exponential), the counts of the censored range
// (Poisson, Binomial) or quadrature nodes (other continuous families) — per state of an enumerated group it
// sits in — and the observed-data likelihood takes log P(beyond the point).

import { type IRFactor, type ModelIR, reads } from "../ir";
import type { EStepPlan } from "./estep-plan";

export interface CensoredPlan {
  readonly factor: IRFactor;
  /** Undefined when no E-step covers it yet (the reason says why). */
  readonly method: "conjugate" | undefined;
  readonly reason: string;
}

// Other continuous families: the truncated density integrated by the trapezoid rule on a line mapped onto
// the censored region (engine/kernels/censored-quadrature), accurate far below the fit's tolerance.
const quadrature =
  "the density beyond the recorded point integrated by quadrature (trapezoid rule on the mapped line, centred at its peak)";

const moments: Readonly<Record<string, string>> = {
  Normal:
    "E[y], E[y²] of the Normal truncated beyond the recorded point (inverse Mills ratio, log-CDF forms)",
  LogNormal: "E[log y], E[(log y)²] beyond the recorded point (the Normal's truncated moments, of log y)",
  Exponential:
    "E[y] beyond the recorded point (memoryless: c + 1/λ on the right; the truncated mean on the left)",
  Poisson: "the counts beyond the recorded point, enumerated with their probabilities (a tail to 1e-18)",
  Binomial: "the counts beyond the recorded point, enumerated with their probabilities",
  Gamma: quadrature,
  InvGamma: quadrature,
  Beta: quadrature,
  StudentT: quadrature,
  Uniform: quadrature,
};

/**
 * Why a partly known data factor (censored values, missing cells) inside a latent group has no exact
 * E-step, or undefined when it has: inside an enumerated group it is completed per state, at the group's
 * own elements.
 */
export function groupCompletionProblem(
  f: IRFactor,
  groups: readonly EStepPlan[],
  what: string,
): string | undefined {
  const plan = groups.find((g) => g.group.priors.includes(f) || g.group.children.includes(f));
  if (!plan) return undefined;
  const plates = plan.group.plates;
  if (plan.method !== "enumerate")
    return `${what} inside a latent group with a '${plan.method}' E-step (this version completes them beside enumerated latents only)`;
  if (f.plates.length !== plates.length || !f.plates.every((p, i) => p === plates[i]))
    return `${what} in a plate nested inside its latent group's`;
  return undefined;
}

/** A censored value read by another statement would have a posterior beyond its own truncated '~'. */
function readElsewhere(ir: ModelIR, factor: IRFactor): string | undefined {
  const reader = ir.factors.find(
    (g) =>
      g !== factor &&
      [...g.args, ...g.censoring.map((c) => c.condition)].some((a) =>
        reads(a).some((r) => r.variable === factor.target),
      ),
  );
  return reader
    ? `censored ${factor.target.name} is also read by the '~' for ${reader.target.name} (its censored values would depend on that statement too)`
    : undefined;
}

export function planCensored(ir: ModelIR, groups: readonly EStepPlan[]): CensoredPlan[] {
  return ir.factors.flatMap((factor): CensoredPlan[] => {
    if (factor.censoring.length === 0) return [];
    const name = factor.target.name;
    const family = factor.distribution.name;
    const how = moments[family];
    const unsupported =
      factor.target.role !== "data"
        ? `a censored '~' whose target ${name} is not data`
        : !how
          ? `censored ${family} data (no E-step for this family)`
          : (readElsewhere(ir, factor) ?? groupCompletionProblem(factor, groups, `censored ${name}`));
    if (unsupported) return [{ factor, method: undefined, reason: unsupported }];
    const inGroup = groups.some((g) => g.group.children.includes(factor));
    return [
      {
        factor,
        method: "conjugate",
        reason: `the censored elements of ${name}: ${how}${inGroup ? ", per state of the enumerated latents" : ""}; log P(beyond the point) in the likelihood`,
      },
    ];
  });
}
