// Restarts: EM from several starts with seeds derived from the fit's seed (alternating k-means++ and
// random responsibilities unless told), the best run by its objective, and what a reader must know about
// the result — failed restarts grouped with their counts, a run stopped at the iteration limit, restarts
// that ended apart, variances on the boundary.

import type { IRVariable, ModelIR, Tensor } from "../ir";
import { createRng, deriveSeed } from "../random";
import { runEm } from "./em";
import type { EmModel, EmRun, EmStart, EmVariant } from "./em-types";
import { FitError } from "./model-state";
import { type FitWarning, WarningLog } from "./warnings";

export interface RestartOptions {
  /** Given starting params (every restart starts there), else starts by `init` or alternating. */
  readonly start?: EmStart;
  readonly init?: "random" | "kmeans++";
  readonly seed: number;
  readonly restarts: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly variant: EmVariant;
  readonly accelerate?: "squarem" | "none";
  readonly onProgress?: (restart: number, iteration: number, objective: number, detail?: string) => void;
}

export type RestartRun =
  | { readonly seed: number; readonly run: EmRun }
  | { readonly seed: number; readonly failed: string };

export interface RestartOutcome {
  readonly runs: readonly RestartRun[];
  /** The run with the highest objective; undefined when every restart failed. */
  readonly best: { readonly seed: number; readonly run: EmRun } | undefined;
  /** Distinct failure reasons, with how many restarts gave each. */
  readonly failures: readonly { readonly reason: string; readonly count: number }[];
  /** The best run's warnings and those about the restarts and the result. */
  readonly warnings: readonly FitWarning[];
}

export function runRestarts(em: EmModel, options: RestartOptions): RestartOutcome {
  const startOf = (r: number): EmStart =>
    options.start ?? { kind: options.init ?? (r % 2 === 0 ? "kmeans++" : "random") };
  const runs: RestartRun[] = [];
  for (let r = 0; r < options.restarts; r++) {
    const seed = deriveSeed(options.seed, r);
    try {
      const run = runEm(em, {
        start: startOf(r),
        maxIter: options.maxIter,
        tol: options.tol,
        variant: options.variant,
        ...(options.accelerate ? { accelerate: options.accelerate } : {}),
        rng: createRng(seed),
        onIteration: (i, o, detail) => options.onProgress?.(r, i, o, detail),
      });
      runs.push({ seed, run });
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
      const site = e.factor ? ` at '${e.factor.target.name} ~ ${e.factor.distribution.name}'` : "";
      runs.push({ seed, failed: `${e.message}${site}` });
    }
  }
  const counts = new Map<string, number>();
  for (const r of runs) if ("failed" in r) counts.set(r.failed, (counts.get(r.failed) ?? 0) + 1);
  const failures = [...counts].map(([reason, count]) => ({ reason, count }));
  const succeeded = runs.flatMap((r) => ("run" in r ? [r] : []));
  if (succeeded.length === 0) return { runs, best: undefined, failures, warnings: [] };
  const best = succeeded.reduce((a, b) => (b.run.objective > a.run.objective ? b : a));
  const warnings = new WarningLog();
  warnings.addAll(best.run.warnings);
  if (!best.run.converged)
    warnings.add({
      code: "W0401",
      message: `the best run stopped at the iteration limit (${best.run.iterations}) before converging`,
    });
  for (const b of boundaryVariances(em.ir, em.data, best.run.params)) warnings.add({ code: "W0407", ...b });
  for (const { reason, count } of failures)
    warnings.add({ code: "W0403", message: `a restart failed: ${reason}`, ...(count > 1 ? { count } : {}) });
  if (succeeded.length > 1) {
    const spread = succeeded.map((r) => r.run.logLikelihood);
    const lo = Math.min(...spread);
    const hi = Math.max(...spread);
    if (hi - lo > 1e-6 * Math.max(1, Math.abs(hi)))
      warnings.add({
        code: "W0409",
        message: `restarts ended between log-likelihood ${lo} and ${hi}: the likelihood has several local maxima`,
      });
  }
  return { runs, best, failures, warnings: warnings.list() };
}

/**
 * Uniquenesses driven towards 0: a block used as diag(ψ) in an MvNormal covariance whose element j has
 * fallen below 2% of the variance of coordinate j of the data it describes — a boundary maximum (a Heywood
 * case in factor analysis), where that coordinate is explained entirely by the rest of the model. Named,
 * so the fit is not trusted blindly (EM creeps towards such a boundary and may stop short of it).
 */
function boundaryVariances(
  ir: ModelIR,
  data: ReadonlyMap<IRVariable, Tensor>,
  params: ReadonlyMap<IRVariable, Tensor>,
): { param: string; message: string }[] {
  const out: { param: string; message: string }[] = [];
  for (const f of ir.factors) {
    const cov = f.args[1];
    if (f.distribution.gaussian?.scale !== "cov" || cov?.kind !== "call" || cov.fn !== "diag") continue;
    const arg = cov.args[0];
    if (arg?.kind !== "variable" || arg.variable.role !== "param") continue;
    const psi = params.get(arg.variable)?.data;
    const x = data.get(f.target);
    if (!psi || !x) continue;
    const D = psi.length;
    const rows = x.data.length / D;
    psi.forEach((v, j) => {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      for (let r = 0; r < rows; r++) {
        const value = x.data[r * D + j]!;
        if (Number.isNaN(value)) continue;
        n++;
        const delta = value - mean;
        mean += delta / n;
        m2 += delta * (value - mean);
      }
      const variance = n > 1 ? m2 / n : 0;
      if (variance > 0 && v < 0.02 * variance)
        out.push({
          param: arg.variable.name,
          message: `${arg.variable.name}[${j + 1}] = ${v.toPrecision(3)} is under 2% of the variance of ${f.target.name}'s coordinate ${j + 1} (${variance.toPrecision(3)}): a boundary (Heywood) case — that coordinate is explained almost entirely by the factors, and the maximum may lie at ${arg.variable.name}[${j + 1}] = 0 (a prior on ${arg.variable.name} keeps it away)`,
        });
    });
  }
  return out;
}
