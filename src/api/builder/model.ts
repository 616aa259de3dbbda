// A model written in TypeScript (by the fluent builder or the `lvm` template) and what the API does with it:
// check, explain, fit and sample, on the very code paths of the CLI after the model is parsed.

import { type CheckedModel, type ConstValue, check as checkProgram } from "../../check";
import { readCsvText, readDataFile } from "../../data";
import type { ReadResult } from "../../data/data-file";
import { type Diagnostic, hasErrors, type SourceFile } from "../../diagnostics";
import { type Program, printProgram } from "../../syntax";
import type { CheckReport } from "../check";
import { type ExplainResult, explainModel } from "../explain";
import {
  type Algorithm,
  type FitOptions,
  type FitResultJson,
  fitPrepared,
  type Nested,
  prepareModelFit,
} from "../fit";
import { checkModelFitOptions } from "../options";
import type { PosteriorsResult } from "../posteriors";
import { sampleModel } from "../sample";
import { homeSource, locate } from "./locate";

/** A value for `set`: a size or constant's value, as `--set NAME=VALUE` gives it. */
export type SetValue = number | readonly number[] | readonly (readonly number[])[];

/** Data held as text or in a file, for `fit` and `sample`: made by `fromCsv` and `fromFile`. */
export class DataSource {
  private constructor(
    readonly kind: "csv" | "file",
    /** The CSV text, or the file's path. */
    readonly content: string,
    /** The name diagnostics give the data. */
    readonly name: string,
  ) {}

  /** CSV text with a header row, bound as `--data` binds a CSV file; `name` is what diagnostics call it. */
  static csv(text: string, name = "<csv>"): DataSource {
    return new DataSource("csv", text, name);
  }

  /** A CSV or JSON file, read as `latent fit --data FILE` reads it. */
  static file(path: string): DataSource {
    return new DataSource("file", path, path);
  }
}

/** CSV text as data: `model.fit(fromCsv("y\n1\n3\n"))`. */
export const fromCsv = (text: string, name?: string): DataSource => DataSource.csv(text, name);
/** A data file (CSV or JSON): `model.fit(fromFile("examples/data/faithful.csv"))`. */
export const fromFile = (path: string): DataSource => DataSource.file(path);

export interface ModelCheckOptions<C> {
  /** Values of sizes and constants, as `--set NAME=VALUE`. */
  readonly set?: C;
}

export interface ModelFitOptions<P, C> extends ModelCheckOptions<C> {
  /** Same seed ⇒ same result, bit for bit (default 1). */
  readonly seed?: number;
  /** Total runs (default 10 with a discrete latent, else 1). */
  readonly restarts?: number;
  readonly maxIter?: number;
  /** Stop when the relative change of the objective is below this. */
  readonly tol?: number;
  readonly algorithm?: Algorithm;
  /** SQUAREM around the EM map (`squarem`, the default for exact EM) or plain EM (`none`). */
  readonly accelerate?: "squarem" | "none";
  /** Standard errors from the observed information (`se`, `seMethod` in the result). */
  readonly se?: boolean;
  /** "random", "kmeans++", or starting values shaped like the result's params. */
  readonly init?: "random" | "kmeans++" | P;
  /** CSV columns for data (`--columns x=eruptions,waiting`). */
  readonly columns?: Readonly<Record<string, readonly string[]>>;
  readonly onProgress?: (restart: number, iteration: number, objective: number) => void;
}

/** A fit result (`latent fit --json`) whose params have the declared shapes' types. */
export type TypedFitResultJson<P> = Omit<FitResultJson, "params"> & { params: P };

export interface ModelFitResult<P> {
  readonly result: TypedFitResultJson<P> | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  /** True when every restart failed numerically. */
  readonly failed: boolean;
  /**
   * Each latent's posterior at the fitted params (one E-step there, when called), as `latent fit
   * --posteriors` writes it: `(await m.fit(data)).posteriors?.().posteriors?.z.probs`. Absent when nothing
   * was fitted.
   */
  readonly posteriors?: () => PosteriorsResult;
}

export interface ModelSampleOptions<C, D> extends ModelCheckOptions<C> {
  /** Rows to draw: binds the row size (the first dimension of the first data drawn). */
  readonly n?: number;
  readonly seed?: number | string;
  /** Also return (and write) the latents. */
  readonly latents?: boolean;
  /** Covariates: data that no `~` draws. */
  readonly data?: Partial<D> | DataSource;
}

export interface ModelSampleResult<X> {
  /** The rows drawn as CSV, as `latent sample` prints them. */
  readonly csv: string | undefined;
  /** The variables written to the CSV, shaped as declared. */
  readonly values: Partial<X> | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
}

/**
 * A model written in TypeScript. `P` types its params (as fit results and starting values hold them), `D`
 * its data as given to `fit`, `X` its drawn values, `C` the sizes and constants `set` may give.
 */
export abstract class LvmModel<
  P = Record<string, Nested>,
  D = Record<string, unknown>,
  X = P,
  C = Record<string, SetValue>,
> {
  /** The file of the call that made the model: diagnostics without a place of their own are reported here. */
  abstract readonly file: string;

  /** The model's AST (fresh each call), or undefined with the reasons when it has none. */
  protected abstract build(): { program: Program | undefined; diagnostics: Diagnostic[] };

  /** The model's AST, as the parser would give it for `toLvm()`'s text; undefined if it cannot be made. */
  program(): Program | undefined {
    return this.build().program;
  }

  /** The model as `.lvm` text; parsing it gives an equal AST. */
  toLvm(): string {
    const { program } = this.build();
    return program ? printProgram(program) : "";
  }

  /** Names, types, shapes and the `~` rules: the diagnostics of `latent check`, placed in your files. */
  check(options: ModelCheckOptions<C> = {}): CheckReport {
    const source = homeSource(this.file);
    const built = this.build();
    const set = setValues(options.set);
    if (!built.program) {
      const diagnostics = locate([...built.diagnostics, ...set.diagnostics], this.file);
      return { model: undefined, diagnostics, source, ok: false };
    }
    const checked = checkProgram(built.program, { overrides: set.values });
    const diagnostics = locate([...built.diagnostics, ...set.diagnostics, ...checked.diagnostics], this.file);
    const ok = !hasErrors(diagnostics);
    return { model: ok ? checked.model : undefined, diagnostics, source, ok };
  }

  /**
   * The EM algorithm derived for the model, as `latent explain` prints it.
   *
   * @example
   * ```ts
   * const m = model("m").size("N").data("y", ["N"], count).param("lambda", positive)
   *   .for("n", 1, "N", (n, { y, lambda }) => [y.at(n).follows(Poisson(lambda))]);
   * m.explain().text.includes("lambda: closed form, rule positive-rate") // => true
   * ```
   */
  explain(options: { latex?: boolean } = {}): ExplainResult {
    const report = this.check();
    if (!report.model)
      return {
        explanation: undefined,
        text: undefined,
        diagnostics: report.diagnostics,
        source: report.source,
      };
    const { explanation, text, derivation } = explainModel(report.model, options);
    const diagnostics = [...report.diagnostics, ...derivation.diagnostics];
    return hasErrors(diagnostics)
      ? { explanation: undefined, text: undefined, diagnostics, source: report.source }
      : { explanation, text, derivation, diagnostics, source: report.source };
  }

  /** Fits the model to data (an object of data names, `fromCsv` or `fromFile`), as `latent fit --json`. */
  async fit(data: D | DataSource, options: ModelFitOptions<P, C> = {}): Promise<ModelFitResult<P>> {
    const invalid = checkModelFitOptions(options);
    if (invalid.length > 0)
      return {
        result: undefined,
        diagnostics: locate(invalid, this.file),
        source: homeSource(this.file),
        failed: false,
      };
    const report = this.check(options);
    const diagnostics: Diagnostic[] = [...report.diagnostics];
    const fail = (): ModelFitResult<P> => ({
      result: undefined,
      diagnostics: locate(diagnostics, this.file),
      source: report.source,
      failed: false,
    });
    if (!report.model) return fail();
    const read = await readData(data);
    diagnostics.push(...read.diagnostics);
    if (!read.data) return fail();
    const columns = new Map<string, string[]>(
      Object.entries(options.columns ?? {}).map(([k, v]) => [k, [...v]]),
    );
    const prepared = prepareModelFit(
      report.model,
      read.data,
      { set: setValues(options.set).values, columns },
      diagnostics,
      report.source,
      options.algorithm,
    );
    const { init } = options;
    const run = fitPrepared(
      prepared,
      runOptions(options),
      typeof init === "object" ? { file: "<init>", value: init as Record<string, unknown> } : undefined,
    );
    const posteriors = run.posteriors;
    return {
      result: run.result as TypedFitResultJson<P> | undefined,
      diagnostics: locate(run.diagnostics, this.file),
      source: report.source,
      failed: run.failed,
      ...(posteriors
        ? {
            posteriors: () => {
              const computed = posteriors();
              return { ...computed, diagnostics: locate(computed.diagnostics, this.file) };
            },
          }
        : {}),
    };
  }

  /**
   * Draws data (and latents) from the model with these params, as `latent sample` does.
   *
   * @example
   * ```ts
   * const m = model("m").size("N").data("y", ["N"], real).param("mu", real)
   *   .for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(Normal(mu, 1))]);
   * const drawn = await m.sample({ mu: 5 }, { n: 3, seed: 7 });
   * drawn.values.y.length // => 3
   * drawn.csv.split("\n")[0] // => "y"
   * ```
   */
  async sample(params: P, options: ModelSampleOptions<C, D> = {}): Promise<ModelSampleResult<X>> {
    const report = this.check(options);
    const diagnostics: Diagnostic[] = [...report.diagnostics];
    const done = (drawn?: { csv: string; values: Record<string, Nested> }): ModelSampleResult<X> => ({
      csv: drawn?.csv,
      values: drawn?.values as Partial<X> | undefined,
      diagnostics: locate(diagnostics, this.file),
      source: report.source,
    });
    if (!report.model) return done();
    const covariates = options.data;
    const drawn = await sampleModel(
      report.model as CheckedModel,
      {
        params: async () => paramsObject(params),
        ...(covariates === undefined ? {} : { data: () => readData(covariates) }),
      },
      {
        set: setValues(options.set).values,
        ...(options.n === undefined ? {} : { n: options.n }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.latents === undefined ? {} : { latents: options.latents }),
      },
      diagnostics,
    );
    return done(drawn);
  }
}

function runOptions<P, C>(o: ModelFitOptions<P, C>): Omit<FitOptions, "data" | "set" | "columns"> {
  return {
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.restarts === undefined ? {} : { restarts: o.restarts }),
    ...(o.maxIter === undefined ? {} : { maxIter: o.maxIter }),
    ...(o.tol === undefined ? {} : { tol: o.tol }),
    ...(o.algorithm === undefined ? {} : { algorithm: o.algorithm }),
    ...(o.accelerate === undefined ? {} : { accelerate: o.accelerate }),
    ...(o.se === undefined ? {} : { se: o.se }),
    ...(typeof o.init === "string" ? { init: o.init } : {}),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

async function readData(data: unknown): Promise<ReadResult> {
  if (data instanceof DataSource)
    return data.kind === "csv" ? readCsvText(data.name, data.content) : readDataFile(data.content);
  if (!isPlainObject(data)) {
    return {
      data: undefined,
      diagnostics: [
        {
          severity: "error",
          code: "E0313",
          message: "data is an object whose keys are data names, or fromCsv(…) / fromFile(…)",
          file: "<data>",
        },
      ],
    };
  }
  return { data: { kind: "json", file: "<data>", value: data }, diagnostics: [] };
}

function paramsObject(params: unknown): {
  file: string;
  value: Record<string, unknown> | undefined;
  diagnostics: Diagnostic[];
} {
  if (isPlainObject(params)) return { file: "<params>", value: params, diagnostics: [] };
  return {
    file: "<params>",
    value: undefined,
    diagnostics: [
      {
        severity: "error",
        code: "E0313",
        message: "params are an object { name: value }, shaped like a fit result's params",
        file: "<params>",
      },
    ],
  };
}

function isNumbers(v: unknown, depth: number): boolean {
  return (
    Array.isArray(v) &&
    v.every((x) => (depth === 1 ? typeof x === "number" && Number.isFinite(x) : isNumbers(x, depth - 1)))
  );
}

/** `set` as the checker and binder take it; a value that `--set` could not give is an error (E0311). */
function setValues(set: unknown): { values: Map<string, ConstValue>; diagnostics: Diagnostic[] } {
  const values = new Map<string, ConstValue>();
  const diagnostics: Diagnostic[] = [];
  for (const [name, v] of Object.entries(isPlainObject(set) ? set : {})) {
    if ((typeof v === "number" && Number.isFinite(v)) || isNumbers(v, 1) || isNumbers(v, 2))
      values.set(name, v as ConstValue);
    else
      diagnostics.push({
        severity: "error",
        code: "E0311",
        message: `set.${name}: the value must be a finite number or an array of numbers`,
      });
  }
  return { values, diagnostics };
}
