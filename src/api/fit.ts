// `fit`: bind data, plan the EM algorithm (E-step per latent group, M-step per param block), run it from
// several starts, and report the result object of docs/language.md. The same seed gives the same bytes.

import type { CheckedModel, ConstValue } from "../check";
import {
  bindData,
  bindParams,
  type DataFile,
  parseColumnArguments,
  parseSetArguments,
  readDataFile,
  readParamsFile,
  setArgumentsFrom,
} from "../data";
import type { Algorithm, Derivation } from "../derive";
import { type Diagnostic, hasErrors, type SourceFile } from "../diagnostics";
import {
  criteria,
  type EmModel,
  type EmStart,
  type FitWarning,
  forEachElement,
  type MissingPlan,
  ModelState,
  planMissing,
  runRestarts,
  standardErrors,
  WarningLog,
} from "../engine";
import {
  type IRExpr,
  type IRVariable,
  labelProblem,
  labelsAsLatents,
  lower,
  type ModelIR,
  reads,
  type Tensor,
  tensor,
} from "../ir";
import { checkFile } from "./check";
import { refuseFitFileOptions } from "./options";
import { type PlanJson, planJson, planModel } from "./plan";
import { type PosteriorsResult, posteriorsAt } from "./posteriors";

export type { Algorithm } from "../derive";

export interface FitOptions {
  readonly data: string;
  readonly set?: readonly string[];
  readonly columns?: readonly string[];
  readonly seed?: number;
  readonly restarts?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  readonly algorithm?: Algorithm;
  /** SQUAREM around the EM map (`squarem`, the default for exact EM) or plain EM (`none`). */
  readonly accelerate?: "squarem" | "none";
  /** Standard errors of the params from the observed information (`se` and `seMethod` in the result). */
  readonly se?: boolean;
  /**
   * Starts: "random" (flat-Dirichlet responsibilities), "kmeans++" (seeded from the data), or the path of
   * a params JSON file; by default restarts alternate k-means++ and random starts.
   */
  readonly init?: string;
  /** Called with (restart, iteration, objective) as the fit runs. */
  readonly onProgress?: (restart: number, iteration: number, objective: number, detail?: string) => void;
}

/** A value shaped as declared: a number, or arrays of them (1-based order is the array order). */
export type Nested = number | Nested[];

export interface FitResultJson {
  model: string;
  algorithm: string;
  converged: boolean;
  iterations: number;
  logLikelihood: number;
  logLikelihoodExact: boolean;
  objective: number;
  params: Record<string, Nested>;
  criteria: { nParams: number; n: number; aic: number; bic: number; icl?: number };
  trace: number[];
  restarts: (
    | { seed: number; logLikelihood: number; converged: boolean; trace: number[] }
    | { seed: number; failed: string }
  )[];
  plan: PlanJson;
  warnings: FitWarning[];
  /** The Monte-Carlo standard error of logLikelihood, when it is an estimate. */
  logLikelihoodSE?: number;
  /** With `se`: standard errors shaped like params (entries without free coordinates are absent). */
  se?: Record<string, Nested>;
  seMethod?: string;
  seed: number;
  /** The sizes and consts the fit used that the model file does not fix (`--set`, the data). */
  set: Record<string, Nested>;
}

export interface FitResult {
  readonly result: FitResultJson | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  /** True when every restart failed numerically (exit 3). */
  readonly failed: boolean;
  /**
   * Each latent's posterior at the reported params, from one E-step there, computed when called (absent
   * when nothing was fitted): what `latent fit --posteriors FILE` writes. See docs/language.md.
   */
  readonly posteriors?: () => PosteriorsResult;
}

/** A tensor as nested arrays in its shape (1-based order is the array order). */
export function nest(t: Tensor): Nested {
  if (t.shape.length === 0) return t.data[0]!;
  const build = (offset: number, depth: number): Nested => {
    if (depth === t.shape.length) return t.data[offset]!;
    const stride = t.shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[depth]! }, (_, i) => build(offset + i * stride, depth + 1));
  };
  return build(0, 0);
}

/** Whether `e` reads `v` inside a subscript (as `mu[c[n]]` reads c). */
function readsInSubscript(e: IRExpr, v: IRVariable): boolean {
  return reads(e).some((r) => r.indices.some((i) => reads(i).some((x) => x.variable === v)));
}

/**
 * Missing values of data used as a subscript (a label c with NA in `mu[c[n]]`): such a value would be a
 * latent of its row (a semi-supervised mixture), which this version does not integrate yet. Named by its
 * first missing row, rather than failing when the subscript is evaluated.
 */
function missingSubscripts(ir: ModelIR, data: ReadonlyMap<IRVariable, Tensor>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [v, t] of data) {
    const first = t.data.findIndex(Number.isNaN);
    if (first < 0) continue;
    const f = ir.factors.find((x) => [...x.args, ...x.targetIndices].some((a) => readsInSubscript(a, v)));
    if (!f) continue;
    const columns = t.shape.slice(1).reduce((a, b) => a * b, 1);
    const row = Math.floor(first / columns) + 1;
    const where = columns > 1 ? `row ${row}, column ${(first % columns) + 1}` : `row ${row}`;
    out.push({
      severity: "error",
      code: "E0408",
      message: `${v.name} is missing at ${where} and is used as a subscript here: a missing ${v.name} would be a latent of its row, which this version does not integrate yet`,
      span: f.span,
      hint: `declare ${v.name} as a latent to integrate it out everywhere, or drop the rows where it is missing`,
    });
  }
  return out;
}

/** Observations: the elements (or Σ weights) of the outermost plate of the first data likelihood. */
function observations(ir: ModelIR, state: ModelState): number {
  const f = ir.factors.find((x) => x.target.role === "data");
  const plate = f?.plates[0];
  if (!plate) return 1;
  let n = 0;
  forEachElement([plate], state.ctx, state.plateIndex, (w) => {
    n += w;
  });
  return n;
}

export interface PreparedFit {
  readonly em: EmModel | undefined;
  /** The checked model (for reading a params file of starting values). */
  readonly model: CheckedModel | undefined;
  /** The derived EM algorithm (undefined when checking or binding failed before it). */
  readonly derivation: Derivation | undefined;
  /** Data factors with missing cells and their E-step. */
  readonly missing: readonly MissingPlan[];
  /** The sizes and consts the fit uses that the model file does not fix (from the data and `--set`). */
  readonly set?: ReadonlyMap<string, ConstValue>;
  readonly diagnostics: Diagnostic[];
  readonly source: SourceFile;
}

/** Everything before running EM: check, bind, lower, plan the E- and M-steps. */
export async function prepareFit(
  modelPath: string,
  options: Pick<FitOptions, "data" | "set" | "columns" | "algorithm">,
): Promise<PreparedFit> {
  const set = parseSetArguments(options.set ?? []);
  const columns = parseColumnArguments(options.columns ?? []);
  const report = await checkFile(modelPath, { overrides: set.values });
  const diagnostics: Diagnostic[] = [...report.diagnostics, ...set.diagnostics, ...columns.diagnostics];
  const fail = (): PreparedFit => ({
    em: undefined,
    model: report.model,
    derivation: undefined,
    missing: [],
    diagnostics,
    source: report.source,
  });
  if (!report.model || hasErrors(diagnostics)) return fail();
  const read = await readDataFile(options.data);
  diagnostics.push(...read.diagnostics);
  if (!read.data) return fail();
  return prepareModelFit(
    report.model,
    read.data,
    { set: set.values, columns: columns.values },
    diagnostics,
    report.source,
    options.algorithm,
  );
}

/** How data binds besides the file itself: `--set` values and `--columns` choices. */
export interface DataBindings {
  readonly set: ReadonlyMap<string, ConstValue>;
  readonly columns: ReadonlyMap<string, string[]>;
}

/**
 * The part of `prepareFit` after checking and reading: bind, lower, plan. The CLI and the builder both come
 * here, so a model fits the same whichever way it was written. `diagnostics` holds those found so far.
 */
export function prepareModelFit(
  model: CheckedModel,
  file: DataFile,
  bindings: DataBindings,
  diagnostics: Diagnostic[],
  source: SourceFile,
  algorithm: Algorithm = "auto",
): PreparedFit {
  let derivation: Derivation | undefined;
  let missing: MissingPlan[] = [];
  const fail = (): PreparedFit => ({ em: undefined, model, derivation, missing, diagnostics, source });
  const declared = model;
  const bound = bindData(model, file, { set: bindings.set, columns: bindings.columns });
  model = bound.model; // checked again when the data file gives constants
  diagnostics.push(...bound.diagnostics);
  if (!bound.bound) return fail();
  const sizes = bound.bound.sizes;
  // A categorical label with missing cells that other statements read is a latent of its row.
  const lowered = lower(model, { consts: bound.bound.consts });
  const partlyMissing = [...lowered.variables.values()].filter(
    (v) =>
      v.role === "data" &&
      bound.bound!.data.get(v.name)?.values.some(Number.isNaN) &&
      labelProblem(lowered, v, sizes) === undefined &&
      lowered.factors.some(
        (f) => f.target !== v && f.args.some((a) => reads(a).some((r) => r.variable === v)),
      ),
  );
  const { ir, labels } = labelsAsLatents(
    lowered,
    partlyMissing.map((v) => v.name),
    sizes,
  );

  derivation = planModel(ir, sizes, algorithm);
  diagnostics.push(...derivation.diagnostics);
  if (hasErrors(diagnostics)) return fail();

  const data = new Map<IRVariable, Tensor>();
  for (const v of ir.variables.values()) {
    const d = v.role === "data" ? bound.bound.data.get(v.name) : undefined;
    if (d) data.set(v, tensor(d.shape, d.values));
  }
  for (const { latent, observed } of labels) {
    const d = bound.bound.data.get(latent.name)!;
    data.set(observed, tensor(d.shape, d.values));
  }
  for (const problem of missingSubscripts(ir, data)) diagnostics.push(problem);
  if (hasErrors(diagnostics)) return fail();
  missing = planMissing(ir.factors, derivation.estep, new ModelState(new Map(data), sizes));
  for (const m of missing) {
    if (m.problem)
      diagnostics.push({
        severity: "error",
        code: "E0407",
        message: `no E-step for the ${m.problem}`,
        span: m.factor.span,
        hint: "this version integrates missing MvNormal coordinates, outside latent groups or beside enumerated latents",
      });
  }
  if (hasErrors(diagnostics)) return fail();
  const em: EmModel = {
    ir,
    sizes,
    data,
    groups: derivation.groups,
    updates: derivation.updates,
    terms: derivation.terms,
  };
  // What a result must carry so that predict, sample and --init need no --set again: every size, and the
  // consts given by --set or the data file rather than the model's defaults.
  const set = new Map<string, ConstValue>(sizes);
  for (const [name, value] of bound.bound.consts) {
    const given = declared.symbols.get(name)?.value;
    if (bindings.set.has(name) || JSON.stringify(given) !== JSON.stringify(value)) set.set(name, value);
  }
  return { em, model, derivation, missing, set, diagnostics, source };
}

export async function fitFile(modelPath: string, options: FitOptions): Promise<FitResult> {
  const refused = refuseFitFileOptions(modelPath, options); // options as the CLI checks its flags
  if (refused) return refused;
  const { init } = options;
  if (init === undefined || init === "random" || init === "kmeans++")
    return fitPrepared(await prepareFit(modelPath, options), options);
  // A params file to start from; a whole fit result also fixes the sizes and consts that fit used.
  const file = await readParamsFile(init);
  const set = [...(options.set ?? []), ...setArgumentsFrom(file.given, options.set ?? [])];
  const prepared = await prepareFit(modelPath, { ...options, set });
  prepared.diagnostics.push(...file.diagnostics);
  if (!prepared.em || !file.value)
    return { result: undefined, diagnostics: prepared.diagnostics, source: prepared.source, failed: false };
  return fitPrepared(prepared, options, { file: init, value: file.value });
}

/** Starting values given as params (`--init FILE.json`): the file's name, for diagnostics, and its object. */
export interface InitialParams {
  readonly file: string;
  readonly value: Record<string, unknown>;
}

/** Runs EM from every start of a prepared fit and reports the best run (docs/language.md, the fit result). */
export function fitPrepared(
  prepared: PreparedFit,
  options: Omit<FitOptions, "data" | "set" | "columns">,
  initial?: InitialParams,
): FitResult {
  const { diagnostics, source, missing } = prepared;
  const fail = (failed = false): FitResult => ({ result: undefined, diagnostics, source, failed });
  if (!prepared.em || !prepared.derivation) return fail();
  const { estep } = prepared.derivation;
  const emModel = prepared.em;
  const { ir, sizes, data } = emModel;

  let start: EmStart | undefined;
  if (initial) {
    const model = prepared.model!;
    const bound = bindParams(initial.file, initial.value, model, sizes);
    diagnostics.push(...bound.diagnostics);
    if (!bound.params) return fail();
    const values = new Map<IRVariable, Float64Array>();
    for (const v of ir.variables.values()) {
      const p = bound.params.get(v.name);
      if (p) values.set(v, p.data);
    }
    start = { kind: "params", values };
  }
  const seed = options.seed ?? 1;
  const variant =
    options.algorithm === "hard" || options.algorithm === "stochastic" ? options.algorithm : "em";
  const outcome = runRestarts(emModel, {
    ...(start ? { start } : {}),
    ...(options.init === "random" || options.init === "kmeans++" ? { init: options.init } : {}),
    seed,
    // 10 runs for models with a discrete latent, else 1.
    restarts:
      options.restarts ??
      (start || !estep.some((p) => p.method === "enumerate" || p.method === "mixed") ? 1 : 10),
    maxIter: options.maxIter ?? 10_000,
    tol: options.tol ?? 1e-10,
    variant,
    ...(options.accelerate ? { accelerate: options.accelerate } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (!outcome.best) {
    diagnostics.push({
      severity: "error",
      code: "E0403",
      message: `every restart failed: ${outcome.failures.map(({ reason, count }) => (count > 1 ? `${reason} (${count} restarts)` : reason)).join("; ")}`,
      hint: "a param that no data informs needs a prior (or removing); a collapsing component is kept away from degenerate values by a prior such as Sigma[k] ~ InvWishart(…)",
    });
    return fail(true);
  }
  const { best, runs } = outcome;
  const warnings = new WarningLog();
  warnings.addAll(outcome.warnings);
  for (const m of missing)
    for (const e of m.empty)
      warnings.add({
        code: "W0408",
        message: `element ${e + 1} of ${m.factor.target.name} has no observed value: skipped`,
      });
  const state = new ModelState(new Map(data), sizes);
  const n = observations(ir, state);
  const params: Record<string, Nested> = {};
  for (const [v, t] of best.run.params) params[v.name] = nest(t);
  const estimate = new Map([...best.run.params].map(([v, t]) => [v, t.data.slice()] as const));
  const crit = criteria(
    best.run.params,
    best.run.logLikelihood,
    n,
    estep.some((p) => p.method === "enumerate" || p.method === "mixed") ? best.run.entropy : undefined,
  );
  let se: { se: Record<string, Nested>; seMethod: string } | undefined;
  if (options.se) {
    const exact = best.run.logLikelihoodExact ?? true;
    const computed = exact ? standardErrors(emModel, best.run.params) : undefined;
    if (!computed)
      warnings.add({
        code: "W0410",
        message:
          "no standard errors: ℓ is a Monte-Carlo estimate here, and its Monte-Carlo information is not available yet",
      });
    else if ("message" in computed)
      warnings.add({
        code: "W0410",
        message: `no standard errors: ${computed.message}`,
        param: computed.params.join(", "),
      });
    else
      se = {
        se: Object.fromEntries([...computed.se].map(([v, t]) => [v.name, nest(t)])),
        seMethod: computed.method,
      };
  }
  const warningList = warnings.list();
  for (const w of warningList)
    diagnostics.push({
      severity: "warning",
      code: w.code,
      message: w.count ? `${w.message} (${w.count} times)` : w.message,
    });
  return {
    result: {
      model: ir.name,
      algorithm:
        options.algorithm === undefined || options.algorithm === "auto"
          ? estep.some((p) => p.method === "montecarlo")
            ? "mcem"
            : "em"
          : options.algorithm,
      converged: best.run.converged,
      iterations: best.run.iterations,
      logLikelihood: best.run.logLikelihood,
      logLikelihoodExact: best.run.logLikelihoodExact ?? true,
      objective: best.run.objective,
      params,
      criteria: crit,
      trace: best.run.trace,
      restarts: runs.map((r) =>
        "run" in r
          ? {
              seed: r.seed,
              logLikelihood: r.run.logLikelihood,
              converged: r.run.converged,
              trace: r.run.trace,
            }
          : r,
      ),
      plan: planJson(prepared.derivation, missing),
      warnings: warningList,
      ...(best.run.logLikelihoodSE === undefined ? {} : { logLikelihoodSE: best.run.logLikelihoodSE }),
      ...(se ?? {}),
      seed,
      set: Object.fromEntries([...(prepared.set ?? [])].map(([name, value]) => [name, value as Nested])),
    },
    diagnostics,
    source,
    failed: false,
    posteriors: () => posteriorsAt(emModel, estimate, variant === "hard" ? "hard" : "em", seed),
  };
}
