// `parse` and `check` for library users: the same calls the CLI makes. Any model text, however
// broken, gives diagnostics, never an exception.

import { type CheckedModel, type CheckOptions, check as checkProgram } from "../check";
import { formatBytes, MAX_MODEL_BYTES, readBytesBounded, readErrorReason } from "../data/read-limits";
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
  let bytes: Uint8Array | undefined;
  const refuse = (code: "E0001" | "E0109", message: string): CheckReport => ({
    model: undefined,
    diagnostics: [{ severity: "error", code, message, file: path }],
    source: new SourceFile(path, ""),
    ok: false,
  });
  try {
    // Bounded: a path may name /dev/zero or a FIFO that never ends.
    bytes = await readBytesBounded(path, MAX_MODEL_BYTES);
  } catch (e) {
    return refuse("E0001", `cannot read '${path}': ${readErrorReason(e)}`);
  }
  if (!bytes)
    return refuse(
      "E0109",
      `'${path}' is larger than ${formatBytes(MAX_MODEL_BYTES)}: it is not read as a model, which is a few kilobytes of text`,
    );
  return finish(parseBytes(bytes, path), options);
}
