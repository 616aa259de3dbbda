// The EM engine's inputs and outputs: the model it runs, its options, a run's result, and step-by-step
// access for tests.

import type { EnumeratedGroup, QTerm, Update } from "../derive";
import type { IRVariable, ModelIR, Tensor } from "../ir";
import type { Rng } from "../random";
import type { EmVariant } from "./estep";
import type { FitWarning } from "./warnings";

export type { EmVariant } from "./estep";

export interface EmModel {
  readonly ir: ModelIR;
  readonly sizes: ReadonlyMap<string, number>;
  readonly data: ReadonlyMap<IRVariable, Tensor>;
  readonly groups: readonly EnumeratedGroup[];
  /** The M-step, in the order it runs. */
  readonly updates: readonly Update[];
  readonly terms: readonly QTerm[];
}

/** Where a run starts: random responsibilities, k-means++ seeding, or given params. */
export type EmStart =
  | { readonly kind: "random" }
  | { readonly kind: "kmeans++" }
  | { readonly kind: "params"; readonly values: ReadonlyMap<IRVariable, Float64Array> };

export interface EmOptions {
  readonly start?: EmStart;
  readonly maxIter: number;
  readonly tol: number;
  readonly variant: EmVariant;
  readonly rng: Rng;
  /** Called after each iteration (for progress on long fits). */
  readonly onIteration?: (iteration: number, objective: number, detail?: string) => void;
  /**
   * Run groups and updates through the generated passes where they can be compiled (default true);
   * false interprets everything (the reference the kernel tests compare against).
   */
  readonly kernels?: boolean;
  /**
   * How Monte-Carlo groups draw continuous latents: importance sampling with a chain where its weights
   * degenerate (`auto`, the default), or chains everywhere (`mcmc`, to check the two against each other).
   */
  readonly sampler?: "auto" | "mcmc";
  /** SQUAREM around the EM map (`squarem`, the default for exact EM) or plain EM (`none`). */
  readonly accelerate?: "squarem" | "none";
}

export interface EmRun {
  readonly params: Map<IRVariable, Tensor>;
  readonly logLikelihood: number;
  readonly objective: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly trace: number[];
  /** −Σ w γ log γ over all enumerated elements, for ICL. */
  readonly entropy: number;
  readonly warnings: readonly FitWarning[];
  /** The Monte-Carlo standard error of ℓ, when ℓ is a Monte-Carlo estimate. */
  readonly logLikelihoodSE?: number;
  /** How each group and update ran: generated passes, or the interpreter. */
  readonly kernels: KernelReport;
  /** False when ℓ is a Monte-Carlo estimate (a Monte-Carlo E-step). */
  readonly logLikelihoodExact?: boolean;
}

export interface KernelReport {
  /** Per latent group (in plan order): compiled into a generated pass, or interpreted. */
  readonly groups: readonly ("compiled" | "interpreted")[];
  /** Per update (block name): from the pass's moments, or element by element from stored posteriors. */
  readonly updates: Readonly<Record<string, "moments" | "posteriors">>;
  /** The generated sources, per compiled group. */
  readonly sources: readonly string[];
}

/** Step-by-step access to EM, for tests that check each update against the Q it maximises. */
export interface EmSession {
  readonly params: Map<IRVariable, Tensor>;
  randomPosteriors(): void;
  eStep(): number;
  mStep(): void;
  /** Runs one update as the M-step would (a closed form interpreted element by element, or its fallback). */
  applyUpdate(u: Update): void;
  expectedLogJoint(): number;
}

/** Draws per element at the first Monte-Carlo E-step, and the most the ascent rule may ask for. */
export const MC_START = 100;
export const MC_MAX = 2_000;
