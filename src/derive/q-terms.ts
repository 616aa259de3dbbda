// Q(θ, θ′) as a sum of factor terms: for every `~`, and for every joint state of the
// enumerated latents it reads, its log-density as a symbolic template over one plate element. A term
// belongs to the param blocks whose symbols it contains; the M-step rules read the blocks' terms.

import type { IRExpr, IRFactor, IRVariable, ModelIR } from "../ir";
import type * as S from "../symbolic";
import type { EStepPlan } from "./estep-plan";
import { toSymbolic } from "./to-symbolic";

/** What a leaf symbol of a term stands for: a variable read at an element (evaluated by the engine). */
/** What a leaf symbol stands for: a variable read at an element, or a plate index (no variable). */
export type SymbolSources = ReadonlyMap<
  string,
  { readonly variable: IRVariable | undefined; readonly ir: IRExpr }
>;

export interface QTerm {
  readonly factor: IRFactor;
  /** The enumerated group this term is weighted by (its posterior), if the factor reads one. */
  readonly group: EStepPlan | undefined;
  /** The joint state (latent → value) of the group's enumerated latents in this term; empty when none. */
  readonly states: ReadonlyMap<IRVariable, number>;
  /** log p of the factor at one plate element, given the states. */
  readonly logDensity: S.Expr;
  /** The target and arguments it is built from, for rules that read the factor's structure. */
  readonly target: S.Expr;
  readonly args: readonly S.Expr[];
  readonly sources: SymbolSources;
}

/** The target of a factor as an IR expression (`y[n]`), for building its log-density. */
export function targetExpr(f: IRFactor): IRExpr {
  const whole: IRExpr = { kind: "variable", variable: f.target, type: f.target.type };
  return f.targetIndices.length === 0
    ? whole
    : { kind: "index", base: whole, indices: f.targetIndices, type: f.target.type };
}

/**
 * Every joint state of a group's enumerated latents, as assignments latent → value, in the order the
 * engine lays its posteriors out (the last latent fastest); one empty state when none is enumerated.
 */
export function planStates(plan: EStepPlan | undefined): Map<IRVariable, number>[] {
  let out: Map<IRVariable, number>[] = [new Map()];
  if (!plan) return out;
  for (const v of plan.group.latents) {
    const values = plan.values.get(v);
    if (!values) continue;
    const next: Map<IRVariable, number>[] = [];
    for (const partial of out) for (const k of values) next.push(new Map([...partial, [v, k]]));
    out = next;
  }
  return out;
}

/**
 * The Q terms of a model: per factor, one term for each joint state of the enumerated latents of its group
 * (discrete latents whose values are known); continuous latents stay symbolic.
 */
export function qTerms(
  ir: ModelIR,
  estep: readonly EStepPlan[],
  sizes: ReadonlyMap<string, number>,
): QTerm[] {
  const out: QTerm[] = [];
  for (const f of ir.factors) {
    const plan = estep.find((p) => p.group.priors.includes(f) || p.group.children.includes(f));
    for (const states of planStates(plan)) {
      const record = new Map<string, { variable: IRVariable | undefined; ir: IRExpr }>();
      const ctx = { states, sizes, record };
      const target = toSymbolic(targetExpr(f), ctx);
      const args = f.args.map((a) => toSymbolic(a, ctx));
      const logDensity = f.distribution.logDensityExpr(target, args);
      out.push({ factor: f, group: plan, states, logDensity, target, args, sources: record });
    }
  }
  return out;
}

/** The symbols of a term that read the param `block`. */
export function blockSymbols(term: QTerm, block: IRVariable, all: readonly S.SymbolExpr[]): S.SymbolExpr[] {
  return all.filter((s) => term.sources.get(s.name)?.variable === block);
}
