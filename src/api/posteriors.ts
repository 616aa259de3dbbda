// Each latent's posterior at given params — a fit's estimate (`latent fit --posteriors FILE`) or a fit
// applied to new data (`latent predict`) — shaped as docs/language.md describes: an object keyed by latent
// name, or a CSV table with one line per data row. The numbers come from one E-step (engine/estep-at.ts).

import { parseSetArguments } from "../data";
import type { Diagnostic } from "../diagnostics";
import {
  type EmModel,
  type EmVariant,
  eStepAt,
  FitError,
  type LatentPosterior,
  type PosteriorReport,
} from "../engine";
import type { IRVariable } from "../ir";
import { createRng, deriveSeed } from "../random";
import { checkFile } from "./check";

/** Per element of a latent, shaped by its array dims: `T` per element, null where no E-step reached one. */
export type PerElement<T> = T | null | PerElement<T>[];

/** A discrete latent's posterior: per element the probabilities of its states, and the most probable one. */
export interface DiscretePosterior {
  /** Per element: P(state) for each value the latent takes, in order (1..K for cat(K), 0 and 1 for Bernoulli). */
  readonly probs: PerElement<number[]>;
  /** Per element: the most probable value (the first of equals). */
  readonly map: PerElement<number>;
}

/** A continuous latent's posterior mean and standard deviation per element (and covariance for a vector). */
export interface ContinuousPosterior {
  /** Per element: E[latent | data] (an array for a vector latent). */
  readonly mean: PerElement<number> | PerElement<number[]>;
  /** Per element: the posterior standard deviation (per coordinate for a vector latent). */
  readonly sd: PerElement<number> | PerElement<number[]>;
  /** A vector latent: per element the posterior covariance matrix. */
  readonly cov?: PerElement<number[][]>;
}

export type LatentPosteriorJson = DiscretePosterior | ContinuousPosterior;

/** Every declared latent's posterior, keyed by its name: what `latent fit --posteriors FILE.json` writes. */
export type Posteriors = Record<string, LatentPosteriorJson>;

/** What asking a fit for its posteriors gives. */
export interface PosteriorsResult {
  /** Keyed by latent name; undefined when the E-step failed (the diagnostics say why). */
  readonly posteriors: Posteriors | undefined;
  /**
   * The same as a CSV table (what `--posteriors FILE.csv` writes): column `n`, then per latent NAME
   * `p.NAME.<value>` for each value and `map.NAME`, or `mean.NAME` and `sd.NAME` (`mean.NAME.j`, `sd.NAME.j`
   * for a vector). Undefined when a latent is not one per data row; `csvProblem` then says which.
   */
  readonly csv: string | undefined;
  readonly csvProblem?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** The latents a model declares (a categorical label made latent where it is missing is data). */
const declared = (p: LatentPosterior) => p.latent.symbol.kind === "latent";

/** Whether a latent is a vector (its values have dims of their own), not a scalar per element. */
const isVector = (p: LatentPosterior) => p.latent.type.dims.length > p.shape.length;

function nestElements<T>(shape: readonly number[], at: (element: number) => T | null): PerElement<T> {
  if (shape.length === 0) return at(0);
  const build = (offset: number, depth: number): PerElement<T> => {
    if (depth === shape.length) return at(offset);
    const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[depth]! }, (_, i) => build(offset + i * stride, depth + 1));
  };
  return build(0, 0);
}

/** The value with the highest probability in an element's row (the first of equals). */
function mapValue(p: LatentPosterior, element: number): number {
  const K = p.values!.length;
  let best = 0;
  for (let k = 1; k < K; k++) if (p.probs![element * K + k]! > p.probs![element * K + best]!) best = k;
  return p.values![best]!;
}

const sdOf = (p: LatentPosterior, element: number, i: number) =>
  Math.sqrt(Math.max(0, p.cov![(element * p.length + i) * p.length + i]!));

/** One element's posterior as the JSON form holds it. */
function elementJson(p: LatentPosterior, e: number): { discrete: number[]; map: number } | undefined {
  if (!p.reached[e] || !p.probs) return undefined;
  const K = p.values!.length;
  return { discrete: Array.from(p.probs.subarray(e * K, (e + 1) * K)), map: mapValue(p, e) };
}

function latentJson(p: LatentPosterior): LatentPosteriorJson {
  if (p.probs)
    return {
      probs: nestElements(p.shape, (e) => elementJson(p, e)?.discrete ?? null),
      map: nestElements(p.shape, (e) => elementJson(p, e)?.map ?? null),
    };
  return continuousElements(p, p.shape, isVector(p));
}

function continuousElements(
  p: LatentPosterior,
  shape: readonly number[],
  vector: boolean,
): ContinuousPosterior {
  const L = p.length;
  const reached = (e: number) => p.reached[e] === 1;
  if (!vector)
    return {
      mean: nestElements(shape, (e) => (reached(e) ? p.mean![e]! : null)),
      sd: nestElements(shape, (e) => (reached(e) ? sdOf(p, e, 0) : null)),
    };
  return {
    mean: nestElements(shape, (e) => (reached(e) ? Array.from(p.mean!.subarray(e * L, (e + 1) * L)) : null)),
    cov: nestElements(shape, (e) =>
      reached(e)
        ? Array.from({ length: L }, (_, i) =>
            Array.from(p.cov!.subarray((e * L + i) * L, (e * L + i + 1) * L)),
          )
        : null,
    ),
    sd: nestElements(shape, (e) => (reached(e) ? Array.from({ length: L }, (_, i) => sdOf(p, e, i)) : null)),
  };
}

/** Posteriors keyed by latent name, in declaration order. */
export function posteriorsJson(report: PosteriorReport, order: readonly IRVariable[]): Posteriors {
  const out: Posteriors = {};
  for (const p of sortedLatents(report, order)) out[p.latent.name] = latentJson(p);
  return out;
}

function sortedLatents(report: PosteriorReport, order: readonly IRVariable[]): LatentPosterior[] {
  const position = new Map(order.map((v, i) => [v, i] as const));
  return report.latents
    .filter(declared)
    .sort((a, b) => (position.get(a.latent) ?? 0) - (position.get(b.latent) ?? 0));
}

/**
 * Per data row: which element of each latent belongs to it, or why a latent is not one per row (it has
 * more than one array dim, or its elements are not the rows of the data's plate).
 */
export function rowElements(
  report: PosteriorReport,
  order: readonly IRVariable[],
): { latents: LatentPosterior[]; elements: Map<number, number>[] } | { problem: string } {
  const latents = sortedLatents(report, order);
  const rows = report.rows;
  const elements: Map<number, number>[] = [];
  for (const p of latents) {
    if (!rows || p.shape.length !== 1)
      return { problem: `the latent ${p.latent.name} is not one per data row` };
    const byRow = new Map<number, number>();
    for (let e = 0; e < p.reached.length; e++) {
      if (!p.reached[e]) continue;
      if (p.rows[e] === 0 || byRow.has(p.rows[e]!))
        return { problem: `the latent ${p.latent.name} is not one per row of the plate ${rows.plate.index}` };
      byRow.set(p.rows[e]!, e);
    }
    elements.push(byRow);
  }
  return { latents, elements };
}

const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "" : String(v));

/** The CSV columns of one latent, and its cells at an element (undefined: not reached). */
function csvColumns(p: LatentPosterior): { header: string[]; cells: (e: number | undefined) => string[] } {
  const name = p.latent.name;
  if (p.probs) {
    const values = p.values!;
    const K = values.length;
    return {
      header: [...values.map((v) => `p.${name}.${v}`), `map.${name}`],
      cells: (e) =>
        e === undefined
          ? new Array(K + 1).fill("")
          : [...Array.from(p.probs!.subarray(e * K, (e + 1) * K), (x) => cell(x)), cell(mapValue(p, e))],
    };
  }
  const L = p.length;
  if (!isVector(p))
    return {
      header: [`mean.${name}`, `sd.${name}`],
      cells: (e) => (e === undefined ? ["", ""] : [cell(p.mean![e]), cell(sdOf(p, e, 0))]),
    };
  const coords = Array.from({ length: L }, (_, i) => i);
  return {
    header: [...coords.map((i) => `mean.${name}.${i + 1}`), ...coords.map((i) => `sd.${name}.${i + 1}`)],
    cells: (e) =>
      e === undefined
        ? new Array(2 * L).fill("")
        : [...coords.map((i) => cell(p.mean![e * L + i])), ...coords.map((i) => cell(sdOf(p, e, i)))],
  };
}

/**
 * The table of `--posteriors FILE.csv` (and of `latent predict`, with `loglik`): one line per row of the
 * data's plate. A problem when a latent is not one per row.
 */
export function posteriorsCsv(
  report: PosteriorReport,
  order: readonly IRVariable[],
  loglik?: Float64Array,
): { csv: string } | { problem: string } {
  const split = rowElements(report, order);
  if ("problem" in split) return split;
  const rows = report.rows;
  const columns = split.latents.map(csvColumns);
  const header = ["n", ...(loglik ? ["loglik"] : []), ...columns.flatMap((c) => c.header)];
  const lines = [header.join(",")];
  rows?.indices.forEach((n, i) => {
    const cells = [String(n), ...(loglik ? [cell(loglik[i])] : [])];
    columns.forEach((c, j) => {
      cells.push(...c.cells(split.elements[j]!.get(n)));
    });
    lines.push(cells.join(","));
  });
  return { csv: `${lines.join("\n")}\n` };
}

/** One row's posteriors as `latent predict --json` holds them: per latent, its element's JSON form. */
export function rowPosteriorsJson(p: LatentPosterior, e: number | undefined): LatentPosteriorJson | null {
  if (e === undefined) return null;
  if (p.probs) {
    const one = elementJson(p, e)!;
    return { probs: one.discrete, map: one.map };
  }
  const single: LatentPosterior = {
    ...p,
    shape: [],
    reached: Uint8Array.of(1),
    mean: p.mean!.subarray(e * p.length, (e + 1) * p.length),
    cov: p.cov!.subarray(e * p.length * p.length, (e + 1) * p.length * p.length),
  };
  return continuousElements(single, [], isVector(p));
}

/** A FitError from the E-step as a diagnostic (the params make the model impossible to evaluate). */
export function eStepDiagnostic(e: FitError, what: string): Diagnostic {
  const site = e.factor ? ` at '${e.factor.target.name} ~ ${e.factor.distribution.name}'` : "";
  return {
    severity: "error",
    code: "E0404",
    message: `${what}: ${e.message}${site}`,
    ...(e.factor ? { span: e.factor.span } : {}),
  };
}

/**
 * The posteriors at a fit's params, from one E-step there: `hard` gives hard EM's 0/1 classification, and
 * a Monte-Carlo E-step draws with a seed derived from the fit's.
 */
export function posteriorsAt(
  em: EmModel,
  params: ReadonlyMap<IRVariable, Float64Array>,
  variant: EmVariant,
  seed: number,
): PosteriorsResult {
  const order = [...em.ir.variables.values()];
  let report: PosteriorReport;
  try {
    report = eStepAt(em, params, { variant, rng: createRng(deriveSeed(seed, 0, 1)) });
  } catch (e) {
    if (!(e instanceof FitError)) throw e;
    return {
      posteriors: undefined,
      csv: undefined,
      diagnostics: [eStepDiagnostic(e, "the E-step at the fitted params failed")],
    };
  }
  const table = posteriorsCsv(report, order);
  return {
    posteriors: posteriorsJson(report, order),
    csv: "csv" in table ? table.csv : undefined,
    ...("problem" in table ? { csvProblem: table.problem } : {}),
    diagnostics: [],
  };
}

/**
 * Why `latent fit --posteriors` in this format has nothing it could write, found from the model text before
 * any work: the model declares no latent, or (CSV) a latent has more than one array dim or none. Undefined
 * when it may (a model with errors is left to the fit to report).
 */
export async function posteriorsProblem(
  modelPath: string,
  format: "json" | "csv",
  set: readonly string[] = [],
): Promise<string | undefined> {
  const values = parseSetArguments(set);
  const report = await checkFile(modelPath, { overrides: values.values });
  if (!report.model) return undefined;
  const latents = [...report.model.symbols.values()].filter((s) => s.kind === "latent");
  if (latents.length === 0) return "the model declares no latent, so there is no posterior to write";
  if (format === "csv")
    for (const s of latents)
      if (s.declaration.kind !== "variable" || s.declaration.dims.length !== 1)
        return `the latent ${s.name} is not one per data row, so its posterior has no CSV form: write a .json file`;
  return undefined;
}
