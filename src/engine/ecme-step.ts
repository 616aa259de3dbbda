// The ECME step (Liu & Rubin 1994): a small block maximised on the observed-data log-likelihood itself,
// given the newest values of the others, instead of on Q. For the parameter of a latent's mixing
// distribution (the Student-t's ν) Q is flat in the block where ℓ is not, and EM on Q crawls. Derivatives
// are central differences of ℓ in the block's unconstrained coordinates; the maximiser never accepts a
// point where ℓ is lower, so the iteration stays monotone (ECME steps run after every step on Q).

import type { IRVariable, Tensor } from "../ir";
import { FitError } from "./model-state";
import { type BlockTransform, maximise, transformFor } from "./optimize";

const ECME_ITERATIONS = 20;

export class EcmeStep {
  readonly transform: BlockTransform;

  constructor(
    readonly block: IRVariable,
    private readonly tensor: Tensor,
  ) {
    const transform = transformFor(block.type, tensor.shape);
    if (typeof transform === "string") throw new FitError(`${block.name}: ${transform}`);
    this.transform = transform;
  }

  /** Maximises `observed` (the objective at the block's current values) over the block. */
  run(observed: () => number): { readonly start: number; readonly value: number } {
    const theta = this.tensor.data;
    const before = theta.slice();
    const at = (eta: Float64Array): number => {
      this.transform.fromUnconstrained(eta, theta);
      const v = observed();
      return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
    };
    const objective = (eta: Float64Array, gradient: Float64Array): number => {
      const value = at(eta);
      const probe = eta.slice();
      for (let i = 0; i < eta.length; i++) {
        const h = 1e-5 * Math.max(1, Math.abs(eta[i]!));
        probe[i] = eta[i]! + h;
        const up = at(probe);
        probe[i] = eta[i]! - h;
        const down = at(probe);
        probe[i] = eta[i]!;
        gradient[i] = Number.isFinite(up) && Number.isFinite(down) ? (up - down) / (2 * h) : 0;
      }
      this.transform.fromUnconstrained(eta, theta);
      return value;
    };
    const result = maximise(objective, this.transform.toUnconstrained(theta), {
      maxIterations: ECME_ITERATIONS,
    });
    if (!Number.isFinite(result.start))
      throw new FitError(`the log-likelihood is not finite at the current value of ${this.block.name}`);
    if (result.improved) this.transform.fromUnconstrained(result.x, theta);
    else theta.set(before);
    return { start: result.start, value: result.improved ? result.value : result.start };
  }
}
