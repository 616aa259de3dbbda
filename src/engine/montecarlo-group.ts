// The `montecarlo` E-step of a latent group with no exact posterior: per element, M weighted
// draws of its latents. Continuous latents are drawn by self-normalised importance sampling from a Student-t
// centred at the element's posterior mode with the Laplace curvature (in log / logit coordinates for
// positive / prob latents); an element whose weights degenerate (effective size < M/10) is drawn instead by
// an adaptive random-walk Metropolis chain, warm-started from its previous state. Discrete latents (forced
// Monte-Carlo EM) are drawn from their prior and weighted by the children. The same draws give the
// importance-sampling estimate of ℓ and the Monte-Carlo variance of a change in Q (ascent-based MCEM).

import type { EnumeratedGroup } from "../derive";
import { type QTerm, targetExpr } from "../derive";
import type { IRFactor, IRVariable } from "../ir";
import { cholesky } from "../linalg";
import { type Rng, sampleCategorical, sampleChiSquare, sampleStandardNormal } from "../random";
import { lgamma, logSumExp } from "../special";
import type * as S from "../symbolic";
import { CompiledJoint } from "./compiled-joint";
import type { ElementTable } from "./kernels/elements";
import { FitError, type ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

/** Degrees of freedom of the importance proposal: heavier tails than the posterior keep the weights bounded. */
const PROPOSAL_DF = 8;
/** An element whose effective sample size falls below this share of M is drawn by MCMC instead. */
const ESS_FLOOR = 0.1;

type Coordinate = "real" | "log" | "logit";

/** A change in Q estimated from the draws: its mean and Monte-Carlo variance. */
export interface McDifference {
  readonly mean: number;
  readonly variance: number;
}

export class MonteCarloGroup {
  /** Draws per element in the current E-step. */
  size = 0;
  /** The importance-sampling estimate of ℓ (this group's share) from the last E-step. */
  lastLogLikelihood = 0;
  /** Per element: its share of the last E-step's estimate of ℓ (per copy of a weighted element). */
  readonly elementLogLikelihood: Float64Array;
  /** Elements drawn by MCMC in the last E-step (their weights are equal). */
  mcmcElements = 0;
  /** Per element × state (discrete groups): the estimated posterior weights. */
  readonly gamma: Float64Array;
  readonly discrete: boolean;
  private readonly latents: readonly {
    v: IRVariable;
    prior: IRFactor;
    length: number;
    coordinate: Coordinate;
  }[];
  private readonly dimension: number;
  private readonly children: readonly IRFactor[];
  /** Per element: draws (η, M × L, or the state index), normalised weights, log joint at θ′, MCMC flag. */
  private draws: Float64Array[] = [];
  private weights: Float64Array[] = [];
  private joints: Float64Array[] = [];
  private logTargets: Float64Array[] = [];
  private readonly chain: boolean[] = [];
  /** Per element: the proposal's centre and Cholesky factor (continuous), or the prior's state weights. */
  private readonly modes: Float64Array[] = [];
  private readonly factors: Float64Array[] = [];
  private readonly stepScale: number[] = [];
  /** Per element drawn by a chain: its last state, where the next E-step's chain starts (warm start). */
  private readonly lastStates: Float64Array[] = [];
  /** The log joint as compiled terms (continuous groups), and whether it covers the current element. */
  private readonly joint: CompiledJoint | undefined;
  private compiledHere = false;
  private readonly values: Float64Array;

  constructor(
    readonly group: EnumeratedGroup,
    readonly table: ElementTable,
    private readonly state: ModelState,
    private readonly setStates: (s: ReadonlyMap<IRVariable, number>) => void,
    terms: readonly QTerm[],
    sizeOptions: S.EvaluateOptions,
    /** `mcmc` draws every continuous element by the chain (to check it against importance sampling). */
    private readonly sampler: "auto" | "mcmc" = "auto",
  ) {
    const latents = group.plan.group.latents;
    this.discrete = latents.every((v) => v.type.domain.integer);
    if (!this.discrete && latents.some((v) => v.type.domain.integer))
      throw new FitError(
        `Monte-Carlo EM draws either discrete or continuous latents in one group, not both (${latents.map((v) => v.name).join(", ")})`,
      );
    this.children = group.plan.group.children;
    const S = group.states.length;
    this.gamma = new Float64Array(this.discrete ? table.count * S : table.count);
    this.elementLogLikelihood = new Float64Array(table.count);
    if (table.count > 0) table.enter(0);
    this.latents = this.discrete
      ? []
      : latents.map((v) => {
          const prior = group.plan.group.priors.find((f) => f.target === v)!;
          const d = v.type.domain;
          const coordinate: Coordinate =
            d.atMostOne && d.nonnegative ? "logit" : d.positive || d.nonnegative ? "log" : "real";
          return { v, prior, length: state.offset(v, prior.targetIndices).length, coordinate };
        });
    table.leave();
    this.dimension = this.latents.reduce((n, l) => n + l.length, 0);
    this.values = new Float64Array(this.dimension);
    this.joint = this.discrete
      ? undefined
      : new CompiledJoint(
          terms.filter((t) => t.group === group.plan),
          this.latents,
          group.plan.group.plates.length,
          state,
          sizeOptions,
        );
  }

  /** Enters element e: its plate indices, and the compiled log joint's fixed values there. */
  private enter(e: number): void {
    this.table.enter(e);
    this.compiledHere = this.joint?.enter() ?? false;
  }

  /** The latents' values for coordinates η (from η[at]) into `this.values`; returns log |dz/dη|. */
  private constrain(eta: Float64Array, at = 0): number {
    let logJacobian = 0;
    let i = 0;
    for (const l of this.latents) {
      for (let j = 0; j < l.length; j++, i++) {
        const x = eta[at + i]!;
        if (l.coordinate === "real") this.values[i] = x;
        else if (l.coordinate === "log") {
          this.values[i] = Math.exp(x);
          logJacobian += x;
        } else {
          this.values[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
          logJacobian += -Math.abs(x) - 2 * Math.log1p(Math.exp(-Math.abs(x)));
        }
      }
    }
    return logJacobian;
  }

  /** Writes the latents' values for coordinates η at the current element; returns log |dz/dη|. */
  private place(eta: Float64Array, at = 0): number {
    const logJacobian = this.constrain(eta, at);
    let i = 0;
    for (const l of this.latents) {
      const { offset } = this.state.offset(l.v, l.prior.targetIndices);
      this.state.values.get(l.v)!.data.set(this.values.subarray(i, i + l.length), offset);
      i += l.length;
    }
    return logJacobian;
  }

  /** log p(latents at η, data of the element), compiled where the element allows it. */
  private jointAt(eta: Float64Array, at = 0): { joint: number; logJacobian: number } {
    if (this.compiledHere) {
      const logJacobian = this.constrain(eta, at);
      return { joint: this.joint!.value(this.values), logJacobian };
    }
    const logJacobian = this.place(eta, at);
    return { joint: this.logJoint(), logJacobian };
  }

  /** log p(latents, data of the element) at the values in the state: priors and children, inner plates. */
  private logJoint(): number {
    const outer = this.group.plan.group.plates.length;
    let total = 0;
    for (const f of [...this.group.plan.group.priors, ...this.children])
      forEachElement(f.plates.slice(outer), this.state.ctx, this.state.plateIndex, (w) => {
        const lp = this.state.logDensity(f, targetExpr(f));
        if (!Number.isNaN(lp)) total += w * lp;
      });
    return total;
  }

  /** log p of the priors alone, for drawing discrete latents from them. */
  private logPrior(): number {
    let total = 0;
    for (const f of this.group.plan.group.priors) total += this.state.logDensity(f, targetExpr(f));
    return total;
  }

  /** The log target in η at element e's current position: log joint plus the Jacobian. */
  private target(eta: Float64Array, at = 0): { joint: number; value: number } {
    const { joint, logJacobian } = this.jointAt(eta, at);
    const value = joint + logJacobian;
    return { joint, value: Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value };
  }

  /**
   * The E-step: M draws per element at the current params. Returns the importance-sampling estimate of
   * the observed-data log-likelihood and its Monte-Carlo variance.
   */
  draw(m: number, rng: Rng): { logLikelihood: number; variance: number } {
    this.size = m;
    this.mcmcElements = 0;
    let ll = 0;
    let variance = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.enter(e);
      const w = this.table.weights[e]!;
      const estimate = this.discrete ? this.drawDiscrete(e, m, rng) : this.drawContinuous(e, m, rng);
      ll += w * estimate.logMean;
      this.elementLogLikelihood[e] = estimate.logMean;
      variance += w * w * estimate.variance;
    }
    this.table.leave();
    this.lastLogLikelihood = ll;
    return { logLikelihood: ll, variance };
  }

  /** Adds `extra` draws per element from the same proposals or chains (the ascent rule asked for more). */
  augment(extra: number, rng: Rng): void {
    const m = this.size + extra;
    for (let e = 0; e < this.table.count; e++) {
      this.enter(e);
      if (this.discrete) this.drawDiscrete(e, m, rng, this.size);
      else this.drawContinuous(e, m, rng, this.size);
    }
    this.table.leave();
    this.size = m;
  }

  private drawDiscrete(e: number, m: number, rng: Rng, keep = 0): { logMean: number; variance: number } {
    const states = this.group.states;
    if (keep === 0) {
      // The prior's state probabilities at this element: the proposal.
      const lp = Float64Array.from(states, (s) => {
        this.setStates(s);
        return this.logPrior();
      });
      const lse = logSumExp(lp);
      this.modes[e] = lp.map((x) => Math.exp(x - lse));
    }
    const prior = this.modes[e]!;
    const draws = grow(this.draws[e], m, keep);
    const logTargets = grow(this.logTargets[e], m, keep);
    const joints = grow(this.joints[e], m, keep);
    const cache = new Map<number, number>();
    for (let j = 0; j < keep; j++) cache.set(draws[j]!, joints[j]!);
    for (let j = keep; j < m; j++) {
      const k = sampleCategorical(rng, prior);
      draws[j] = k;
      let joint = cache.get(k);
      if (joint === undefined) {
        this.setStates(states[k]!);
        joint = this.logJoint();
        cache.set(k, joint);
      }
      joints[j] = joint;
      // Drawn from the prior: the weight is the likelihood of the children, log joint − log prior.
      logTargets[j] = joint - Math.log(prior[k]!);
    }
    this.draws[e] = draws;
    this.logTargets[e] = logTargets;
    this.joints[e] = joints;
    const weights = normalise(logTargets, m);
    this.weights[e] = weights;
    this.chain[e] = false;
    const S = states.length;
    this.gamma.fill(0, e * S, (e + 1) * S);
    for (let j = 0; j < m; j++) this.gamma[e * S + draws[j]!]! += weights[j]!;
    return importanceEstimate(logTargets, m, 1);
  }

  private drawContinuous(e: number, m: number, rng: Rng, keep = 0): { logMean: number; variance: number } {
    const L = this.dimension;
    if (keep === 0) this.fitProposal(e);
    const mode = this.modes[e]!;
    const factor = this.factors[e]!;
    const draws = grow(this.draws[e], m * L, keep * L);
    const logTargets = grow(this.logTargets[e], m, keep);
    const joints = grow(this.joints[e], m, keep);
    const logQ = new Float64Array(m);
    const y = new Float64Array(L);
    const eta = new Float64Array(L);
    let logDetFactor = 0;
    for (let i = 0; i < L; i++) logDetFactor += Math.log(factor[i * L + i]!);
    const nu = PROPOSAL_DF;
    const logNormaliser =
      lgamma((nu + L) / 2) - lgamma(nu / 2) - (L / 2) * Math.log(nu * Math.PI) - logDetFactor;
    for (let j = 0; j < m; j++) {
      if (j < keep && !this.chain[e]) {
        // Kept importance draws: their proposal density again (same proposal), for the weights below.
        for (let i = 0; i < L; i++) eta[i] = draws[j * L + i]!;
        logQ[j] = proposalLogDensity(eta, mode, factor, L, logNormaliser);
        continue;
      }
      if (j < keep) continue;
      if (j % 2 === 1) {
        // Antithetic pairs: the odd draw mirrors the even one through the mode (the proposal is symmetric),
        // which cancels the odd part of each integrand around the mode.
        for (let i = 0; i < L; i++) {
          eta[i] = 2 * mode[i]! - draws[(j - 1) * L + i]!;
          draws[j * L + i] = eta[i]!;
        }
      } else {
        const scale = Math.sqrt(nu / sampleChiSquare(rng, nu));
        for (let i = 0; i < L; i++) y[i] = sampleStandardNormal(rng) * scale;
        for (let i = 0; i < L; i++) {
          let s = mode[i]!;
          for (let k = 0; k <= i; k++) s += factor[i * L + k]! * y[k]!;
          eta[i] = s;
          draws[j * L + i] = s;
        }
      }
      logQ[j] = proposalLogDensity(eta, mode, factor, L, logNormaliser);
      const t = this.target(eta);
      joints[j] = t.joint;
      logTargets[j] = t.value;
    }
    this.draws[e] = draws;
    this.joints[e] = joints;
    this.logTargets[e] = logTargets;
    const logWeights = Float64Array.from(logTargets.subarray(0, m), (v, j) => v - logQ[j]!);
    const estimate = importanceEstimate(logWeights, m, 2);
    if (this.sampler === "auto" && (!this.chain[e] || keep === 0)) {
      const weights = normalise(logWeights, m);
      let ess = 0;
      for (let j = 0; j < m; j++) ess += weights[j]! * weights[j]!;
      if (1 / ess >= ESS_FLOOR * m || m < 10) {
        this.weights[e] = weights;
        this.chain[e] = false;
        return estimate;
      }
    }
    // The importance weights degenerate here (or chains were asked for): random-walk Metropolis instead.
    this.metropolis(e, m, rng, this.chain[e] ? keep : 0);
    this.chain[e] = true;
    this.mcmcElements++;
    this.weights[e] = new Float64Array(m).fill(1 / m);
    return estimate;
  }

  /**
   * The element's posterior mode in η (Newton with finite-difference derivatives, warm-started at the
   * previous mode) and the Cholesky factor of the inverse negative Hessian there: the proposal's shape.
   */
  private fitProposal(e: number): void {
    const L = this.dimension;
    const eta = this.modes[e]?.slice() ?? new Float64Array(L);
    const f = (x: Float64Array) => this.target(x).value;
    let value = f(eta);
    if (!Number.isFinite(value)) {
      eta.fill(0);
      value = f(eta);
    }
    let negHessian = new Float64Array(L * L);
    for (let iteration = 0; iteration < 30; iteration++) {
      const { gradient, hessian } = derivatives(f, eta, value, L);
      negHessian = hessian.map((h) => -h);
      let c = cholesky(negHessian, L, { tolerance: 0 });
      // Not concave here: a gradient step scaled by the curvature's magnitude instead of Newton.
      if (!c.ok) {
        const diagonal = new Float64Array(L * L);
        for (let i = 0; i < L; i++) diagonal[i * L + i] = Math.max(Math.abs(hessian[i * L + i]!), 1);
        negHessian = diagonal;
        c = cholesky(negHessian, L)!;
      }
      const step = solveWith(c.ok ? c.L : new Float64Array(L * L), gradient, L);
      let t = 1;
      let moved = false;
      for (let halving = 0; halving < 30; halving++, t /= 2) {
        const trial = eta.map((x, i) => x + t * step[i]!);
        const v = f(trial);
        if (v >= value) {
          eta.set(trial);
          moved = v > value;
          value = v;
          break;
        }
      }
      const size = Math.max(...step.map((s) => Math.abs(s * t)));
      if (!moved || size < 1e-7) break;
    }
    const { hessian } = derivatives(f, eta, value, L);
    let c = cholesky(
      hessian.map((h) => -h),
      L,
      { tolerance: 0 },
    );
    if (!c.ok) c = cholesky(negHessian, L);
    const precisionFactor = c.ok ? c.L : identity(L);
    this.modes[e] = eta;
    this.factors[e] = inverseLowerTransposed(precisionFactor, L);
    this.stepScale[e] ??= 2.38 / Math.sqrt(L);
  }

  /** Adaptive random-walk Metropolis in η with the proposal's shape, warm-started at the last state. */
  private metropolis(e: number, m: number, rng: Rng, keep: number): void {
    const L = this.dimension;
    const draws = this.draws[e]!;
    const joints = this.joints[e]!;
    const logTargets = this.logTargets[e]!;
    const factor = this.factors[e]!;
    const warm = keep > 0 ? draws.slice((keep - 1) * L, keep * L) : this.lastStates[e]?.slice();
    const current = warm ?? this.modes[e]!.slice();
    let t = this.target(current);
    // A chain continued within the E-step needs no burn-in; one warm-started from the last E-step a short one.
    const burnIn = keep > 0 ? 0 : warm ? Math.max(20, m / 4) : Math.max(50, m);
    let scale = this.stepScale[e]!;
    let accepted = 0;
    const proposal = new Float64Array(L);
    const y = new Float64Array(L);
    for (let step = 0; step < burnIn + m - keep; step++) {
      for (let i = 0; i < L; i++) y[i] = sampleStandardNormal(rng);
      for (let i = 0; i < L; i++) {
        let s = current[i]!;
        for (let k = 0; k <= i; k++) s += scale * factor[i * L + k]! * y[k]!;
        proposal[i] = s;
      }
      const next = this.target(proposal);
      if (Math.log(rng.double()) < next.value - t.value) {
        current.set(proposal);
        t = next;
        accepted++;
      }
      // Robbins–Monro adaptation of the step during burn-in, toward acceptance 0.3.
      if (step < burnIn)
        scale *= Math.exp(((accepted / (step + 1) > 0.3 ? 1 : -1) * 0.5) / Math.sqrt(step + 1));
      else {
        const j = keep + step - burnIn;
        draws.set(current, j * L);
        joints[j] = t.joint;
        logTargets[j] = t.value;
      }
    }
    this.stepScale[e] = scale;
    this.lastStates[e] = current.slice();
  }

  /** Visits element e's draws: puts each into the latents' storage and calls `visit` with its weight. */
  forEachDraw(e: number, visit: (weight: number) => void): void {
    const L = this.dimension;
    const draws = this.draws[e]!;
    const weights = this.weights[e]!;
    for (let j = 0; j < this.size; j++) {
      if (weights[j] === 0) continue;
      this.place(draws, j * L);
      visit(weights[j]!);
    }
  }

  /**
   * The change in Q from the params at the E-step (θ′, whose log joints were kept) to the current ones,
   * as Σ over elements of the draws' weighted differences of the log joint, with its Monte-Carlo variance:
   * the delta-method variance of a self-normalised importance mean, or batch means for a chain.
   */
  difference(): McDifference {
    let mean = 0;
    let variance = 0;
    const L = this.dimension;
    const states = this.group.states;
    for (let e = 0; e < this.table.count; e++) {
      this.enter(e);
      const w = this.table.weights[e]!;
      const m = this.size;
      const d = new Float64Array(m);
      const draws = this.draws[e]!;
      const cache = new Map<number, number>();
      for (let j = 0; j < m; j++) {
        let now: number;
        if (this.discrete) {
          const k = draws[j]!;
          let c = cache.get(k);
          if (c === undefined) {
            this.setStates(states[k]!);
            c = this.logJoint();
            cache.set(k, c);
          }
          now = c;
        } else {
          now = this.jointAt(draws, j * L).joint;
        }
        d[j] = now - this.joints[e]![j]!;
      }
      const weights = this.weights[e]!;
      let de = 0;
      for (let j = 0; j < m; j++) de += weights[j]! * d[j]!;
      let ve = 0;
      if (this.chain[e]) {
        const batches = Math.max(2, Math.floor(Math.sqrt(m)));
        const size = Math.floor(m / batches);
        let sum2 = 0;
        for (let b = 0; b < batches; b++) {
          let s = 0;
          for (let j = b * size; j < (b + 1) * size; j++) s += d[j]!;
          sum2 += (s / size - de) ** 2;
        }
        ve = sum2 / (batches - 1) / batches;
      } else {
        // The delta-method variance of a self-normalised mean, over independent units: the antithetic
        // pairs of continuous draws, single draws of discrete ones.
        const unit = this.discrete ? 1 : 2;
        for (let j = 0; j < m; j += unit) {
          let c = 0;
          for (let i = j; i < j + unit; i++) c += weights[i]! * (d[i]! - de);
          ve += c * c;
        }
      }
      mean += w * de;
      variance += w * w * ve;
    }
    this.table.leave();
    return { mean, variance };
  }

  /** Σ over elements of w · Σ_j ω_j log p(draw j, data) at the current params: the group's share of Q. */
  expectedLogJoint(): number {
    let q = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      this.compiledHere = this.joint?.enter() ?? false;
      const L = this.dimension;
      const draws = this.draws[e]!;
      const weights = this.weights[e]!;
      for (let j = 0; j < this.size; j++) q += w * weights[j]! * this.jointAt(draws, j * L).joint;
    }
    this.table.leave();
    return q;
  }

  /** Puts each element's weighted mean draw into the latents' storage (what the result reports). */
  settle(): void {
    if (this.discrete) return;
    const L = this.dimension;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const mean = new Float64Array(L);
      const draws = this.draws[e]!;
      const weights = this.weights[e]!;
      for (let j = 0; j < this.size; j++)
        for (let i = 0; i < L; i++) mean[i]! += weights[j]! * draws[j * L + i]!;
      this.place(mean);
    }
    this.table.leave();
  }
}

/** An array of `length` keeping the first `keep` values of `old`. */
function grow(old: Float64Array | undefined, length: number, keep: number): Float64Array {
  if (old && old.length >= length) return old;
  const out = new Float64Array(length);
  if (old && keep > 0) out.set(old.subarray(0, keep));
  return out;
}

function normalise(logWeights: Float64Array, m: number): Float64Array {
  const lse = logSumExp(logWeights.subarray(0, m));
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) out[j] = Math.exp(logWeights[j]! - lse);
  return out;
}

/**
 * log of the mean importance weight (the estimate of p(data of the element)) and the delta-method variance
 * of that log, over independent units of `unit` draws (2: antithetic pairs).
 */
function importanceEstimate(
  logWeights: Float64Array,
  m: number,
  unit: number,
): { logMean: number; variance: number } {
  const top = Math.max(...logWeights.subarray(0, m));
  if (!Number.isFinite(top)) throw new FitError("every Monte-Carlo draw of an element has zero probability");
  const units = Math.floor(m / unit);
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < units; k++) {
    let r = 0;
    for (let j = k * unit; j < (k + 1) * unit; j++) r += Math.exp(logWeights[j]! - top);
    r /= unit;
    sum += r;
    sum2 += r * r;
  }
  const mean = sum / units;
  const varianceOfMean = units > 1 ? (sum2 / units - mean * mean) / (units - 1) : 0;
  return { logMean: top + Math.log(mean), variance: Math.max(0, varianceOfMean) / (mean * mean) };
}

function proposalLogDensity(
  eta: Float64Array,
  mode: Float64Array,
  factor: Float64Array,
  L: number,
  logNormaliser: number,
): number {
  // δ = ‖F⁻¹(η − mode)‖² with F lower-triangular: forward substitution.
  const u = new Float64Array(L);
  let delta = 0;
  for (let i = 0; i < L; i++) {
    let s = eta[i]! - mode[i]!;
    for (let k = 0; k < i; k++) s -= factor[i * L + k]! * u[k]!;
    u[i] = s / factor[i * L + i]!;
    delta += u[i]! * u[i]!;
  }
  return logNormaliser - ((PROPOSAL_DF + L) / 2) * Math.log1p(delta / PROPOSAL_DF);
}

/** Central-difference gradient and Hessian of f at x (f(x) = fx given). */
function derivatives(
  f: (x: Float64Array) => number,
  x: Float64Array,
  fx: number,
  L: number,
): { gradient: Float64Array; hessian: Float64Array } {
  const gradient = new Float64Array(L);
  const hessian = new Float64Array(L * L);
  const h = Float64Array.from(x, (v) => 1e-4 * Math.max(1, Math.abs(v)));
  const at = (i: number, a: number, j = -1, b = 0) => {
    const y = x.slice();
    y[i]! += a * h[i]!;
    if (j >= 0) y[j]! += b * h[j]!;
    return f(y);
  };
  for (let i = 0; i < L; i++) {
    const up = at(i, 1);
    const down = at(i, -1);
    gradient[i] = (up - down) / (2 * h[i]!);
    hessian[i * L + i] = (up - 2 * fx + down) / (h[i]! * h[i]!);
    for (let j = 0; j < i; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h[i]! * h[j]!);
      hessian[i * L + j] = v;
      hessian[j * L + i] = v;
    }
  }
  for (let i = 0; i < L * L; i++) if (!Number.isFinite(hessian[i]!)) hessian[i] = i % (L + 1) === 0 ? -1 : 0;
  for (let i = 0; i < L; i++) if (!Number.isFinite(gradient[i]!)) gradient[i] = 0;
  return { gradient, hessian };
}

/** x solving (C Cᵀ) x = b for a lower Cholesky factor C. */
function solveWith(C: Float64Array, b: Float64Array, L: number): Float64Array {
  const y = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= C[i * L + k]! * y[k]!;
    y[i] = s / C[i * L + i]!;
  }
  const x = new Float64Array(L);
  for (let i = L - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < L; k++) s -= C[k * L + i]! * x[k]!;
    x[i] = s / C[i * L + i]!;
  }
  return x;
}

function identity(L: number): Float64Array {
  const out = new Float64Array(L * L);
  for (let i = 0; i < L; i++) out[i * L + i] = 1;
  return out;
}

/**
 * A lower-triangular F with F Fᵀ = (C Cᵀ)⁻¹ for the lower Cholesky factor C of a precision: the proposal's
 * covariance factor. (C Cᵀ)⁻¹ = C⁻ᵀ C⁻¹; its Cholesky factor is found from the explicit inverse.
 */
function inverseLowerTransposed(C: Float64Array, L: number): Float64Array {
  const inv = new Float64Array(L * L);
  for (let col = 0; col < L; col++) {
    const e = new Float64Array(L);
    e[col] = 1;
    const x = solveWith(C, e, L);
    for (let i = 0; i < L; i++) inv[i * L + col] = x[i]!;
  }
  const c = cholesky(inv, L, { tolerance: 0 });
  return c.ok ? c.L : identity(L);
}
