// The M-step planner: for each param block, the terms of Q that contain it and the first kernel rule that
// recognises their shape; a block no rule matches is planned `gradient`, with every rule's reason.

import type { IRVariable, ModelIR } from "../../ir";
import * as S from "../../symbolic";
import type { QTerm } from "../q-terms";
import { kernelRules } from "./registry";
import type { BlockQ, ClosedForm } from "./rule";

export type MStepPlan =
  | {
      readonly block: IRVariable;
      readonly method: "closed-form";
      readonly update: ClosedForm;
      readonly terms: number;
    }
  | {
      readonly block: IRVariable;
      readonly method: "gradient";
      readonly reason: string;
      readonly declined: readonly { rule: string; reason: string }[];
    };

export function blockQ(block: IRVariable, terms: readonly QTerm[]): BlockQ {
  const out: { term: QTerm; symbols: S.SymbolExpr[] }[] = [];
  for (const term of terms) {
    const symbols = S.freeSymbols(term.logDensity).filter(
      (s) => term.sources.get(s.name)?.variable === block,
    );
    if (symbols.length > 0) out.push({ term, symbols });
  }
  return { block, terms: out };
}

export function planMStep(ir: ModelIR, terms: readonly QTerm[]): MStepPlan[] {
  const plans: MStepPlan[] = [];
  for (const block of ir.variables.values()) {
    if (block.role !== "param") continue;
    const q = blockQ(block, terms);
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
    plans.push(
      update
        ? { block, method: "closed-form", update, terms: q.terms.length }
        : {
            block,
            method: "gradient",
            reason: `no kernel rule matches Q in ${block.name}: ${declined.map((d) => `${d.rule}: ${d.reason}`).join("; ")}`,
            declined,
          },
    );
  }
  // Locations before scales: a covariance update uses the newest means (DESIGN.md §4).
  return plans.sort((a, b) => phaseOf(a) - phaseOf(b));
}

function phaseOf(p: MStepPlan): number {
  return p.method === "closed-form" ? (p.update.phase ?? 0) : 0;
}
