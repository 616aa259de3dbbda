// The generated source of a latent group's pass: one loop over the group's elements that
// computes each state's log-weight, normalises (log-sum-exp), adds to the log-likelihood and entropy,
// applies the hard/stochastic rule, and adds the posterior-weighted moments of the data rows into the
// accumulators the M-step reads — no N×K array unless an update needs one.
//
// The source is assembled only from fixed text, identifiers this file makes, and integers it formats; no
// name, label or number from a model or data file ever enters it (test/engine/kernels.test.ts checks).

import type { DensityCode } from "./density-code";

export interface FactorSpec {
  readonly code: DensityCode;
}

/** One data read whose moments the M-step needs, per state: Σ w, Σ w u, Σ w u uᵀ with u = v − centre. */
export interface MomentSpec {
  readonly length: number;
  readonly order: 1 | 2;
  /** Where state k's moments start in the accumulator array: base + k × stride. */
  readonly base: number;
  readonly stride: number;
}

export interface PassSpec {
  readonly states: number;
  readonly factors: readonly FactorSpec[];
  readonly moments: readonly MomentSpec[];
  readonly variant: "em" | "hard" | "stochastic";
  /** Write each element's posterior into the N×S array (an update needs it). */
  readonly storeGamma: boolean;
  /** Skip the E-step and read the posteriors from the N×S array (the first M-step of a start). */
  readonly fromGamma: boolean;
}

function integer(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`codegen: ${n} is not an integer`);
  return String(n);
}

/** Σ w (v − c) and Σ w (v − c)(v − c)ᵀ (upper triangle, row by row) for one moment read. */
function momentCode(m: MomentSpec, r: number): string {
  const d = m.length;
  const lines = [`{ const b = ${integer(m.base)} + k * ${integer(m.stride)}; const c = k * ${integer(d)};`];
  for (let i = 0; i < d; i++) lines.push(`const u${i} = MX${r}[or${r} + ${i}] - MC${r}[c + ${i}];`);
  lines.push("A[b] += p;");
  for (let i = 0; i < d; i++) lines.push(`const pu${i} = p * u${i}; A[b + ${1 + i}] += pu${i};`);
  if (m.order === 2) {
    let slot = 1 + d;
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++) lines.push(`A[b + ${integer(slot++)}] += pu${i} * u${j};`);
  }
  lines.push("}");
  return lines.join("\n");
}

export function passSource(spec: PassSpec): string {
  const S = integer(spec.states);
  const out: string[] = ['"use strict";', "const E = env.E, WT = env.WT, C = env.C, L = env.L, A = env.A;"];
  out.push("const GAM = env.GAM, RND = env.RND;");
  spec.factors.forEach((_, i) => {
    out.push(`const P${i} = env.P[${i}], X${i} = env.X[${i}], O${i} = env.O[${i}];`);
    out.push(`const F${i} = env.F[${i}], V${i} = env.V[${i}];`);
  });
  spec.moments.forEach((_, r) => {
    out.push(`const MX${r} = env.MX[${r}], MO${r} = env.MO[${r}], MC${r} = env.MC[${r}];`);
  });
  out.push("return function pass(result) {", "let ll = 0, ent = 0;", "for (let e = 0; e < E; e++) {");
  out.push("const w = WT[e];");
  if (spec.fromGamma) {
    out.push(`for (let k = 0; k < ${S}; k++) L[k] = GAM[e * ${S} + k];`);
  } else {
    for (let i = 0; i < spec.factors.length; i++) out.push(`const o${i} = O${i}[e];`);
    out.push("let mx = -Infinity;", `for (let k = 0; k < ${S}; k++) {`, "let l = C[k];");
    spec.factors.forEach((f, i) => {
      out.push(
        f.code.emit({ params: `P${i}`, data: `X${i}`, offset: `o${i}`, prepared: `F${i}`, views: `V${i}` }),
      );
    });
    out.push("L[k] = l;", "if (l > mx) mx = l;", "}");
    // An element impossible under every state (or a NaN log-weight): the caller names it.
    out.push("if (!(mx > -Infinity) || mx === Infinity) return e + 1;");
    // Σₖ γₖ log γₖ = (Σₖ vₖ (lₖ − max)) / sum − log sum with vₖ = exp(lₖ − max): no log per state.
    out.push(
      "let sum = 0, vl = 0;",
      `for (let k = 0; k < ${S}; k++) { const d = L[k] - mx; const v = Math.exp(d); L[k] = v; sum += v; if (v > 0) vl += v * d; }`,
    );
    out.push("const logSum = Math.log(sum);", "ll += w * (mx + logSum);", "ent -= w * (vl / sum - logSum);");
    out.push(`const inv = 1 / sum; for (let k = 0; k < ${S}; k++) L[k] *= inv;`);
    if (spec.variant === "hard") {
      out.push(`let best = 0; for (let k = 1; k < ${S}; k++) if (L[k] > L[best]) best = k;`);
      out.push(`for (let k = 0; k < ${S}; k++) L[k] = k === best ? 1 : 0;`);
    } else if (spec.variant === "stochastic") {
      out.push(`const pick = RND(L); for (let k = 0; k < ${S}; k++) L[k] = k === pick ? 1 : 0;`);
    }
    if (spec.storeGamma) out.push(`for (let k = 0; k < ${S}; k++) GAM[e * ${S} + k] = L[k];`);
  }
  if (spec.moments.length > 0) {
    for (let r = 0; r < spec.moments.length; r++) out.push(`const or${r} = MO${r}[e];`);
    out.push(`for (let k = 0; k < ${S}; k++) {`, "const p = w * L[k];", "if (p === 0) continue;");
    spec.moments.forEach((m, r) => {
      out.push(momentCode(m, r));
    });
    out.push("}");
  }
  out.push("}", "result[0] = ll;", "result[1] = ent;", "return 0;", "};");
  return out.join("\n");
}

/** Everything a generated pass reads; arrays are filled in place between passes. */
export interface PassEnv {
  readonly E: number;
  readonly WT: Float64Array;
  readonly C: Float64Array;
  readonly L: Float64Array;
  readonly A: Float64Array;
  readonly GAM: Float64Array | null;
  readonly RND: ((p: Float64Array) => number) | null;
  readonly P: readonly Float64Array[];
  readonly X: readonly Float64Array[];
  readonly O: readonly Int32Array[];
  readonly F: readonly (((x: number | Float64Array) => number)[] | null)[];
  readonly V: readonly (Float64Array[] | null)[];
  readonly MX: readonly Float64Array[];
  readonly MO: readonly Int32Array[];
  readonly MC: readonly Float64Array[];
}

export type Pass = (result: Float64Array) => number;

/** Compiles the pass once per fit (the Function constructor sees only the text made above). */
export function compilePass(spec: PassSpec, env: PassEnv): { pass: Pass; source: string } {
  const source = passSource(spec);
  // The one place generated text becomes code: it holds only what passSource wrote.
  const make = new Function("env", source) as (env: PassEnv) => Pass;
  return { pass: make(env), source };
}
