// A plain-text printout of the IR, so a failing test (or `explain --ir`) shows the model as the
// compiler sees it: variables with roles and types, plates, and factors with lets inlined.

import { formatType } from "../check";
import type { IRExpr, IRStatement, ModelIR } from "./model-ir";

function constText(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(constText).join(", ")}]` : String(v);
}

export function printIRExpr(e: IRExpr): string {
  switch (e.kind) {
    case "const":
      return constText(e.value);
    case "size":
      return e.name;
    case "variable":
      return e.variable.name;
    case "plate-index":
      return e.plate.index;
    case "index":
      return `${printIRExpr(e.base)}[${e.indices.map(printIRExpr).join(", ")}]`;
    case "unary":
      return e.op === "neg" ? `-(${printIRExpr(e.operand)})` : `(${printIRExpr(e.operand)})'`;
    case "binary":
      return `(${printIRExpr(e.left)} ${e.op} ${printIRExpr(e.right)})`;
    case "call":
      return `${e.fn}(${e.args.map(printIRExpr).join(", ")})`;
    case "array":
      return `[${e.elements.map(printIRExpr).join(", ")}]`;
  }
}

function printStatements(list: readonly IRStatement[], indent: string): string[] {
  return list.flatMap((s) => {
    if (s.kind === "plate") {
      const p = s.plate;
      const weight = p.weight ? ` weighted ${printIRExpr(p.weight)}` : "";
      return [
        `${indent}plate ${p.index} in ${printIRExpr(p.from)}..${printIRExpr(p.to)}${weight}`,
        ...printStatements(s.body, `${indent}  `),
      ];
    }
    const f = s.factor;
    const target =
      f.targetIndices.length > 0
        ? `${f.target.name}[${f.targetIndices.map(printIRExpr).join(", ")}]`
        : f.target.name;
    const censoring = f.censoring.map((c) => ` censored(${c.side} = ${printIRExpr(c.condition)})`).join("");
    return [
      `${indent}factor ${f.id}: ${target} ~ ${f.distribution.name}(${f.args.map(printIRExpr).join(", ")})${censoring}`,
    ];
  });
}

export function printIR(ir: ModelIR): string {
  const lines = [`model ${ir.name}`];
  if (ir.sizes.length > 0) lines.push(`  sizes ${ir.sizes.join(", ")}`);
  for (const [name, v] of ir.consts) lines.push(`  const ${name} = ${constText(v)}`);
  for (const v of ir.variables.values()) lines.push(`  ${v.role.padEnd(6)} ${v.name}: ${formatType(v.type)}`);
  lines.push(...printStatements(ir.statements, "  "));
  return `${lines.join("\n")}\n`;
}
