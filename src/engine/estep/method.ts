// The one interface every E-step method implements: a pass over its latent group that returns ℓ, the
// entropy and the posterior weights per element × state, and the posterior points of one element — the
// values its continuous latents take, with weights — which every rule, gradient step and Q read alike.

import type { EnumeratedGroup } from "../../derive";
import type { IRFactor, IRVariable } from "../../ir";
import type { Rng } from "../../random";
import type { DataCompletion } from "../kernels/data-completion";
import type { ModelState } from "../model-state";

/** `em`: posterior weights; `hard`: the most probable state; `stochastic`: a state drawn from them. */
export type EmVariant = "em" | "hard" | "stochastic";

export interface EStepPass {
  readonly logLikelihood: number;
  /** −Σ w γ log γ over the enumerated states (for ICL); 0 where nothing is enumerated. */
  readonly entropy: number;
  /** Posterior weight of each element × state (one 1 per element when nothing is enumerated). */
  readonly gamma: Float64Array;
  /** Each element's frequency weight. */
  readonly weights: Float64Array;
  /** The Monte-Carlo variance of the ℓ estimate (0 where ℓ is exact). */
  readonly variance: number;
}

export interface GroupEStep {
  readonly group: EnumeratedGroup;
  /** Whether ℓ and the points are Monte-Carlo estimates (draws), not exact. */
  readonly monteCarlo: boolean;
  /**
   * One pass at the current params. `evaluateOnly` gives ℓ there and leaves the posteriors of the last
   * pass in place (an M-step may still be reading them); its gamma and entropy are then not meaningful.
   */
  run(evaluateOnly: boolean): EStepPass;
  /**
   * Element e's posterior points under joint state k, the element's plate indices and the state's values
   * already set: puts each point's values of the continuous latents into their storage and calls `visit`
   * with its weight (the weights sum to 1). Exact for every term at most quadratic in a Gaussian latent, or
   * linear in u and log u for a Gamma one; draws for Monte Carlo; one point of weight 1 for enumeration.
   */
  forEachPoint(e: number, k: number, visit: (weight: number) => void): void;
}

/** What a method needs of the engine that runs it. */
export interface EStepContext {
  readonly state: ModelState;
  readonly rng: Rng;
  /** Writes a joint state's values into the group's latents at the current element. */
  setStates(group: EnumeratedGroup, states: ReadonlyMap<IRVariable, number>): void;
  /** The E-step of a factor's censored values or missing cells, where it has some. */
  completion(f: IRFactor): DataCompletion | undefined;
  /** Hard and stochastic EM's rule applied to posterior weights (element × S); `em` returns them. */
  classify(gamma: Float64Array, S: number): Float64Array;
  /** Draws per element for Monte-Carlo methods (grown by the ascent rule). */
  drawsPerElement(): number;
}
