// The E-step of data that is only partly known (`censored`, missing values): a censored
// value lies beyond its recorded point (a count strictly beyond it); the missing cells of an MvNormal row
// are unknown. Under the current arguments — at one latent state when the '~' is inside an enumerated
// group — each such element gets its observed-data log-density (log P(beyond the point); the density of the
// observed coordinates) and weighted points of the unknown value's posterior that reproduce its mean and
// covariance exactly (a count: every value in the censored range; another continuous family: quadrature
// nodes). Every term of Q the closed-form families give is linear or quadratic in the value (in log y for a
// LogNormal), so Q over the points is Q over the posterior (to quadrature accuracy for the others): a closed-form rule, a gradient step or a test that reads the points sees the exact expected
// statistics, whether the mean varies by row (censored regression) or not.

import { targetExpr } from "../../derive";
import type { IRExpr, IRFactor, IRVariable } from "../../ir";
import { type ConditionalGaussian, cholesky, prepareConditionalGaussian, symmetricEigen } from "../../linalg";
import {
  type CensorSide,
  censoredExponentialMoments,
  censoredLogNormalLogMoments,
  censoredNormalMoments,
  type TruncatedMoments,
} from "../../special";
import { FitError, type ModelState } from "../model-state";
import { censoredCountPoints } from "./censored-counts";
import { censoredQuadraturePoints } from "./censored-quadrature";
import type { ElementTable } from "./elements";
import { rowFree } from "./row-free";

const KNOWN = 0;
const RIGHT = 1;
const LEFT = 2;
const MISSING = 3;
/** Nothing observed (a missing scalar, an all-missing row): the element drops out of Q and ℓ. */
const ABSENT = 4;

/**
 * Censored families with closed-form truncated moments; censored counts are enumerated (censored-counts),
 * other continuous families integrated by quadrature (censored-quadrature).
 */
const closedFormFamilies: ReadonlySet<string> = new Set(["Normal", "LogNormal", "Exponential"]);

/** Why missing cells of a vector data factor have no exact E-step here, or undefined when they have. */
export function missingCellsProblem(f: IRFactor): string | undefined {
  const form = f.distribution.gaussian;
  return form?.scale === "cov" && form.of === "value"
    ? undefined
    : `missing cells of ${f.target.name} in a ${f.distribution.name} '~' (the missing-data E-step covers MvNormal)`;
}

export class DataCompletion {
  readonly length: number;
  private readonly offsets: Int32Array;
  private readonly data: Float64Array;
  private readonly target: IRExpr;
  /** Per element: KNOWN, RIGHT, LEFT, MISSING or ABSENT. */
  private readonly kind: Uint8Array;
  /** Per MISSING element: its mask (1 = missing) and the mask's key, to share a conditional Gaussian. */
  private readonly masks: (Uint8Array | undefined)[];
  private readonly maskKeys: (string | undefined)[];
  /** Per slot (element × state): the points, flat (count × length), and their weights. */
  private readonly points: (Float64Array | undefined)[];
  private readonly weights: (Float64Array | undefined)[];
  /** Conditional Gaussians of this pass, by state and mask, when the arguments do not vary by row. */
  private readonly conditionals = new Map<string, ConditionalGaussian>();
  private readonly argsRowFree: boolean;
  private readonly saved: Float64Array;
  /** Counts the E-steps that stored points: a moment source recomputes its sums when this moves. */
  version = 0;

  constructor(
    readonly factor: IRFactor,
    readonly table: ElementTable,
    private readonly state: ModelState,
    readonly states: number,
    latents: ReadonlySet<IRVariable>,
  ) {
    const { offsets, length } = table.offsets(factor.target, factor.targetIndices);
    this.offsets = offsets;
    this.length = length;
    this.saved = new Float64Array(length);
    this.data = state.values.get(factor.target)!.data;
    this.target = targetExpr(factor);
    this.argsRowFree = factor.args.every((a) => rowFree(a, latents));
    const E = table.count;
    this.kind = new Uint8Array(E);
    this.masks = new Array(E);
    this.maskKeys = new Array(E);
    for (let e = 0; e < E; e++) {
      table.enter(e);
      const o = offsets[e]!;
      let nan = 0;
      for (let j = 0; j < length; j++) if (Number.isNaN(this.data[o + j]!)) nan++;
      if (nan === length) this.kind[e] = ABSENT;
      else if (nan > 0) {
        const mask = new Uint8Array(length);
        for (let j = 0; j < length; j++) mask[j] = Number.isNaN(this.data[o + j]!) ? 1 : 0;
        this.kind[e] = MISSING;
        this.masks[e] = mask;
        this.maskKeys[e] = mask.join("");
      } else {
        const side = this.side();
        this.kind[e] = side === "right" ? RIGHT : side === "left" ? LEFT : KNOWN;
      }
    }
    table.leave();
    this.points = new Array(E * states);
    this.weights = new Array(E * states);
  }

  /** Whether the factor has any element this E-step completes (else it is ordinary data). */
  get needed(): boolean {
    return this.kind.some((k) => k !== KNOWN);
  }

  /** Elements (0-based) with nothing observed: they are skipped. */
  get absent(): number[] {
    const out: number[] = [];
    this.kind.forEach((k, e) => {
      if (k === ABSENT && this.length > 1) out.push(e);
    });
    return out;
  }

  /** Whether element e is only partly known (censored, missing cells, or nothing observed). */
  unknown(e: number): boolean {
    return this.kind[e] !== KNOWN;
  }

  /** The censoring side at the entered element, from its conditions (data only, checked at compile time). */
  private side(): CensorSide | undefined {
    let side: CensorSide | undefined;
    for (const c of this.factor.censoring) {
      const flag = this.state.eval(c.condition) as number;
      if (Number.isNaN(flag) || flag === 0) continue;
      if (side !== undefined)
        throw new FitError(
          `${this.factor.target.name} is censored on both sides at one element`,
          this.factor,
        );
      side = c.side;
    }
    return side;
  }

  /** Starts a pass over the elements (new arguments): conditional Gaussians are prepared afresh. */
  beginPass(): void {
    this.conditionals.clear();
  }

  /**
   * The log-density of unknown element e at the current arguments (element entered, state k set), storing
   * its points for state k when `store`. An absent element gives 0 and no points.
   */
  complete(e: number, k: number, store: boolean): number {
    const kind = this.kind[e]!;
    const slot = e * this.states + k;
    if (kind === ABSENT) {
      if (store) this.setPoints(slot, 0);
      return 0;
    }
    const f = this.factor;
    const args = f.args.map((a) => this.state.eval(a));
    const problem = f.distribution.validate(args);
    if (problem) throw new FitError(`${f.distribution.name}: ${problem}`, f);
    return kind === MISSING
      ? this.completeRow(e, k, args, slot, store)
      : this.completeCensored(e, args, slot, store);
  }

  private completeCensored(
    e: number,
    args: readonly (number | Float64Array)[],
    slot: number,
    store: boolean,
  ): number {
    const f = this.factor;
    const x = this.data[this.offsets[e]!]!;
    const side: CensorSide = this.kind[e] === RIGHT ? "right" : "left";
    const family = f.distribution.name;
    if (!closedFormFamilies.has(family)) {
      const posterior =
        f.distribution.support === "count"
          ? censoredCountPoints(f.distribution, args, x, side)
          : censoredQuadraturePoints(f.distribution, args, x, side);
      if (!posterior)
        throw new FitError(
          `a ${side}-censored ${f.target.name} (at ${x}) has no mass, or too wide a posterior to integrate, under the current ${family}`,
          f,
        );
      if (!Number.isFinite(posterior.logMass))
        throw new FitError(
          `a ${side}-censored ${f.target.name} (at ${x}) has probability 0 under the current ${family}`,
          f,
        );
      if (store) this.setPoints(slot, posterior.values.length, posterior.weights).set(posterior.values);
      return posterior.logMass;
    }
    const m: TruncatedMoments =
      family === "Normal"
        ? censoredNormalMoments(args[0] as number, args[1] as number, x, side)
        : family === "LogNormal"
          ? censoredLogNormalLogMoments(args[0] as number, args[1] as number, x, side)
          : censoredExponentialMoments(args[0] as number, x, side);
    if (!Number.isFinite(m.logMass) || !Number.isFinite(m.mean))
      throw new FitError(
        `a ${side}-censored ${f.target.name} (at ${x}) has probability 0 under the current ${family}`,
        f,
      );
    if (store) {
      if (family === "Exponential") {
        // Q of an Exponential is linear in y: its mean is the whole posterior Q needs (and stays ≥ 0).
        this.setPoints(slot, 1)[0] = m.mean;
      } else {
        // m ± sd with weights ½ reproduce E[v] and E[v²] (v = y, or log y for a LogNormal).
        const sd = Math.sqrt(Math.max(m.variance, 0));
        const p = this.setPoints(slot, 2);
        p[0] = m.mean - sd;
        p[1] = m.mean + sd;
        if (family === "LogNormal") {
          p[0] = Math.exp(p[0]!);
          p[1] = Math.exp(p[1]!);
        }
      }
    }
    return m.logMass;
  }

  private completeRow(
    e: number,
    k: number,
    args: readonly (number | Float64Array)[],
    slot: number,
    store: boolean,
  ): number {
    const f = this.factor;
    const D = this.length;
    const key = this.argsRowFree ? `${k}|${this.maskKeys[e]}` : undefined;
    let cg = key === undefined ? undefined : this.conditionals.get(key);
    if (!cg) {
      const prepared = prepareConditionalGaussian(
        args[0] as Float64Array,
        args[1] as Float64Array,
        D,
        this.masks[e]!,
      );
      if (!prepared.ok)
        throw new FitError(
          `the covariance of ${f.target.name}'s observed coordinates is not positive definite`,
          f,
        );
      cg = prepared.value;
      if (key !== undefined) this.conditionals.set(key, cg);
    }
    const offset = this.offsets[e]!;
    if (!store) return cg.logDensity(this.data, offset);
    const m = cg.missing.length;
    const missingMean = new Float64Array(m);
    const ll = cg.evaluate(this.data, offset, missingMean);
    const row = this.data.slice(offset, offset + D);
    for (let c = 0; c < m; c++) row[cg.missing[c]!] = missingMean[c]!;
    // x̂ ± √m · (column d of a square root of the conditional covariance), weights 1/(2m): mean x̂ and
    // covariance C in the missing block, all weights positive.
    const root = squareRoot(cg.conditionalCovariance, m);
    const p = this.setPoints(slot, 2 * m);
    const scale = Math.sqrt(m);
    for (let d = 0; d < m; d++)
      for (let s = 0; s < 2; s++) {
        const point = p.subarray((2 * d + s) * D, (2 * d + s + 1) * D);
        point.set(row);
        const sign = s === 0 ? scale : -scale;
        for (let i = 0; i < m; i++) point[cg.missing[i]!] = row[cg.missing[i]!]! + sign * root[i * m + d]!;
      }
    return ll;
  }

  /** The slot's point storage for `count` points, with equal weights unless `weights` are given. */
  private setPoints(slot: number, count: number, weights?: Float64Array): Float64Array {
    let p = this.points[slot];
    if (!p || p.length !== count * this.length) {
      p = new Float64Array(count * this.length);
      this.points[slot] = p;
      this.weights[slot] = new Float64Array(count);
    }
    if (weights) this.weights[slot]!.set(weights);
    else this.weights[slot]!.fill(count === 0 ? 0 : 1 / count);
    return p;
  }

  /**
   * Visits unknown element e's points for state k: each is written into the data, `visit` gets its weight,
   * and the recorded values are put back. The element must be entered (its plate indices set).
   */
  forEachPoint(e: number, k: number, visit: (weight: number) => void): void {
    const slot = e * this.states + k;
    const points = this.points[slot];
    const weights = this.weights[slot];
    if (!points || !weights)
      throw new FitError(`no E-step has completed ${this.factor.target.name} yet`, this.factor);
    const o = this.offsets[e]!;
    const D = this.length;
    this.saved.set(this.data.subarray(o, o + D));
    try {
      for (let i = 0; i < weights.length; i++) {
        this.data.set(points.subarray(i * D, (i + 1) * D), o);
        visit(weights[i]!);
      }
    } finally {
      this.data.set(this.saved, o);
    }
  }

  /** E over element e's points (state k) of the factor's log-density: its Q term, exactly. */
  expectedLogDensity(e: number, k: number): number {
    let q = 0;
    this.forEachPoint(e, k, (w) => {
      q += w * this.state.logDensity(this.factor, this.target);
    });
    return q;
  }

  /**
   * The E-step of a factor outside latent groups: Σ w log p over its elements (the observed-data
   * log-likelihood), storing the points of its unknown elements unless `evaluateOnly`.
   */
  run(evaluateOnly = false): number {
    this.beginPass();
    let ll = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      const lp =
        this.kind[e] === KNOWN
          ? this.state.logDensity(this.factor, this.target)
          : this.complete(e, 0, !evaluateOnly);
      ll += w * lp;
    }
    this.table.leave();
    if (!evaluateOnly) this.version++;
    return ll;
  }

  /** Q of a factor outside latent groups: recorded elements' log-density, unknown ones' over their points. */
  expectedLogJoint(): number {
    let q = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const w = this.table.weights[e]!;
      if (this.kind[e] !== KNOWN) q += w * this.expectedLogDensity(e, 0);
      else q += w * this.state.logDensity(this.factor, this.target);
    }
    this.table.leave();
    return q;
  }

  /** Each coordinate's weighted mean over the recorded values (of log y when `log`): a centre near the data. */
  recordedMean(log: boolean): Float64Array {
    const D = this.length;
    const centre = new Float64Array(D);
    for (let j = 0; j < D; j++) {
      let W = 0;
      let S = 0;
      for (let e = 0; e < this.table.count; e++) {
        const x = this.data[this.offsets[e]! + j]!;
        if (Number.isNaN(x) || (log && !(x > 0))) continue;
        W += this.table.weights[e]!;
        S += this.table.weights[e]! * (log ? Math.log(x) : x);
      }
      centre[j] = W > 0 ? S / W : 0;
    }
    return centre;
  }

  /**
   * Σ w, Σ w u and Σ w u uᵀ (u = v − centre; v the value, or log y when `log`) over every element,
   * unknown ones through their points: the moments a closed-form rule reads when the arguments do not
   * vary by row.
   */
  moments(centre: Float64Array, log: boolean): { weight: number; sum: Float64Array; scatter: Float64Array } {
    const D = this.length;
    let weight = 0;
    const sum = new Float64Array(D);
    const scatter = new Float64Array(D * D);
    const u = new Float64Array(D);
    const add = (values: Float64Array, at: number, w: number) => {
      for (let i = 0; i < D; i++) {
        const v = values[at + i]!;
        u[i] = (log ? Math.log(v) : v) - centre[i]!;
      }
      weight += w;
      for (let i = 0; i < D; i++) {
        const wu = w * u[i]!;
        sum[i]! += wu;
        for (let j = 0; j < D; j++) scatter[i * D + j]! += wu * u[j]!;
      }
    };
    for (let e = 0; e < this.table.count; e++) {
      const w = this.table.weights[e]!;
      const kind = this.kind[e]!;
      if (kind === KNOWN) add(this.data, this.offsets[e]!, w);
      else if (kind !== ABSENT) {
        const points = this.points[e * this.states]!;
        const weights = this.weights[e * this.states]!;
        for (let i = 0; i < weights.length; i++) add(points, i * D, w * weights[i]!);
      }
    }
    return { weight, sum, scatter };
  }
}

/** A matrix R with R Rᵀ = C (m×m, row-major): the Cholesky factor, or by eigenvectors when C is singular. */
function squareRoot(C: Float64Array, m: number): Float64Array {
  const c = cholesky(C, m, { tolerance: 0 });
  if (c.ok) return c.L;
  const { values, vectors } = symmetricEigen(C, m);
  const R = new Float64Array(m * m);
  for (let d = 0; d < m; d++) {
    const s = Math.sqrt(Math.max(values[d]!, 0));
    for (let i = 0; i < m; i++) R[i * m + d] = vectors[i * m + d]! * s;
  }
  return R;
}
