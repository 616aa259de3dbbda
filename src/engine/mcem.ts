// Monte-Carlo EM: the ascent-based loop of Caffo, Jank & Jones (2005) over an EM machine whose E-steps
// draw. After each M-step the increase of Q is estimated from the same draws with its Monte-Carlo error;
// a step not confidently an ascent is undone and the E-step gets more draws.

import type { EmMachine } from "./em-machine";
import { type EmOptions, type EmRun, MC_MAX } from "./em-types";
import { FitError } from "./model-state";
import type { WarningLog } from "./warnings";

/**
 * Ascent-based Monte-Carlo EM (Caffo, Jank & Jones 2005): after each M-step the increase of Q is
 * estimated from the same draws, with its Monte-Carlo standard error; while it is not confidently
 * positive the step is undone and the E-step gets a third more draws. The next E-step's size is chosen
 * so that an increase like the last one would be detected, and the run stops when the upper bound of
 * the increase has stayed below the tolerance (relative to ℓ, at least 1e-7) for three iterations. ℓ
 * is the importance-sampling estimate from a last E-step at the final params.
 */
export function runMonteCarloEm(
  m: EmMachine,
  options: EmOptions,
  trace: number[],
  warnings: WarningLog,
): EmRun {
  const { maxIter, tol } = options;
  let converged = false;
  let iterations = 0;
  let streak = 0;
  let capped = false;
  for (;;) {
    const ll = m.eStep();
    const objective = ll + m.logPrior();
    if (!Number.isFinite(objective)) throw new FitError("the objective is not finite");
    trace.push(objective);
    options.onIteration?.(iterations, objective, `${m.drawsPerElement} draws per element`);
    if (iterations >= maxIter) break;
    const before = m.snapshot();
    // Q's change: exact in the groups without draws (and the terms outside groups), estimated in the rest.
    const exactBefore = m.expectedLogJoint(true);
    let change: { mean: number; variance: number };
    let atCap = false;
    for (;;) {
      m.mStep();
      change = { mean: m.expectedLogJoint(true) - exactBefore, variance: 0 };
      for (const g of m.monteCarloGroups()) {
        const d = g.inner.difference();
        change = { mean: change.mean + d.mean, variance: change.variance + d.variance };
      }
      if (change.mean - Z_ALPHA * Math.sqrt(change.variance) > 0) break;
      if (m.drawsPerElement >= MC_MAX) {
        capped = atCap = true;
        break;
      }
      // Not confidently an ascent: undo the step and add draws to this E-step.
      m.restore(before);
      const extra = Math.min(MC_MAX - m.drawsPerElement, even(m.drawsPerElement / 3));
      m.augment(extra);
    }
    iterations++;
    const se = Math.sqrt(change.variance);
    const tolerance = Math.max(tol, 1e-7) * Math.max(1, Math.abs(ll));
    // Converged: the increase is confidently below the tolerance — or, at the most draws allowed, no
    // longer distinguishable from Monte-Carlo noise.
    streak = change.mean + Z_GAMMA * se < tolerance || atCap ? streak + 1 : 0;
    if (streak >= MC_STREAK) {
      converged = true;
      break;
    }
    if (change.mean > 0) {
      const perDraw = change.variance * m.drawsPerElement;
      const wanted = Math.ceil((perDraw * (Z_ALPHA + Z_BETA) ** 2) / change.mean ** 2);
      m.drawsPerElement = Math.min(MC_MAX, Math.max(m.drawsPerElement, even(wanted)));
    }
  }
  // ℓ at the final params, and the latents at their posterior means for the record.
  const ll = iterations > 0 ? m.eStep() : (trace.at(-1) ?? Number.NaN) - m.logPrior();
  for (const g of m.monteCarloGroups()) g.inner.settle();
  const objective = ll + m.logPrior();
  const se = Math.sqrt(m.monteCarloEstimate.variance);
  warnings.add({
    code: "W0404",
    message: `the log-likelihood ${ll.toFixed(4)} is a Monte-Carlo estimate (importance sampling, ${m.drawsPerElement} draws per element), standard error ${se.toPrecision(2)}`,
  });
  if (capped)
    warnings.add({
      code: "W0405",
      message: `Monte-Carlo EM reached ${MC_MAX} draws per element without a confident ascent: the params are within Monte-Carlo error of a maximum, not closer`,
    });
  const chains = m.monteCarloGroups().reduce((n, g) => n + g.inner.mcmcElements, 0);
  if (chains > 0 && options.sampler !== "mcmc")
    warnings.add({
      code: "W0406",
      message: `${chains} elements were drawn by random-walk Metropolis where importance sampling degenerated`,
    });
  return m.result(
    {
      logLikelihood: ll,
      objective,
      converged,
      iterations,
      trace,
      warnings: warnings.list(),
      logLikelihoodSE: se,
    },
    false,
  );
}

/** x rounded up to an even count (continuous draws come in antithetic pairs). */
const even = (x: number) => 2 * Math.ceil(x / 2);

/** Ascent-based MCEM (Caffo, Jank & Jones 2005): z_α for accepting a step, z_β for the next size, z_γ for stopping. */
const Z_ALPHA = 0.674;
const Z_BETA = 0.674;
const Z_GAMMA = 1.282;
/** Stop after this many iterations in a row whose upper bound on the increase of Q is below the tolerance. */
const MC_STREAK = 3;
