// The elements of a latent group, listed once per fit: their plate indices and frequency weights, in the
// order the interpreter visits them, and the flat offsets of data reads at each element. The compiled
// pass walks these arrays instead of re-evaluating plate ranges and subscripts every iteration.

import type { IRExpr, IRPlate, IRVariable } from "../../ir";
import type { ModelState } from "../model-state";
import { forEachElement } from "../plate-loop";

export class ElementTable {
  /** indices[p][e]: the value of plate p's index at element e. */
  private readonly indices: Int32Array[];
  readonly weights: Float64Array;
  readonly count: number;

  constructor(
    private readonly plates: readonly IRPlate[],
    private readonly state: ModelState,
  ) {
    const idx: number[][] = plates.map(() => []);
    const ws: number[] = [];
    forEachElement(plates, state.ctx, state.plateIndex, (w) => {
      plates.forEach((p, i) => {
        idx[i]!.push(state.plateIndex.get(p)!);
      });
      ws.push(w);
    });
    this.indices = idx.map((a) => Int32Array.from(a));
    this.weights = Float64Array.from(ws);
    this.count = ws.length;
  }

  /** Sets the plate indices of element e in the model state (for the interpreter). */
  enter(e: number): void {
    this.plates.forEach((p, i) => {
      this.state.plateIndex.set(p, this.indices[i]![e]!);
    });
  }

  leave(): void {
    for (const p of this.plates) this.state.plateIndex.delete(p);
  }

  /** The flat offset of `variable[indices]` at every element, and the length of the value read there. */
  offsets(variable: IRVariable, indices: readonly IRExpr[]): { offsets: Int32Array; length: number } {
    const out = new Int32Array(this.count);
    let length = 1;
    for (let e = 0; e < this.count; e++) {
      this.enter(e);
      const o = this.state.offset(variable, indices);
      out[e] = o.offset;
      length = o.length;
    }
    this.leave();
    return { offsets: out, length };
  }
}
