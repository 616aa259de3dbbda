// `parse` and `check` for library users: the same calls the CLI makes. Any model text, however
// broken, gives diagnostics, never an exception.

import { readFile } from "node:fs/promises";
import { type CheckedModel, type CheckOptions, check as checkProgram } from "../check";
import { type Diagnostic, hasErrors, SourceFile, sortDiagnostics } from "../diagnostics";
import { type ParseResult, type Program, parseBytes, parseText } from "../syntax";

export interface CheckReport {
  /** The checked model; present when there are no errors. */
  readonly model: CheckedModel | undefined;
  /** Errors and warnings in source order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The model text, for rendering diagnostics with `renderDiagnostics(report.diagnostics, report.source)`. */
  readonly source: SourceFile;
  readonly ok: boolean;
}

export interface ParseOptions {
  /** The name diagnostics use for the model text (default `<model>`). */
  readonly fileName?: string;
}

/**
 * Parses `.lvm` text into a typed AST.
 *
 * @example
 * const { program, diagnostics } = parse("model m\nparam mu: real\n");
 * // program?.statements.length === 1, diagnostics.length === 0
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  return parseText(text, options.fileName ?? "<model>");
}

function finish(parsed: ParseResult, options: CheckOptions): CheckReport {
  if (!parsed.program) {
    const diagnostics = sortDiagnostics(parsed.diagnostics);
    return { model: undefined, diagnostics, source: parsed.source, ok: false };
  }
  const checked = checkProgram(parsed.program, options);
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]);
  return { model: checked.model, diagnostics, source: parsed.source, ok: !hasErrors(diagnostics) };
}

/**
 * Parses and checks `.lvm` text: names, types, shapes and the `~` rules (docs/language.md).
 *
 * @example
 * const report = check("model m\nsize N\ndata y[N]: real\nparam mu: real\nfor n in 1..N { y[n] ~ Normal(mu, 1) }\n");
 * // report.ok === true
 */
export function check(text: string, options: ParseOptions & CheckOptions = {}): CheckReport {
  return finish(parse(text, options), options);
}

/** Checks an already parsed program (from `parse` or the builder). */
export function checkAst(program: Program, options: CheckOptions = {}): CheckReport {
  const source = new SourceFile("<model>", "");
  const checked = checkProgram(program, options);
  const diagnostics = sortDiagnostics(checked.diagnostics);
  return { model: checked.model, diagnostics, source, ok: !hasErrors(diagnostics) };
}

/** Reads and checks a model file. A file that cannot be read is a diagnostic (E0001), not an exception. */
export async function checkFile(path: string, options: CheckOptions = {}): Promise<CheckReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    const source = new SourceFile(path, "");
    return {
      model: undefined,
      diagnostics: [
        { severity: "error", code: "E0001", message: `cannot read '${path}': ${reason}`, file: path },
      ],
      source,
      ok: false,
    };
  }
  return finish(parseBytes(bytes, path), options);
}
