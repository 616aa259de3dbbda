// Which data factors have missing cells in vector rows, and whether the missing-data E-step covers them
// (missing values): MvNormal rows outside latent groups, or beside enumerated latents at the group's own
// elements. A missing scalar simply drops out of Q and ℓ and needs no plan.

import { type EStepPlan, groupCompletionProblem } from "../../derive";
import type { IRFactor } from "../../ir";
import type { ModelState } from "../model-state";
import { DataCompletion, missingCellsProblem } from "./data-completion";
import { ElementTable } from "./elements";

export interface MissingPlan {
  readonly factor: IRFactor;
  /** Why no E-step covers these missing cells yet; undefined when the missing-data E-step does. */
  readonly problem: string | undefined;
  /** Elements (0-based, in plate order) with nothing observed: skipped. */
  readonly empty: readonly number[];
}

/** Whether a factor's target is a vector row with some missing cells. */
export function hasMissingCells(f: IRFactor, state: ModelState): boolean {
  if (f.target.role !== "data" || f.censoring.length > 0) return false;
  if (f.target.type.dims.length <= f.targetIndices.length) return false;
  return state.values.get(f.target)!.data.some(Number.isNaN);
}

export function planMissing(
  factors: readonly IRFactor[],
  groups: readonly EStepPlan[],
  state: ModelState,
): MissingPlan[] {
  const out: MissingPlan[] = [];
  for (const f of factors) {
    if (!hasMissingCells(f, state)) continue;
    const table = new ElementTable(f.plates, state);
    const completion = new DataCompletion(f, table, state, 1, new Set());
    if (!completion.needed) continue;
    // Name the first missing cell: row and column of the data as bound (1-based).
    const t = state.values.get(f.target)!;
    const first = t.data.findIndex(Number.isNaN);
    const columns = t.shape.slice(1).reduce((a, b) => a * b, 1);
    const cell = ` (first at row ${Math.floor(first / columns) + 1}, column ${(first % columns) + 1})`;
    const problem =
      missingCellsProblem(f) ?? groupCompletionProblem(f, groups, `missing cells of ${f.target.name}`);
    out.push({
      factor: f,
      problem: problem === undefined ? undefined : `${problem}${cell}`,
      empty: problem === undefined ? completion.absent : [],
    });
  }
  return out;
}
