// `select`: fit several models, or one model at several values of a size or const, to the same data, and
// tabulate ℓ, the free params, AIC, BIC and ICL with the best by BIC and by ICL (lower is better) — mclust's
// BIC table for any family of models. Every fit is `fitFile` with the same options and one more `--set`.

import { parseSetArguments } from "../data";
import { type Diagnostic, hasErrors, type SourceFile } from "../diagnostics";
import { checkFile } from "./check";
import { type FitOptions, type FitResult, type FitResultJson, fitFile } from "./fit";
import { refuseFitFileOptions } from "./options";

/** The values one size or const takes, one fit each (`--over K=1..4`, `--over K=2,3,5`). */
export interface SelectOver {
  readonly name: string;
  readonly values: readonly number[];
}

export interface SelectOptions extends Omit<FitOptions, "onProgress"> {
  /** The size or const to vary; without it each model is fitted once. */
  readonly over?: SelectOver;
  /** Called as the fits run: each iteration of each fit, and once when each fit ends. */
  readonly onProgress?: (event: SelectProgress) => void;
}

/** One entry of `fits`: a fitted model, a fit that failed numerically in every restart, or a model error. */
export type SelectFitJson =
  | {
      model: string;
      value?: number;
      logLikelihood: number;
      criteria: FitResultJson["criteria"];
      converged: boolean;
      params: FitResultJson["params"];
    }
  | { model: string; value?: number; failed: string }
  | { model: string; value?: number; error: string };

export interface SelectResultJson {
  /** Every model × every value, models in the order given, values in the order of `over`. */
  fits: SelectFitJson[];
  /** 0-based positions in `fits` of the lowest BIC and the lowest ICL (the first on a tie). */
  best: { bic?: number; icl?: number };
}

/** How one entry of `fits` came about: fitFile's own result, or the model's check when it did not check. */
export interface SelectRun {
  readonly file: string;
  readonly value?: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  /** The whole fit result (with its plan, trace, restarts and warnings), when the fit succeeded. */
  readonly result?: FitResultJson;
  /** True when every restart failed numerically. */
  readonly failed: boolean;
}

export type SelectProgress =
  | {
      readonly kind: "iteration";
      /** The position of the fit in `fits`. */
      readonly index: number;
      readonly model: string;
      readonly value?: number;
      readonly restart: number;
      readonly iteration: number;
      readonly objective: number;
      readonly detail?: string;
    }
  | {
      readonly kind: "fit";
      readonly index: number;
      /** The number of fits in all. */
      readonly total: number;
      readonly fit: SelectFitJson;
      readonly run: SelectRun;
      /**
       * Restarts run, and how many of them failed: 0 when the model could not be fitted at all; undefined
       * for a fit whose restarts all failed when `restarts` was not given (the default depends on the plan).
       */
      readonly restarts: number | undefined;
      readonly failedRestarts: number | undefined;
      readonly seconds: number;
    };

export interface SelectResult {
  /** Undefined when the arguments were refused (then `diagnostics` says why, and nothing was fitted). */
  readonly result: SelectResultJson | undefined;
  /** One per entry of `result.fits`. */
  readonly runs: readonly SelectRun[];
  /** Why the arguments were refused (E0003): a malformed `over`, a name no model declares, bad options. */
  readonly diagnostics: readonly Diagnostic[];
  readonly refused: boolean;
}

const NAME = /^[\p{L}_][\p{L}\p{Nd}\p{Mn}\p{Mc}_]*$/u;

/** The `over` of `--over NAME=A..B` or `--over NAME=v1,v2,…`; or why the text is not one. */
export function parseOver(text: string): { over: SelectOver } | { error: string } {
  const expected =
    "expected NAME=A..B (whole numbers, A ≤ B) or NAME=v1,v2,… (numbers: --over takes only numeric values)";
  const eq = text.indexOf("=");
  if (eq < 0) return { error: `--over ${text}: ${expected}` };
  const name = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1).trim();
  if (!NAME.test(name)) return { error: `--over ${text}: '${name}' is not a name; ${expected}` };
  const range = /^([+-]?\d+)\s*\.\.\s*([+-]?\d+)$/.exec(rest);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return { error: `--over ${text}: ${expected}` };
    if (a > b) return { error: `--over ${text}: the range is empty (A must be ≤ B)` };
    if (b - a >= 10_000) return { error: `--over ${text}: at most 10000 values` };
    return { over: { name, values: Array.from({ length: b - a + 1 }, (_, i) => a + i) } };
  }
  if (rest.includes("..")) return { error: `--over ${text}: a range is two whole numbers A..B, A ≤ B` };
  const parts = rest.split(",").map((p) => p.trim());
  const values: number[] = [];
  for (const p of parts) {
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(p) ? Number(p) : Number.NaN;
    if (!Number.isFinite(v))
      return {
        error: `--over ${text}: '${p}' is not a number; ${expected}`,
      };
    if (values.includes(v)) return { error: `--over ${text}: ${p} is given twice` };
    values.push(v);
  }
  return { over: { name, values } };
}

function refuse(message: string, hint?: string): Diagnostic {
  return { severity: "error", code: "E0003", message: `select: ${message}`, ...(hint ? { hint } : {}) };
}

/** Why `over` is not a well-formed SelectOver (from JavaScript anything may arrive), or undefined. */
function malformedOver(over: unknown): string | undefined {
  if (typeof over !== "object" || over === null) return "over must be an object { name, values }";
  const { name, values } = over as { name?: unknown; values?: unknown };
  if (typeof name !== "string" || !NAME.test(name)) return "over.name must be the name of a size or const";
  if (!Array.isArray(values) || values.length === 0)
    return "over.values must be a non-empty array of numbers";
  if (!values.every((v) => typeof v === "number" && Number.isFinite(v)))
    return "over.values must be finite numbers (over takes only numeric values)";
  if (new Set(values).size !== values.length) return "over.values has a value twice";
  return undefined;
}

/** The first error of a run, said in one line (the JSON `error` of a model that could not be fitted). */
function firstError(diagnostics: readonly Diagnostic[]): string {
  const e = diagnostics.find((d) => d.severity === "error");
  return e ? `${e.code}: ${e.message}` : "the model could not be fitted";
}

/** The reason all restarts failed, from fitFile's E0403. */
function failure(diagnostics: readonly Diagnostic[]): string {
  const e = diagnostics.find((d) => d.code === "E0403");
  return e ? e.message.replace(/^every restart failed: /, "") : "every restart failed";
}

/**
 * Fits every model at every value of `options.over` (each model once without it) with `fitFile`, and
 * reports each fit's ℓ, criteria and params and the best by BIC and by ICL. The models are checked first:
 * an `over` naming something that is not a scalar size or const of every model that checks is refused,
 * before any fit. A model that does not check, or a fit that does not bind, is an `error` entry; a fit
 * whose restarts all fail a `failed` entry; neither stops the others.
 */
export async function select(models: readonly string[], options: SelectOptions): Promise<SelectResult> {
  const refused = (diagnostics: Diagnostic[]): SelectResult => ({
    result: undefined,
    runs: [],
    diagnostics,
    refused: true,
  });
  if (
    !Array.isArray(models) ||
    models.length === 0 ||
    !models.every((m) => typeof m === "string" && m !== "")
  )
    return refused([refuse("the models must be a non-empty array of file paths")]);
  const { over, onProgress, ...fitOptions } = (options ?? {}) as SelectOptions;
  const optionProblems = refuseFitFileOptions(models[0], fitOptions)?.diagnostics ?? [];
  if (optionProblems.length > 0)
    return refused(
      optionProblems.map((d) => ({ ...d, message: d.message.replace(/^fitFile: /, "select: ") })),
    );
  if (onProgress !== undefined && typeof onProgress !== "function")
    return refused([refuse("onProgress must be a function")]);
  if (over !== undefined) {
    const bad = malformedOver(over);
    if (bad) return refused([refuse(bad)]);
    if (fitOptions.set?.some((s) => s.split("=")[0]?.trim() === over.name))
      return refused([refuse(`${over.name} is both set and varied`, `drop --set ${over.name}=…`)]);
  }

  // Check every model first: names for the table, and whether `over` names a size or const of each.
  const set = parseSetArguments(fitOptions.set ?? []);
  const checked = await Promise.all(
    models.map(async (file) => {
      const report = await checkFile(file, { overrides: set.values });
      const diagnostics = [...report.diagnostics, ...set.diagnostics];
      const ok = report.model !== undefined && !hasErrors(diagnostics);
      return { file, report, diagnostics, ok, name: ok ? report.model!.program.name.name : file };
    }),
  );
  if (over !== undefined) {
    const problems: Diagnostic[] = [];
    for (const m of checked) {
      if (!m.ok) continue;
      const symbol = m.report.model!.symbols.get(over.name);
      if (!symbol || (symbol.kind !== "size" && symbol.kind !== "const")) {
        const candidates = [...m.report.model!.symbols.values()]
          .filter((s) => s.kind === "size" || s.kind === "const")
          .map((s) => s.name);
        problems.push(
          refuse(
            `${over.name} is ${symbol ? `a ${symbol.kind}` : "not declared"} in ${m.file}: over varies a size or const of every model`,
            candidates.length > 0
              ? `its sizes and consts are ${candidates.join(", ")}`
              : "it declares no size or const",
          ),
        );
      } else if (symbol.kind === "const" && symbol.value !== undefined && typeof symbol.value !== "number")
        problems.push(refuse(`${over.name} is a vector or matrix const in ${m.file}: over sets one number`));
      else if (symbol.kind === "size" && !over.values.every((v) => Number.isInteger(v) && v >= 0))
        problems.push(refuse(`${over.name} is a size in ${m.file}: its values must be whole numbers ≥ 0`));
    }
    if (problems.length > 0) return refused(problems);
  }

  // The model column: the declared name, or the path where two files declare the same name.
  const byName = new Map<string, Set<string>>();
  for (const m of checked) byName.set(m.name, (byName.get(m.name) ?? new Set()).add(m.file));
  const label = (m: (typeof checked)[number]) => ((byName.get(m.name)?.size ?? 0) > 1 ? m.file : m.name);

  const values: (number | undefined)[] = over ? [...over.values] : [undefined];
  const total = checked.length * values.length;
  const fits: SelectFitJson[] = [];
  const runs: SelectRun[] = [];
  for (const m of checked) {
    const model = label(m);
    for (const value of values) {
      const index = fits.length;
      const at = value === undefined ? {} : { value };
      const started = Date.now();
      let fitted: FitResult;
      if (!m.ok)
        fitted = { result: undefined, diagnostics: m.diagnostics, source: m.report.source, failed: false };
      else
        fitted = await fitFile(m.file, {
          ...fitOptions,
          set: [...(fitOptions.set ?? []), ...(over && value !== undefined ? [`${over.name}=${value}`] : [])],
          ...(onProgress
            ? {
                onProgress: (restart: number, iteration: number, objective: number, detail?: string) =>
                  onProgress({
                    kind: "iteration",
                    index,
                    model,
                    ...at,
                    restart,
                    iteration,
                    objective,
                    ...(detail === undefined ? {} : { detail }),
                  }),
              }
            : {}),
        });
      const r = fitted.result;
      const fit: SelectFitJson = r
        ? {
            model,
            ...at,
            logLikelihood: r.logLikelihood,
            criteria: r.criteria,
            converged: r.converged,
            params: r.params,
          }
        : fitted.failed
          ? { model, ...at, failed: failure(fitted.diagnostics) }
          : { model, ...at, error: firstError(fitted.diagnostics) };
      const run: SelectRun = {
        file: m.file,
        ...at,
        diagnostics: fitted.diagnostics,
        source: fitted.source,
        ...(r ? { result: r } : {}),
        failed: fitted.failed,
      };
      fits.push(fit);
      runs.push(run);
      const restarts = r ? r.restarts.length : fitted.failed ? fitOptions.restarts : 0;
      onProgress?.({
        kind: "fit",
        index,
        total,
        fit,
        run,
        restarts,
        failedRestarts: r ? r.restarts.filter((x) => "failed" in x).length : restarts,
        seconds: (Date.now() - started) / 1000,
      });
    }
  }
  return { result: { fits, best: bestOf(fits) }, runs, diagnostics: [], refused: false };
}

/** The positions of the lowest finite BIC and ICL among the fitted entries (the first on a tie). */
function bestOf(fits: readonly SelectFitJson[]): SelectResultJson["best"] {
  const best: SelectResultJson["best"] = {};
  let bic = Number.POSITIVE_INFINITY;
  let icl = Number.POSITIVE_INFINITY;
  fits.forEach((f, i) => {
    if (!("criteria" in f)) return;
    if (Number.isFinite(f.criteria.bic) && f.criteria.bic < bic) {
      bic = f.criteria.bic;
      best.bic = i;
    }
    const c = f.criteria.icl;
    if (c !== undefined && Number.isFinite(c) && c < icl) {
      icl = c;
      best.icl = i;
    }
  });
  return best;
}
