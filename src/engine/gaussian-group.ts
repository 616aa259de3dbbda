// The exact E-step of a continuous latent whose log joint is quadratic in it (DESIGN.md §3, `gaussian`):
// a Normal/MvNormal prior and children whose means are affine in the latent, with covariances free of it.
// Per element, the posterior is Gaussian with precision Λ = P₀⁻¹ + Σ Aᵀ R⁻¹ A and mean Λ⁻¹ (P₀⁻¹ m₀ +
// Σ Aᵀ R⁻¹ (x − c)), where each child's mean is c + A z (A found exactly by evaluating the mean at z = 0
// and at the unit vectors: it is affine). The observed-data log-likelihood of the element is
// log p(x, z*) − log p(z* | x) at z* = the posterior mean, exact for a quadratic log joint.

import type { IRExpr, IRFactor, IRVariable } from "../ir";
import { cholesky, inverseFromCholesky, logDetFromCholesky } from "../linalg";
import { LN_SQRT_2PI } from "../special";
import type { EnumeratedGroup } from "./em";
import type { ElementTable } from "./kernels/elements";
import { FitError, type ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

function targetOf(f: IRFactor): IRExpr {
  const whole: IRExpr = { kind: "variable", variable: f.target, type: f.target.type };
  return f.targetIndices.length === 0
    ? whole
    : { kind: "index", base: whole, indices: f.targetIndices, type: f.target.type };
}

const asArray = (v: number | Float64Array) => (typeof v === "number" ? Float64Array.of(v) : v);

/** The covariance argument of a Normal (sd²) or MvNormal (the matrix), as a d×d array. */
function covarianceOf(f: IRFactor, args: readonly (number | Float64Array)[]): Float64Array {
  return f.distribution.name === "Normal"
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
  /** Posterior means (elements × L) and covariances (elements × L²). */
  readonly means: Float64Array;
  readonly covariances: Float64Array;
  private readonly prior: IRFactor;
  private readonly children: readonly IRFactor[];

  constructor(
    readonly group: EnumeratedGroup,
    readonly table: ElementTable,
    private readonly state: ModelState,
  ) {
    const latents = group.plan.group.latents;
    if (latents.length !== 1)
      throw new FitError("a gaussian E-step over several latents at once is not supported yet");
    this.latent = latents[0]!;
    const prior = group.plan.group.priors.find((f) => f.target === this.latent);
    if (!prior) throw new FitError(`${this.latent.name} has no '~'`);
    this.prior = prior;
    this.children = group.plan.group.children;
    for (const f of this.children)
      if (f.distribution.name !== "Normal" && f.distribution.name !== "MvNormal")
        throw new FitError(
          `the gaussian E-step needs Normal or MvNormal children, not ${f.distribution.name}`,
          f,
        );
    table.enter(0);
    this.dimension = table.count > 0 ? state.offset(this.latent, prior.targetIndices).length : 0;
    table.leave();
    const L = this.dimension;
    this.means = new Float64Array(table.count * L);
    this.covariances = new Float64Array(table.count * L * L);
  }

  /** The posterior covariance of element e (L×L). */
  covariance(e: number): Float64Array {
    const L2 = this.dimension * this.dimension;
    return this.covariances.subarray(e * L2, (e + 1) * L2);
  }

  /** Writes the posterior means into the latent's storage (reads of z[n] then give E[z[n]]). */
  private setLatent(value: Float64Array): void {
    const { offset } = this.state.offset(this.latent, this.prior.targetIndices);
    this.state.values.get(this.latent)!.data.set(value, offset);
  }

  /**
   * The E-step: every element's posterior; returns the observed-data log-likelihood. `evaluateOnly`
   * keeps the posteriors of the last E-step (the M-step may still be reading them).
   */
  run(evaluateOnly = false): number {
    if (evaluateOnly) {
      const means = this.means.slice();
      const covariances = this.covariances.slice();
      const ll = this.run();
      this.means.set(means);
      this.covariances.set(covariances);
      this.restoreMeans();
      return ll;
    }
    const L = this.dimension;
    const plates = this.group.plan.group.plates;
    let ll = 0;
    const z = new Float64Array(L);
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      // Prior: precision P₀⁻¹ and information P₀⁻¹ m₀.
      const priorArgs = this.prior.args.map((a) => this.state.eval(a));
      const problem = this.prior.distribution.validate(priorArgs);
      if (problem) throw new FitError(`${this.prior.distribution.name}: ${problem}`, this.prior);
      const m0 = asArray(priorArgs[0]!);
      const lambda = spdInverse(covarianceOf(this.prior, priorArgs), L, "the prior covariance", this.prior);
      const eta = new Float64Array(L);
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) eta[i]! += lambda[i * L + j]! * m0[j]!;
      for (const f of this.children) {
        forEachElement(f.plates.slice(plates.length), this.state.ctx, this.state.plateIndex, (wc) => {
          const x = asArray(this.state.eval(targetOf(f)));
          if (x.some(Number.isNaN)) return;
          z.fill(0);
          this.setLatent(z);
          const args = f.args.map((a) => this.state.eval(a));
          const problem = f.distribution.validate(args);
          if (problem) throw new FitError(`${f.distribution.name}: ${problem}`, f);
          const c = Float64Array.from(asArray(args[0]!));
          const D = c.length;
          const A = new Float64Array(D * L);
          for (let l = 0; l < L; l++) {
            z.fill(0);
            z[l] = 1;
            this.setLatent(z);
            const m = asArray(this.state.eval(f.args[0]!));
            for (let i = 0; i < D; i++) A[i * L + l] = m[i]! - c[i]!;
          }
          const Rinv = spdInverse(covarianceOf(f, args), D, "a child's covariance", f);
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
      }
      const factor = cholesky(lambda, L);
      if (!factor.ok)
        throw new FitError(`the posterior precision of ${this.latent.name} is singular`, this.prior);
      const cov = inverseFromCholesky(factor.L, L);
      const mean = new Float64Array(L);
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) mean[i]! += cov[i * L + j]! * eta[j]!;
      this.means.set(mean, e * L);
      this.covariances.set(cov, e * L * L);
      this.setLatent(mean);
      // log p(x) = log p(x, z*) − log p(z* | x), with log p(z* | x) = −L log √(2π) + ½ log|Λ| at the mode.
      let joint = this.state.logDensity(this.prior, targetOf(this.prior));
      for (const f of this.children)
        forEachElement(f.plates.slice(plates.length), this.state.ctx, this.state.plateIndex, (wc) => {
          const lp = this.state.logDensity(f, targetOf(f));
          if (!Number.isNaN(lp)) joint += wc * lp;
        });
      ll += w * (joint + L * LN_SQRT_2PI - 0.5 * logDetFromCholesky(factor.L, L));
    }
    this.table.leave();
    return ll;
  }

  /** Puts every element's posterior mean back into the latent's storage (after other code moved it). */
  restoreMeans(): void {
    const L = this.dimension;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      this.setLatent(this.means.subarray(e * L, (e + 1) * L));
    }
    this.table.leave();
  }
}
