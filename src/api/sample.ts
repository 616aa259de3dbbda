// `sample`: forward-simulate data (and latents) from a model and parameter values, as CSV with the
// declared names (`x.1 … x.D` for vectors). The same seed gives the same bytes.

import type { CheckedModel, ConstValue } from "../check";
import {
  bindData,
  bindParams,
  parseSetArguments,
  readDataFile,
  readParamsFile,
  sizesFromParams,
} from "../data";
import type { ReadResult } from "../data/data-file";
import { type Diagnostic, hasErrors, type SourceFile } from "../diagnostics";
import { SampleError, sampleForward } from "../engine";
import { type IRVariable, lower, type Tensor, tensor } from "../ir";
import { createRng } from "../random";
import { checkFile } from "./check";
import { type Nested, nest } from "./fit";

export interface SampleOptions {
  /** The parameters file: `{ name: value }` shaped like a fit result's params. */
  readonly params: string;
  /** Rows to draw: binds the row size (the first dimension of the first data that is drawn). */
  readonly n?: number;
  readonly seed?: number | string;
  /** Also write the latents. */
  readonly latents?: boolean;
  /** `NAME=VALUE` bindings of sizes and constants. */
  readonly set?: readonly string[];
  /** A data file for covariates (data that no `~` draws), if the model has any. */
  readonly data?: string;
}

export interface SampleResult {
  /** The CSV text, when sampling succeeded. */
  readonly csv: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
}

function formatNumber(v: number): string {
  return Object.is(v, -0) ? "0" : String(v);
}

/** The CSV of the drawn variables that are indexed by the rows: one column per scalar, x.1 … x.D per vector. */
function toCsv(columns: { name: string; values: Tensor }[], rows: number): string {
  const header: string[] = [];
  const width = columns.map((c) => (c.values.shape.length === 1 ? 1 : c.values.data.length / rows));
  columns.forEach((c, k) => {
    if (width[k] === 1) header.push(c.name);
    else for (let j = 1; j <= width[k]!; j++) header.push(`${c.name}.${j}`);
  });
  const lines = [header.join(",")];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    columns.forEach((c, k) => {
      const w = width[k]!;
      for (let j = 0; j < w; j++) cells.push(formatNumber(c.values.data[r * w + j]!));
    });
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

export async function sampleFile(modelPath: string, options: SampleOptions): Promise<SampleResult> {
  const set = parseSetArguments(options.set ?? []);
  const report = await checkFile(modelPath, { overrides: set.values });
  const diagnostics: Diagnostic[] = [...report.diagnostics, ...set.diagnostics];
  if (!report.model || hasErrors(diagnostics)) return { csv: undefined, diagnostics, source: report.source };
  const data = options.data;
  const drawn = await sampleModel(
    report.model,
    {
      params: async () => ({ file: options.params, ...(await readParamsFile(options.params)) }),
      ...(data === undefined ? {} : { data: () => readDataFile(data) }),
    },
    { ...options, set: set.values },
    diagnostics,
  );
  return { csv: drawn?.csv, diagnostics, source: report.source };
}

/** Where `sampleModel` gets its inputs; read only when needed, so a usage error is reported first. */
export interface SampleInputs {
  /** The params object and the name diagnostics use for it. */
  readonly params: () => Promise<{
    file: string;
    value: Record<string, unknown> | undefined;
    /** A fit result's `set`: the sizes and consts that fit used. */
    given?: Record<string, unknown>;
    diagnostics: Diagnostic[];
  }>;
  /** Covariates (data that no `~` draws), if the model has any. */
  readonly data?: () => Promise<ReadResult>;
}

export interface SampledModel {
  /** The CSV of the rows drawn, as `latent sample` prints it (`x.1 … x.D` for a vector). */
  readonly csv: string;
  /** Every drawn variable written to the CSV, shaped as declared. */
  readonly values: Record<string, Nested>;
}

/**
 * Draws from a checked model (from a file or the builder): the part of `sampleFile` after checking.
 * Undefined when it cannot, with the reasons added to `diagnostics`.
 */
export async function sampleModel(
  model: CheckedModel,
  inputs: SampleInputs,
  options: Omit<SampleOptions, "params" | "data" | "set"> & { set: ReadonlyMap<string, ConstValue> },
  diagnostics: Diagnostic[],
): Promise<SampledModel | undefined> {
  const fail = (): undefined => undefined;
  const drawnNames = new Set(
    model.tildes
      .map((t) => t.target)
      .filter((s) => s.kind !== "param")
      .map((s) => s.name),
  );
  const firstData = [...model.symbols.values()].find((s) => s.kind === "data" && drawnNames.has(s.name));
  // The row size as written (`x[N]` → N): with --set N the checker already knows its value.
  const firstDim = firstData?.declaration.kind === "variable" ? firstData.declaration.dims[0] : undefined;
  const rowSize =
    firstDim?.kind === "name" && model.symbols.get(firstDim.name)?.kind === "size"
      ? firstDim.name
      : undefined;

  const sets = new Map(options.set);
  if (options.n !== undefined) {
    if (!rowSize) {
      diagnostics.push({
        severity: "error",
        code: "E0002",
        message: "-n: the model draws no data indexed by a size, so there are no rows to count",
      });
      return fail();
    }
    const given = sets.get(rowSize);
    if (given !== undefined && given !== options.n) {
      diagnostics.push({
        severity: "error",
        code: "E0002",
        message: `-n ${options.n} and --set ${rowSize}=${given} disagree`,
      });
      return fail();
    }
    sets.set(rowSize, options.n);
  }
  const paramsFile = await inputs.params();
  diagnostics.push(...paramsFile.diagnostics);
  if (!paramsFile.value) return fail();
  // Sizes the params fix (D from mu's vectors), and those a fit result records, count as given, unless
  // --set or -n said otherwise.
  for (const [name, value] of sizesFromParams(model, paramsFile.value))
    if (!sets.has(name)) sets.set(name, value);
  for (const [name, value] of Object.entries(paramsFile.given ?? {}))
    if (!sets.has(name) && model.symbols.get(name)?.kind === "size" && typeof value === "number")
      sets.set(name, value);
  let file: Awaited<ReturnType<typeof readDataFile>>["data"];
  if (inputs.data) {
    const read = await inputs.data();
    diagnostics.push(...read.diagnostics);
    if (!read.data) return fail();
    file = read.data;
  }
  const bound = bindData(model, file, { set: sets, optional: drawnNames });
  model = bound.model; // checked again when the data file gives constants
  diagnostics.push(...bound.diagnostics);
  if (!bound.bound) return fail();
  const params = bindParams(paramsFile.file, paramsFile.value, model, bound.bound.sizes);
  diagnostics.push(...params.diagnostics);
  if (!params.params) return fail();

  const ir = lower(model, { consts: bound.bound.consts });
  const given = new Map<IRVariable, Tensor>();
  for (const v of ir.variables.values()) {
    const p = params.params.get(v.name);
    if (p) given.set(v, tensor(p.shape, p.data));
    const d = bound.bound.data.get(v.name);
    if (d && !drawnNames.has(v.name)) given.set(v, tensor(d.shape, d.values));
  }
  if (ir.plates.some((p) => p.weight)) {
    diagnostics.push({
      severity: "warning",
      code: "W0350",
      message: "weights are ignored when sampling: every plate element is drawn once",
    });
  }
  let values: Map<IRVariable, Tensor>;
  try {
    values = sampleForward({ ir, sizes: bound.bound.sizes, given, rng: createRng(options.seed ?? 1) });
  } catch (e) {
    if (!(e instanceof SampleError)) throw e;
    diagnostics.push({ severity: "error", code: e.code, message: e.message, span: e.span });
    return fail();
  }
  const rows = rowSize ? bound.bound.sizes.get(rowSize)! : 1;
  const columns: { name: string; values: Tensor }[] = [];
  // Columns in declaration order.
  for (const v of ir.variables.values()) {
    const t = values.get(v);
    if (!t) continue;
    if (!drawnNames.has(v.name) || (v.role === "latent" && !options.latents)) continue;
    const dims = v.symbol.declaration.kind === "variable" ? v.symbol.declaration.dims : [];
    const byRow =
      rowSize === undefined ? dims.length === 0 : dims[0]?.kind === "name" && dims[0].name === rowSize;
    if (!byRow || t.shape.length > 2) {
      diagnostics.push({
        severity: "warning",
        code: "W0350",
        message: `'${v.name}' is not one value or vector per row, so it is not written`,
      });
      continue;
    }
    columns.push({ name: v.name, values: t });
  }
  const drawn: Record<string, Nested> = {};
  for (const c of columns) drawn[c.name] = nest(c.values);
  return { csv: toCsv(columns, rows), values: drawn };
}
