// The generalised-EM M-step of a param block that no kernel rule matches: Q restricted to
// the block's terms, with its symbolic gradient, maximised by a few L-BFGS steps in the unconstrained space
// of the block's declared type, warm-started at the current values. The maximiser never returns a point
// where Q is lower than at the start, so the step keeps EM's monotonicity (Dempster, Laird & Rubin 1977 §3).

import { type BlockQ, GEM_ITERATIONS, type QTerm } from "../derive";
import type { IRVariable, Tensor } from "../ir";
import * as S from "../symbolic";
import { FitError, type ModelState } from "./model-state";
import { type BlockTransform, maximise, transformFor } from "./optimize";

/**
 * Visits the posterior points of a term: the engine positions the model state (plate indices, latent
 * values, discrete states) at each point and calls `visit` with the point's weight, such that
 * Σ weight · log p(point) is the term's expectation under the E-step's posterior.
 */
export type PosteriorPoints = (term: QTerm, visit: (weight: number) => void) => void;

interface CompiledTerm {
  readonly term: QTerm;
  /** The term's symbols that do not read the block (their values are fixed during a step). */
  readonly others: readonly S.SymbolExpr[];
  /** The log-density split at the block: what does not read it is computed once per point and step. */
  readonly value: S.PartialEvaluator;
  /** Per block symbol of the term: ∂ log p / ∂ symbol, split the same way. */
  readonly gradients: readonly { readonly symbol: S.SymbolExpr; readonly evaluate: S.PartialEvaluator }[];
}

/** One posterior point of a term, read once per step: its weight, the fixed values, where the block is read. */
interface Point {
  readonly weight: number;
  readonly env: Record<string, number | Float64Array>;
  readonly offsets: readonly number[];
  /** The length of each block read (1 for a scalar symbol). */
  readonly lengths: readonly number[];
  /** The prepared parts of the value (first) and of each gradient. */
  readonly prepared: readonly (readonly S.Value[])[];
}

/**
 * The summands of a log-density that read the block (a sum's other summands are constant in the block,
 * so they change neither the gradient nor which point is higher: the step need not evaluate them).
 */
function blockPart(e: S.Expr, symbols: readonly S.SymbolExpr[]): S.Expr {
  if (e.kind !== "add") return e;
  const reads = (x: S.Expr) => S.dependsOn(x, symbols);
  const kept = e.args.filter(reads);
  return kept.length === e.args.length ? e : kept.length === 1 ? kept[0]! : S.add(...kept);
}

export class GradientStep {
  readonly transform: BlockTransform;
  private readonly compiled: CompiledTerm[];

  /** Throws a FitError when the block's type has no transform or its terms have no derivative. */
  constructor(
    readonly block: IRVariable,
    terms: BlockQ["terms"],
    private readonly tensor: Tensor,
    private readonly state: ModelState,
    private readonly sizeOptions: S.EvaluateOptions,
  ) {
    const transform = transformFor(block.type, tensor.shape);
    if (typeof transform === "string") throw new FitError(`${block.name}: ${transform}`);
    this.transform = transform;
    this.compiled = terms.map(({ term, symbols }) => {
      try {
        const own = new Set(symbols.map((s) => s.name));
        const relevant = blockPart(term.logDensity, symbols);
        return {
          term,
          others: S.freeSymbols(relevant).filter((s) => !own.has(s.name)),
          value: S.compilePartial(relevant, symbols),
          gradients: symbols.map((symbol) => ({
            symbol,
            evaluate: S.compilePartial(S.gradient(relevant, symbol), symbols),
          })),
        };
      } catch (e) {
        if (e instanceof S.NotDifferentiableError)
          throw new FitError(`no gradient step for ${block.name}: ${e.message}`, term.factor);
        throw e;
      }
    });
  }

  /**
   * Every term's posterior points, with the values that stay fixed while the block moves (data, latent
   * draws, other params) read once: the step then evaluates only the compiled log-densities.
   */
  private collect(points: PosteriorPoints): Point[][] {
    return this.compiled.map((c) => {
      const out: Point[] = [];
      points(c.term, (weight) => {
        if (weight === 0) return;
        const env: Record<string, number | Float64Array> = {};
        for (const s of c.others) {
          const v = this.state.eval(c.term.sources.get(s.name)!.ir);
          env[s.name] = typeof v === "number" ? v : v.slice();
        }
        const reads = c.gradients.map(({ symbol }) => {
          const ir = c.term.sources.get(symbol.name)!.ir;
          return ir.kind === "index"
            ? this.state.offset(this.block, ir.indices)
            : { offset: 0, length: this.tensor.data.length };
        });
        // The block's current values stand in for sizes; the prepared parts do not read them.
        c.gradients.forEach(({ symbol }, i) => {
          const r = reads[i]!;
          env[symbol.name] = S.isScalar(symbol.shape)
            ? this.tensor.data[r.offset]!
            : this.tensor.data.slice(r.offset, r.offset + r.length);
        });
        const prepared = [c.value, ...c.gradients.map((g) => g.evaluate)].map((x) =>
          x.prepare(env, this.sizeOptions),
        );
        out.push({
          weight,
          env,
          offsets: reads.map((r) => r.offset),
          lengths: reads.map((r) => r.length),
          prepared,
        });
      });
      return out;
    });
  }

  /** Q in the block (up to terms free of it) at its current values; writes ∂Q/∂θ into `gradient`. */
  private evaluate(collected: readonly Point[][], gradient: Float64Array): number {
    gradient.fill(0);
    const theta = this.tensor.data;
    let q = 0;
    this.compiled.forEach((c, t) => {
      for (const p of collected[t]!) {
        c.gradients.forEach(({ symbol }, i) => {
          const at = p.offsets[i]!;
          p.env[symbol.name] = S.isScalar(symbol.shape) ? theta[at]! : theta.subarray(at, at + p.lengths[i]!);
        });
        q += p.weight * (c.value.evaluate(p.env, p.prepared[0]!, this.sizeOptions) as number);
        c.gradients.forEach((g, i) => {
          const value = g.evaluate.evaluate(p.env, p.prepared[i + 1]!, this.sizeOptions);
          const at = p.offsets[i]!;
          if (typeof value === "number") gradient[at]! += p.weight * value;
          else for (let j = 0; j < value.length; j++) gradient[at + j]! += p.weight * value[j]!;
        });
      }
    });
    return q;
  }

  /** One GEM step: L-BFGS on Q in the unconstrained coordinates; the block keeps the best point found. */
  run(points: PosteriorPoints): { readonly start: number; readonly value: number } {
    const theta = this.tensor.data;
    const gTheta = new Float64Array(theta.length);
    const collected = this.collect(points);
    const objective = (eta: Float64Array, gEta: Float64Array): number => {
      this.transform.fromUnconstrained(eta, theta);
      const q = this.evaluate(collected, gTheta);
      this.transform.pullBack(eta, gTheta, gEta);
      return q;
    };
    const before = theta.slice();
    const result = maximise(objective, this.transform.toUnconstrained(theta), {
      maxIterations: GEM_ITERATIONS,
    });
    if (!Number.isFinite(result.start))
      throw new FitError(`Q is not finite at the current value of ${this.block.name}`);
    // No increase: keep the values exactly (the round trip through η could move them by a rounding).
    if (result.improved) this.transform.fromUnconstrained(result.x, theta);
    else theta.set(before);
    return { start: result.start, value: result.improved ? result.value : result.start };
  }
}
