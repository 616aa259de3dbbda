// The log joint of one element of a Monte-Carlo group, as its compiled Q terms: the values that stay fixed
// while the element's latents are drawn (data, params, inner-plate reads) are read once per element, so each
// draw costs only the evaluation of the terms' log-densities at the drawn latent values.

import type { QTerm } from "../derive";
import type { IRFactor, IRVariable } from "../ir";
import * as S from "../symbolic";
import type { ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

interface LatentRead {
  readonly name: string;
  /** Where the read starts in the element's concatenated latent values, and how many it reads. */
  readonly at: number;
  readonly length: number;
  readonly scalar: boolean;
}

interface Entry {
  readonly evaluate: S.PartialEvaluator;
  /** The parts of the log-density that do not read the latents, at this entry. */
  prepared: readonly S.Value[];
  readonly weight: number;
  readonly env: Record<string, number | Float64Array>;
  readonly latents: readonly LatentRead[];
}

export interface GroupLatent {
  readonly v: IRVariable;
  readonly prior: IRFactor;
  readonly length: number;
}

export class CompiledJoint {
  private entries: Entry[] = [];
  private readonly compiled: {
    readonly term: QTerm;
    readonly evaluate: S.PartialEvaluator;
    readonly latentSymbols: readonly S.SymbolExpr[];
    readonly others: readonly S.SymbolExpr[];
  }[];

  constructor(
    terms: readonly QTerm[],
    private readonly latents: readonly GroupLatent[],
    private readonly outer: number,
    private readonly state: ModelState,
    private readonly sizeOptions: S.EvaluateOptions,
  ) {
    const own = new Set(latents.map((l) => l.v));
    this.compiled = terms.map((term) => {
      const symbols = S.freeSymbols(term.logDensity);
      const reads = (s: S.SymbolExpr) => own.has(term.sources.get(s.name)?.variable as IRVariable);
      const latentSymbols = symbols.filter(reads);
      return {
        term,
        evaluate: S.compilePartial(term.logDensity, latentSymbols),
        latentSymbols,
        others: symbols.filter((s) => !reads(s)),
      };
    });
  }

  /**
   * Reads the fixed values at the current element. False when a term reads a latent outside the
   * element's own value (then the caller evaluates the log joint through the interpreter).
   */
  enter(): boolean {
    const starts = new Map<IRVariable, { base: number; at: number; length: number }>();
    let at = 0;
    for (const l of this.latents) {
      starts.set(l.v, { base: this.state.offset(l.v, l.prior.targetIndices).offset, at, length: l.length });
      at += l.length;
    }
    const entries: Entry[] = [];
    for (const c of this.compiled) {
      const f = c.term.factor;
      const target = c.term.target;
      let ok = true;
      forEachElement(f.plates.slice(this.outer), this.state.ctx, this.state.plateIndex, (weight) => {
        if (!ok) return;
        const env: Record<string, number | Float64Array> = {};
        for (const s of c.others) {
          const v = this.state.eval(c.term.sources.get(s.name)!.ir);
          env[s.name] = typeof v === "number" ? v : v.slice();
        }
        // A missing data value drops out of the log joint, as in Q.
        if (f.target.role === "data" && target.kind === "symbol") {
          const x = env[target.name];
          if (x !== undefined && (typeof x === "number" ? Number.isNaN(x) : x.some(Number.isNaN))) return;
        }
        const latents = c.latentSymbols.map((s) => {
          const source = c.term.sources.get(s.name)!;
          const start = starts.get(source.variable!)!;
          const ir = source.ir;
          const read =
            ir.kind === "index"
              ? this.state.offset(source.variable!, ir.indices)
              : { offset: 0, length: Number.POSITIVE_INFINITY };
          const within = read.offset - start.base;
          if (within < 0 || within + read.length > start.length) ok = false;
          return { name: s.name, at: start.at + within, length: read.length, scalar: S.isScalar(s.shape) };
        });
        entries.push({ evaluate: c.evaluate, prepared: [], weight, env, latents });
      });
      if (!ok) return false;
    }
    // The latent-free parts, with the latents at their current values standing in for sizes.
    const current = new Float64Array(at);
    for (const l of this.latents) {
      const start = starts.get(l.v)!;
      current.set(this.state.values.get(l.v)!.data.subarray(start.base, start.base + l.length), start.at);
    }
    for (const e of entries) {
      this.bind(e, current);
      e.prepared = e.evaluate.prepare(e.env, this.sizeOptions);
    }
    this.entries = entries;
    return true;
  }

  /** log p(latents = z, data of the element), z the element's concatenated latent values. */
  value(z: Float64Array): number {
    let total = 0;
    for (const e of this.entries) {
      this.bind(e, z);
      total += e.weight * (e.evaluate.evaluate(e.env, e.prepared, this.sizeOptions) as number);
    }
    return total;
  }

  private bind(e: Entry, z: Float64Array): void {
    for (const r of e.latents) e.env[r.name] = r.scalar ? z[r.at]! : z.subarray(r.at, r.at + r.length);
  }
}
