// Binding data to a checked model (docs/language.md, Data): sizes from shapes and `--set`, every data
// declaration from its columns or key, values checked against types and supports, and the size
// relations the checker deferred decided now. Every problem names its file, row and column.

import {
  type CheckedModel,
  type ConstValue,
  check,
  type DeferredCheck,
  dimValue,
  formatDim,
  type ModelSymbol,
} from "../check";
import { closestName, type Diagnostic, hasErrors } from "../diagnostics";
import { bindCsv } from "./bind-csv";
import { bindJson } from "./bind-json";
import type { BoundArray, BoundData } from "./bound-data";
import { type Cell, describeValue } from "./cells";
import { checkMissing, checkValues } from "./check-values";
import { type Collected, cellDiagnostic } from "./collected";
import { type DataFile, dataDiagnostic, type JsonData } from "./data-file";
import { typeProblem } from "./params";
import { boundSizeName, evaluateDim } from "./sizes";

export interface BindOptions {
  /** `--set NAME=VALUE`: sizes and constants. */
  readonly set?: ReadonlyMap<string, ConstValue>;
  /** `--columns NAME=c1,c2`: CSV columns for a data declaration. */
  readonly columns?: ReadonlyMap<string, readonly string[]>;
  /** Data that need not be given (forward sampling generates the targets). */
  readonly optional?: ReadonlySet<string>;
}

export interface BindResult {
  readonly bound: BoundData | undefined;
  /**
   * The model the data is bound to: the one given, or — when the data file gives constants — that model
   * checked again with their values (so `const K = 3` given as `"K": 2` has 2 components throughout).
   */
  readonly model: CheckedModel;
  readonly diagnostics: Diagnostic[];
}

class Binder {
  readonly diagnostics: Diagnostic[] = [];
  readonly sizes = new Map<string, number>();
  /** Where each size got its value, for messages. */
  readonly sizeSource = new Map<string, string>();
  readonly consts = new Map<string, ConstValue>();

  constructor(
    readonly model: CheckedModel,
    readonly options: BindOptions,
  ) {}

  setSize(
    name: string,
    value: number,
    source: string,
    mismatch: (previous: number, from: string) => Diagnostic,
  ): void {
    const previous = this.sizes.get(name);
    if (previous === undefined) {
      this.sizes.set(name, value);
      this.sizeSource.set(name, source);
    } else if (previous !== value) {
      this.diagnostics.push(mismatch(previous, this.sizeSource.get(name)!));
    }
  }

  /** `--set` values: sizes learn their value; constants are checked against their declarations. */
  applySet(extra: ReadonlyMap<string, unknown>, from: string): void {
    for (const [name, value] of extra) {
      const s = this.model.symbols.get(name);
      const problem = (message: string, hint?: string): Diagnostic => ({
        severity: "error",
        code: "E0311",
        message,
        ...(hint ? { hint } : {}),
      });
      if (!s || (s.kind !== "size" && s.kind !== "const")) {
        const near = closestName(
          name,
          [...this.model.symbols.values()]
            .filter((x) => x.kind === "size" || x.kind === "const")
            .map((x) => x.name),
        );
        this.diagnostics.push(
          problem(
            s
              ? `${from} ${name}: '${name}' is a ${s.kind}; only sizes and constants can be set`
              : `${from} ${name}: the model has no size or constant '${name}'`,
            near ? `did you mean '${near}'?` : undefined,
          ),
        );
        continue;
      }
      if (s.kind === "size") {
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
          this.diagnostics.push(
            problem(`${from} ${name}: a size is a whole number ≥ 1, not ${describeValue(value)}`),
          );
          continue;
        }
        this.setSize(name, value, from, (previous, src) =>
          problem(`${from} ${name}=${value} disagrees with ${name} = ${previous} from ${src}`),
        );
      } else {
        const why = constProblem(s, value);
        if (why) this.diagnostics.push(problem(`${from} ${name}: ${why}`));
        else this.consts.set(name, value as ConstValue);
      }
    }
  }

  /** Binds each dimension of a collected array: a size name learns its value; the rest is compared later. */
  bindShape(s: ModelSymbol, c: Collected): void {
    s.type.dims.forEach((dim, k) => {
      const name = boundSizeName(dim);
      const actual = c.shape[k]!;
      const what = k === 0 ? (c.table ? "rows" : "elements") : "columns";
      if (name) {
        this.setSize(name, actual, `the ${what} of '${s.name}' in ${c.file}`, (previous, src) =>
          dataDiagnostic(
            c.file,
            `'${s.name}' has ${actual} ${what}, but ${name} = ${previous} (from ${src})`,
            "E0306",
            undefined,
            undefined,
            `'${s.name}' is declared with ${name} along this dimension`,
          ),
        );
      }
    });
  }

  checkShape(s: ModelSymbol, c: Collected): boolean {
    for (let k = 0; k < s.type.dims.length; k++) {
      const want = evaluateDim(s.type.dims[k]!, this.sizes);
      if (want !== undefined && want !== c.shape[k]) {
        this.diagnostics.push(
          dataDiagnostic(
            c.file,
            `'${s.name}' has ${c.shape[k]} along dimension ${k + 1}, but its declaration needs ${want}`,
            "E0306",
          ),
        );
        return false;
      }
    }
    return true;
  }

  /** Numbers (and text labels for categorical data) → a typed array with NaN for missing cells. */
  toArray(s: ModelSymbol, c: Collected): BoundArray | undefined {
    const values = new Float64Array(c.cells.length);
    let missing: Uint8Array | undefined;
    const cat = s.type.domain.categories;
    const K = cat ? evaluateDim(cat, this.sizes) : undefined;
    const textual = cat !== undefined && c.cells.some((x) => x.kind === "text");
    const labels: string[] = [];
    let errors = 0;
    c.cells.forEach((cell: Cell, i) => {
      if (cell.kind === "missing") {
        values[i] = Number.NaN;
        missing ??= new Uint8Array(c.cells.length);
        missing[i] = 1;
      } else if (textual) {
        const text = cell.kind === "text" ? cell.text : cell.kind === "number" ? String(cell.value) : "inf";
        let k = labels.indexOf(text);
        if (k < 0) k = labels.push(text) - 1;
        values[i] = k + 1;
      } else if (cell.kind === "number") {
        values[i] = cell.value;
      } else {
        if (errors++ < 5) {
          this.diagnostics.push(
            cell.kind === "infinite"
              ? cellDiagnostic(
                  c,
                  i,
                  "E0304",
                  "an infinite value is not data",
                  "a value that is too large to record is missing or censored",
                )
              : cellDiagnostic(
                  c,
                  i,
                  "E0303",
                  `'${cell.text.slice(0, 40)}' is not a number`,
                  cat ? undefined : "missing values are written as an empty cell, NA, NaN or null",
                ),
          );
        }
        values[i] = Number.NaN;
      }
    });
    if (errors > 0) return undefined;
    if (textual) {
      if (K !== undefined && labels.length > K) {
        this.diagnostics.push(
          dataDiagnostic(
            c.file,
            `'${s.name}' has ${labels.length} distinct labels, but it is declared with ${K} categories`,
            "E0308",
            undefined,
            undefined,
            `labels in order of first appearance: ${labels.join(", ")}`,
          ),
        );
        return undefined;
      }
      this.diagnostics.push(
        dataDiagnostic(
          c.file,
          `labels of '${s.name}' mapped in order of first appearance: ${labels.map((l, k) => `${l} → ${k + 1}`).join(", ")}`,
          "I0350",
          undefined,
          undefined,
          undefined,
          "note",
        ),
      );
    }
    const checks = [...checkMissing(this.model, s, c, c.cells), ...checkValues(this.model, s, c, values, K)];
    this.diagnostics.push(...checks);
    if (hasErrors(checks)) return undefined;
    return { name: s.name, shape: c.shape, values, missing, ...(textual ? { labels } : {}) };
  }

  /** Relations already found false: one mistake (D ≠ E) is reported once, not at every place it shows. */
  private readonly failedRelations = new Set<string>();

  decideDeferred(d: DeferredCheck): void {
    if (d.kind !== "equal" && d.kind !== "at-most") return;
    const l = evaluateDim(d.left, this.sizes);
    const r = evaluateDim(d.right, this.sizes);
    if (l === undefined || r === undefined) return;
    const holds = d.kind === "equal" ? l === r : l <= r;
    const key = [d.kind, ...[formatDim(d.left), formatDim(d.right)].sort()].join(" ");
    if (!holds && !this.failedRelations.has(key)) {
      this.failedRelations.add(key);
      this.diagnostics.push({
        severity: "error",
        code: "E0312",
        message: `${d.message} (with the data's sizes: ${l} and ${r})`,
        span: d.span,
      });
    }
  }
}

/**
 * The sizes and constants that keys of a JSON data file give, each checked against its declaration. A key
 * that `--set` also gives is not used (`--set` comes first), and a note says so.
 */
function fileSettings(
  model: CheckedModel,
  file: JsonData,
  set: ReadonlyMap<string, ConstValue> | undefined,
  out: Diagnostic[],
): Map<string, ConstValue> {
  const given = new Map<string, ConstValue>();
  for (const [key, value] of Object.entries(file.value)) {
    const s = model.symbols.get(key);
    if (!s || (s.kind !== "size" && s.kind !== "const")) continue;
    const at = file.places?.get(key);
    const say = (code: Diagnostic["code"], message: string, severity: Diagnostic["severity"] = "error") =>
      out.push(dataDiagnostic(file.file, message, code, at?.line, at?.col, undefined, severity));
    if (set?.has(key)) {
      say(
        "I0351",
        `${key} = ${describeValue(value)} here is not used: --set ${key}=${JSON.stringify(set.get(key))} comes first`,
        "note",
      );
      continue;
    }
    if (s.kind === "size") {
      if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1) given.set(key, value);
      else say("E0313", `${key}: a size is a whole number ≥ 1, not ${describeValue(value)}`);
      continue;
    }
    const why = constProblem(s, value);
    if (why) say("E0313", `${key}: ${why}`);
    else given.set(key, value as ConstValue);
  }
  return given;
}

const RANK_TEXT = ["a number", "an array of numbers", "an array of arrays of numbers"];

/** Numbers nested `rank` deep, rectangular, into `out` (row-major) with their `shape`; or why they are not. */
function nestedNumbers(
  v: unknown,
  rank: number,
  shape: number[],
  out: number[],
  level = 0,
): string | undefined {
  if (level === rank) {
    if (typeof v === "number" && Number.isFinite(v)) {
      out.push(v);
      return undefined;
    }
    return level === 0
      ? `the value must be a finite number, not ${describeValue(v)}`
      : `each entry must be a finite number, not ${describeValue(v)}`;
  }
  if (!Array.isArray(v) || v.length === 0)
    return `the value must be ${RANK_TEXT[rank - level] ?? "nested arrays of numbers"}, not ${describeValue(v)}`;
  if (shape[level] === undefined) shape[level] = v.length;
  else if (shape[level] !== v.length) return `its rows have ${shape[level]} and ${v.length} entries`;
  for (let i = 0; i < v.length; i++) {
    if (!Object.hasOwn(v, i)) return `entry ${i + 1} is a hole in the array`;
    const why = nestedNumbers(v[i], rank, shape, out, level + 1);
    if (why) return why;
  }
  return undefined;
}

/**
 * Why a value cannot stand for a constant: it is not numbers of the constant's rank, or — when the constant
 * is declared with a type (`const K: count = 3`) — breaks that type. An untyped constant takes the type of
 * its value, as with `--set`.
 */
function constProblem(s: ModelSymbol, value: unknown): string | undefined {
  const shape: number[] = [];
  const data: number[] = [];
  const why = nestedNumbers(value, s.type.dims.length, shape, data);
  if (why) return why;
  const typed = s.declaration.kind === "const" && s.declaration.type !== undefined;
  return typed ? typeProblem(s, shape, Float64Array.from(data)) : undefined;
}

/** Why a constant's value has other lengths than its declaration (checked once the model is final). */
function lengthProblem(s: ModelSymbol, value: ConstValue): string | undefined {
  let v: unknown = value;
  for (let k = 0; k < s.type.dims.length; k++) {
    const want = dimValue(s.type.dims[k]!);
    const have = Array.isArray(v) ? v.length : undefined;
    if (want !== undefined && have !== undefined && want !== have)
      return `'${s.name}' has ${want} entries along dimension ${k + 1}, but the value has ${have}`;
    v = Array.isArray(v) ? v[0] : undefined;
  }
  return undefined;
}

/**
 * Binds a data file (or none, when every size and constant comes from `--set`) to a checked model.
 */
export function bindData(
  model: CheckedModel,
  file: DataFile | undefined,
  options: BindOptions = {},
): BindResult {
  // Sizes and constants a JSON file gives; a constant changes the checked model, so it is checked again.
  const early: Diagnostic[] = [];
  const given = file?.kind === "json" ? fileSettings(model, file, options.set, early) : new Map();
  if (hasErrors(early)) return { bound: undefined, model, diagnostics: early };
  const changed = [...given].filter(([name, v]) => {
    const s = model.symbols.get(name)!;
    return s.kind === "const" && JSON.stringify(s.value) !== JSON.stringify(v);
  });
  if (changed.length > 0) {
    const overrides = new Map<string, ConstValue>([...changed, ...(options.set ?? [])]);
    const again = check(model.program, { overrides });
    if (!again.model) {
      const where = (file as JsonData).places;
      for (const [name, v] of changed) {
        const at = where?.get(name);
        early.push(
          dataDiagnostic(
            file!.file,
            `the model is checked with ${name} = ${JSON.stringify(v)} from this file`,
            "I0351",
            at?.line,
            at?.col,
            undefined,
            "note",
          ),
        );
      }
      early.push(...again.diagnostics.filter((d) => d.severity === "error"));
      return { bound: undefined, model, diagnostics: early };
    }
    model = again.model;
  }

  const b = new Binder(model, options);
  b.diagnostics.push(...early);
  for (const s of model.symbols.values()) {
    if (s.kind === "size" && typeof s.value === "number")
      b.setSize(s.name, s.value, "--set", () => b.diagnostics[0]!);
    if (s.kind === "const" && s.value !== undefined) b.consts.set(s.name, s.value);
  }
  if (options.set) b.applySet(options.set, "--set");
  for (const [name, value] of given) {
    const s = model.symbols.get(name)!;
    if (s.kind === "size")
      b.setSize(name, value as number, file!.file, (previous, src) =>
        dataDiagnostic(
          file!.file,
          `${name} = ${value} disagrees with ${name} = ${previous} from ${src}`,
          "E0313",
        ),
      );
  }
  for (const [name, v] of [...given, ...(options.set ?? [])]) {
    const s = model.symbols.get(name);
    const why = s?.kind === "const" ? lengthProblem(s, v as ConstValue) : undefined;
    if (!why) continue;
    const at = given.has(name) ? (file as JsonData).places?.get(name) : undefined;
    b.diagnostics.push(
      given.has(name)
        ? dataDiagnostic(file!.file, `${name}: ${why}`, "E0313", at?.line, at?.col)
        : { severity: "error", code: "E0311", message: `--set ${name}: ${why}` },
    );
  }

  const dataSymbols = [...model.symbols.values()].filter((s) => s.kind === "data");
  for (const name of options.columns?.keys() ?? []) {
    if (!dataSymbols.some((s) => s.name === name)) {
      const near = closestName(
        name,
        dataSymbols.map((s) => s.name),
      );
      b.diagnostics.push({
        severity: "error",
        code: "E0311",
        message: `--columns ${name}=…: the model has no data '${name}'`,
        ...(near ? { hint: `did you mean '${near}'?` } : {}),
      });
    }
  }
  const wanted = dataSymbols.filter((s) => !s.poisoned);
  let collected: Collected[] = [];
  if (file?.kind === "csv") {
    const present = wanted.filter(
      (s) => !options.optional?.has(s.name) || options.columns?.has(s.name) || file.header.includes(s.name),
    );
    const r = bindCsv(file, present, options.columns ?? new Map());
    collected = r.collected;
    b.diagnostics.push(...r.diagnostics);
  } else if (file?.kind === "json") {
    const r = bindJson(file, wanted);
    collected = r.collected;
    b.diagnostics.push(...r.diagnostics);
    for (const key of Object.keys(file.value)) {
      if (!model.symbols.has(key)) {
        b.diagnostics.push(
          dataDiagnostic(
            file.file,
            `key '${key}' is not a data, size or constant of the model; it is ignored`,
            "W0350",
            undefined,
            undefined,
            undefined,
            "warning",
          ),
        );
      }
    }
    for (const s of wanted) {
      if (!Object.hasOwn(file.value, s.name) && !options.optional?.has(s.name)) {
        b.diagnostics.push(dataDiagnostic(file.file, `no key '${s.name}' for data '${s.name}'`, "E0305"));
      }
    }
  } else {
    for (const s of wanted) {
      if (!options.optional?.has(s.name)) {
        b.diagnostics.push({
          severity: "error",
          code: "E0305",
          message: `data '${s.name}' needs a data file (--data FILE)`,
        });
      }
    }
  }
  if (hasErrors(b.diagnostics)) return { bound: undefined, model, diagnostics: b.diagnostics };

  const bySymbol = new Map(collected.map((c) => [model.symbols.get(c.name)!, c]));
  for (const [s, c] of bySymbol) b.bindShape(s, c);
  for (const s of model.symbols.values()) {
    if (s.kind === "size" && !b.sizes.has(s.name)) {
      b.diagnostics.push({
        severity: "error",
        code: "E0310",
        message: `size '${s.name}' is not bound: no data has it as a dimension`,
        span: s.span,
        hint: `give it with --set ${s.name}=…`,
      });
    }
  }
  if (hasErrors(b.diagnostics)) return { bound: undefined, model, diagnostics: b.diagnostics };

  const data = new Map<string, BoundArray>();
  for (const [s, c] of bySymbol) {
    if (!b.checkShape(s, c)) continue;
    const array = b.toArray(s, c);
    if (array) data.set(s.name, array);
  }
  for (const d of model.deferred) b.decideDeferred(d);
  if (hasErrors(b.diagnostics)) return { bound: undefined, model, diagnostics: b.diagnostics };
  return { bound: { sizes: b.sizes, consts: b.consts, data }, model, diagnostics: b.diagnostics };
}
