// The one derivation of a model's EM algorithm: the E-step plan per latent group (with its states), the
// censored data's E-step, Q(θ, θ′) as factor terms, and the M-step blocks in the order they run, with
// `--algorithm` overrides applied. `fit`, `explain` and `check` all read this object.

import { type Diagnostic, InternalError } from "../diagnostics";
import type { IRVariable, ModelIR } from "../ir";
import { type CensoredPlan, planCensored } from "./censored-plan";
import type { EStepPlan } from "./estep-plan";
import { planEStep } from "./estep-plan";
import { blockQ, type MStepPlan, planMStep } from "./mstep/plan";
import type { BlockQ, ClosedForm } from "./mstep/rule";
import { planStates, type QTerm, qTerms } from "./q-terms";
import { TRIAL_SIZES } from "./structure";

/**
 * `auto` runs the plan; `em` the same (named so); `hard` and `stochastic` classify or draw the discrete
 * latents; `gem` puts every block on gradient steps and `ecm` runs the plan's conditional maximisations
 * (both for checking the closed forms against); `mcem` makes every E-step Monte-Carlo.
 */
export type Algorithm = "auto" | "em" | "hard" | "stochastic" | "mcem" | "gem" | "ecm";

export interface DeriveOptions {
  readonly algorithm?: Algorithm | undefined;
}

/**
 * A block no kernel rule matches: a gradient (GEM) step on Q over its terms, or an ECME step on the
 * observed-data log-likelihood.
 */
export interface FallbackUpdate {
  readonly block: IRVariable;
  readonly method: "gradient" | "ecme";
  readonly terms: BlockQ["terms"];
}

export type Update = ClosedForm | FallbackUpdate;

export const isClosedForm = (u: Update): u is ClosedForm => "solve" in u;

/** A latent group of the plan with the joint states of its enumerated latents (one empty state if none). */
export interface EnumeratedGroup {
  readonly plan: EStepPlan;
  /** Joint states (latent → value) in the order Q's terms were built. */
  readonly states: readonly ReadonlyMap<IRVariable, number>[];
}

export interface Derivation {
  readonly ir: ModelIR;
  /** The sizes the plan was made with; a size missing here is decided at binding. */
  readonly sizes: ReadonlyMap<string, number>;
  /**
   * Sizes not given that the plan depends on (a latent's states, a param's shape): the M-step was planned
   * with stand-ins for them, and binding decides.
   */
  readonly unbound: readonly string[];
  readonly estep: readonly EStepPlan[];
  readonly groups: readonly EnumeratedGroup[];
  readonly censored: readonly CensoredPlan[];
  /** Q's factor terms at the given sizes (symbolic where a size is unbound). */
  readonly terms: readonly QTerm[];
  /** The terms the M-step was planned on: `terms`, or the same at stand-in sizes for unbound ones. */
  readonly mstepTerms: readonly QTerm[];
  readonly mstep: readonly MStepPlan[];
  /** The M-step, in the order it runs (only when every size is bound). */
  readonly updates: readonly Update[];
  /** What makes the plan impossible to run, located; empty when it can run as far as derivation decides. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * How a param of this type is unconstrained for gradient steps, or why it cannot take one. The engine's
 * transforms follow the same classification.
 */
export function gradientKind(type: {
  readonly structure: string | undefined;
  readonly domain: {
    readonly positive: boolean;
    readonly nonnegative: boolean;
    readonly atMostOne: boolean;
    readonly integer: boolean;
  };
}): "real" | "positive" | "prob" | "simplex" | "cov" | { readonly problem: string } {
  const { structure, domain } = type;
  if (structure === "simplex") return "simplex";
  if (structure === "cov") return "cov";
  if (structure !== undefined)
    return { problem: `a parameter with structure '${structure}' has no gradient step` };
  // Integrality before the sign: count and 0/1 are nonnegative yet have no gradient.
  if (domain.integer) return { problem: "an integer parameter has no gradient step" };
  if (domain.atMostOne && domain.nonnegative) return "prob";
  if (domain.positive || domain.nonnegative) return "positive";
  return "real";
}

/**
 * Whether size `n` shapes the plan: a param's dims, or a latent's states or value dims (not the plates it
 * is drawn over, which only count elements).
 */
function shapesPlan(ir: ModelIR, n: string): boolean {
  const mentions = (d: { readonly terms: readonly (readonly [string, number])[] }) =>
    d.terms.some(([name]) => name === n);
  return [...ir.variables.values()].some((v) => {
    if (v.role === "param") return v.type.dims.some(mentions);
    if (v.role !== "latent") return false;
    const plates = ir.factors.find((f) => f.target === v)?.targetIndices.length ?? 0;
    const categories = v.type.domain.categories;
    return v.type.dims.slice(plates).some(mentions) || (categories !== undefined && mentions(categories));
  });
}

function mcem(plan: EStepPlan): EStepPlan {
  return plan.method === "montecarlo"
    ? plan
    : {
        ...plan,
        method: "montecarlo",
        reason: `--algorithm mcem: drawn by Monte Carlo instead of the exact '${plan.method}' E-step (${plan.reason})`,
      };
}

function gem(plan: MStepPlan): MStepPlan {
  if (plan.method === "gradient") return plan;
  return {
    block: plan.block,
    method: "gradient",
    reason:
      plan.method === "closed-form"
        ? `--algorithm gem: gradient steps on Q instead of the closed form (rule ${plan.update.rule})`
        : `--algorithm gem: gradient steps on Q instead of ECME (${plan.reason})`,
    declined: plan.method === "ecme" ? plan.declined : [],
  };
}

/** The M-step plan over Q's terms, with the `--algorithm` override applied. */
export function planMSteps(ir: ModelIR, terms: readonly QTerm[], options: DeriveOptions = {}): MStepPlan[] {
  const plans = planMStep(ir, terms);
  return options.algorithm === "gem" ? plans.map(gem) : plans;
}

/** Q's terms with sizes left symbolic, or undefined when a factor has no symbolic form at them. */
function symbolicTerms(
  ir: ModelIR,
  estep: readonly EStepPlan[],
  sizes: ReadonlyMap<string, number>,
): QTerm[] | undefined {
  try {
    return qTerms(ir, estep, sizes);
  } catch (e) {
    if (e instanceof InternalError) return undefined;
    throw e;
  }
}

export function derive(
  ir: ModelIR,
  sizes: ReadonlyMap<string, number>,
  options: DeriveOptions = {},
): Derivation {
  const diagnostics: Diagnostic[] = [];
  let estep = planEStep(ir, sizes);
  if (options.algorithm === "mcem") estep = estep.map(mcem);
  const censored = planCensored(ir, estep);
  for (const c of censored)
    if (c.method === undefined)
      diagnostics.push({
        severity: "error",
        code: "E0406",
        message: `no E-step for the censored values of ${c.factor.target.name}: ${c.reason}`,
        span: c.factor.span,
        hint: "censored data are integrated outside latent groups or beside enumerated latents, when no other statement reads them",
      });
  // Rules lay their statistics out at concrete sizes: unbound sizes get distinct small stand-ins.
  const unbound = ir.sizes.filter((n) => !sizes.has(n) && shapesPlan(ir, n));
  const trial = new Map(sizes);
  ir.sizes.forEach((n, i) => {
    if (!trial.has(n)) trial.set(n, TRIAL_SIZES[i % TRIAL_SIZES.length]!);
  });
  const bound = ir.sizes.every((n) => sizes.has(n));
  const standIn = bound ? undefined : qTerms(ir, planEStep(ir, trial), trial);
  // A factor with no symbolic form while a size is unbound (a Categorical over V categories) is shown
  // at the stand-in sizes, as the M-step is planned.
  const terms = standIn ? (symbolicTerms(ir, estep, sizes) ?? standIn) : qTerms(ir, estep, sizes);
  const planned = standIn ?? terms;
  const mstep = planMSteps(ir, planned, options);
  for (const p of mstep) {
    if (p.method === "closed-form") continue;
    const kind = gradientKind(p.block.type);
    const problem =
      blockQ(p.block, planned).terms.length === 0
        ? `no term of Q contains ${p.block.name}: nothing determines it (give it a prior, or remove it)`
        : typeof kind === "object"
          ? `${kind.problem} (${p.reason})`
          : undefined;
    if (problem)
      diagnostics.push({
        severity: "error",
        code: "E0401",
        message: `no M-step for '${p.block.name}': ${problem}`,
        span: p.block.symbol.span,
      });
  }
  const groups = estep.map((plan) => ({ plan, states: planStates(plan) }));
  const updates = !bound
    ? []
    : mstep.map(
        (p): Update =>
          p.method === "closed-form"
            ? p.update
            : { block: p.block, method: p.method, terms: blockQ(p.block, terms).terms },
      );
  return {
    ir,
    sizes,
    unbound,
    estep,
    groups,
    censored,
    terms,
    mstepTerms: planned,
    mstep,
    updates,
    diagnostics,
  };
}
