// Maps a parameter block's constrained values θ to unconstrained η and back, by declared type, with the
// exact chain rule g_η = Jᵀ g_θ, so a gradient M-step can move freely in η and always land on a valid θ.

import { gradientKind } from "../../derive";
import { cholesky } from "../../linalg";

export type BlockKind = "real" | "positive" | "prob" | "simplex" | "cov";

export interface BlockTransform {
  readonly kind: BlockKind;
  /** Length of η (may differ from θ's length, e.g. cov uses only the lower triangle). */
  readonly size: number;
  toUnconstrained(theta: Float64Array): Float64Array;
  /** Writes θ(η) into out (length of θ). */
  fromUnconstrained(eta: Float64Array, out: Float64Array): void;
  /** g_η = J(η)ᵀ g_θ, where g_θ = ∂f/∂θ treating every θ entry as free (for cov, the full d×d gradient matrix, not assumed symmetric). */
  pullBack(eta: Float64Array, gTheta: Float64Array, out: Float64Array): void;
}

/** The structural part of a checker ValueType (src/check/types.ts) that decides the transform. */
export interface DeclaredType {
  readonly structure: "simplex" | "cov" | undefined | string;
  readonly domain: {
    readonly positive: boolean;
    readonly nonnegative: boolean;
    readonly atMostOne: boolean;
    readonly integer: boolean;
  };
}

// log of 0 would give η = −∞, which no finite step can leave: zeros map to this tiny value instead.
const TINY = 1e-300;
const PROB_MAX = 1 - 1e-16;

/**
 * The transform of a block of the given kind and shape (θ row-major over `shape`). Throws a RangeError if
 * the shape cannot carry the kind (a simplex needs a last dim, a cov two equal last dims).
 *
 * - real: η = θ.
 * - positive: θ = exp η; θ = 0 maps to η = log 1e-300.
 * - prob: θ = logistic η, computed so neither tail overflows; θ is clamped into [1e-300, 1 − 1e-16] before logit.
 * - simplex: over-parametrised softmax over the last dim, η the same length as θ: θ_row = softmax(η_row).
 *   η is centred (zero row mean) on the way in; the direction that adds a constant to a row is flat, and its
 *   gradient component is exactly zero, so an ascent step never moves along it.
 * - cov: log-Cholesky over the last two dims (d×d): Σ = L Lᵀ, L_ij = η for j < i, L_ii = exp η; η holds
 *   each matrix's lower triangle row by row (d(d+1)/2 entries per matrix).
 */
export function blockTransform(kind: BlockKind, shape: readonly number[]): BlockTransform {
  const problem = shapeProblem(kind, shape);
  if (problem !== undefined) throw new RangeError(`blockTransform: ${problem}`);
  const n = shape.reduce((a, b) => a * b, 1);
  switch (kind) {
    case "real":
      return realTransform(n);
    case "positive":
      return positiveTransform(n);
    case "prob":
      return probTransform(n);
    case "simplex":
      return simplexTransform(n, shape[shape.length - 1]!);
    case "cov":
      return covTransform(n, shape[shape.length - 1]!);
  }
}

/**
 * The transform for a declared type (classified as the derivation does), or a sentence saying why the
 * block cannot take a gradient step.
 */
export function transformFor(type: DeclaredType, shape: readonly number[]): BlockTransform | string {
  const kind = gradientKind(type);
  if (typeof kind === "object") return kind.problem;
  const problem = shapeProblem(kind, shape);
  return problem ?? blockTransform(kind, shape);
}

function shapeProblem(kind: BlockKind, shape: readonly number[]): string | undefined {
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) return `shape [${shape.join(", ")}] is not a shape`;
  if (kind === "simplex" && (shape.length < 1 || shape[shape.length - 1]! < 1))
    return `a simplex needs a last dim of at least 1, got shape [${shape.join(", ")}]`;
  if (kind === "cov") {
    const r = shape[shape.length - 2];
    const c = shape[shape.length - 1];
    if (r === undefined || c === undefined || r !== c || r < 1)
      return `a cov needs two equal last dims of at least 1, got shape [${shape.join(", ")}]`;
  }
  return undefined;
}

function checkLength(what: string, a: Float64Array, n: number): void {
  if (a.length !== n) throw new RangeError(`${what} has ${a.length} entries, need ${n}`);
}

function realTransform(n: number): BlockTransform {
  return {
    kind: "real",
    size: n,
    toUnconstrained(theta) {
      checkLength("theta", theta, n);
      return Float64Array.from(theta);
    },
    fromUnconstrained(eta, out) {
      checkLength("eta", eta, n);
      checkLength("out", out, n);
      out.set(eta);
    },
    pullBack(eta, gTheta, out) {
      checkLength("eta", eta, n);
      checkLength("gTheta", gTheta, n);
      checkLength("out", out, n);
      out.set(gTheta);
    },
  };
}

function positiveTransform(n: number): BlockTransform {
  return {
    kind: "positive",
    size: n,
    toUnconstrained(theta) {
      checkLength("theta", theta, n);
      const eta = new Float64Array(n);
      for (let i = 0; i < n; i++) eta[i] = Math.log(Math.max(theta[i]!, TINY));
      return eta;
    },
    fromUnconstrained(eta, out) {
      checkLength("eta", eta, n);
      checkLength("out", out, n);
      for (let i = 0; i < n; i++) out[i] = Math.exp(eta[i]!);
    },
    pullBack(eta, gTheta, out) {
      checkLength("eta", eta, n);
      checkLength("gTheta", gTheta, n);
      checkLength("out", out, n);
      // dθ/dη = θ
      for (let i = 0; i < n; i++) out[i] = gTheta[i]! * Math.exp(eta[i]!);
    },
  };
}

/** logistic(η) = 1/(1+e^−η) without overflowing e^−η for very negative η. */
function logistic(e: number): number {
  if (e >= 0) return 1 / (1 + Math.exp(-e));
  const z = Math.exp(e);
  return z / (1 + z);
}

function probTransform(n: number): BlockTransform {
  return {
    kind: "prob",
    size: n,
    toUnconstrained(theta) {
      checkLength("theta", theta, n);
      const eta = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const t = Math.min(Math.max(theta[i]!, TINY), PROB_MAX);
        // log1p keeps logit accurate for θ near 0, where 1 − θ rounds to 1
        eta[i] = Math.log(t) - Math.log1p(-t);
      }
      return eta;
    },
    fromUnconstrained(eta, out) {
      checkLength("eta", eta, n);
      checkLength("out", out, n);
      for (let i = 0; i < n; i++) out[i] = logistic(eta[i]!);
    },
    pullBack(eta, gTheta, out) {
      checkLength("eta", eta, n);
      checkLength("gTheta", gTheta, n);
      checkLength("out", out, n);
      for (let i = 0; i < n; i++) {
        // θ(1 − θ) = e^−|η| / (1 + e^−|η|)², symmetric in η and free of cancellation in 1 − θ
        const z = Math.exp(-Math.abs(eta[i]!));
        out[i] = (gTheta[i]! * z) / ((1 + z) * (1 + z));
      }
    },
  };
}

function simplexTransform(n: number, k: number): BlockTransform {
  const rows = n / k;
  const softmaxRow = (eta: Float64Array, out: Float64Array, o: number): void => {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, eta[o + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(eta[o + j]! - max);
      out[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < k; j++) out[o + j] = out[o + j]! / sum;
  };
  return {
    kind: "simplex",
    size: n,
    toUnconstrained(theta) {
      checkLength("theta", theta, n);
      const eta = new Float64Array(n);
      for (let r = 0; r < rows; r++) {
        const o = r * k;
        let mean = 0;
        for (let j = 0; j < k; j++) {
          eta[o + j] = Math.log(Math.max(theta[o + j]!, TINY));
          mean += eta[o + j]!;
        }
        mean /= k;
        for (let j = 0; j < k; j++) eta[o + j] = eta[o + j]! - mean;
      }
      return eta;
    },
    fromUnconstrained(eta, out) {
      checkLength("eta", eta, n);
      checkLength("out", out, n);
      for (let r = 0; r < rows; r++) softmaxRow(eta, out, r * k);
    },
    pullBack(eta, gTheta, out) {
      checkLength("eta", eta, n);
      checkLength("gTheta", gTheta, n);
      checkLength("out", out, n);
      // ∂θ_i/∂η_j = θ_i(δ_ij − θ_j) ⇒ g_η,j = θ_j (g_j − Σ_i θ_i g_i)
      const theta = new Float64Array(k);
      for (let r = 0; r < rows; r++) {
        const o = r * k;
        softmaxRow(eta.subarray(o, o + k), theta, 0);
        let mean = 0;
        for (let j = 0; j < k; j++) mean += theta[j]! * gTheta[o + j]!;
        for (let j = 0; j < k; j++) out[o + j] = theta[j]! * (gTheta[o + j]! - mean);
      }
    },
  };
}

function covTransform(n: number, d: number): BlockTransform {
  const dd = d * d;
  const tri = (d * (d + 1)) / 2;
  const count = n / dd;
  /** L (full d×d, zero above the diagonal) from one matrix's η triangle at offset o. */
  const factorOf = (eta: Float64Array, o: number, L: Float64Array): void => {
    L.fill(0);
    let t = o;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) L[i * d + j] = eta[t++]!;
      L[i * d + i] = Math.exp(eta[t++]!);
    }
  };
  return {
    kind: "cov",
    size: count * tri,
    toUnconstrained(theta) {
      checkLength("theta", theta, n);
      const eta = new Float64Array(count * tri);
      const sym = new Float64Array(dd);
      for (let m = 0; m < count; m++) {
        // symmetrise first: cholesky reads only the lower triangle, so an asymmetric θ would be half-ignored
        for (let i = 0; i < d; i++)
          for (let j = 0; j <= i; j++) {
            const v = 0.5 * (theta[m * dd + i * d + j]! + theta[m * dd + j * d + i]!);
            sym[i * d + j] = v;
            sym[j * d + i] = v;
          }
        const f = cholesky(sym, d);
        if (!f.ok)
          throw new RangeError(
            `cov transform: matrix ${m} is not positive definite (pivot ${f.pivot}, value ${f.value})`,
          );
        let t = m * tri;
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < i; j++) eta[t++] = f.L[i * d + j]!;
          eta[t++] = Math.log(f.L[i * d + i]!);
        }
      }
      return eta;
    },
    fromUnconstrained(eta, out) {
      checkLength("eta", eta, count * tri);
      checkLength("out", out, n);
      const L = new Float64Array(dd);
      for (let m = 0; m < count; m++) {
        factorOf(eta, m * tri, L);
        const o = m * dd;
        for (let i = 0; i < d; i++)
          for (let j = 0; j <= i; j++) {
            let s = 0;
            for (let k = 0; k <= j; k++) s += L[i * d + k]! * L[j * d + k]!;
            out[o + i * d + j] = s;
            out[o + j * d + i] = s;
          }
      }
    },
    pullBack(eta, gTheta, out) {
      checkLength("eta", eta, count * tri);
      checkLength("gTheta", gTheta, n);
      checkLength("out", out, count * tri);
      const L = new Float64Array(dd);
      for (let m = 0; m < count; m++) {
        factorOf(eta, m * tri, L);
        const o = m * dd;
        // dΣ = dL Lᵀ + L dLᵀ ⇒ ∂f/∂L = (G + Gᵀ) L, of which only the lower triangle is free
        let t = m * tri;
        for (let i = 0; i < d; i++)
          for (let j = 0; j <= i; j++) {
            let s = 0;
            for (let k = j; k < d; k++)
              s += (gTheta[o + i * d + k]! + gTheta[o + k * d + i]!) * L[k * d + j]!;
            // the diagonal is exp η: chain by L_ii
            out[t++] = i === j ? s * L[i * d + i]! : s;
          }
      }
    },
  };
}
