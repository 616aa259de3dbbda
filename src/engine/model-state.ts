// The numeric state of a fit: values of data, params and (scratch) latents, the evaluation context, and
// the log-density of a factor at the current plate element.

import type { IRExpr, IRFactor, IRPlate, IRVariable, Tensor } from "../ir";
import { type EvaluationContext, EvaluationError, evaluate } from "../ir";

/** A problem while fitting, at a model site (invalid distribution arguments, a degenerate component). */
export class FitError extends Error {
  constructor(
    message: string,
    readonly factor?: IRFactor,
  ) {
    super(message);
    this.name = "FitError";
  }
}

export class ModelState {
  readonly plateIndex = new Map<IRPlate, number>();
  readonly ctx: EvaluationContext;

  constructor(
    readonly values: Map<IRVariable, Tensor>,
    readonly sizes: ReadonlyMap<string, number>,
  ) {
    this.ctx = { sizes, values, plateIndex: this.plateIndex };
  }

  eval(e: IRExpr): number | Float64Array {
    const v = evaluate(e, this.ctx);
    return typeof v === "number" ? v : v.data;
  }

  /** Flat offset of `variable[indices]` at the current element (indices evaluated), and its length. */
  offset(variable: IRVariable, indices: readonly IRExpr[]): { offset: number; length: number } {
    const t = this.values.get(variable)!;
    let offset = 0;
    let stride = t.data.length;
    indices.forEach((ix, k) => {
      const i = evaluate(ix, this.ctx) as number;
      const len = t.shape[k]!;
      stride /= len;
      offset += (i - 1) * stride;
    });
    return { offset, length: stride };
  }

  /** log p of a factor at the current element; NaN when its target is missing there. */
  logDensity(f: IRFactor, target: IRExpr): number {
    try {
      const x = this.eval(target);
      if (typeof x === "number" ? Number.isNaN(x) : x.some(Number.isNaN)) return Number.NaN;
      const args = f.args.map((a) => this.eval(a));
      const problem = f.distribution.validate(args);
      if (problem) throw new FitError(`${f.distribution.name}: ${problem}`, f);
      return f.distribution.logDensity(x, args);
    } catch (e) {
      if (e instanceof EvaluationError) throw new FitError(e.message, f);
      throw e;
    }
  }
}
