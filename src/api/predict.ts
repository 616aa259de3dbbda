// `predict`: a fitted model applied to data — the params fixed at a fit's (a fit result's `params`, or a
// params file), one E-step on the data, and per row of the data's plate its log-likelihood log p(xₙ | θ̂)
// and its latents' posteriors. Sizes come from the data's shape; consts the fit was given come with it.

import {
  bindParams,
  boundSizeName,
  parseSetArguments,
  readParamsFile,
  setArgumentsFrom,
  sizesFromParams,
} from "../data";
import { type Diagnostic, hasErrors, type SourceFile } from "../diagnostics";
import { eStepAt, FitError } from "../engine";
import type { IRVariable } from "../ir";
import { createRng, deriveSeed } from "../random";
import { checkFile } from "./check";
import { prepareFit } from "./fit";
import {
  eStepDiagnostic,
  type LatentPosteriorJson,
  posteriorsCsv,
  rowElements,
  rowPosteriorsJson,
} from "./posteriors";

export interface PredictOptions {
  /** A fit result (`latent fit --json` or `--out`), whose `params` are used, or a params file `{ name: value }`. */
  readonly fit: string;
  /** The data to predict: CSV with a header row, or JSON, read as `latent fit --data` reads it. */
  readonly data: string;
  /** `NAME=VALUE` bindings of sizes and constants (a fit result brings the consts it was given). */
  readonly set?: readonly string[];
  /** `NAME=c1,c2,…` bindings of data to CSV columns. */
  readonly columns?: readonly string[];
  /** Seed of a Monte-Carlo E-step's draws (default 1). */
  readonly seed?: number;
}

/** One row of the data's plate: its index, log p(xₙ | θ̂) (null for a row of weight 0), and each latent's posterior. */
export interface PredictRow {
  readonly n: number;
  readonly loglik: number | null;
  readonly [latent: string]: number | null | LatentPosteriorJson;
}

/** What `latent predict --json` prints. */
export interface PredictResultJson {
  /** Σ over rows of weight × loglik: ℓ at the params. */
  logLikelihood: number;
  /** Present (false) when ℓ is a Monte-Carlo estimate. */
  logLikelihoodExact?: false;
  rows: PredictRow[];
}

export interface PredictResult {
  readonly result: PredictResultJson | undefined;
  /** What `latent predict` prints: `n`, `loglik`, then each latent's columns as `--posteriors FILE.csv`. */
  readonly csv: string | undefined;
  /** Why there is no JSON form (a latent named `n` or `loglik`), when only the CSV could be made. */
  readonly jsonProblem?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
}

const usage = (message: string): Diagnostic => ({ severity: "error", code: "E0002", message });

export async function predictFile(modelPath: string, options: PredictOptions): Promise<PredictResult> {
  const set = parseSetArguments(options.set ?? []);
  const report = await checkFile(modelPath, { overrides: set.values });
  const early: Diagnostic[] = [...report.diagnostics, ...set.diagnostics];
  const fail = (diagnostics: Diagnostic[], source = report.source): PredictResult => ({
    result: undefined,
    csv: undefined,
    diagnostics,
    source,
  });
  if (!report.model || hasErrors(early)) return fail(early);
  const file = await readParamsFile(options.fit);
  if (!file.value) return fail([...early, ...file.diagnostics]);
  // Sizes come from the new data's shape; the consts the fit was given, and sizes that only the params'
  // shapes fix (a `size K` no data reads), come from the fit unless --set says otherwise.
  const model = report.model;
  const fromData = new Set<string>();
  for (const s of model.symbols.values())
    if (s.kind === "data")
      for (const d of s.type.dims) {
        const name = boundSizeName(d);
        if (name) fromData.add(name);
      }
  const named = new Set(set.values.keys());
  const consts = Object.fromEntries(
    Object.entries(file.given ?? {}).filter(([name]) => model.symbols.get(name)?.kind === "const"),
  );
  const extra = setArgumentsFrom(consts, options.set ?? []);
  for (const a of extra) named.add(a.split("=")[0]!);
  for (const [name, value] of sizesFromParams(model, file.value)) {
    const kind = model.symbols.get(name)?.kind;
    if (named.has(name) || fromData.has(name) || (kind !== "size" && kind !== "const")) continue;
    extra.push(`${name}=${value}`);
    named.add(name);
  }
  const prepared = await prepareFit(modelPath, {
    data: options.data,
    set: [...(options.set ?? []), ...extra],
    ...(options.columns ? { columns: options.columns } : {}),
  });
  const diagnostics = [...prepared.diagnostics, ...file.diagnostics];
  if (!prepared.em || !prepared.model || hasErrors(diagnostics)) return fail(diagnostics, prepared.source);
  const em = prepared.em;
  const bound = bindParams(options.fit, file.value, prepared.model, em.sizes);
  diagnostics.push(...bound.diagnostics);
  if (!bound.params) return fail(diagnostics, prepared.source);
  const params = new Map<IRVariable, Float64Array>();
  for (const v of em.ir.variables.values()) {
    const p = bound.params.get(v.name);
    if (p) params.set(v, p.data);
  }

  let at: ReturnType<typeof eStepAt>;
  try {
    at = eStepAt(em, params, {
      variant: "em",
      rng: createRng(deriveSeed(options.seed ?? 1, 0, 1)),
      rows: true,
    });
  } catch (e) {
    if (!(e instanceof FitError)) throw e;
    diagnostics.push(eStepDiagnostic(e, "the E-step at the given params failed"));
    return fail(diagnostics, prepared.source);
  }
  const order = [...em.ir.variables.values()];
  const loglik = at.rowLogLikelihood;
  if (typeof loglik === "string" || loglik === undefined) {
    diagnostics.push(
      usage(`predict gives each data row's log-likelihood, but ${loglik ?? "there are no rows"}`),
    );
    return fail(diagnostics, prepared.source);
  }
  const table = posteriorsCsv(at, order, loglik);
  const split = rowElements(at, order);
  if ("problem" in table || "problem" in split) {
    const problem = "problem" in table ? table.problem : (split as { problem: string }).problem;
    diagnostics.push(usage(`predict gives each data row's posteriors, but ${problem}`));
    return fail(diagnostics, prepared.source);
  }
  const clash = split.latents.find((p) => p.latent.name === "n" || p.latent.name === "loglik");
  const rows: PredictRow[] = [];
  at.rows!.indices.forEach((n, i) => {
    const row: Record<string, number | null | LatentPosteriorJson> = {
      n,
      loglik: Number.isNaN(loglik[i]!) ? null : loglik[i]!,
    };
    split.latents.forEach((p, j) => {
      row[p.latent.name] = rowPosteriorsJson(p, split.elements[j]!.get(n));
    });
    rows.push(row as PredictRow);
  });
  return {
    result: clash
      ? undefined
      : { logLikelihood: at.logLikelihood, ...(at.monteCarlo ? { logLikelihoodExact: false } : {}), rows },
    csv: table.csv,
    ...(clash
      ? { jsonProblem: `the latent '${clash.latent.name}' has the name of a row field of predict --json` }
      : {}),
    diagnostics,
    source: prepared.source,
  };
}
