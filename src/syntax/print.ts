// Prints the AST back as `.lvm` text, with only the parentheses precedence needs. Used in messages
// ("y[n]"), and by the builder's `.toLvm()`: printing then parsing gives an equal AST.

import type * as A from "./ast";

/** Binding strength, loosest first (comparisons, `+ -`, `* /`, unary minus, `^`, postfix). */
const precedence = {
  compare: 1,
  additive: 2,
  multiplicative: 3,
  negate: 4,
  power: 5,
  postfix: 6,
  atom: 7,
} as const;

function level(e: A.Expr): number {
  switch (e.kind) {
    case "compare":
      return precedence.compare;
    case "binary":
      return e.op === "+" || e.op === "-"
        ? precedence.additive
        : e.op === "*" || e.op === "/"
          ? precedence.multiplicative
          : precedence.power;
    case "negate":
      return precedence.negate;
    case "transpose":
    case "index":
      return precedence.postfix;
    default:
      return precedence.atom;
  }
}

function wrap(e: A.Expr, min: number): string {
  const text = printExpr(e);
  return level(e) < min ? `(${text})` : text;
}

export function printExpr(e: A.Expr): string {
  switch (e.kind) {
    case "number":
      return e.text;
    case "boolean":
      return e.value ? "true" : "false";
    case "name":
      return e.name;
    case "negate":
      // `-(-x)` keeps its parentheses: `--x` parses the same but reads like a typo.
      return `-${wrap(e.operand, e.operand.kind === "negate" ? precedence.atom : precedence.power)}`;
    case "binary": {
      if (e.op === "^") {
        // Right associative; the exponent may be a negation (`2^-1`).
        const right = e.right.kind === "negate" ? printExpr(e.right) : wrap(e.right, precedence.power);
        return `${wrap(e.left, precedence.postfix)}^${right}`;
      }
      const p = level(e);
      return `${wrap(e.left, p)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
    case "compare":
      return `${wrap(e.left, precedence.additive)} ${e.op} ${wrap(e.right, precedence.additive)}`;
    case "transpose":
      return `${wrap(e.operand, precedence.postfix)}'`;
    case "index":
      return `${wrap(e.base, precedence.postfix)}[${e.indices.map(printExpr).join(", ")}]`;
    case "call":
      return `${e.callee.name}(${e.args.map(printExpr).join(", ")})`;
    case "array":
      return `[${e.elements.map(printExpr).join(", ")}]`;
  }
}

export function printType(t: A.TypeExpr): string {
  if (t.bracket === undefined) return t.name.name;
  const args = t.args.map(printExpr).join(", ");
  return t.bracket === "(" ? `${t.name.name}(${args})` : `${t.name.name}[${args}]`;
}

export function printTarget(t: A.Target): string {
  return t.indices.length === 0 ? t.name.name : `${t.name.name}[${t.indices.map(printExpr).join(", ")}]`;
}

function printStatement(s: A.Statement, indent: string): string[] {
  switch (s.kind) {
    case "size":
      return [`${indent}size ${s.names.map((n) => n.name).join(", ")}`];
    case "const":
      return [
        `${indent}const ${s.name.name}${s.type ? `: ${printType(s.type)}` : ""} = ${printExpr(s.value)}`,
      ];
    case "variable": {
      const dims = s.dims.length > 0 ? `[${s.dims.map(printExpr).join(", ")}]` : "";
      return [`${indent}${s.role} ${s.name.name}${dims}: ${printType(s.type)}`];
    }
    case "let":
      return [`${indent}let ${s.name.name} = ${printExpr(s.value)}`];
    case "for": {
      const weight = s.weight ? ` weighted ${printExpr(s.weight)}` : "";
      return [
        `${indent}for ${s.index.name} in ${printExpr(s.from)}..${printExpr(s.to)}${weight} {`,
        ...s.body.flatMap((b) => printStatement(b, `${indent}  `)),
        `${indent}}`,
      ];
    }
    case "tilde": {
      const censoring =
        s.censoring.length > 0
          ? ` censored(${s.censoring.map((c) => `${c.side.name} = ${printExpr(c.condition)}`).join(", ")})`
          : "";
      return [
        `${indent}${printTarget(s.target)} ~ ${s.distribution.name}(${s.args.map(printExpr).join(", ")})${censoring}`,
      ];
    }
  }
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The whole program as `.lvm` text, one statement per line. */
export function printProgram(p: A.Program): string {
  const header = `model ${p.name.name}${p.description === undefined ? "" : ` ${quote(p.description)}`}`;
  return `${[header, ...p.statements.flatMap((s) => printStatement(s, ""))].join("\n")}\n`;
}
