// IR expressions → symbolic expressions for one plate element: variables read at an element become leaf
// symbols (`x[n]`, `mu[2]` once z[n] = 2 is fixed), so Q's terms can be matched, differentiated and shown.

import type { ValueType } from "../check";
import { InternalError } from "../diagnostics";
import type { IRExpr, IRVariable } from "../ir";
import * as S from "../symbolic";

export interface ElementAssignment {
  /** States of discrete latents fixed for this element (z[n] = k), by variable. */
  readonly states?: ReadonlyMap<IRVariable, number>;
  /** Sizes whose values are known. */
  readonly sizes?: ReadonlyMap<string, number>;
  /** Filled with what each leaf symbol stands for, so the engine can evaluate a symbol at a plate element. */
  readonly record?: Map<string, { readonly variable: IRVariable | undefined; readonly ir: IRExpr }>;
}

function size(d: ValueType["dims"][number], sizes: ReadonlyMap<string, number> | undefined): S.Size {
  let v = d.constant;
  for (const [name, k] of d.terms) {
    const s = sizes?.get(name);
    if (s === undefined) return d.terms.length === 1 && d.constant === 0 && k === 1 ? name : `${name}…`;
    v += k * s;
  }
  return v;
}

export function shapeOf(t: ValueType, skip: number, sizes?: ReadonlyMap<string, number>): S.Shape {
  const dims = t.dims.slice(skip).map((d) => size(d, sizes));
  if (dims.length === 0) return S.SCALAR;
  if (dims.length === 1) return S.vectorShape(dims[0]!);
  if (dims.length === 2) return S.matrixShape(dims[0]!, dims[1]!);
  throw new InternalError(`a value of rank ${dims.length} has no symbolic form; index it first`);
}

export function domainOf(t: ValueType): S.Domain {
  const d = t.domain;
  if (t.structure === "simplex" || (d.atMostOne && d.nonnegative)) return "prob";
  if (d.positive) return "positive";
  if (d.integer) return "integer";
  if (d.nonnegative) return "nonnegative";
  return "real";
}

/** A subscript as text for a symbol's name (`n`, `n - 1`, `2`), or a state number. */
function subscript(e: IRExpr, a: ElementAssignment): string | number {
  if (e.kind === "const" && typeof e.value === "number") return e.value;
  if (e.kind === "plate-index") return e.plate.index;
  if (e.kind === "binary" && (e.op === "+" || e.op === "-")) {
    const l = subscript(e.left, a);
    const r = subscript(e.right, a);
    if (typeof l === "number" && typeof r === "number") return e.op === "+" ? l + r : l - r;
    return `${l} ${e.op} ${r}`;
  }
  if (e.kind === "index" && e.base.kind === "variable") {
    const state = a.states?.get(e.base.variable);
    if (state !== undefined) return state;
    return `${e.base.variable.name}[${e.indices.map((i) => subscript(i, a)).join(", ")}]`;
  }
  if (e.kind === "variable") return a.states?.get(e.variable) ?? e.variable.name;
  throw new InternalError("a subscript that is not a plate index, a constant or a discrete latent");
}

/** The symbol for a variable read at subscripts: its name carries them, its shape is what is left. */
export function elementSymbol(
  v: IRVariable,
  subs: readonly (string | number)[],
  sizes?: ReadonlyMap<string, number>,
): S.SymbolExpr {
  const name = subs.length === 0 ? v.name : `${v.name}[${subs.join(", ")}]`;
  const display = subs.length === 0 ? undefined : { base: v.name, indices: subs };
  return S.symbol(name, shapeOf(v.type, subs.length, sizes), domainOf(v.type), display);
}

function broadcast(a: S.Expr, b: S.Expr): [S.Expr, S.Expr] {
  if (S.isScalar(a.shape) && !S.isScalar(b.shape)) return [S.mul(a, S.ones(b.shape)), b];
  if (S.isScalar(b.shape) && !S.isScalar(a.shape)) return [a, S.mul(b, S.ones(a.shape))];
  return [a, b];
}

const elementwise: Record<string, (x: S.Expr) => S.Expr> = {
  exp: S.exp,
  log: S.log,
  log1p: S.log1p,
  sqrt: S.sqrt,
  abs: S.abs,
  tanh: S.tanh,
  sigmoid: S.sigmoid,
  softmax: S.softmax,
  sum: S.sum,
  transpose: S.transpose,
  det: S.det,
  logdet: S.logdet,
  inv: S.inv,
  diag: S.diag,
};

export function toSymbolic(e: IRExpr, a: ElementAssignment = {}): S.Expr {
  switch (e.kind) {
    case "const":
      return typeof e.value === "number" ? S.num(e.value) : S.constant(e.value as number[] | number[][]);
    case "size":
      return a.sizes?.has(e.name) ? S.num(a.sizes.get(e.name)!) : S.symbol(e.name, S.SCALAR, "positive");
    case "plate-index": {
      const sym = S.symbol(e.plate.index, S.SCALAR, "integer");
      a.record?.set(sym.name, { variable: undefined, ir: e });
      return sym;
    }
    case "variable": {
      if (a.states?.has(e.variable)) return S.num(a.states.get(e.variable)!);
      const sym = elementSymbol(e.variable, [], a.sizes);
      a.record?.set(sym.name, { variable: e.variable, ir: e });
      return sym;
    }
    case "index": {
      if (e.base.kind === "variable") {
        const state = a.states?.get(e.base.variable);
        if (state !== undefined) return S.num(state);
        const sym = elementSymbol(
          e.base.variable,
          e.indices.map((i) => subscript(i, a)),
          a.sizes,
        );
        a.record?.set(sym.name, { variable: e.base.variable, ir: e });
        return sym;
      }
      const base = toSymbolic(e.base, a);
      const subs = e.indices.map((i) => subscript(i, a));
      if (subs.every((s) => typeof s === "number")) return S.index(base, ...(subs as number[]));
      throw new InternalError("indexing a computed value by a plate index has no symbolic form");
    }
    case "unary":
      return e.op === "neg" ? S.neg(toSymbolic(e.operand, a)) : S.transpose(toSymbolic(e.operand, a));
    case "binary": {
      const l = toSymbolic(e.left, a);
      const r = toSymbolic(e.right, a);
      switch (e.op) {
        case "+":
          return S.add(...broadcast(l, r));
        case "-":
          return S.sub(...broadcast(l, r));
        case "*":
          return S.isScalar(l.shape) || S.isScalar(r.shape) ? S.mul(l, r) : S.matmul(l, r);
        case "/":
          return S.div(l, r);
        case "^":
          return S.pow(l, r);
        default:
          return S.compare(e.op, l, r);
      }
    }
    case "call": {
      const args = e.args.map((x) => toSymbolic(x, a));
      const f = elementwise[e.fn];
      if (f) return f(args[0]!);
      const n = e.args[0]!;
      const count = (): S.Size => {
        const v = toSymbolic(n, a);
        if (v.kind === "const") return v.value;
        if (v.kind === "symbol") return v.name;
        throw new InternalError(`${e.fn} needs a size`);
      };
      switch (e.fn) {
        case "dot":
          return S.dot(args[0]!, args[1]!);
        case "zeros":
          return S.zeros(count());
        case "ones":
          return S.ones(count());
        case "I":
          return S.identity(count());
        default:
          throw new InternalError(`function '${e.fn}' has no symbolic form`);
      }
    }
    case "array": {
      const items = e.elements.map((x) => toSymbolic(x, a));
      if (items.every((x) => S.isScalar(x.shape))) return S.vec(items);
      // A matrix literal of row vectors: element by element, which needs the rows' length.
      const [n] = S.dimsOf(items[0]!.shape);
      if (typeof n !== "number") throw new InternalError("a matrix literal needs rows of known length");
      return S.mat(items.map((row) => Array.from({ length: n }, (_, j) => S.index(row, j + 1))));
    }
  }
}
