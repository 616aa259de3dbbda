// Reading parameter values (`latent sample --params P.json`): an object { name: value } shaped like a
// fit result's `params` (nested arrays, 1-based order), each value checked against its param's declared type.

import { type CheckedModel, type Dim, dimValue, type ModelSymbol } from "../check";
import type { Diagnostic } from "../diagnostics";
import { covarianceProblem, simplexProblem } from "../distributions";
import { describeValue } from "./cells";
import { dataDiagnostic, readDataFile } from "./data-file";
import { boundSizeName, evaluateDim } from "./sizes";

export interface ParamValue {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

function collect(v: unknown, shape: readonly number[], path: string, out: number[]): string | undefined {
  if (shape.length === 0) {
    if (typeof v !== "number" || !Number.isFinite(v))
      return `${path} must be a finite number, not ${describeValue(v)}`;
    out.push(v);
    return undefined;
  }
  if (!Array.isArray(v) || v.length !== shape[0]) {
    return `${path} must be an array of ${shape[0]} ${shape.length > 1 ? "arrays" : "numbers"}`;
  }
  for (let i = 0; i < v.length; i++) {
    if (!Object.hasOwn(v, i)) return `${path}[${i + 1}] is a hole in the array`;
    const problem = collect(v[i], shape.slice(1), `${path}[${i + 1}]`, out);
    if (problem) return problem;
  }
  return undefined;
}

/** Why the values break the declared type (integer, count, category, positive, prob, simplex, cov), or undefined. */
export function typeProblem(
  s: ModelSymbol,
  shape: readonly number[],
  data: Float64Array,
): string | undefined {
  const d = s.type.domain;
  const K = d.categories ? dimValue(d.categories) : undefined;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (d.categories && !(Number.isInteger(v) && v >= 1 && (K === undefined || v <= K)))
      return `'${s.name}' is declared a category${K === undefined ? "" : ` in 1..${K}`}, but an entry is ${v}`;
    if (d.integer && !Number.isInteger(v)) return `'${s.name}' is declared an integer, but an entry is ${v}`;
    if (d.nonnegative && !d.positive && !d.atMostOne && !(v >= 0))
      return `'${s.name}' is declared non-negative, but an entry is ${v}`;
    if (d.positive && !(v > 0)) return `'${s.name}' is declared positive, but an entry is ${v}`;
    if (d.atMostOne && d.nonnegative && !(v >= 0 && v <= 1))
      return `'${s.name}' is declared a probability, but an entry is ${v}`;
  }
  const structure = s.type.structure;
  if (structure === "simplex") {
    const k = shape[shape.length - 1]!;
    for (let off = 0; off < data.length; off += k) {
      const p = simplexProblem(s.name, data.subarray(off, off + k));
      if (p) return `'${s.name}' is declared a simplex: ${p.replace(`${s.name} `, "it ")}`;
    }
  }
  if (structure === "cov") {
    const d2 = shape[shape.length - 1]! ** 2;
    for (let off = 0; off < data.length; off += d2) {
      const p = covarianceProblem(s.name, data.subarray(off, off + d2));
      if (p) return `'${s.name}' is declared cov: ${p.replace(`${s.name} `, "it ")}`;
    }
  }
  return undefined;
}

export interface ParamsResult {
  readonly params: Map<string, ParamValue> | undefined;
  readonly diagnostics: Diagnostic[];
}

/**
 * The parameters file as a JSON object, or why it is not one. A whole fit result is accepted as it is: its
 * `params` are the values, and its `set` (the sizes and consts the fit used) comes back as `given`.
 */
export async function readParamsFile(path: string): Promise<{
  value: Record<string, unknown> | undefined;
  given?: Record<string, unknown>;
  diagnostics: Diagnostic[];
}> {
  const read = await readDataFile(path);
  if (!read.data) return { value: undefined, diagnostics: read.diagnostics };
  if (read.data.kind !== "json") {
    return {
      value: undefined,
      diagnostics: [dataDiagnostic(path, "a parameters file is JSON: { name: value }", "E0313")],
    };
  }
  const value = read.data.value;
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === "object" && x !== null && !Array.isArray(x);
  if (isObject(value.params) && typeof value.model === "string" && isObject(value.plan))
    return {
      value: value.params,
      ...(isObject(value.set) ? { given: value.set } : {}),
      diagnostics: [],
    };
  return { value, diagnostics: [] };
}

/** The whole numbers ≥ 0 of a fit result's `set`, as `--set NAME=VALUE` arguments for those not given. */
export function setArgumentsFrom(
  given: Record<string, unknown> | undefined,
  already: readonly string[],
): string[] {
  if (!given) return [];
  const named = new Set(already.map((a) => a.split("=")[0]));
  return Object.entries(given).flatMap(([name, v]) =>
    typeof v === "number" && Number.isInteger(v) && v >= 0 && !named.has(name) ? [`${name}=${v}`] : [],
  );
}

/** Sizes that the params' array lengths fix (`mu[K]: vector[D]` given as K arrays of D numbers). */
export function sizesFromParams(model: CheckedModel, given: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of model.symbols.values()) {
    if (s.kind !== "param" || !Object.hasOwn(given, s.name)) continue;
    let v: unknown = given[s.name];
    for (const d of s.type.dims) {
      if (!Array.isArray(v)) break;
      const name = boundSizeName(d);
      if (name && !out.has(name)) out.set(name, v.length);
      v = v[0];
    }
  }
  return out;
}

/** Checks every param's value against its declared shape and type. */
export function bindParams(
  path: string,
  given: Record<string, unknown>,
  model: CheckedModel,
  sizes: ReadonlyMap<string, number>,
): ParamsResult {
  const diagnostics: Diagnostic[] = [];
  const params = new Map<string, ParamValue>();
  for (const s of model.symbols.values()) {
    if (s.kind !== "param") continue;
    if (!Object.hasOwn(given, s.name)) {
      diagnostics.push(
        dataDiagnostic(
          path,
          `no value for param '${s.name}'`,
          "E0314",
          undefined,
          undefined,
          "a fit result's params object can be passed as it is",
        ),
      );
      continue;
    }
    const shape = s.type.dims.map((d: Dim) => evaluateDim(d, sizes) ?? Number.NaN);
    const values: number[] = [];
    const problem =
      collect(given[s.name], shape, s.name, values) ?? typeProblem(s, shape, Float64Array.from(values));
    if (problem) diagnostics.push(dataDiagnostic(path, problem, "E0315"));
    else params.set(s.name, { shape, data: Float64Array.from(values) });
  }
  for (const key of Object.keys(given)) {
    const s = model.symbols.get(key);
    if (s?.kind !== "param") {
      diagnostics.push(
        dataDiagnostic(
          path,
          `'${key}' is not a param of the model; it is ignored`,
          "W0350",
          undefined,
          undefined,
          undefined,
          "warning",
        ),
      );
    }
  }
  return { params: diagnostics.some((d) => d.severity === "error") ? undefined : params, diagnostics };
}
