// The command-line bindings `--set NAME=VALUE` and `--columns NAME=c1,c2,…`, parsed strictly: a value is
// a number or a JSON array of numbers, never code.

import type { ConstValue } from "../check";
import type { Diagnostic } from "../diagnostics";
import { readCell } from "./cells";

export interface ParsedArguments<T> {
  readonly values: Map<string, T>;
  readonly diagnostics: Diagnostic[];
}

function usage(message: string, hint?: string): Diagnostic {
  return { severity: "error", code: "E0311", message, ...(hint === undefined ? {} : { hint }) };
}

function isNumberArray(v: unknown, depth: number): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  return v.every((x) =>
    depth === 1 ? typeof x === "number" && Number.isFinite(x) : isNumberArray(x, depth - 1),
  );
}

/** `--set K=3`, `--set w=[0.2,0.3,0.5]`, `--set M=[[1,0],[0,1]]`. */
export function parseSetArguments(args: readonly string[]): ParsedArguments<ConstValue> {
  const values = new Map<string, ConstValue>();
  const diagnostics: Diagnostic[] = [];
  for (const arg of args) {
    const m = /^([\p{L}_][\p{L}\p{Nd}\p{Mn}\p{Mc}_]*)=(.*)$/su.exec(arg);
    if (!m) {
      diagnostics.push(usage(`--set ${arg}: expected NAME=VALUE`, "for example --set K=3"));
      continue;
    }
    const [, name, text] = m as unknown as [string, string, string];
    const cell = readCell(text);
    if (cell.kind === "number") {
      values.set(name, cell.value);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isNumberArray(parsed, 1) || isNumberArray(parsed, 2)) values.set(name, parsed as ConstValue);
    else
      diagnostics.push(usage(`--set ${name}=${text}: the value must be a number or a JSON array of numbers`));
  }
  return { values, diagnostics };
}

/** `--columns x=eruptions,waiting` binds data `x` to those CSV columns. */
export function parseColumnArguments(args: readonly string[]): ParsedArguments<string[]> {
  const values = new Map<string, string[]>();
  const diagnostics: Diagnostic[] = [];
  for (const arg of args) {
    const m = /^([^=]+)=(.+)$/s.exec(arg);
    if (!m) {
      diagnostics.push(
        usage(
          `--columns ${arg}: expected NAME=column[,column…]`,
          "for example --columns x=eruptions,waiting",
        ),
      );
      continue;
    }
    const columns = m[2]!.split(",").map((c) => c.trim());
    if (columns.some((c) => c === "")) {
      diagnostics.push(usage(`--columns ${arg}: a column name is empty`));
      continue;
    }
    values.set(m[1]!.trim(), columns);
  }
  return { values, diagnostics };
}
