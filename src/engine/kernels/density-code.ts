// How the compiled pass computes one factor's log-density at a row, per distribution family: the numbers
// prepared once per state per pass (packed into a Float64Array), and the JavaScript that reads them. Only
// families with a worthwhile closed form are written out; the others call their prepared density.
//
// The emitted text is built from compiler-made identifiers and integers only (see codegen.ts).

import type { Distribution, Value } from "../../distributions";
import { cholesky, logDetFromCholesky, solveLowerMatrix } from "../../linalg";
import { LN_SQRT_2PI } from "../../special";

/** Names the emitted code uses for one factor: its packed params, data array and row offset. */
export interface FactorNames {
  readonly params: string;
  readonly data: string;
  readonly offset: string;
  /** The prepared densities (per state), for families without emitted code. */
  readonly prepared: string;
  /** Per-element views of vector rows, for prepared densities of vector families. */
  readonly views: string;
}

export interface DensityCode {
  /** Numbers packed per state. */
  readonly stride: number;
  /** Packs the state's evaluated (and validated) arguments at `out[base…]`. */
  pack(args: readonly Value[], out: Float64Array, base: number): void;
  /** Statements adding log p(row) to `l` for state `k` (`k` and `l` are the caller's names). */
  emit(names: FactorNames): string;
  /** Whether `emit` calls the prepared density (then the caller supplies prepared densities, and views). */
  readonly usesPrepared: boolean;
}

const UNROLL_LIMIT = 16;

/** MvNormal: r = x − μ, q = ‖L⁻¹ r‖², log p = c − q/2 with L⁻¹ stored (rows of a lower triangle). */
function mvNormalCode(d: number): DensityCode {
  const stride = d + d * d + 1;
  const identity = new Float64Array(d * d);
  for (let i = 0; i < d; i++) identity[i * d + i] = 1;
  return {
    stride,
    usesPrepared: false,
    pack: ([mean, cov], out, base) => {
      const c = cholesky(cov as Float64Array, d);
      if (!c.ok) throw new RangeError("MvNormal: covariance is not positive definite (validate first)");
      out.set(mean as Float64Array, base);
      out.set(solveLowerMatrix(c.L, d, identity, d), base + d);
      out[base + d + d * d] = -d * LN_SQRT_2PI - 0.5 * logDetFromCholesky(c.L, d);
    },
    emit: ({ params: P, data: X, offset: o }) => {
      const lines = [`const b = k * ${stride};`];
      if (d <= UNROLL_LIMIT) {
        for (let j = 0; j < d; j++) lines.push(`const r${j} = ${X}[${o} + ${j}] - ${P}[b + ${j}];`);
        lines.push("let q = 0, t = 0;");
        for (let i = 0; i < d; i++) {
          const terms = Array.from({ length: i + 1 }, (_, j) => `${P}[b + ${d + i * d + j}] * r${j}`);
          lines.push(`t = ${terms.join(" + ")}; q += t * t;`);
        }
      } else {
        lines.push(
          "let q = 0;",
          `for (let i = 0; i < ${d}; i++) {`,
          "  let t = 0;",
          `  for (let j = 0; j <= i; j++) t += ${P}[b + ${d} + i * ${d} + j] * (${X}[${o} + j] - ${P}[b + j]);`,
          "  q += t * t;",
          "}",
        );
      }
      lines.push(`l += ${P}[b + ${d + d * d}] - 0.5 * q;`);
      return `{\n${lines.join("\n")}\n}`;
    },
  };
}

/** Normal: z = (x − μ)/σ, log p = −log σ − log √(2π) − z²/2. */
const normalCode: DensityCode = {
  stride: 3,
  usesPrepared: false,
  pack: ([mean, sd], out, base) => {
    const s = sd as number;
    out[base] = mean as number;
    out[base + 1] = 1 / s;
    out[base + 2] = -Math.log(s) - LN_SQRT_2PI;
  },
  emit: ({ params: P, data: X, offset: o }) =>
    `{ const b = k * 3; const z = (${X}[${o}] - ${P}[b]) * ${P}[b + 1]; l += ${P}[b + 2] - 0.5 * z * z; }`,
};

/** Any family with a prepared density: one call per row and state. */
function preparedCode(vector: boolean): DensityCode {
  return {
    stride: 0,
    usesPrepared: true,
    pack: () => {},
    emit: ({ prepared, data, offset, views }) =>
      vector ? `l += ${prepared}[k](${views}[e]);` : `l += ${prepared}[k](${data}[${offset}]);`,
  };
}

/** The code for a factor of `family` whose target rows have `length` numbers. */
export function densityCode(family: Distribution, length: number, vectorTarget: boolean): DensityCode {
  if (family.name === "MvNormal") return mvNormalCode(length);
  if (family.name === "Normal" && !vectorTarget) return normalCode;
  return preparedCode(vectorTarget);
}

/** The density of `family` at fixed (validated) arguments, as one function of the outcome. */
export function prepareDensity(family: Distribution, args: readonly Value[]): (x: Value) => number {
  return family.prepare ? family.prepare(args) : (x) => family.logDensity(x, args);
}
