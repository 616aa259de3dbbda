// Each latent's posterior at the current params, read from the last E-step through the E-step interface
// alone: a discrete latent's state probabilities from the posterior weights, a continuous latent's mean and
// covariance from the posterior points (a mixture over the discrete states beside it), and each data row's
// log-likelihood. EmMachine.posteriors() hands this file what it reads; the API shapes the result.

import { type EnumeratedGroup, targetExpr } from "../derive";
import { evaluate, type IRFactor, type IRPlate, type IRVariable } from "../ir";
import { cholesky, logDetFromCholesky } from "../linalg";
import { digamma, lgamma } from "../special";
import type { EmModel } from "./em-types";
import type { GroupEStep } from "./estep";
import { MonteCarloEStep } from "./estep/montecarlo";
import type { DataCompletion } from "./kernels/data-completion";
import type { ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";

/** One latent's posterior, element by element (row-major over the latent's array dims). */
export interface LatentPosterior {
  readonly latent: IRVariable;
  /** The latent's array dims (those its `~` subscripts), and the length of one element (L for a vector). */
  readonly shape: readonly number[];
  readonly length: number;
  /** Per element: 1 where an E-step reached it (a plate element of weight 0 is never visited). */
  readonly reached: Uint8Array;
  /** Per element: its row of the data's plate (the plate index), or 0 when it is not one row's. */
  readonly rows: Int32Array;
  /** A discrete latent: the values it takes, and per element their posterior probabilities (elements × K). */
  readonly values?: readonly number[];
  readonly probs?: Float64Array;
  /** A continuous latent: per element the posterior mean (elements × L) and covariance (elements × L × L). */
  readonly mean?: Float64Array;
  readonly cov?: Float64Array;
}

/** The rows of the data's plate (the outermost plate of the first data `~`), with their weights. */
export interface PlateRows {
  readonly plate: IRPlate;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
}

export interface PosteriorReport {
  readonly latents: readonly LatentPosterior[];
  readonly rows: PlateRows | undefined;
  /**
   * Per row: log p(xₙ | θ) of one copy of the row (NaN for a row of weight 0, which no E-step visits), so
   * that Σ wₙ · rowLogLikelihoodₙ is ℓ; or why ℓ does not split over the rows. Only when asked for.
   */
  readonly rowLogLikelihood?: Float64Array | string;
}

/** What the posteriors are read from: the machine's state right after an E-step. */
export interface PosteriorSource {
  readonly model: EmModel;
  readonly state: ModelState;
  readonly esteps: readonly GroupEStep[];
  /** Per group: the E-step's weights, elements × states. */
  readonly gamma: readonly Float64Array[];
  readonly completions: ReadonlyMap<IRFactor, DataCompletion>;
  /** Whether gamma holds the posterior weights themselves (EM), not hard or stochastic EM's choice. */
  readonly soft: boolean;
  setStates(group: EnumeratedGroup, states: ReadonlyMap<IRVariable, number>): void;
}

interface Accumulator {
  readonly latent: IRVariable;
  readonly shape: number[];
  readonly length: number;
  readonly reached: Uint8Array;
  readonly rows: Int32Array;
  values?: readonly number[];
  probs?: Float64Array;
  mean?: Float64Array;
  cov?: Float64Array;
}

/** The plate whose rows the per-row log-likelihood covers, as the criteria's `n` counts them. */
function dataRows(model: EmModel, state: ModelState): PlateRows | undefined {
  const plate = model.ir.factors.find((f) => f.target.role === "data")?.plates[0];
  if (!plate) return undefined;
  const from = evaluate(plate.from, state.ctx) as number;
  const to = evaluate(plate.to, state.ctx) as number;
  const indices: number[] = [];
  const weights: number[] = [];
  for (let i = from; i <= to; i++) {
    state.plateIndex.set(plate, i);
    indices.push(i);
    weights.push(plate.weight ? (evaluate(plate.weight, state.ctx) as number) : 1);
  }
  state.plateIndex.delete(plate);
  return { plate, indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}

/**
 * The shape of the Gamma distribution with log E[u] − E[log u] = s > 0 (the points of a conjugate E-step
 * reproduce E[u] and E[log u]): the a solving log a − ψ(a) = s, by bisection on log a (the left side falls
 * from ∞ to 0). Its variance is then E[u]² / a.
 */
function gammaShape(s: number): number {
  if (!(s > 0)) return Number.POSITIVE_INFINITY;
  let lo = -700;
  let hi = 700;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    const a = Math.exp(mid);
    if (Math.log(a) - digamma(a) > s) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** Each latent's posterior (and, when asked, each row's log-likelihood) from the E-step just run. */
export function collectPosteriors(src: PosteriorSource, withRows: boolean): PosteriorReport {
  const { model, state } = src;
  const accumulators = new Map<IRVariable, Accumulator>();
  const rows = dataRows(model, state);
  let rowProblem: string | undefined = withRows
    ? src.soft
      ? rows
        ? undefined
        : "the model has no data plate"
      : "hard and stochastic EM classify the latents"
    : "not asked";
  const rowPosition = new Map<number, number>();
  rows?.indices.forEach((n, i) => {
    rowPosition.set(n, i);
  });
  const contribution = new Float64Array(rows?.indices.length ?? 0);

  const accumulator = (v: IRVariable, f: IRFactor): Accumulator => {
    let acc = accumulators.get(v);
    if (!acc) {
      const tensor = state.values.get(v)!;
      const shape = tensor.shape.slice(0, f.targetIndices.length);
      const elements = shape.reduce((a, b) => a * b, 1);
      acc = {
        latent: v,
        shape,
        length: tensor.data.length / elements,
        reached: new Uint8Array(elements),
        rows: new Int32Array(elements),
      };
      accumulators.set(v, acc);
    }
    return acc;
  };
  /** Σ over the factor's plates inside the group's of w · log p at the current values (missing: nothing). */
  const logDensity = (f: IRFactor, outer: number): number => {
    let total = 0;
    const target = targetExpr(f);
    forEachElement(f.plates.slice(outer), state.ctx, state.plateIndex, (w) => {
      const lp = state.logDensity(f, target);
      if (!Number.isNaN(lp)) total += w * lp;
    });
    return total;
  };

  model.groups.forEach((g, gi) => {
    const estep = src.esteps[gi]!;
    const gamma = src.gamma[gi]!;
    const S = g.states.length;
    const group = g.plan.group;
    const outer = group.plates.length;
    const discrete = group.latents.filter((v) => g.states[0]?.has(v));
    const continuous = group.latents.filter((v) => !g.states[0]?.has(v));
    const priorOf = (v: IRVariable) => group.priors.find((f) => f.target === v)!;
    const conjugate =
      g.plan.method === "conjugate" || (g.plan.method === "mixed" && g.plan.inner === "conjugate");
    const byRow = rows !== undefined && group.plates[0] === rows.plate;
    if (withRows && !byRow && rowProblem === undefined)
      rowProblem = `${group.latents.length > 1 ? "the latents" : "the latent"} ${group.latents.map((v) => v.name).join(", ")} ${group.latents.length > 1 ? "are" : "is"} not one per row of the plate ${rows!.plate.index}`;
    const monteCarlo = estep instanceof MonteCarloEStep ? estep.inner.elementLogLikelihood : undefined;
    if (withRows && estep.monteCarlo && !monteCarlo && rowProblem === undefined)
      rowProblem = "a Monte-Carlo E-step gives no estimate per row here";
    const factors = [...group.priors, ...group.children];
    const completions = factors.map((f) => src.completions.get(f));
    for (const c of completions) c?.beginPass();

    // The value of each latent at its state, by enumeration order of its values.
    const valueIndex = discrete.map((v) => {
      const values =
        g.plan.values.get(v) ?? [...new Set(g.states.map((s) => s.get(v)!))].sort((a, b) => a - b);
      return { values, index: g.states.map((s) => values.indexOf(s.get(v)!)) };
    });
    let e = 0;
    forEachElement(group.plates, state.ctx, state.plateIndex, (w) => {
      const element = e++;
      const row = byRow ? state.plateIndex.get(rows.plate)! : 0;
      const weights = gamma.subarray(element * S, (element + 1) * S);
      // Where each latent's element lies in its storage (its `~` may sit in plates inside the group's).
      const slots = (v: IRVariable) => {
        const f = priorOf(v);
        const out: { offset: number; length: number }[] = [];
        forEachElement(f.plates.slice(outer), state.ctx, state.plateIndex, () => {
          out.push(state.offset(v, f.targetIndices));
        });
        return out;
      };
      discrete.forEach((v, i) => {
        const acc = accumulator(v, priorOf(v));
        const { values, index } = valueIndex[i]!;
        acc.values ??= values;
        const K = values.length;
        acc.probs ??= new Float64Array(acc.reached.length * K);
        for (const { offset, length } of slots(v)) {
          const slot = offset / length;
          acc.reached[slot] = 1;
          acc.rows[slot] = row;
          for (let k = 0; k < S; k++) acc.probs[slot * K + index[k]!]! += weights[k]!;
        }
      });
      // The continuous latents' cells at this element, laid end to end: the point values are read there.
      const cells = continuous.flatMap((v) =>
        slots(v).map(({ offset, length }) => ({ acc: accumulator(v, priorOf(v)), offset, length })),
      );
      const L = cells.reduce((n, c) => n + c.length, 0);
      const read = (into: Float64Array) => {
        let i = 0;
        for (const c of cells) {
          const data = state.values.get(c.acc.latent)!.data;
          for (let j = 0; j < c.length; j++) into[i++] = data[c.offset + j]!;
        }
      };
      // Per state: the mean and covariance of the points (a Gamma latent's variance from its shape).
      const means = new Float64Array(S * L);
      const covs = new Float64Array(S * L * L);
      const shapes = new Float64Array(S);
      const x = new Float64Array(L);
      const posterior = (k: number) => {
        src.setStates(g, g.states[k]!);
        const m = means.subarray(k * L, (k + 1) * L);
        const c = covs.subarray(k * L * L, (k + 1) * L * L);
        let total = 0;
        let logMean = 0;
        estep.forEachPoint(element, k, (omega) => {
          read(x);
          total += omega;
          for (let i = 0; i < L; i++) m[i]! += omega * x[i]!;
          if (conjugate) logMean += omega * Math.log(x[0]!);
        });
        for (let i = 0; i < L; i++) m[i]! /= total;
        if (conjugate) {
          const a = gammaShape(Math.log(m[0]!) - logMean / total);
          shapes[k] = a;
          c[0] = (m[0]! * m[0]!) / a;
          return;
        }
        estep.forEachPoint(element, k, (omega) => {
          read(x);
          for (let i = 0; i < L; i++) {
            const di = x[i]! - m[i]!;
            for (let j = 0; j <= i; j++) c[i * L + j]! += (omega * di * (x[j]! - m[j]!)) / total;
          }
        });
        for (let i = 0; i < L; i++) for (let j = 0; j < i; j++) c[j * L + i] = c[i * L + j]!;
      };
      if (L > 0) {
        let total = 0;
        const mean = new Float64Array(L);
        for (let k = 0; k < S; k++) {
          if (!(weights[k]! > 0)) continue;
          posterior(k);
          total += weights[k]!;
          for (let i = 0; i < L; i++) mean[i]! += weights[k]! * means[k * L + i]!;
        }
        for (let i = 0; i < L; i++) mean[i]! /= total;
        // The mixture's covariance: E over states of the state's covariance plus its mean's spread.
        const cov = new Float64Array(L * L);
        for (let k = 0; k < S; k++) {
          const p = weights[k]!;
          if (!(p > 0)) continue;
          for (let i = 0; i < L; i++)
            for (let j = 0; j < L; j++) {
              const spread = (means[k * L + i]! - mean[i]!) * (means[k * L + j]! - mean[j]!);
              cov[i * L + j]! += (p * (covs[k * L * L + i * L + j]! + spread)) / total;
            }
        }
        let at = 0;
        for (const c of cells) {
          const { acc, offset, length } = c;
          const slot = offset / length;
          acc.mean ??= new Float64Array(acc.reached.length * acc.length);
          acc.cov ??= new Float64Array(acc.reached.length * acc.length * acc.length);
          acc.reached[slot] = 1;
          acc.rows[slot] = row;
          for (let i = 0; i < length; i++) {
            acc.mean[slot * length + i] = mean[at + i]!;
            for (let j = 0; j < length; j++)
              acc.cov[(slot * length + i) * length + j] = cov[(at + i) * L + at + j]!;
          }
          at += length;
        }
      }
      if (rowProblem !== undefined) return;
      // The row's log-likelihood: the Monte-Carlo estimate, or log p(x, state*, u*) − log p(state*, u* | x)
      // at the most probable state and the latent's posterior mean there (exact for every exact E-step).
      let ll: number;
      if (monteCarlo) ll = monteCarlo[element]!;
      else {
        // The most probable state has weight ≥ 1/S, so its moments were computed above.
        let best = 0;
        for (let k = 1; k < S; k++) if (weights[k]! > weights[best]!) best = k;
        let logPosterior = Math.log(weights[best]!);
        if (L > 0) {
          src.setStates(g, g.states[best]!);
          const m = means.subarray(best * L, (best + 1) * L);
          let i = 0;
          for (const c of cells) {
            state.values.get(c.acc.latent)!.data.set(m.subarray(i, i + c.length), c.offset);
            i += c.length;
          }
          if (conjugate) {
            const a = shapes[best]!;
            const b = a / m[0]!;
            logPosterior += a * Math.log(b) - lgamma(a) + (a - 1) * Math.log(m[0]!) - b * m[0]!;
          } else {
            const chol = cholesky(covs.slice(best * L * L, (best + 1) * L * L), L, { tolerance: 0 });
            logPosterior += chol.ok
              ? -0.5 * (L * Math.log(2 * Math.PI) + logDetFromCholesky(chol.L, L))
              : Number.NaN;
          }
        } else src.setStates(g, g.states[best]!);
        let joint = 0;
        factors.forEach((f, i) => {
          const completion = completions[i];
          joint +=
            completion?.unknown(element) === true
              ? completion.complete(element, best, false)
              : logDensity(f, outer);
        });
        ll = joint - logPosterior;
      }
      contribution[rowPosition.get(row)!]! += w * ll;
    });
  });

  // Data outside every latent group: its log-density row by row (censored values and missing cells by
  // their E-step's log-probability).
  if (rowProblem === undefined && rows) {
    const inGroup = new Set(model.groups.flatMap((g) => [...g.plan.group.priors, ...g.plan.group.children]));
    for (const f of model.ir.factors) {
      if (inGroup.has(f) || f.target.role !== "data") continue;
      if (f.plates[0] !== rows.plate) {
        rowProblem = `${f.target.name} is not one value per row of the plate ${rows.plate.index}`;
        break;
      }
      const completion = src.completions.get(f);
      if (completion) {
        completion.beginPass();
        const target = targetExpr(f);
        for (let e = 0; e < completion.table.count; e++) {
          completion.table.enter(e);
          const lp = completion.unknown(e) ? completion.complete(e, 0, false) : state.logDensity(f, target);
          const n = state.plateIndex.get(rows.plate)!;
          contribution[rowPosition.get(n)!]! += completion.table.weights[e]! * lp;
        }
        completion.table.leave();
        continue;
      }
      const target = targetExpr(f);
      forEachElement(f.plates, state.ctx, state.plateIndex, (w) => {
        const lp = state.logDensity(f, target);
        if (!Number.isNaN(lp)) contribution[rowPosition.get(state.plateIndex.get(rows.plate)!)!]! += w * lp;
      });
    }
  }
  const latents: LatentPosterior[] = [...accumulators.values()];
  if (!withRows) return { latents, rows };
  if (rowProblem !== undefined) return { latents, rows, rowLogLikelihood: rowProblem };
  const perRow = Float64Array.from(contribution, (c, i) =>
    rows!.weights[i]! === 0 ? Number.NaN : c / rows!.weights[i]!,
  );
  return { latents, rows, rowLogLikelihood: perRow };
}
