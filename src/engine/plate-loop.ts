// Iterating plate elements: every assignment of a list of nested plates' indices, with the product of
// their frequency weights, evaluated in the current context (inner ranges may depend on outer indices).

import { type EvaluationContext, evaluate, type IRPlate } from "../ir";

/** Calls `visit(weight)` once per element of `plates` (outermost first), with plateIndex set. */
export function forEachElement(
  plates: readonly IRPlate[],
  ctx: EvaluationContext,
  plateIndex: Map<IRPlate, number>,
  visit: (weight: number) => void,
  weight = 1,
  depth = 0,
): void {
  if (depth === plates.length) {
    visit(weight);
    return;
  }
  const p = plates[depth]!;
  const from = evaluate(p.from, ctx) as number;
  const to = evaluate(p.to, ctx) as number;
  for (let i = from; i <= to; i++) {
    plateIndex.set(p, i);
    const w = p.weight ? (evaluate(p.weight, ctx) as number) : 1;
    if (w !== 0) forEachElement(plates, ctx, plateIndex, visit, weight * w, depth + 1);
  }
  plateIndex.delete(p);
}
