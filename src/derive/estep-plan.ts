// The E-step planner: for each latent group, the exact method that applies — enumerate
// finite states, Gaussian conditioning, a conjugate posterior, both (mixed) — or Monte Carlo, each with
// the reason it was chosen, so `explain` and the fit result can say why.

import { evaluateDim } from "../check";
import type { IRFactor, IRVariable, ModelIR } from "../ir";
import * as S from "../symbolic";
import { type LatentGroup, latentGroups } from "./latent-groups";
import { independentOf, isAffineIn, TRIAL_SIZES } from "./structure";
import { elementSymbol, toSymbolic } from "./to-symbolic";

export type EStepMethod = "enumerate" | "gaussian" | "conjugate" | "mixed" | "montecarlo";

export interface EStepPlan {
  readonly group: LatentGroup;
  readonly method: EStepMethod;
  /** Joint discrete states per element (enumerate, mixed), when the sizes are known. */
  readonly states: number | undefined;
  /**
   * The values each discrete latent takes, in enumeration order, where they are finite and known: 1..K for
   * `cat(K)`, 0 and 1 under a Bernoulli prior, 0..n under Binomial(n, ·). The joint states are their product.
   */
  readonly values: ReadonlyMap<IRVariable, readonly number[]>;
  /** For `mixed`: the exact method inside each enumerated state. */
  readonly inner?: "gaussian" | "conjugate";
  readonly reason: string;
}

/** Joint states per element above this are not enumerated: the E-step would cost N × states. */
export const STATE_CAP = 100_000;

/**
 * The values a discrete latent takes: cat(K) → 1..K, a Bernoulli prior → 0, 1, Binomial(n, ·) with a
 * constant n → 0..n; "unknown" while a size is unbound, "infinite" for a count with no finite support.
 */
export function latentValues(
  v: IRVariable,
  prior: IRFactor | undefined,
  sizes: ReadonlyMap<string, number>,
): readonly number[] | "unknown" | "infinite" {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const cat = v.type.domain.categories;
  if (cat) {
    const k = evaluateDim(cat, sizes);
    return k === undefined ? "unknown" : range(1, k);
  }
  if (prior?.distribution.support === "binary") return [0, 1];
  const n = prior?.distribution.name === "Binomial" ? prior.args[0] : undefined;
  if (n?.kind === "const" && typeof n.value === "number" && Number.isInteger(n.value) && n.value >= 0)
    return n.value + 1 > STATE_CAP ? "infinite" : range(0, n.value);
  return "infinite";
}

const isDiscrete = (v: IRVariable) => v.type.domain.integer;

/** Sizes for structural checks: the bound ones, and distinct small stand-ins for the rest. */
function trialSizes(ir: ModelIR, sizes: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(sizes);
  ir.sizes.forEach((name, i) => {
    if (!out.has(name)) out.set(name, TRIAL_SIZES[i % TRIAL_SIZES.length]!);
  });
  return out;
}

/** Why the continuous latents are not jointly Gaussian given the rest, or undefined when they are. */
function gaussianProblem(
  group: LatentGroup,
  continuous: IRVariable[],
  states: Map<IRVariable, number>,
  sizes: Map<string, number>,
): string | undefined {
  const latentSymbols = continuous.map((v) => {
    const prior = group.priors.find((f) => f.target === v)!;
    return elementSymbol(
      v,
      prior.targetIndices.map((i) => (i.kind === "plate-index" ? i.plate.index : "?")),
      sizes,
    );
  });
  for (const f of [...group.priors.filter((p) => continuous.includes(p.target)), ...group.children]) {
    const reading =
      f.target.role === "latent" ? `${f.target.name}'s distribution` : `the '~' for ${f.target.name}`;
    // A Gaussian form of the value itself (not of its log): the log joint is quadratic in a linear mean.
    const form = f.distribution.gaussian;
    if (form?.of !== "value") {
      return `${reading} is ${f.distribution.name}, not Normal or MvNormal, so the log joint is not quadratic in ${continuous.map((v) => v.name).join(", ")}`;
    }
    const [mean, scale] = f.args.map((a) => toSymbolic(a, { states, sizes }));
    if (!latentSymbols.every((z) => isAffineIn(mean!, z)))
      return `the mean in ${reading} is not linear in ${continuous.map((v) => v.name).join(", ")}`;
    if (!independentOf(scale!, latentSymbols))
      return `the ${form.scale === "sd" ? "sd" : "covariance"} in ${reading} depends on ${continuous.map((v) => v.name).join(", ")}`;
  }
  return undefined;
}

/** Conjugate pairs by the prior's sufficient statistics: the log joint in u must be spanned by them. */
const conjugateBases: Record<string, (u: S.Expr) => S.Expr[]> = {
  Gamma: (u) => [u, S.log(u)],
  InvGamma: (u) => [S.div(1, u), S.log(u)],
  Beta: (u) => [S.log(u), S.log(S.sub(1, u))],
  Exponential: (u) => [u],
};

function conjugateProblem(
  group: LatentGroup,
  u: IRVariable,
  states: Map<IRVariable, number>,
  sizes: Map<string, number>,
): string | undefined {
  const prior = group.priors.find((f) => f.target === u)!;
  const bases = conjugateBases[prior.distribution.name];
  if (!bases || u.type.dims.length > prior.targetIndices.length)
    return `${u.name}'s distribution ${prior.distribution.name} has no conjugate form here`;
  const sym = elementSymbol(
    u,
    prior.targetIndices.map((i) => (i.kind === "plate-index" ? i.plate.index : "?")),
    sizes,
  );
  const allowed = new Set(bases(sym).map((b) => S.simplify(b).key));
  for (const f of [prior, ...group.children]) {
    const target =
      f === prior
        ? sym
        : toSymbolic(
            f.targetIndices.length > 0
              ? {
                  kind: "index",
                  base: { kind: "variable", variable: f.target, type: f.target.type },
                  indices: f.targetIndices,
                  type: f.target.type,
                }
              : { kind: "variable", variable: f.target, type: f.target.type },
            { states, sizes },
          );
    const logp = f.distribution.logDensityExpr(
      target,
      f.args.map((a) => toSymbolic(a, { states, sizes })),
    );
    const lc = S.linearCombination(S.simplify(logp), sym);
    const stray = lc.terms.find(([, basis]) => !allowed.has(S.simplify(basis).key));
    if (stray)
      return `the '~' for ${f.target.name} puts ${S.toUnicode(stray[1])} into the log joint, which ${prior.distribution.name}(${u.name}) is not conjugate to`;
  }
  return undefined;
}

export function planEStep(ir: ModelIR, sizes: ReadonlyMap<string, number> = new Map()): EStepPlan[] {
  const trial = trialSizes(ir, sizes);
  return latentGroups(ir).map((group): EStepPlan => {
    const names = group.latents.map((v) => v.name).join(", ");
    if (group.coupling) {
      return {
        group,
        method: "montecarlo",
        states: undefined,
        values: new Map(),
        reason: `${group.coupling}: exact E-steps here work one element at a time`,
      };
    }
    const discrete = group.latents.filter(isDiscrete);
    const continuous = group.latents.filter((v) => !isDiscrete(v));
    let states: number | undefined = 1;
    const values = new Map<IRVariable, readonly number[]>();
    for (const v of discrete) {
      const k = latentValues(
        v,
        group.priors.find((f) => f.target === v),
        sizes,
      );
      if (k === "infinite") {
        return {
          group,
          method: "montecarlo",
          states: undefined,
          values: new Map(),
          reason: `'${v.name}' takes infinitely many values, so its states cannot be enumerated`,
        };
      }
      if (k !== "unknown") values.set(v, k);
      states = k === "unknown" || states === undefined ? undefined : states * k.length;
    }
    if (states !== undefined && states > STATE_CAP) {
      return {
        group,
        method: "montecarlo",
        states: undefined,
        values: new Map(),
        reason: `the joint states of ${names} number ${states} per element, above the enumeration cap of ${STATE_CAP}`,
      };
    }
    if (continuous.length === 0) {
      return {
        group,
        method: "enumerate",
        states,
        values,
        reason: `${names} ${discrete.length === 1 ? "takes" : "take"} finitely many values${states === undefined ? "" : ` (${states} per element)`}: the posterior is exact by summing over them`,
      };
    }
    // An exact method for the continuous latents — alone, or inside each state of the discrete ones (mixed).
    const exact = (inner: "gaussian" | "conjugate", how: string): EStepPlan =>
      discrete.length === 0
        ? { group, method: inner, states: undefined, values, reason: how }
        : {
            group,
            method: "mixed",
            states,
            values,
            inner,
            reason: `enumerate ${discrete.map((v) => v.name).join(", ")}; given each state, ${how}`,
          };
    // Continuous latents: condition on one state of the discrete ones (the structure is the same for all).
    const fixed = new Map(discrete.map((v) => [v, values.get(v)?.[0] ?? 1] as const));
    const gaussian = gaussianProblem(group, continuous, fixed, trial);
    if (!gaussian) {
      const zs = continuous.map((v) => v.name).join(", ");
      const how = `the log joint is quadratic in ${zs} (a Gaussian prior, and children whose means are linear in it), so the posterior of ${zs} is Gaussian`;
      return exact("gaussian", how);
    }
    const conjugate =
      continuous.length === 1
        ? conjugateProblem(group, continuous[0]!, fixed, trial)
        : "several continuous latents";
    if (!conjugate) {
      const u = continuous[0]!;
      const prior = group.priors.find((f) => f.target === u)!.distribution.name;
      const how = `${u.name}: its ${prior} distribution is conjugate to the terms that read it, so the posterior is ${prior} too`;
      return exact("conjugate", how);
    }
    return {
      group,
      method: "montecarlo",
      states: discrete.length > 0 ? states : undefined,
      values,
      reason: `no exact E-step: ${gaussian}`,
    };
  });
}
