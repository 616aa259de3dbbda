// `explain`: derive the EM algorithm of a model without data and show it as mathematics.

import type { CheckedModel, Dim } from "../check";
import {
  type Explanation,
  explain,
  formatExplanation,
  generalExplanation,
  planEStep,
  planMStep,
  type QTerm,
  qTerms,
  TRIAL_SIZES,
} from "../derive";
import { type Diagnostic, hasErrors, type SourceFile } from "../diagnostics";
import { type IRVariable, lower } from "../ir";
import { checkFile } from "./check";

export interface ExplainResult {
  readonly explanation: Explanation | undefined;
  readonly text: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
}

function known(d: Dim): number | undefined {
  return d.terms.length === 0 ? d.constant : undefined;
}

export async function explainFile(
  modelPath: string,
  options: { latex?: boolean } = {},
): Promise<ExplainResult> {
  const report = await checkFile(modelPath);
  const diagnostics: Diagnostic[] = [...report.diagnostics];
  if (!report.model || hasErrors(diagnostics))
    return { explanation: undefined, text: undefined, diagnostics, source: report.source };
  return { ...explainModel(report.model, options), diagnostics, source: report.source };
}

/** The derivation of a checked model (from a file or the builder), as objects and as text. */
export function explainModel(
  model: CheckedModel,
  options: { latex?: boolean } = {},
): { explanation: Explanation; text: string } {
  const ir = lower(model);
  const sizes = new Map<string, number>();
  const estep = planEStep(ir, sizes);
  const counts = new Map<IRVariable, number>();
  for (const p of estep) {
    for (const v of p.group.latents) {
      const cat = v.type.domain.categories;
      const k = cat ? known(cat) : v.type.domain.integer ? 2 : undefined;
      if (k !== undefined) counts.set(v, k);
    }
  }
  const terms = qTerms(ir, estep, counts, sizes);
  // Rules need concrete sizes to lay out their statistics: plan with stand-ins, show the symbolic terms.
  const trial = new Map(ir.sizes.map((n, i) => [n, TRIAL_SIZES[i % TRIAL_SIZES.length]!] as const));
  const trialTerms = qTerms(ir, planEStep(ir, trial), counts, trial);
  const mstep = planMStep(ir, trialTerms);
  const latex = options.latex ?? false;
  // The same derivation with state 2 first: where the texts differ only by the index, show a generic k.
  const secondFirst = (ts: readonly QTerm[]) => {
    const rank = (t: QTerm) => (t.states.size > 0 && [...t.states.values()].every((k) => k === 2) ? 0 : 1);
    return [...ts].sort((a, b) => a.factor.id - b.factor.id || rank(a) - rank(b));
  };
  const explanation = generalExplanation(
    explain(ir, estep, terms, mstep, latex),
    explain(ir, estep, secondFirst(terms), planMStep(ir, secondFirst(trialTerms)), latex, 2),
  );
  const text = formatExplanation(explanation);
  return { explanation, text };
}
