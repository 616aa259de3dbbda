// The EM loop: E-step, then M-step, until the relative change of the objective is below the tolerance
// (a decrease in exact EM is a warning naming the block that caused it), accelerated by SQUAREM for exact
// EM unless told not to. It names no E-step method: the machine (em-machine.ts) runs whatever the plan
// built, and Monte-Carlo EM has its own loop (mcem.ts).

import type { IRVariable } from "../ir";
import { EmMachine } from "./em-machine";
import type { EmModel, EmOptions, EmRun, EmSession } from "./em-types";
import { runMonteCarloEm } from "./mcem";
import { FitError } from "./model-state";
import { extrapolate, FreeCoordinates, STEP_MAX_START, STEP_MULTIPLIER, steplength } from "./squarem";
import { WarningLog } from "./warnings";

export type { EmModel, EmOptions, EmRun, EmSession, EmStart, EmVariant, KernelReport } from "./em-types";

/** Sessions interpret (kernels off) unless asked: they are the reference the closed-form tests use. */
export function createEmSession(model: EmModel, options: EmOptions): EmSession {
  return new EmMachine(model, { kernels: false, ...options });
}

export function runEm(model: EmModel, options: EmOptions): EmRun {
  const m = new EmMachine(model, options);
  m.start();
  if (m.monteCarlo) return runMonteCarloEm(m, options, [], new WarningLog());
  const accelerate = (options.accelerate ?? "squarem") === "squarem" && options.variant === "em";
  return accelerate ? runSquarem(m, options) : runPlain(m, options);
}

/** Relative change of the objective, the stopping rule's measure. */
const change = (now: number, before: number) => Math.abs(now - before) / Math.max(Math.abs(now), 1);

/**
 * How far the params still are from EM's fixed point, in unconstrained coordinates: the second step
 * θ₂ − θ₁ = r + v over one minus the contraction ρ = ‖r + v‖ / ‖r‖ (the tail of a geometric series).
 * Infinite when the steps do not contract.
 */
function remainingDistance(r: Float64Array, v: Float64Array): number {
  let rr = 0;
  let ss = 0;
  let largest = 0;
  for (let i = 0; i < r.length; i++) {
    const step = r[i]! + v[i]!;
    rr += r[i]! * r[i]!;
    ss += step * step;
    largest = Math.max(largest, Math.abs(step));
  }
  if (largest === 0) return 0;
  const rho = Math.sqrt(ss / rr);
  return rho < 1 ? largest / (1 - rho) : Number.POSITIVE_INFINITY;
}

/** The objective at the current params: an E-step (whose posteriors the next M-step reads) plus priors. */
function objectiveAt(m: EmMachine): { ll: number; objective: number } {
  const ll = m.eStep();
  const objective = ll + m.logPrior();
  if (!Number.isFinite(objective)) throw new FitError("the objective is not finite");
  return { ll, objective };
}

/**
 * A plain EM map from an accepted point must not lower the objective: a decrease is a bug, reported once
 * with the block whose update caused it.
 */
function checkAscent(
  m: EmMachine,
  warnings: WarningLog,
  iteration: number,
  before: ReadonlyMap<IRVariable, Float64Array>,
  previous: number,
  objective: number,
): void {
  if (!(objective < previous - 1e-9 * Math.max(1, Math.abs(previous)))) return;
  const block = m.blame(before, previous);
  const where = block ? ` after the update of ${block}` : "";
  warnings.add(
    {
      code: "W0402",
      message: `iteration ${iteration}: the objective decreased from ${previous} to ${objective}${where} (exact EM never decreases: this is a bug)`,
      iteration,
      ...(block ? { param: block } : {}),
    },
    "decrease",
  );
}

/** The run's result at the point it stopped (its E-step done there). */
function finish(
  m: EmMachine,
  at: { ll: number; objective: number },
  converged: boolean,
  iterations: number,
  trace: number[],
  warnings: WarningLog,
): EmRun {
  const { ll: logLikelihood, objective } = at;
  return m.result(
    { logLikelihood, objective, converged, iterations, trace, warnings: warnings.list() },
    true,
  );
}

/** EM as it is: one map per iteration (hard and stochastic EM, or `accelerate: "none"`). */
function runPlain(m: EmMachine, options: EmOptions): EmRun {
  const { maxIter, tol } = options;
  const warnings = new WarningLog();
  const trace: number[] = [];
  let at = objectiveAt(m);
  trace.push(at.objective);
  options.onIteration?.(0, at.objective);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIter) {
    const before = options.variant === "em" ? m.snapshot() : undefined;
    m.mStep();
    iterations++;
    const next = objectiveAt(m);
    if (before) checkAscent(m, warnings, iterations, before, at.objective, next.objective);
    trace.push(next.objective);
    options.onIteration?.(iterations, next.objective);
    const settled = change(next.objective, at.objective) < tol;
    at = next;
    if (settled) {
      converged = true;
      break;
    }
  }
  return finish(m, at, converged, iterations, trace, warnings);
}

/**
 * EM accelerated by SQUAREM: per cycle two EM maps, an extrapolated point, one stabilising map, and the
 * monotone fallback to the plain EM point. `iterations` counts EM maps, and `trace` holds, after each map,
 * the highest objective reached so far (the objective of the point the run would stop at).
 */
function runSquarem(m: EmMachine, options: EmOptions): EmRun {
  const { maxIter, tol } = options;
  const warnings = new WarningLog();
  const trace: number[] = [];
  const free = new FreeCoordinates(m.params);
  let at = objectiveAt(m);
  trace.push(at.objective);
  options.onIteration?.(0, at.objective);
  let maps = 0;
  let converged = false;
  let stepMax = STEP_MAX_START;
  const record = (objective: number) => {
    maps++;
    trace.push(Math.max(objective, trace.at(-1)!));
    options.onIteration?.(maps, trace.at(-1)!);
  };
  while (maps < maxIter) {
    // Map 1, from the accepted point θ₀ (its E-step is done): a plain EM step, checked for ascent.
    const before = m.snapshot();
    const theta0 = free.read();
    m.mStep();
    const one = objectiveAt(m);
    record(one.objective);
    checkAscent(m, warnings, maps, before, at.objective, one.objective);
    if (maps >= maxIter) {
      at = one;
      break;
    }
    // Map 2, from θ₁, then the extrapolation from the two steps.
    const theta1 = free.read();
    m.mStep();
    record(one.objective);
    const theta2 = free.read();
    const plain = m.snapshot();
    const r = new Float64Array(theta0.length);
    const v = new Float64Array(theta0.length);
    for (let i = 0; i < r.length; i++) {
      r[i] = theta1[i]! - theta0[i]!;
      v[i] = theta2[i]! - 2 * theta1[i]! + theta0[i]!;
    }
    const alpha = steplength(r, v, stepMax);
    let next: { ll: number; objective: number } | undefined;
    // A third, stabilising map from the extrapolated point, when the step goes beyond θ₂ and maps remain.
    const extrapolated = alpha > 1 && maps < maxIter;
    if (extrapolated) {
      try {
        free.write(extrapolate(theta0, r, v, alpha));
        objectiveAt(m);
        m.mStep();
        const stabilised = objectiveAt(m);
        if (stabilised.objective >= one.objective) next = stabilised;
      } catch (e) {
        // An extrapolated point where the model cannot be evaluated is a step too far, not a failure.
        if (!(e instanceof FitError)) throw e;
      }
      maps++;
    }
    if (next) {
      if (alpha === stepMax) stepMax *= STEP_MULTIPLIER;
    } else {
      // The plain EM point θ₂, which never lowers the objective (at α = 1 it is the extrapolated point).
      m.restore(plain);
      next = objectiveAt(m);
      if (alpha === 1 && stepMax === 1) stepMax = STEP_MULTIPLIER;
      else if (alpha === stepMax) stepMax = Math.max(STEP_MAX_START, stepMax / STEP_MULTIPLIER);
    }
    if (extrapolated) {
      trace.push(Math.max(next.objective, trace.at(-1)!));
      options.onIteration?.(maps, trace.at(-1)!);
    }
    // Settled: the objective has stopped changing, and the params' distance to the fixed point, extrapolated
    // from the two EM steps' contraction, is small — so that a flat ridge, where ℓ barely moves while EM
    // still creeps along it, is not mistaken for the top.
    const settled =
      change(next.objective, one.objective) < tol && remainingDistance(r, v) < 0.01 * Math.sqrt(tol);
    at = next;
    if (settled) {
      converged = true;
      break;
    }
  }
  return finish(m, at, converged, maps, trace, warnings);
}
