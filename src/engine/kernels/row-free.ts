// Whether an expression has the same value at every element of a latent group once the group's latents
// are fixed: it reads params, constants, sizes, and the group's own latents at the group's element — not
// data, not other latents, not plate indices. Such values are computed once per state per pass.

import type { IRExpr, IRVariable } from "../../ir";

export function rowFree(
  e: IRExpr,
  groupLatents: ReadonlySet<IRVariable>,
  inLatentSubscript = false,
): boolean {
  switch (e.kind) {
    case "const":
    case "size":
      return true;
    case "plate-index":
      return inLatentSubscript;
    case "variable":
      return e.variable.role === "param";
    case "index": {
      if (e.base.kind !== "variable")
        return rowFree(e.base, groupLatents) && e.indices.every((i) => rowFree(i, groupLatents));
      const role = e.base.variable.role;
      if (role === "data") return false;
      const latent = role === "latent" && groupLatents.has(e.base.variable);
      if (role === "latent" && !latent) return false;
      return e.indices.every((i) => rowFree(i, groupLatents, latent));
    }
    case "unary":
      return rowFree(e.operand, groupLatents);
    case "binary":
      return rowFree(e.left, groupLatents) && rowFree(e.right, groupLatents);
    case "call":
      return e.args.every((a) => rowFree(a, groupLatents));
    case "array":
      return e.elements.every((a) => rowFree(a, groupLatents));
  }
}

/** Whether `e` is a read of data whose subscripts are only plate indices and constants (a row of a file). */
export function isDataRead(e: IRExpr): boolean {
  if (e.kind === "variable") return e.variable.role === "data";
  if (e.kind !== "index" || e.base.kind !== "variable" || e.base.variable.role !== "data") return false;
  return e.indices.every((i) => subscriptFree(i));
}

/** Plate indices, constants, sizes and arithmetic on them: a subscript fixed by the element alone. */
function subscriptFree(e: IRExpr): boolean {
  switch (e.kind) {
    case "const":
    case "size":
    case "plate-index":
      return true;
    case "unary":
      return e.op === "neg" && subscriptFree(e.operand);
    case "binary":
      return subscriptFree(e.left) && subscriptFree(e.right);
    default:
      return false;
  }
}
