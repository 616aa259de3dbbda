// The M-step planner: for each param block, the terms of Q that contain it and the first kernel rule that
// recognises their shape; a block no rule matches is planned `gradient`, with every rule's reason. Then
// the order: a closed form runs after the blocks whose values it reads (so it uses the newest), and blocks
// that read each other cyclically become an ECM cycle, each maximised given the newest values of the rest.
// A small block that only parameterises a conjugate latent's distribution is planned ECME, and runs last.

import type { IRVariable, ModelIR } from "../../ir";
import * as S from "../../symbolic";
import type { QTerm } from "../q-terms";
import { kernelRules } from "./registry";
import type { BlockQ, ClosedForm } from "./rule";
import { termSizes } from "./sizes";

export type MStepPlan =
  | {
      readonly block: IRVariable;
      readonly method: "closed-form";
      readonly update: ClosedForm;
      readonly terms: number;
      /** The blocks whose values this update reads. */
      readonly reads: readonly IRVariable[];
      /** The other blocks of its ECM cycle, when it and they read each other. */
      readonly cycle?: readonly IRVariable[];
    }
  | {
      readonly block: IRVariable;
      /** `gradient`: L-BFGS steps on Q (GEM); `ecme`: maximised on the observed-data log-likelihood. */
      readonly method: "gradient" | "ecme";
      readonly reason: string;
      readonly declined: readonly { rule: string; reason: string }[];
    };

export function blockQ(
  block: IRVariable,
  terms: readonly QTerm[],
  sizes: ReadonlyMap<string, number> = termSizes(terms),
): BlockQ {
  const out: { term: QTerm; symbols: S.SymbolExpr[] }[] = [];
  for (const term of terms) {
    const symbols = S.freeSymbols(term.logDensity).filter(
      (s) => term.sources.get(s.name)?.variable === block,
    );
    if (symbols.length > 0) out.push({ term, symbols });
  }
  return { block, terms: out, sizes };
}

export function planMStep(ir: ModelIR, terms: readonly QTerm[]): MStepPlan[] {
  const plans: MStepPlan[] = [];
  const sizes = termSizes(terms);
  for (const block of ir.variables.values()) {
    if (block.role !== "param") continue;
    const q = blockQ(block, terms, sizes);
    if (q.terms.length === 0) {
      plans.push({
        block,
        method: "gradient",
        reason: `no term of Q contains ${block.name}: nothing determines it`,
        declined: [],
      });
      continue;
    }
    const declined: { rule: string; reason: string }[] = [];
    let update: ClosedForm | undefined;
    for (const rule of kernelRules) {
      const outcome = rule.match(q);
      if ("match" in outcome) {
        update = outcome.match;
        break;
      }
      declined.push({ rule: rule.name, reason: outcome.decline });
    }
    if (update) {
      plans.push({ block, method: "closed-form", update, terms: q.terms.length, reads: readsOf(update) });
      continue;
    }
    const unmatched = `no kernel rule matches Q in ${block.name}: ${declined.map((d) => `${d.rule}: ${d.reason}`).join("; ")}`;
    const ecme = ecmeReason(q, terms);
    plans.push({
      block,
      method: ecme ? "ecme" : "gradient",
      reason: ecme ? `${unmatched}. ${ecme}` : unmatched,
      declined,
    });
  }
  return order(plans);
}

/** L-BFGS iterations per gradient M-step: a GEM step needs only an increase of Q, and the next E-step moves Q anyway. */
export const GEM_ITERATIONS = 10;

/** Blocks up to this many numbers may be planned ECME: each derivative of ℓ costs two likelihood passes. */
export const ECME_MAX_SIZE = 4;

/**
 * Why the block is better maximised on the observed-data likelihood (ECME, Liu & Rubin 1994), or undefined:
 * a small block that enters Q only through the distribution of latents with a conjugate E-step (the
 * Student-t's ν) sees Q change only through their expected statistics, and EM on Q converges slowly there;
 * ℓ must be exact (no Monte-Carlo group) for the step to be a true maximisation.
 */
function ecmeReason(q: BlockQ, all: readonly QTerm[]): string | undefined {
  const dims = q.block.type.dims;
  if (dims.some((d) => d.terms.length > 0)) return undefined;
  if (dims.reduce((n, d) => n * d.constant, 1) > ECME_MAX_SIZE) return undefined;
  if (all.some((t) => t.group?.method === "montecarlo")) return undefined;
  const mixing = q.terms.every(
    ({ term }) => term.factor.target.role === "latent" && term.group?.method === "conjugate",
  );
  if (!mixing) return undefined;
  const latents = [...new Set(q.terms.map(({ term }) => term.factor.target.name))].join(", ");
  return `${q.block.name} parameterises only the distribution of ${latents}, whose E-step is conjugate, so Q depends on it only through their expected statistics and EM on Q converges slowly: ${q.block.name} is maximised on the observed-data log-likelihood given the other blocks (ECME, Liu & Rubin 1994), after the steps on Q`;
}

/** The param blocks (other than its own) whose values an update's statistics read. */
export function readsOf(u: ClosedForm): IRVariable[] {
  const out = new Set<IRVariable>();
  for (const c of u.contributions) {
    const symbols =
      c.dependsOn ?? ("coefficient" in c ? S.freeSymbols(c.coefficient) : S.freeSymbols(c.term.logDensity));
    for (const s of symbols) {
      const v = c.term.sources.get(s.name)?.variable;
      if (v && v.role === "param" && v !== u.block) out.add(v);
    }
  }
  return [...out];
}

/**
 * Dependencies first (Tarjan's strongly connected components come out in reverse topological order of
 * the "reads" graph, i.e. a block after what it reads); a component of several blocks is an ECM cycle,
 * run in phase order (locations before scales) then declaration order. Stable otherwise.
 */
function order(plans: MStepPlan[]): MStepPlan[] {
  const index = new Map(plans.map((p, i) => [p.block, i] as const));
  const edges = plans.map((p) =>
    p.method === "closed-form" ? p.reads.flatMap((v) => (index.has(v) ? [index.get(v)!] : [])) : [],
  );
  const components: number[][] = [];
  const low: number[] = [];
  const num: number[] = [];
  const stack: number[] = [];
  const onStack = new Set<number>();
  let counter = 0;
  const visit = (v: number): void => {
    num[v] = low[v] = counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges[v]!) {
      if (num[w] === undefined) {
        visit(w);
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (onStack.has(w)) {
        low[v] = Math.min(low[v]!, num[w]!);
      }
    }
    if (low[v] === num[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (let v = 0; v < plans.length; v++) if (num[v] === undefined) visit(v);
  const phase = (i: number) => {
    const p = plans[i]!;
    return p.method === "closed-form" ? (p.update.phase ?? 0) : 0;
  };
  const out: MStepPlan[] = [];
  // ECME steps run after every step on Q, which keeps the iteration monotone (Liu & Rubin 1994 §3).
  components.sort(
    (a, b) => Number(plans[a[0]!]!.method === "ecme") - Number(plans[b[0]!]!.method === "ecme"),
  );
  for (const component of components) {
    component.sort((a, b) => phase(a) - phase(b) || a - b);
    const cycle = component.length > 1 ? component.map((i) => plans[i]!.block) : undefined;
    for (const i of component) {
      const p = plans[i]!;
      out.push(cycle && p.method === "closed-form" ? { ...p, cycle: cycle.filter((v) => v !== p.block) } : p);
    }
  }
  return out;
}
