// The exact E-step of a continuous latent whose log joint is quadratic in it (`gaussian`):
// a Normal/MvNormal prior and children whose means are affine in the latent, with covariances free of it.
// Per element, the posterior is Gaussian with precision Λ = P₀⁻¹ + Σ Aᵀ R⁻¹ A and mean Λ⁻¹ (P₀⁻¹ m₀ +
// Σ Aᵀ R⁻¹ (x − c)), where each child's mean is c + A z (A found exactly by evaluating the mean at z = 0
// and at the unit vectors: it is affine). The element's log-likelihood is log p(x, z*) − log p(z* | x) at
// z* = the posterior mean, exact for a quadratic log joint. With discrete latents in the same group
// (`mixed`: a mixture of PPCA) this is done for every joint state of the discrete ones, whose posterior
// weights come from p(state) p(x | state).

import type { EnumeratedGroup } from "../derive";
import { targetExpr } from "../derive";
import type { IRFactor, IRVariable } from "../ir";
import { cholesky, inverseFromCholesky, logDetFromCholesky } from "../linalg";
import { LN_SQRT_2PI } from "../special";
import { normaliseStates } from "./estep/states";
import type { ElementTable } from "./kernels/elements";
import { rowFree } from "./kernels/row-free";
import { FitError, type ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

const asArray = (v: number | Float64Array) => (typeof v === "number" ? Float64Array.of(v) : v);

/** The covariance argument of a Gaussian family (sd² for an sd scale, else the matrix), as a d×d array. */
function covarianceOf(f: IRFactor, args: readonly (number | Float64Array)[]): Float64Array {
  return f.distribution.gaussian?.scale === "sd"
    ? Float64Array.of((args[1] as number) ** 2)
    : (args[1] as Float64Array);
}

function spdInverse(m: Float64Array, d: number, what: string, f: IRFactor): Float64Array {
  const c = cholesky(m, d);
  if (!c.ok) throw new FitError(`${what} is not positive definite`, f);
  return inverseFromCholesky(c.L, d);
}

export class GaussianGroup {
  readonly latent: IRVariable;
  readonly dimension: number;
  /** Joint states of the group's discrete latents (one empty state when there are none). */
  readonly states: number;
  /** Per element and state: posterior means (× L), covariances (× L²) and the state's posterior weight. */
  readonly means: Float64Array;
  readonly covariances: Float64Array;
  readonly gamma: Float64Array;
  /** −Σ w γ log γ over the discrete states, for ICL. */
  entropy = 0;
  private readonly prior: IRFactor;
  private readonly children: readonly IRFactor[];
  private readonly discretePriors: readonly IRFactor[];
  /**
   * When no prior or child argument reads the row (only params and the group's latents: PPCA), each
   * child's A, c and R⁻¹ — and so the posterior covariance — are the same for every row: found once per
   * state per E-step, then each row costs one information vector.
   */
  private readonly shared: boolean;
  private readonly cache = new Map<number, { A: Float64Array; c: Float64Array; Rinv: Float64Array }[]>();

  constructor(
    readonly group: EnumeratedGroup,
    readonly table: ElementTable,
    private readonly state: ModelState,
    private readonly setStates: (s: ReadonlyMap<IRVariable, number>) => void,
  ) {
    const continuous = group.plan.group.latents.filter((v) => !group.states[0]!.has(v));
    if (continuous.length !== 1)
      throw new FitError("a gaussian E-step over several continuous latents at once is not supported yet");
    this.latent = continuous[0]!;
    const prior = group.plan.group.priors.find((f) => f.target === this.latent);
    if (!prior) throw new FitError(`${this.latent.name} has no '~'`);
    this.prior = prior;
    this.children = group.plan.group.children;
    this.discretePriors = group.plan.group.priors.filter((f) => f.target !== this.latent);
    for (const f of this.children)
      if (f.distribution.gaussian?.of !== "value")
        throw new FitError(
          `the gaussian E-step needs children with a Gaussian form in their value, not ${f.distribution.name}`,
          f,
        );
    this.states = group.states.length;
    const latents = new Set(group.plan.group.latents);
    this.shared =
      [prior, ...this.children].every((f) => f.args.every((a) => rowFree(a, latents))) &&
      this.children.every((f) => f.plates.length === group.plan.group.plates.length);
    table.enter(0);
    this.dimension = table.count > 0 ? state.offset(this.latent, prior.targetIndices).length : 0;
    table.leave();
    const L = this.dimension;
    const cells = table.count * this.states;
    this.means = new Float64Array(cells * L);
    this.covariances = new Float64Array(cells * L * L);
    this.gamma = new Float64Array(cells).fill(1);
  }

  /**
   * Puts the posterior mean of element e under state k into the latent's storage (reads of z[n] then give
   * E[z[n] | state]) and returns the posterior covariance. The element's plate indices must be set.
   */
  enter(e: number, k: number): Float64Array {
    const L = this.dimension;
    const cell = e * this.states + k;
    this.setLatent(this.means.subarray(cell * L, (cell + 1) * L));
    return this.covariances.subarray(cell * L * L, (cell + 1) * L * L);
  }

  /** Puts a value of the latent at the current element into its storage (tests evaluate Q around the mean). */
  place(value: Float64Array): void {
    this.setLatent(value);
  }

  private setLatent(value: Float64Array): void {
    const { offset } = this.state.offset(this.latent, this.prior.targetIndices);
    this.state.values.get(this.latent)!.data.set(value, offset);
  }

  /**
   * The E-step: every element's posterior (per discrete state); returns the observed-data log-likelihood.
   * `evaluateOnly` keeps the posteriors of the last E-step (the M-step may still be reading them).
   */
  run(evaluateOnly = false): number {
    if (evaluateOnly) {
      const kept = [this.means.slice(), this.covariances.slice(), this.gamma.slice()] as const;
      const entropy = this.entropy;
      const ll = this.run();
      this.means.set(kept[0]);
      this.covariances.set(kept[1]);
      this.gamma.set(kept[2]);
      this.entropy = entropy;
      return ll;
    }
    const S = this.states;
    const lw = new Float64Array(S);
    let ll = 0;
    this.entropy = 0;
    this.cache.clear();
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      for (let k = 0; k < S; k++) {
        this.setStates(this.group.states[k]!);
        let prior = 0;
        for (const f of this.discretePriors) prior += this.state.logDensity(f, targetExpr(f));
        lw[k] = prior + this.posterior(e * S + k, k);
      }
      const names = this.group.plan.group.latents.map((v) => v.name).join(", ");
      const { logSum, entropy } = normaliseStates(lw, this.gamma, e * S, names);
      ll += w * logSum;
      this.entropy += w * entropy;
    }
    this.table.leave();
    return ll;
  }

  /**
   * The latent's posterior at the current element and discrete state, stored in `cell`; returns
   * log p(the children's values | state) with the latent integrated out.
   */
  private posterior(cell: number, k: number): number {
    const L = this.dimension;
    const plates = this.group.plan.group.plates;
    const z = new Float64Array(L);
    // Prior: precision P₀⁻¹ and information P₀⁻¹ m₀.
    const priorArgs = this.prior.args.map((a) => this.state.eval(a));
    const problem = this.prior.distribution.validate(priorArgs);
    if (problem) throw new FitError(`${this.prior.distribution.name}: ${problem}`, this.prior);
    const m0 = asArray(priorArgs[0]!);
    const lambda = spdInverse(covarianceOf(this.prior, priorArgs), L, "the prior covariance", this.prior);
    const eta = new Float64Array(L);
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) eta[i]! += lambda[i * L + j]! * m0[j]!;
    const linearised = this.shared ? this.cache.get(k) : undefined;
    const fresh: { A: Float64Array; c: Float64Array; Rinv: Float64Array }[] = [];
    this.children.forEach((f, ci) => {
      forEachElement(f.plates.slice(plates.length), this.state.ctx, this.state.plateIndex, (wc) => {
        const x = asArray(this.state.eval(targetExpr(f)));
        if (x.some(Number.isNaN)) return;
        const known = linearised?.[ci];
        let A: Float64Array;
        let c: Float64Array;
        let Rinv: Float64Array;
        if (known) {
          ({ A, c, Rinv } = known);
        } else {
          z.fill(0);
          this.setLatent(z);
          const args = f.args.map((a) => this.state.eval(a));
          const bad = f.distribution.validate(args);
          if (bad) throw new FitError(`${f.distribution.name}: ${bad}`, f);
          c = Float64Array.from(asArray(args[0]!));
          A = new Float64Array(c.length * L);
          for (let l = 0; l < L; l++) {
            z.fill(0);
            z[l] = 1;
            this.setLatent(z);
            const m = asArray(this.state.eval(f.args[0]!));
            for (let i = 0; i < c.length; i++) A[i * L + l] = m[i]! - c[i]!;
          }
          Rinv = spdInverse(covarianceOf(f, args), c.length, "a child's covariance", f);
          fresh[ci] = { A, c, Rinv };
        }
        const D = c.length;
        // Λ += w Aᵀ R⁻¹ A;  η += w Aᵀ R⁻¹ (x − c).
        const RA = new Float64Array(D * L);
        const Rr = new Float64Array(D);
        for (let i = 0; i < D; i++)
          for (let k = 0; k < D; k++) {
            const r = Rinv[i * D + k]!;
            Rr[i]! += r * (x[k]! - c[k]!);
            for (let l = 0; l < L; l++) RA[i * L + l]! += r * A[k * L + l]!;
          }
        for (let a = 0; a < L; a++) {
          for (let b = 0; b < L; b++) {
            let s = 0;
            for (let i = 0; i < D; i++) s += A[i * L + a]! * RA[i * L + b]!;
            lambda[a * L + b]! += wc * s;
          }
          let g = 0;
          for (let i = 0; i < D; i++) g += A[i * L + a]! * Rr[i]!;
          eta[a]! += wc * g;
        }
      });
    });
    if (this.shared && !linearised && fresh.length === this.children.length) this.cache.set(k, fresh);
    const factor = cholesky(lambda, L);
    if (!factor.ok)
      throw new FitError(`the posterior precision of ${this.latent.name} is singular`, this.prior);
    const cov = inverseFromCholesky(factor.L, L);
    const mean = new Float64Array(L);
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) mean[i]! += cov[i * L + j]! * eta[j]!;
    this.means.set(mean, cell * L);
    this.covariances.set(cov, cell * L * L);
    this.setLatent(mean);
    // log p(x) = log p(x, z*) − log p(z* | x), with log p(z* | x) = −L log √(2π) + ½ log|Λ| at the mode.
    let joint = this.state.logDensity(this.prior, targetExpr(this.prior));
    for (const f of this.children)
      forEachElement(f.plates.slice(plates.length), this.state.ctx, this.state.plateIndex, (wc) => {
        const lp = this.state.logDensity(f, targetExpr(f));
        if (!Number.isNaN(lp)) joint += wc * lp;
      });
    return joint + L * LN_SQRT_2PI - 0.5 * logDetFromCholesky(factor.L, L);
  }
}
