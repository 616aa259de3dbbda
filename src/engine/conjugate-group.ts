// The `conjugate` E-step of a Gamma-distributed latent (DESIGN.md §3): a scale or precision multiplier u
// whose children's log-densities are α log u − β u + const (a Normal with sd = scale/√u: the Student-t as
// a Gamma scale mixture). Its posterior is Gamma(a₀ + α, b₀ + β); α and β are read off the children
// exactly by evaluating their log-densities at u = 1, 2 and 4. The M-step reads u as E[u] = a/b (every
// closed form the rules derive is linear in u); the element's log-likelihood is
// log p(x | u*) + log p(u*) − log p(u* | x) at u* = E[u].

import type { EnumeratedGroup } from "../derive";
import { targetExpr } from "../derive";
import type { IRFactor, IRVariable } from "../ir";
import { digamma, lgamma } from "../special";
import type { ElementTable } from "./kernels/elements";
import { FitError, type ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

const gammaLogDensity = (u: number, a: number, b: number) =>
  a * Math.log(b) - lgamma(a) + (a - 1) * Math.log(u) - b * u;

export class ConjugateGroup {
  readonly latent: IRVariable;
  /** Per element: the posterior shape and rate, E[u] and E[log u]. */
  readonly shape: Float64Array;
  readonly rate: Float64Array;
  readonly mean: Float64Array;
  readonly logMean: Float64Array;
  private readonly prior: IRFactor;
  private readonly children: readonly IRFactor[];

  constructor(
    readonly group: EnumeratedGroup,
    readonly table: ElementTable,
    private readonly state: ModelState,
  ) {
    const latents = group.plan.group.latents;
    const prior = group.plan.group.priors[0];
    if (latents.length !== 1 || !prior || prior.distribution.name !== "Gamma")
      throw new FitError("the conjugate E-step covers one Gamma-distributed latent per element");
    this.latent = latents[0]!;
    this.prior = prior;
    this.children = group.plan.group.children;
    const E = table.count;
    this.shape = new Float64Array(E);
    this.rate = new Float64Array(E);
    this.mean = new Float64Array(E);
    this.logMean = new Float64Array(E);
  }

  /** Puts u into the latent's storage at the current element (the engine positions the element). */
  place(u: number): void {
    const { offset } = this.state.offset(this.latent, this.prior.targetIndices);
    this.state.values.get(this.latent)!.data[offset] = u;
  }

  /** Σ over the children (and their inner plates) of w · log p at the current value of u. */
  private childrenLogDensity(): number {
    const outer = this.group.plan.group.plates.length;
    let total = 0;
    for (const f of this.children)
      forEachElement(f.plates.slice(outer), this.state.ctx, this.state.plateIndex, (w) => {
        const lp = this.state.logDensity(f, targetExpr(f));
        if (!Number.isNaN(lp)) total += w * lp;
      });
    return total;
  }

  /**
   * The E-step: every element's Gamma posterior; returns the observed-data log-likelihood. `evaluateOnly`
   * keeps the posteriors of the last E-step (and puts E[u] back where the M-step reads it).
   */
  run(evaluateOnly = false): number {
    const kept = evaluateOnly ? this.mean.slice() : undefined;
    let ll = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      const args = this.prior.args.map((a) => this.state.eval(a) as number);
      const problem = this.prior.distribution.validate(args);
      if (problem) throw new FitError(`Gamma: ${problem}`, this.prior);
      const [a0, b0] = args as [number, number];
      // α log u − β u + c from three values (exact for that form, which the planner checked).
      const f = [1, 2, 4].map((u) => {
        this.place(u);
        return this.childrenLogDensity();
      }) as [number, number, number];
      const beta = f[1] - f[0] - (f[2] - f[1]);
      const alpha = (f[1] - f[0] + beta) / Math.LN2;
      const a = a0 + alpha;
      const b = b0 + beta;
      if (!(a > 0 && b > 0))
        throw new FitError(`the posterior of ${this.latent.name} is not a proper Gamma`, this.prior);
      const mean = a / b;
      this.place(mean);
      const joint = this.childrenLogDensity() + gammaLogDensity(mean, a0, b0);
      ll += w * (joint - gammaLogDensity(mean, a, b));
      if (!evaluateOnly) {
        this.shape[e] = a;
        this.rate[e] = b;
        this.mean[e] = mean;
        this.logMean[e] = digamma(a) - Math.log(b);
      }
    }
    if (kept)
      for (let e = 0; e < this.table.count; e++) {
        this.table.enter(e);
        this.place(kept[e]!);
      }
    this.table.leave();
    return ll;
  }
}
