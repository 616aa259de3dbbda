// The EM loop: E-step, then M-step, until the relative change of the objective is below the tolerance
// (a decrease in exact EM is a warning naming the block that caused it). It names no E-step method: the
// machine (em-machine.ts) runs whatever the plan built, and Monte-Carlo EM has its own loop (mcem.ts).

import type { IRVariable } from "../ir";
import { EmMachine } from "./em-machine";
import type { EmModel, EmOptions, EmRun, EmSession } from "./em-types";
import { runMonteCarloEm } from "./mcem";
import { FitError } from "./model-state";
import { WarningLog } from "./warnings";

export type { EmModel, EmOptions, EmRun, EmSession, EmStart, EmVariant, KernelReport } from "./em-types";

/** Sessions interpret (kernels off) unless asked: they are the reference the closed-form tests use. */
export function createEmSession(model: EmModel, options: EmOptions): EmSession {
  return new EmMachine(model, { kernels: false, ...options });
}

export function runEm(model: EmModel, options: EmOptions): EmRun {
  const m = new EmMachine(model, options);
  const warnings = new WarningLog();
  const trace: number[] = [];
  m.start();
  if (m.monteCarlo) return runMonteCarloEm(m, options, trace, warnings);
  const { maxIter, tol } = options;
  let previous = Number.NEGATIVE_INFINITY;
  let ll = Number.NaN;
  let objective = Number.NaN;
  let converged = false;
  let iterations = 0;
  let before: Map<IRVariable, Float64Array> | undefined;
  for (;;) {
    ll = m.eStep();
    objective = ll + m.logPrior();
    if (!Number.isFinite(objective)) throw new FitError("the objective is not finite");
    trace.push(objective);
    options.onIteration?.(iterations, objective);
    if (options.variant === "em" && objective < previous - 1e-9 * Math.max(1, Math.abs(previous))) {
      const block = before && m.blame(before, previous);
      const where = block ? ` after the update of ${block}` : "";
      warnings.add(
        {
          code: "W0402",
          message: `iteration ${iterations}: the objective decreased from ${previous} to ${objective}${where} (exact EM never decreases: this is a bug)`,
          iteration: iterations,
          ...(block ? { param: block } : {}),
        },
        "decrease",
      );
    }
    if (
      Number.isFinite(previous) &&
      Math.abs(objective - previous) / Math.max(Math.abs(objective), 1) < tol
    ) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    previous = objective;
    if (options.variant === "em") before = m.snapshot();
    m.mStep();
    iterations++;
  }
  return m.result(
    { logLikelihood: ll, objective, converged, iterations, trace, warnings: warnings.list() },
    true,
  );
}
