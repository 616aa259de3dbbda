// What an IR expression reads: every variable, with the subscripts it is read at. Used to order sampling
// statements and to find which factors read a latent group.

import type { IRExpr, IRVariable } from "./model-ir";

/** Every (variable, subscripts) read in an expression. */
export function reads(
  e: IRExpr,
  out: { variable: IRVariable; indices: readonly IRExpr[] }[] = [],
): typeof out {
  switch (e.kind) {
    case "variable":
      out.push({ variable: e.variable, indices: [] });
      break;
    case "index":
      if (e.base.kind === "variable") out.push({ variable: e.base.variable, indices: e.indices });
      else reads(e.base, out);
      for (const i of e.indices) reads(i, out);
      break;
    case "unary":
      reads(e.operand, out);
      break;
    case "binary":
      reads(e.left, out);
      reads(e.right, out);
      break;
    case "call":
      for (const a of e.args) reads(a, out);
      break;
    case "array":
      for (const a of e.elements) reads(a, out);
      break;
    default:
      break;
  }
  return out;
}
