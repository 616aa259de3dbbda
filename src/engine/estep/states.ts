// One element's posterior over the joint states of its discrete latents, from their log-weights: the
// normalised weights, log Σ exp (the element's log-likelihood) and the entropy — the same for every method
// that weighs states beside a continuous latent.

import type { ElementTable } from "../kernels/elements";
import { FitError } from "../model-state";
import type { EStepContext, EStepPass } from "./method";

/**
 * Normalises `lw` into gamma[offset …] (when gamma is given) and returns log Σₖ exp(lwₖ) and the entropy
 * −Σₖ γₖ log γₖ. `names` says which latents, for the error when no state has any probability.
 */
export function normaliseStates(
  lw: Float64Array,
  gamma: Float64Array | undefined,
  offset: number,
  names: string,
): { logSum: number; entropy: number } {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < lw.length; k++) max = Math.max(max, lw[k]!);
  if (!Number.isFinite(max))
    throw new FitError(`an element has zero probability under every state of ${names}`);
  let sum = 0;
  for (let k = 0; k < lw.length; k++) sum += Math.exp(lw[k]! - max);
  const logSum = max + Math.log(sum);
  let entropy = 0;
  for (let k = 0; k < lw.length; k++) {
    const g = Math.exp(lw[k]! - logSum);
    if (gamma) gamma[offset + k] = g;
    if (g > 0) entropy -= g * Math.log(g);
  }
  return { logSum, entropy };
}

/** What an exact E-step over states (and a continuous latent inside them) keeps after a pass. */
export interface StatesPosterior {
  run(evaluateOnly: boolean): number;
  readonly entropy: number;
  readonly gamma: Float64Array;
  readonly states: number;
  readonly table: ElementTable;
}

/** A pass of such an E-step: ℓ, and the state posteriors classified for hard or stochastic EM. */
export function statesPass(inner: StatesPosterior, ctx: EStepContext, evaluateOnly: boolean): EStepPass {
  const logLikelihood = inner.run(evaluateOnly);
  return {
    logLikelihood,
    entropy: inner.entropy,
    gamma: ctx.classify(inner.gamma.slice(), inner.states),
    weights: inner.table.weights,
    variance: 0,
  };
}
