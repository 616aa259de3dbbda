// The flags `fit` and `select` share, read into the library's fit options — or a usage message on stderr
// naming the command and the flag.

import type { Algorithm, FitOptions } from "../api";
import type { Io } from "./io";

export const ALGORITHMS = ["auto", "em", "hard", "stochastic", "mcem", "gem", "ecm"];

export interface FitFlags {
  readonly data: string;
  readonly seed: string;
  readonly restarts?: string;
  readonly maxIter?: string;
  readonly tol?: string;
  readonly algorithm: string;
  readonly accelerate?: string;
  readonly se?: boolean;
  readonly init?: string;
  readonly set: string[];
  readonly columns: string[];
}

/** The fit options the flags give, or undefined after writing why they are a usage error. */
export function fitOptionsFrom(
  command: string,
  o: FitFlags,
  io: Io,
): Omit<FitOptions, "onProgress"> | undefined {
  const usage = (message: string) => {
    io.stderr(`latent ${command}: ${message}\n`);
    return undefined;
  };
  const integer = (text: string | undefined, name: string, min: number): number | undefined | false => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min) {
      usage(`${name} takes a whole number ≥ ${min}, not '${text}'`);
      return false;
    }
    return Number(text);
  };
  const seed = integer(o.seed, "--seed", 0);
  const restarts = integer(o.restarts, "--restarts", 1);
  const maxIter = integer(o.maxIter, "--max-iter", 0);
  if (seed === false || restarts === false || maxIter === false) return undefined;
  const tol = o.tol === undefined ? undefined : Number(o.tol);
  if (tol !== undefined && !(tol >= 0 && /^[0-9.eE+-]+$/.test(o.tol!)))
    return usage(`--tol takes a number ≥ 0, not '${o.tol}'`);
  if (o.accelerate !== undefined && o.accelerate !== "squarem" && o.accelerate !== "none")
    return usage(`--accelerate is squarem or none, not '${o.accelerate}'`);
  if (!ALGORITHMS.includes(o.algorithm))
    return usage(`--algorithm is one of ${ALGORITHMS.join(", ")}, not '${o.algorithm}'`);
  return {
    data: o.data,
    set: o.set,
    columns: o.columns,
    ...(seed === undefined ? {} : { seed }),
    ...(restarts === undefined ? {} : { restarts }),
    ...(maxIter === undefined ? {} : { maxIter }),
    ...(tol === undefined ? {} : { tol }),
    algorithm: o.algorithm as Algorithm,
    ...(o.accelerate === "squarem" || o.accelerate === "none" ? { accelerate: o.accelerate } : {}),
    ...(o.se ? { se: true } : {}),
    ...(o.init === undefined ? {} : { init: o.init }),
  };
}
