// Standard errors from the observed information: the Hessian of the observed-data objective (ℓ, plus the
// log prior under MAP) at the fitted params, by central differences in the free params' unconstrained
// coordinates — each value an exact E-step — inverted, and mapped to the declared shapes by the delta
// method (θ = g(η): Cov θ = J Cov η Jᵀ, J by central differences too), so a simplex's components and a
// covariance's entries each get one. Where the information is not positive definite, the params along its
// flat directions are named, never a NaN.

import type { IRVariable, Tensor } from "../ir";
import { cholesky, inverseFromCholesky, symmetricEigen } from "../linalg";
import { createRng } from "../random";
import { EmMachine } from "./em-machine";
import type { EmModel } from "./em-types";
import { FitError } from "./model-state";
import { FreeCoordinates } from "./squarem";

export interface StandardErrors {
  /** Per param with free coordinates: a standard error for every entry, in the param's shape. */
  readonly se: ReadonlyMap<IRVariable, Tensor>;
  readonly method: string;
}

/** Why the standard errors cannot be given: the params along the information's flat directions. */
export interface InformationProblem {
  readonly params: readonly string[];
  readonly message: string;
}

export const SE_METHOD =
  "observed information: the Hessian of the observed-data log-likelihood (with the log prior under MAP) by central differences in unconstrained coordinates, delta method to the declared shapes";

/** An eigenvalue of the information at most this fraction of the largest counts as zero. */
const FLAT = 1e-7;

/** More free coordinates than this would cost too many E-steps (about 2P² of them). */
export const SE_MAX_COORDINATES = 150;

export function standardErrors(
  model: EmModel,
  params: ReadonlyMap<IRVariable, Tensor>,
): StandardErrors | InformationProblem {
  const values = new Map([...params].map(([v, t]) => [v, t.data] as const));
  const m = new EmMachine(model, {
    start: { kind: "params", values },
    maxIter: 0,
    tol: 0,
    variant: "em",
    rng: createRng(1),
  });
  m.start();
  const free = new FreeCoordinates(m.params);
  // Derivatives in the coordinates that are free for real: a simplex row's last softmax coordinate is held.
  const active = free.redundant().flatMap((held, i) => (held ? [] : [i]));
  const P = active.length;
  if (P > SE_MAX_COORDINATES)
    return {
      params: free.variables.map((v) => v.name),
      message: `the model has ${P} free coordinates; the observed information would take about ${2 * P * P} E-steps (the limit is ${SE_MAX_COORDINATES} coordinates)`,
    };
  const centre = free.read();
  const objective = (eta: Float64Array): number => {
    free.write(eta);
    try {
      return m.eStep() + m.logPrior();
    } catch (e) {
      if (e instanceof FitError) return Number.NaN;
      throw e;
    }
  };
  const f0 = objective(centre);
  const h = Float64Array.from(centre, (x) => 1e-4 * Math.max(1, Math.abs(x)));
  const at = (moves: readonly (readonly [number, number])[]) => {
    const eta = centre.slice();
    for (const [i, sign] of moves) eta[active[i]!]! += sign * h[active[i]!]!;
    return objective(eta);
  };
  const step = (i: number) => h[active[i]!]!;
  const information = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    information[i * P + i] = -(at([[i, 1]]) - 2 * f0 + at([[i, -1]])) / (step(i) * step(i));
    for (let j = 0; j < i; j++) {
      const second =
        (at([
          [i, 1],
          [j, 1],
        ]) -
          at([
            [i, 1],
            [j, -1],
          ]) -
          at([
            [i, -1],
            [j, 1],
          ]) +
          at([
            [i, -1],
            [j, -1],
          ])) /
        (4 * step(i) * step(j));
      information[i * P + j] = -second;
      information[j * P + i] = -second;
    }
  }
  free.write(centre);
  if (information.some((x) => !Number.isFinite(x)))
    return {
      params: free.variables.map((v) => v.name),
      message:
        "the objective cannot be evaluated around the estimate (it sits on the edge of where the model is defined)",
    };
  // Flat directions: an eigenvalue below the differences' resolution (1e-7 of the largest) is a zero.
  const spectrum = symmetricEigen(information, P).values;
  const factor = cholesky(information, P);
  if (!factor.ok || spectrum[P - 1]! <= FLAT * Math.abs(spectrum[0]!))
    return flatDirections(information, P, (i) => free.owner(active[i]!));
  const covariance = inverseFromCholesky(factor.L, P);
  // J = ∂θ/∂η, column by column.
  const theta0 = snapshot(free);
  const columns: Map<IRVariable, Float64Array>[] = [];
  for (let i = 0; i < P; i++) {
    const eta = centre.slice();
    const c = active[i]!;
    const d = 1e-6 * Math.max(1, Math.abs(centre[c]!));
    eta[c]! += d;
    free.write(eta);
    const up = snapshot(free);
    eta[c]! -= 2 * d;
    free.write(eta);
    const down = snapshot(free);
    columns.push(new Map([...up].map(([v, u]) => [v, u.map((x, k) => (x - down.get(v)![k]!) / (2 * d))])));
  }
  free.write(centre);
  const se = new Map<IRVariable, Tensor>();
  for (const [v, value] of theta0) {
    const out = new Float64Array(value.length);
    for (let k = 0; k < value.length; k++) {
      let variance = 0;
      for (let i = 0; i < P; i++) {
        const ji = columns[i]!.get(v)![k]!;
        if (ji === 0) continue;
        for (let j = 0; j < P; j++) variance += ji * covariance[i * P + j]! * columns[j]!.get(v)![k]!;
      }
      out[k] = Math.sqrt(Math.max(0, variance));
    }
    se.set(v, { shape: params.get(v)!.shape, data: out });
  }
  return { se, method: SE_METHOD };
}

function snapshot(free: FreeCoordinates): Map<IRVariable, Float64Array> {
  const m = new Map<IRVariable, Float64Array>();
  for (const v of free.variables) m.set(v, Float64Array.from(free.valueOf(v)));
  return m;
}

/** The params along the eigenvectors of the information with eigenvalue ≤ 0 (relative to the largest). */
function flatDirections(
  information: Float64Array,
  P: number,
  owner: (i: number) => IRVariable,
): InformationProblem {
  const { values, vectors } = symmetricEigen(information, P);
  const scale = Math.max(Math.abs(values[0]!), 1e-300);
  const names = new Set<string>();
  for (let j = 0; j < P; j++) {
    if (values[j]! > FLAT * scale) continue;
    let largest = 0;
    for (let i = 0; i < P; i++) largest = Math.max(largest, Math.abs(vectors[i * P + j]!));
    for (let i = 0; i < P; i++) if (Math.abs(vectors[i * P + j]!) > 0.3 * largest) names.add(owner(i).name);
  }
  const listed = [...names];
  return {
    params: listed,
    message: `the observed information is singular along ${listed.join(", ")}: the data do not determine ${listed.length === 1 ? "it" : "them"} (an unidentified param, or an estimate on the boundary of its type), so no standard error is given`,
  };
}
