// The `conjugate` E-step of a Gamma-distributed latent: a scale or precision multiplier u whose children's
// log-densities are α log u − β u + const (a Normal with sd = scale/√u: the Student-t as a Gamma scale
// mixture), alone or per joint state of discrete latents beside it (a t mixture: `mixed`). Given a state
// the posterior is Gamma(a₀ + α, b₀ + β); α and β are read off the children exactly by evaluating their
// log-densities at u = 1, 2 and 4. The state's weight is log p(state) + log p(x | state) with u integrated
// out, log p(x | state) = log p(x | u*) + log p(u*) − log p(u* | x) at u* = E[u | state].

import type { EnumeratedGroup } from "../derive";
import { targetExpr } from "../derive";
import type { IRFactor, IRVariable } from "../ir";
import { digamma, lgamma } from "../special";
import { normaliseStates } from "./estep/states";
import type { ElementTable } from "./kernels/elements";
import { FitError, type ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

const gammaLogDensity = (u: number, a: number, b: number) =>
  a * Math.log(b) - lgamma(a) + (a - 1) * Math.log(u) - b * u;

export class ConjugateGroup {
  readonly latent: IRVariable;
  /** Joint states of the discrete latents beside u (1 when there are none). */
  readonly states: number;
  /** Per element × state: the posterior shape and rate, E[u] and E[log u]. */
  readonly shape: Float64Array;
  readonly rate: Float64Array;
  readonly mean: Float64Array;
  readonly logMean: Float64Array;
  /** Per element × state: the posterior weight of the state. */
  readonly gamma: Float64Array;
  entropy = 0;
  private readonly prior: IRFactor;
  private readonly discretePriors: readonly IRFactor[];
  private readonly children: readonly IRFactor[];

  constructor(
    readonly group: EnumeratedGroup,
    readonly table: ElementTable,
    private readonly state: ModelState,
    private readonly setStates: (s: ReadonlyMap<IRVariable, number>) => void,
  ) {
    const continuous = group.plan.group.latents.filter((v) => !group.states[0]!.has(v));
    const prior = group.plan.group.priors.find((f) => f.target === continuous[0]);
    if (continuous.length !== 1 || !prior || prior.distribution.name !== "Gamma")
      throw new FitError("the conjugate E-step covers one Gamma-distributed latent per element");
    this.latent = continuous[0]!;
    this.prior = prior;
    this.discretePriors = group.plan.group.priors.filter((f) => f !== prior);
    this.children = group.plan.group.children;
    this.states = group.states.length;
    const cells = table.count * this.states;
    this.shape = new Float64Array(cells);
    this.rate = new Float64Array(cells);
    this.mean = new Float64Array(cells);
    this.logMean = new Float64Array(cells);
    this.gamma = new Float64Array(cells).fill(1);
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

  /** u's Gamma posterior at the current element and state, stored in `cell`; returns log p(x | state). */
  private posterior(cell: number, keep: boolean): number {
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
    if (keep) {
      this.shape[cell] = a;
      this.rate[cell] = b;
      this.mean[cell] = mean;
      this.logMean[cell] = digamma(a) - Math.log(b);
    }
    return joint - gammaLogDensity(mean, a, b);
  }

  /**
   * The E-step: every element's posterior over the states and u's Gamma given each; returns the
   * observed-data log-likelihood. `evaluateOnly` keeps the posteriors of the last E-step (and puts E[u]
   * back where the M-step reads it).
   */
  run(evaluateOnly = false): number {
    const S = this.states;
    const lw = new Float64Array(S);
    let ll = 0;
    if (!evaluateOnly) this.entropy = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      for (let k = 0; k < S; k++) {
        this.setStates(this.group.states[k]!);
        let prior = 0;
        for (const f of this.discretePriors) prior += this.state.logDensity(f, targetExpr(f));
        lw[k] = prior + this.posterior(e * S + k, !evaluateOnly);
      }
      const names = this.group.plan.group.latents.map((v) => v.name).join(", ");
      const { logSum, entropy } = normaliseStates(lw, evaluateOnly ? undefined : this.gamma, e * S, names);
      ll += w * logSum;
      if (!evaluateOnly) this.entropy += w * entropy;
      // The M-step reads u at its posterior mean (the points put it back there after each visit).
      this.place(this.mean[e * S + S - 1]!);
    }
    this.table.leave();
    return ll;
  }
}
