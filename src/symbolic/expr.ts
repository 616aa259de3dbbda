// The expression node types and their hash-consing: structurally equal expressions are the same object,
// so `===` is structural equality and a node's `key` identifies its structure while it is alive.

import { type Shape, shapeKey } from "./shape";

/** What is known of a symbol's values (elementwise for vectors and matrices). */
export type Domain = "real" | "positive" | "nonnegative" | "prob" | "integer";

/** How a symbol is displayed: a base name and subscripts, e.g. `{ base: "mu", indices: ["k"] }` is μₖ. */
export interface SymbolDisplay {
  readonly base: string;
  readonly indices: readonly (string | number)[];
}

/** Comparison operators; a comparison's value is 1 or 0. */
export type CompareOp = "<" | "<=" | ">" | ">=" | "==" | "!=";

/** Node kinds whose only payload is their arguments. */
export type OpKind =
  | "add" // n-ary sum of same-shaped operands
  | "neg"
  | "mul" // n-ary product of scalars; the last operand may be a vector or matrix (scaling)
  | "div" // anything divided by a scalar
  | "pow" // elementwise power with a scalar exponent
  | "matmul" // matrix product, vectors as columns
  | "hadamard" // elementwise product of same-shaped vectors or matrices (appears in gradients)
  | "transpose"
  | "vector" // vector literal from scalar items
  | "matrix" // matrix literal from scalar items, row-major
  | "reshape"; // the same numbers under another nominal shape (vector(n) ↔ matrix(n, 1); in gradients)

interface Base {
  /** Unique while the node is alive; children's ids make up the parent's key. */
  readonly id: number;
  /** The structural key: equal keys ⇔ the same node. */
  readonly key: string;
  readonly shape: Shape;
  readonly args: readonly Expr[];
}

/** A numeric scalar constant. */
export interface ConstExpr extends Base {
  readonly kind: "const";
  readonly value: number;
}

/** A numeric vector or matrix constant (row-major, concrete shape). */
export interface TensorExpr extends Base {
  readonly kind: "tensor";
  readonly data: Float64Array;
}

/** A leaf variable. Symbols are identified by name in env lookups, `dependsOn` and `gradient`. */
export interface SymbolExpr extends Base {
  readonly kind: "symbol";
  readonly name: string;
  readonly domain: Domain;
  readonly display?: SymbolDisplay;
}

/** A vector or matrix with every element equal to `value`: zeros(n), ones(n). */
export interface FillExpr extends Base {
  readonly kind: "fill";
  readonly value: number;
}

/** The n×n identity matrix I(n). */
export interface IdentityExpr extends Base {
  readonly kind: "identity";
}

/** An operator node. */
export interface OpExpr extends Base {
  readonly kind: OpKind;
}

/** A function application `fn(args)`; `fn` names an entry of the function table (functions.ts). */
export interface CallExpr extends Base {
  readonly kind: "call";
  readonly fn: string;
}

/** Indexing by 1-based constants: an element of a vector, a row (as a vector) or an element of a matrix. */
export interface IndexExpr extends Base {
  readonly kind: "index";
  readonly indices: readonly number[];
}

/** The adjoint of indexing: zeros of `shape` with the argument placed at the 1-based `indices`. */
export interface EmbedExpr extends Base {
  readonly kind: "embed";
  readonly indices: readonly number[];
}

/** A comparison of two scalars, valued 1 (true) or 0 (false). */
export interface CompareExpr extends Base {
  readonly kind: "compare";
  readonly op: CompareOp;
}

/** A node of the expression DAG. */
export type Expr =
  | ConstExpr
  | TensorExpr
  | SymbolExpr
  | FillExpr
  | IdentityExpr
  | OpExpr
  | CallExpr
  | IndexExpr
  | EmbedExpr
  | CompareExpr;

type Payload =
  | { kind: "const"; value: number }
  | { kind: "tensor"; data: Float64Array }
  | { kind: "symbol"; name: string; domain: Domain; display?: SymbolDisplay }
  | { kind: "fill"; value: number }
  | { kind: "identity" }
  | { kind: OpKind }
  | { kind: "call"; fn: string }
  | { kind: "index" | "embed"; indices: readonly number[] }
  | { kind: "compare"; op: CompareOp };

/** A number as key text, telling −0 from 0. */
export function numberKey(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

function payloadKey(p: Payload): string {
  switch (p.kind) {
    case "const":
    case "fill":
      return numberKey(p.value);
    case "tensor":
      return Array.from(p.data, numberKey).join(",");
    case "symbol":
      return JSON.stringify([p.name, p.domain, p.display ?? null]);
    case "call":
      return p.fn;
    case "index":
    case "embed":
      return p.indices.join(",");
    case "compare":
      return p.op;
    default:
      return "";
  }
}

const table = new Map<string, WeakRef<Expr>>();
const cleanup = new FinalizationRegistry<string>((key) => {
  if (table.get(key)?.deref() === undefined) table.delete(key);
});
let nextId = 1;

/**
 * The unique node with this payload, shape and arguments (hash-consing). Used by the constructors, which
 * check shapes first; not for direct use.
 */
export function intern(payload: Payload, shape: Shape, args: readonly Expr[]): Expr {
  const key = `${payload.kind}|${shapeKey(shape)}|${payloadKey(payload)}|${args.map((a) => a.id).join(",")}`;
  const existing = table.get(key)?.deref();
  if (existing !== undefined) return existing;
  const copy: Record<string, unknown> = { ...payload };
  if (payload.kind === "tensor") copy.data = Float64Array.from(payload.data);
  if (payload.kind === "index" || payload.kind === "embed")
    copy.indices = Object.freeze([...payload.indices]);
  if (payload.kind === "symbol" && payload.display !== undefined) {
    const { base, indices } = payload.display;
    copy.display = Object.freeze({ base, indices: Object.freeze([...indices]) });
  }
  const fields = {
    ...copy,
    id: nextId++,
    key,
    shape: Object.freeze({ ...shape }),
    args: Object.freeze([...args]),
  };
  const node = Object.freeze(fields) as Expr;
  table.set(key, new WeakRef(node));
  cleanup.register(node, key);
  return node;
}

/** Whether a node is a numeric scalar constant (optionally equal to `value`). */
export function isConst(e: Expr, value?: number): e is ConstExpr {
  return e.kind === "const" && (value === undefined || e.value === value);
}

/** Whether a node is a symbol. */
export function isSymbol(e: Expr): e is SymbolExpr {
  return e.kind === "symbol";
}
