// The plan a fit runs, for fit, explain and check alike: the derivation of the model at the given sizes,
// and the engine's word on whether it runs each planned E-step. One object, so the three never disagree.

import { type Algorithm, type Derivation, derive } from "../derive";
import { estepProblems } from "../engine";
import type { ModelIR } from "../ir";

export function planModel(
  ir: ModelIR,
  sizes: ReadonlyMap<string, number>,
  algorithm: Algorithm = "auto",
): Derivation {
  const d = derive(ir, sizes, { algorithm });
  const problems = estepProblems(d);
  return problems.length === 0 ? d : { ...d, diagnostics: [...problems, ...d.diagnostics] };
}
