// What the lexer would have refused had the model been written as text: names that are not identifiers or
// are reserved words, numbers that are not finite literals, a description with a line break. Same codes.

import type { Diagnostic } from "../../diagnostics";
import { type Program, reservedWords } from "../../syntax";

const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}\p{Mn}\p{Mc}_]*$/u;
const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Diagnostics for the tokens of a built program that the language cannot spell. */
export function validateTokens(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const o = value as Record<string, unknown>;
    if (o.kind === "number") checkNumber(o as { value: number; text: string; span: Program["span"] }, out);
    else if (typeof o.name === "string" && "span" in o)
      checkName(o as { name: string; span: Program["span"] }, out);
    for (const [key, child] of Object.entries(o)) if (key !== "span" && key !== "opSpan") visit(child);
  };
  visit(program);
  if (program.description !== undefined && /[\r\n]/.test(program.description)) {
    out.push({
      severity: "error",
      code: "E0103",
      message: "the model's description has a line break; a string is one line",
      span: program.name.span,
    });
  }
  return out;
}

function checkName(id: { name: string; span: Program["span"] }, out: Diagnostic[]): void {
  if (reservedWords.has(id.name)) {
    out.push({
      severity: "error",
      code: "E0111",
      message: `'${id.name}' is a reserved word and cannot be used as a name`,
      span: id.span,
      hint: "choose another name",
    });
  } else if (!IDENTIFIER.test(id.name)) {
    out.push({
      severity: "error",
      code: "E0106",
      message: `'${id.name}' is not a name: a name is a letter or '_', then letters, digits or '_'`,
      span: id.span,
    });
  }
}

function checkNumber(n: { value: number; text: string; span: Program["span"] }, out: Diagnostic[]): void {
  if (!Number.isFinite(n.value)) {
    out.push({
      severity: "error",
      code: "E0114",
      message: `${n.value} is not a finite number, so it cannot be a literal of the model`,
      span: n.span,
    });
  } else if (!NUMBER.test(n.text) || Number(n.text) !== n.value) {
    out.push({
      severity: "error",
      code: "E0106",
      message: `'${n.text}' does not spell the number ${n.value}`,
      span: n.span,
      hint: 'give the literal\'s text as written in a model, e.g. lit(0.001, "1e-3")',
    });
  }
}
