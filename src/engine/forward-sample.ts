// Ancestral (forward) sampling through the IR: params are given; every latent and data element that a
// `~` targets is drawn from its distribution, plate element by plate element, in an order where
// everything an element depends on is drawn first.

import type { Span } from "../diagnostics";
import {
  type EvaluationContext,
  EvaluationError,
  evaluate,
  type IRExpr,
  type IRFactor,
  type IRPlate,
  type IRStatement,
  type IRVariable,
  type ModelIR,
  type Numeric,
  reads,
  size,
  type Tensor,
  tensor,
} from "../ir";
import type { Rng } from "../random";

/** A problem found while sampling, at a model site: reported with the site's span. */
export class SampleError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly code: "E0316" | "E0317",
  ) {
    super(message);
    this.name = "SampleError";
  }
}

/** A bound on one variable's size, so a mistyped -n fails with a message rather than exhausting memory. */
export const MAX_DRAWN_VALUES = 50_000_000;

export interface ForwardSampleInput {
  readonly ir: ModelIR;
  readonly sizes: ReadonlyMap<string, number>;
  /** Values of params and of data that is not drawn (covariates). */
  readonly given: ReadonlyMap<IRVariable, Tensor>;
  readonly rng: Rng;
}

function variablesRead(e: IRExpr, out: Set<IRVariable>): void {
  for (const r of reads(e)) out.add(r.variable);
}

function effects(s: IRStatement): { reads: Set<IRVariable>; writes: Set<IRVariable> } {
  const reads = new Set<IRVariable>();
  const writes = new Set<IRVariable>();
  const visit = (t: IRStatement) => {
    if (t.kind === "factor") {
      writes.add(t.factor.target);
      for (const e of [...t.factor.args, ...t.factor.targetIndices]) variablesRead(e, reads);
    } else {
      for (const e of [t.plate.from, t.plate.to]) variablesRead(e, reads);
      t.body.forEach(visit);
    }
  };
  visit(s);
  return { reads, writes };
}

/**
 * Sibling statements in an order where a statement that reads a variable comes after the statements
 * that draw it (program order among the rest). Where dependence is cyclic, program order stands.
 */
export function samplingOrder(list: readonly IRStatement[]): IRStatement[] {
  const fx = list.map(effects);
  const placed = new Set<number>();
  const out: IRStatement[] = [];
  while (placed.size < list.length) {
    let next = -1;
    for (let i = 0; i < list.length && next < 0; i++) {
      if (placed.has(i)) continue;
      const waits = list.some(
        (_, j) =>
          j !== i &&
          !placed.has(j) &&
          [...fx[i]!.reads].some((v) => fx[j]!.writes.has(v) && !fx[i]!.writes.has(v)),
      );
      if (!waits) next = i;
    }
    if (next < 0) next = list.findIndex((_, i) => !placed.has(i));
    placed.add(next);
    out.push(list[next]!);
  }
  return out;
}

class ForwardSampler {
  readonly values = new Map<IRVariable, Tensor>();
  private readonly drawn = new Map<IRVariable, Uint8Array>();
  private readonly plateIndex = new Map<IRPlate, number>();
  private readonly ctx: EvaluationContext;

  constructor(private readonly input: ForwardSampleInput) {
    for (const [v, t] of input.given) this.values.set(v, t);
    for (const f of input.ir.factors) {
      const v = f.target;
      if (v.role === "param" || this.values.has(v)) continue;
      const shape = v.type.dims.map((d) => {
        let n = d.constant;
        for (const [s, k] of d.terms) n += k * (input.sizes.get(s) ?? Number.NaN);
        return n;
      });
      const count = size(shape);
      if (!(count <= MAX_DRAWN_VALUES)) {
        throw new SampleError(
          `drawing '${v.name}' needs ${count} values (shape [${shape.join(", ")}]); at most ${MAX_DRAWN_VALUES} are drawn in one run`,
          f.span,
          "E0316",
        );
      }
      this.values.set(v, tensor(shape, new Float64Array(count).fill(Number.NaN)));
      this.drawn.set(v, new Uint8Array(size(shape)));
    }
    this.ctx = {
      sizes: input.sizes,
      values: this.values,
      plateIndex: this.plateIndex,
      onRead: (v, offset, length) => {
        const mask = this.drawn.get(v);
        if (!mask) return;
        for (let i = offset; i < offset + length; i++) {
          if (!mask[i]) throw new EvaluationError(`'${v.name}' is read before it is drawn`);
        }
      },
    };
  }

  run(statements: readonly IRStatement[]): void {
    for (const s of samplingOrder(statements)) {
      if (s.kind === "factor") this.factor(s.factor);
      else this.plate(s.plate, s.body);
    }
  }

  private plate(p: IRPlate, body: readonly IRStatement[]): void {
    const from = this.number(p.from, p.span, `the start of plate '${p.index}'`);
    const to = this.number(p.to, p.span, `the end of plate '${p.index}'`);
    for (let i = from; i <= to; i++) {
      this.plateIndex.set(p, i);
      this.run(body);
    }
    this.plateIndex.delete(p);
  }

  private number(e: IRExpr, span: Span, what: string): number {
    const v = this.eval(e, span);
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new SampleError(`${what} is not an integer`, span, "E0316");
    return v;
  }

  private eval(e: IRExpr, span: Span): Numeric {
    try {
      return evaluate(e, this.ctx);
    } catch (err) {
      if (!(err instanceof EvaluationError)) throw err;
      const code = /before it is drawn/.test(err.message) ? "E0317" : "E0316";
      throw new SampleError(`${err.message}${this.where()}`, span, code);
    }
  }

  /** " (at n = 3, k = 2)": the plate element being sampled. */
  private where(): string {
    if (this.plateIndex.size === 0) return "";
    return ` (at ${[...this.plateIndex].map(([p, i]) => `${p.index} = ${i}`).join(", ")})`;
  }

  private factor(f: IRFactor): void {
    // Params and data given as input are not drawn: their `~` (a prior, a likelihood) has nothing to add.
    if (!this.drawn.has(f.target)) return;
    const args = f.args.map((a) => this.eval(a, f.span));
    const asValues = args.map((a) => (typeof a === "number" ? a : a.data));
    const problem = f.distribution.validate(asValues);
    if (problem) throw new SampleError(`${f.distribution.name}: ${problem}${this.where()}`, f.span, "E0316");
    const drawn = f.distribution.sample(this.input.rng, asValues);
    const target = this.values.get(f.target)!;
    const mask = this.drawn.get(f.target);
    const idx = f.targetIndices.map((i) => this.number(i, f.span, `a subscript of '${f.target.name}'`));
    let offset = 0;
    let stride = target.data.length;
    idx.forEach((i, k) => {
      const len = target.shape[k]!;
      stride /= len;
      if (i < 1 || i > len)
        throw new SampleError(
          `subscript ${i} is outside 1..${len} of '${f.target.name}'${this.where()}`,
          f.span,
          "E0316",
        );
      offset += (i - 1) * stride;
    });
    if (typeof drawn === "number") {
      target.data[offset] = drawn;
      if (mask) mask[offset] = 1;
    } else {
      target.data.set(drawn, offset);
      if (mask) mask.fill(1, offset, offset + drawn.length);
    }
  }
}

/** Draws every `~` target of the model once; returns the values of all variables. */
export function sampleForward(input: ForwardSampleInput): Map<IRVariable, Tensor> {
  const sampler = new ForwardSampler(input);
  sampler.run(input.ir.statements);
  return sampler.values;
}
