// `conjugate`, and `mixed` with a conjugate latent inside: a Gamma-distributed scale or precision latent
// whose children are conjugate to it, per joint state of discrete latents beside it. The posterior given a
// state is Gamma (conjugate-group); its points are m/2, m and 2m, weighted to reproduce E[u] and E[log u],
// so every term of the form α log u − β u + c has its exact expectation.

import type { EnumeratedGroup } from "../../derive";
import { ConjugateGroup } from "../conjugate-group";
import { ElementTable } from "../kernels/elements";
import type { EStepContext, EStepPass, GroupEStep } from "./method";
import { statesPass } from "./states";

export class ConjugateEStep implements GroupEStep {
  readonly monteCarlo = false;
  private readonly inner: ConjugateGroup;

  constructor(
    readonly group: EnumeratedGroup,
    private readonly ctx: EStepContext,
  ) {
    this.inner = new ConjugateGroup(
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
    const cell = e * g.states + k;
    const m = g.mean[cell]!;
    const delta = (g.logMean[cell]! - Math.log(m)) / Math.LN2;
    g.place(m / 2);
    visit(-2 * delta);
    g.place(2 * m);
    visit(-delta);
    g.place(m);
    visit(1 + 3 * delta);
  }
}
