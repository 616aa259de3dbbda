// `enumerate`: finite-discrete latents, every joint state weighed exactly — as a generated pass over
// typed arrays where the group allows it (kernels/compiled-group), else interpreted here, element by
// element, with censored values and missing cells completed per state. The interpreter is the reference
// the generated passes are tested against.

import { type EnumeratedGroup, targetExpr } from "../../derive";
import type { IRExpr, IRFactor } from "../../ir";
import { logSumExp } from "../../special";
import type { CompiledGroup } from "../kernels/compiled-group";
import { rowFree } from "../kernels/row-free";
import { FitError } from "../model-state";
import { forEachElement } from "../plate-loop";
import type { EStepContext, EStepPass, GroupEStep } from "./method";

/** The generated pass of a group: ℓ, entropy, posteriors and the moments the M-step reads, in one loop. */
export class CompiledEnumeration implements GroupEStep {
  readonly monteCarlo = false;

  constructor(
    readonly group: EnumeratedGroup,
    readonly pass: CompiledGroup,
  ) {}

  run(evaluateOnly: boolean): EStepPass {
    if (evaluateOnly) {
      const logLikelihood = this.pass.logLikelihood();
      const { gamma, weights } = this.pass.posteriors();
      return { logLikelihood, entropy: 0, gamma, weights, variance: 0 };
    }
    const logLikelihood = this.pass.run();
    const { gamma, weights } = this.pass.posteriors();
    return { logLikelihood, entropy: this.pass.entropy, gamma, weights, variance: 0 };
  }

  forEachPoint(_e: number, _k: number, visit: (weight: number) => void): void {
    visit(1);
  }
}

/** The interpreted enumeration: every element, every joint state, every factor of the group. */
export class InterpretedEnumeration implements GroupEStep {
  readonly monteCarlo = false;
  private readonly factors: readonly IRFactor[];
  private readonly targets: readonly IRExpr[];
  /** Factors whose arguments depend only on the state: their densities are prepared once per pass. */
  private readonly prepared = new Map<IRFactor, ((x: number | Float64Array) => number)[]>();

  constructor(
    readonly group: EnumeratedGroup,
    private readonly ctx: EStepContext,
  ) {
    const g = group.plan.group;
    this.factors = [...g.priors, ...g.children];
    this.targets = this.factors.map(targetExpr);
    const latents = new Set(g.latents);
    for (const f of this.factors) {
      if (!g.plates.every((p, i) => f.plates[i] === p))
        throw new FitError(
          `the '~' for ${f.target.name} reads ${g.latents[0]!.name} outside the plate that draws it`,
          f,
        );
      if (
        f.plates.length === g.plates.length &&
        f.distribution.prepare &&
        f.args.every((a) => rowFree(a, latents))
      )
        this.prepared.set(f, []);
    }
  }

  /** Σ over the factor's plates inside the group's of w · log p; missing targets contribute nothing. */
  private factorLogDensity(f: IRFactor, target: IRExpr): number {
    const { state } = this.ctx;
    let total = 0;
    forEachElement(f.plates.slice(this.group.plan.group.plates.length), state.ctx, state.plateIndex, (w) => {
      const lp = state.logDensity(f, target);
      if (!Number.isNaN(lp)) total += w * lp;
    });
    return total;
  }

  /** log p of a factor at the current element and state k, from its prepared density where it has one. */
  private logDensity(i: number, k: number): number {
    const f = this.factors[i]!;
    const target = this.targets[i]!;
    const densities = this.prepared.get(f);
    if (!densities) return this.factorLogDensity(f, target);
    const { state } = this.ctx;
    let density = densities[k];
    if (!density) {
      const args = f.args.map((a) => state.eval(a));
      const problem = f.distribution.validate(args);
      if (problem) throw new FitError(`${f.distribution.name}: ${problem}`, f);
      density = f.distribution.prepare!(args);
      densities[k] = density;
    }
    const x = state.eval(target);
    if (typeof x === "number" ? Number.isNaN(x) : x.some(Number.isNaN)) return 0;
    return density(x);
  }

  run(evaluateOnly: boolean): EStepPass {
    const { state } = this.ctx;
    const g = this.group;
    for (const densities of this.prepared.values()) densities.length = 0;
    const completions = this.factors.map((f) => this.ctx.completion(f));
    for (const c of completions) c?.beginPass();
    const S = g.states.length;
    const lw = new Float64Array(S);
    const gammas: number[] = [];
    const ws: number[] = [];
    let logLikelihood = 0;
    let entropy = 0;
    let e = 0;
    forEachElement(g.plan.group.plates, state.ctx, state.plateIndex, (w) => {
      g.states.forEach((s, k) => {
        this.ctx.setStates(g, s);
        let total = 0;
        this.factors.forEach((_, i) => {
          const completion = completions[i];
          total +=
            completion?.unknown(e) === true
              ? completion.complete(e, k, !evaluateOnly)
              : this.logDensity(i, k);
        });
        lw[k] = total;
      });
      e++;
      const lse = logSumExp(lw);
      if (!Number.isFinite(lse))
        throw new FitError("an element has zero probability under every state of its latents");
      logLikelihood += w * lse;
      for (let k = 0; k < S; k++) {
        const p = Math.exp(lw[k]! - lse);
        gammas.push(p);
        if (p > 0) entropy -= w * p * Math.log(p);
      }
      ws.push(w);
    });
    if (!evaluateOnly) for (const c of completions) if (c) c.version++;
    return {
      logLikelihood,
      entropy,
      gamma: this.ctx.classify(Float64Array.from(gammas), S),
      weights: Float64Array.from(ws),
      variance: 0,
    };
  }

  forEachPoint(_e: number, _k: number, visit: (weight: number) => void): void {
    visit(1);
  }
}
