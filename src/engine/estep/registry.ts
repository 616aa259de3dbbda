// The E-step methods the engine runs, in order: each says whether it can run a planned latent group (and
// why not) and builds its E-step. The derivation plans a method from the model's structure; this registry
// decides, before any data is read where it can, whether the engine runs it — so fit, explain and check
// report alike — and the EM loop builds every group's E-step through it, naming no method itself.

import type { Derivation, EnumeratedGroup, EStepMethod, EStepPlan, QTerm } from "../../derive";
import { STATE_CAP } from "../../derive";
import { type Diagnostic, InternalError } from "../../diagnostics";
import type { IRVariable } from "../../ir";
import type * as S from "../../symbolic";
import type { CompiledGroup } from "../kernels/compiled-group";
import { ConjugateEStep } from "./conjugate";
import { CompiledEnumeration, InterpretedEnumeration } from "./enumerate";
import { GaussianEStep } from "./gaussian";
import type { EStepContext, GroupEStep } from "./method";
import { MonteCarloEStep } from "./montecarlo";

/** What building an E-step may use besides the engine's context. */
export interface BuildInputs {
  /** The group's generated pass, where kernels are on and the group compiles. */
  readonly compiled: CompiledGroup | undefined;
  readonly terms: readonly QTerm[];
  readonly sizeOptions: S.EvaluateOptions;
  readonly sampler: "auto" | "mcmc" | undefined;
}

export interface EStepSupport {
  readonly method: EStepMethod;
  /** Undefined when the engine runs this plan; else the reason, with its diagnostic code. */
  supports(
    plan: EStepPlan,
  ): { readonly code: "E0402" | "E0405"; readonly reason: string; readonly hint?: string } | undefined;
  build(group: EnumeratedGroup, ctx: EStepContext, inputs: BuildInputs): GroupEStep;
}

const isDiscrete = (v: IRVariable) =>
  v.type.domain.categories !== undefined || v.type.domain.integer === true;

/** The continuous latents of a group (those the E-step does not enumerate). */
const continuousOf = (p: EStepPlan) => p.group.latents.filter((v) => !isDiscrete(v));

const single = (p: EStepPlan, what: string) =>
  continuousOf(p).length === 1
    ? undefined
    : {
        code: "E0402" as const,
        reason: `${what} runs one continuous latent per group, and this group has ${continuousOf(p).length} (${continuousOf(
          p,
        )
          .map((v) => v.name)
          .join(", ")})`,
      };

/** The conjugate E-step runs one Gamma-distributed latent per group (beside enumerated ones). */
function gammaLatent(p: EStepPlan): { code: "E0402"; reason: string } | undefined {
  const continuous = continuousOf(p);
  const prior = p.group.priors.find((f) => continuous.includes(f.target));
  if (continuous.length === 1 && prior?.distribution.name === "Gamma") return undefined;
  return {
    code: "E0402",
    reason: `the conjugate E-step runs one Gamma-distributed latent per group; here ${continuous.map((v) => v.name).join(", ")}`,
  };
}

export const estepRegistry: readonly EStepSupport[] = [
  {
    method: "enumerate",
    supports: () => undefined,
    build: (g, ctx, { compiled }) =>
      compiled ? new CompiledEnumeration(g, compiled) : new InterpretedEnumeration(g, ctx),
  },
  {
    method: "gaussian",
    supports: (p) => single(p, "the Gaussian E-step"),
    build: (g, ctx) => new GaussianEStep(g, ctx),
  },
  {
    method: "mixed",
    supports: (p) =>
      p.inner === "conjugate"
        ? gammaLatent(p)
        : single(p, "the mixed E-step (enumerated latents outside a Gaussian one)"),
    build: (g, ctx) =>
      g.plan.inner === "conjugate" ? new ConjugateEStep(g, ctx) : new GaussianEStep(g, ctx),
  },
  {
    method: "conjugate",
    supports: gammaLatent,
    build: (g, ctx) => new ConjugateEStep(g, ctx),
  },
  {
    method: "montecarlo",
    supports: (p) => {
      if (p.group.coupling)
        return {
          code: "E0405",
          reason: `${p.group.coupling}; the draws are made one element at a time`,
          hint: "exact E-steps for chains (hidden Markov, state space) and for latents reached through a data index are not available yet; a random effect can be written in nested plates (for g in 1..G { u[g] ~ …; for j in 1..J { y[g, j] ~ …(u[g]) } }), which fits exactly",
        };
      const discrete = p.group.latents.filter(isDiscrete);
      if (discrete.length > 0 && discrete.length < p.group.latents.length)
        return {
          code: "E0405",
          reason: "it mixes discrete and continuous latents, which Monte-Carlo EM does not draw together yet",
        };
      const infinite = discrete.find(
        (v) => p.values.get(v) === undefined && v.type.domain.categories === undefined,
      );
      if (infinite)
        return { code: "E0405", reason: `${infinite.name} has no finite set of states to draw from` };
      const states = discrete.reduce((n, v) => n * (p.values.get(v)?.length ?? 1), 1);
      if (states > STATE_CAP)
        return { code: "E0405", reason: `its ${states} joint states per element are too many to draw from` };
      return undefined;
    },
    build: (g, ctx, { terms, sizeOptions, sampler }) =>
      new MonteCarloEStep(g, ctx, terms, sizeOptions, sampler),
  },
];

/** The E-step of a planned group, built by the first registered method of its plan's name. */
export function buildEStep(group: EnumeratedGroup, ctx: EStepContext, inputs: BuildInputs): GroupEStep {
  const entry = estepRegistry.find((e) => e.method === group.plan.method);
  if (!entry) throw new InternalError(`no E-step method '${group.plan.method}' is registered`);
  return entry.build(group, ctx, inputs);
}

/** Located errors for every latent group of the derivation that no registered method runs. */
export function estepProblems(d: Derivation): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of d.estep) {
    const entry = estepRegistry.find((e) => e.method === p.method);
    const problem = entry
      ? entry.supports(p)
      : { code: "E0402" as const, reason: `no '${p.method}' E-step yet` };
    if (!problem) continue;
    const names = p.group.latents.map((v) => v.name).join(", ");
    out.push({
      severity: "error",
      code: problem.code,
      message:
        problem.code === "E0405"
          ? `no Monte-Carlo E-step for ${names}: ${problem.reason}`
          : `the E-step for ${names} is planned '${p.method}' (${p.reason}), but ${problem.reason}`,
      span: p.group.priors[0]!.span,
      ...(problem.hint ? { hint: problem.hint } : {}),
    });
  }
  return out;
}
