// One E-step at given params, nothing fitted: the posteriors a fit reports at its estimate and the
// per-row log-likelihood of new data (`latent predict`). Runs the interpreted passes, which keep every
// element's posterior weights.

import type { IRVariable } from "../ir";
import type { Rng } from "../random";
import { EmMachine } from "./em-machine";
import { type EmModel, type EmVariant, MC_MAX } from "./em-types";
import type { PosteriorReport } from "./posteriors";

export interface EStepAtOptions {
  /** `hard` gives hard EM's 0/1 classification of the discrete latents; otherwise their posterior weights. */
  readonly variant: EmVariant;
  readonly rng: Rng;
  /** Draws per element of a Monte-Carlo E-step (default 2 000, the most the ascent rule asks for). */
  readonly draws?: number;
  /** Also each data row's log-likelihood (see PosteriorReport). */
  readonly rows?: boolean;
}

export interface EStepAtResult extends PosteriorReport {
  /** ℓ at the params (a Monte-Carlo estimate where a group's E-step draws). */
  readonly logLikelihood: number;
  readonly monteCarlo: boolean;
}

/** The E-step at `params` (every param given, as flat values in its declared shape). May throw FitError. */
export function eStepAt(
  model: EmModel,
  params: ReadonlyMap<IRVariable, Float64Array>,
  options: EStepAtOptions,
): EStepAtResult {
  const m = new EmMachine(model, {
    start: { kind: "params", values: params },
    maxIter: 0,
    tol: 0,
    variant: options.variant === "hard" ? "hard" : "em",
    rng: options.rng,
    kernels: false,
  });
  m.start();
  m.drawsPerElement = options.draws ?? MC_MAX;
  const logLikelihood = m.eStep();
  return { ...m.posteriors(options.rows ?? false), logLikelihood, monteCarlo: m.monteCarlo };
}
