// `montecarlo`: weighted draws per element (importance sampling, or a chain where its weights degenerate;
// discrete latents from their prior), from montecarlo-group. The draws are the posterior points; ℓ is the
// importance-sampling estimate, with its Monte-Carlo variance.

import type { EnumeratedGroup, QTerm } from "../../derive";
import type * as S from "../../symbolic";
import { ElementTable } from "../kernels/elements";
import { MonteCarloGroup } from "../montecarlo-group";
import type { EStepContext, EStepPass, GroupEStep } from "./method";

export class MonteCarloEStep implements GroupEStep {
  readonly monteCarlo = true;
  readonly inner: MonteCarloGroup;
  private readonly ones: Float64Array;

  constructor(
    readonly group: EnumeratedGroup,
    private readonly ctx: EStepContext,
    terms: readonly QTerm[],
    sizeOptions: S.EvaluateOptions,
    sampler: "auto" | "mcmc" | undefined,
  ) {
    this.inner = new MonteCarloGroup(
      group,
      new ElementTable(group.plan.group.plates, ctx.state),
      ctx.state,
      (s) => ctx.setStates(group, s),
      terms,
      sizeOptions,
      sampler,
    );
    this.ones = new Float64Array(this.inner.table.count).fill(1);
  }

  /** The posterior weights the draws give (discrete latents), classified for hard or stochastic EM. */
  gamma(): Float64Array {
    return this.inner.discrete
      ? this.ctx.classify(this.inner.gamma.slice(), this.group.states.length)
      : this.ones;
  }

  run(evaluateOnly: boolean): EStepPass {
    const g = this.inner;
    const weights = g.table.weights;
    // Draws are made only by a full E-step; evaluating reuses the estimate made there.
    if (evaluateOnly)
      return { logLikelihood: g.lastLogLikelihood, entropy: 0, gamma: this.ones, weights, variance: 0 };
    const estimate = g.draw(this.ctx.drawsPerElement(), this.ctx.rng);
    return {
      logLikelihood: estimate.logLikelihood,
      entropy: 0,
      gamma: this.gamma(),
      weights,
      variance: estimate.variance,
    };
  }

  forEachPoint(e: number, _k: number, visit: (weight: number) => void): void {
    if (this.inner.discrete) visit(1);
    else this.inner.forEachDraw(e, visit);
  }
}
