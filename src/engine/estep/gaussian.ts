// `gaussian` and `mixed`: a continuous latent whose log joint is quadratic in it, per joint state of the
// discrete latents beside it. The posterior is exact (gaussian-group); its points are the L + 1 vertices
// of a regular simplex mapped through the covariance's Cholesky factor, equally weighted: they have the
// posterior's mean and covariance, so every term at most quadratic in the latent has its exact expectation.

import type { EnumeratedGroup } from "../../derive";
import { cholesky } from "../../linalg";
import { GaussianGroup } from "../gaussian-group";
import { ElementTable } from "../kernels/elements";
import { FitError } from "../model-state";
import type { EStepContext, EStepPass, GroupEStep } from "./method";
import { statesPass } from "./states";

export class GaussianEStep implements GroupEStep {
  readonly monteCarlo = false;
  readonly inner: GaussianGroup;

  constructor(
    readonly group: EnumeratedGroup,
    private readonly ctx: EStepContext,
  ) {
    this.inner = new GaussianGroup(
      group,
      new ElementTable(group.plan.group.plates, ctx.state),
      ctx.state,
      (s) => ctx.setStates(group, s),
    );
  }

  run(evaluateOnly: boolean): EStepPass {
    return statesPass(this.inner, this.ctx, evaluateOnly);
  }

  forEachPoint(e: number, k: number, visit: (weight: number) => void): void {
    const g = this.inner;
    const L = g.dimension;
    const covariance = g.enter(e, k);
    const cell = e * g.states + k;
    const mean = g.means.slice(cell * L, (cell + 1) * L);
    const c = cholesky(covariance, L, { tolerance: 0 });
    if (!c.ok) throw new FitError(`the posterior covariance of ${g.latent.name} is not positive definite`);
    const vertices = simplexVertices(L);
    const point = new Float64Array(L);
    for (const v of vertices) {
      for (let i = 0; i < L; i++) {
        let x = mean[i]!;
        for (let j = 0; j <= i; j++) x += c.L[i * L + j]! * v[j]!;
        point[i] = x;
      }
      g.place(point);
      visit(1 / (L + 1));
    }
    g.place(mean);
  }
}

const vertexCache = new Map<number, Float64Array[]>();

/**
 * L + 1 points of ℝᴸ with mean 0 and covariance I (weights 1/(L + 1)): the vertices of a regular simplex,
 * √(L + 1) times the rows of the Helmert basis of the vectors orthogonal to (1, …, 1).
 */
export function simplexVertices(L: number): readonly Float64Array[] {
  let out = vertexCache.get(L);
  if (!out) {
    out = Array.from({ length: L + 1 }, (_, i) =>
      Float64Array.from({ length: L }, (_, j) => {
        // Helmert column j + 1: 1 on its first j + 1 entries, −(j + 1) on the next, 0 after.
        const entry = i <= j ? 1 : i === j + 1 ? -(j + 1) : 0;
        return (Math.sqrt(L + 1) * entry) / Math.sqrt((j + 1) * (j + 2));
      }),
    );
    vertexCache.set(L, out);
  }
  return out;
}
