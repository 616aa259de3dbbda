// Walking the DAG: a topological order (each shared node once), free symbols, dependence on a symbol,
// rebuilding a node with new arguments, and substitution of symbols by expressions.

import { InternalError } from "../diagnostics";
import { add, div, hadamard, matmul, mul, neg, pow, reshape, transpose } from "./build";
import { call, compare, embed, index, mat, vec } from "./build-functions";
import type { Expr, SymbolExpr } from "./expr";

/** Every node of `root` once, children before parents (root last). Iterative: deep sums do not overflow. */
export function topologicalOrder(root: Expr): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<Expr>();
  const stack: [Expr, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, next] = top;
    if (next < node.args.length) {
      top[1] = next + 1;
      const child = node.args[next]!;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** The symbols `e` mentions, one per name, sorted by name. */
export function freeSymbols(e: Expr): SymbolExpr[] {
  const byName = new Map<string, SymbolExpr>();
  for (const node of topologicalOrder(e)) {
    if (node.kind === "symbol" && !byName.has(node.name)) byName.set(node.name, node);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A symbol, its name, or several of them: what `dependsOn` and friends accept. */
export type SymbolRef = SymbolExpr | string | readonly (SymbolExpr | string)[];

/** The set of names a SymbolRef stands for. */
export function symbolNames(ref: SymbolRef): ReadonlySet<string> {
  const list = typeof ref === "string" || !Array.isArray(ref) ? [ref as SymbolExpr | string] : ref;
  return new Set(list.map((s) => (typeof s === "string" ? s : s.name)));
}

/** A memoised test "does this node mention any of these names?", for repeated queries on one DAG. */
export function dependenceTest(ref: SymbolRef): (e: Expr) => boolean {
  const names = symbolNames(ref);
  const memo = new Map<Expr, boolean>();
  const test = (e: Expr): boolean => {
    const known = memo.get(e);
    if (known !== undefined) return known;
    for (const node of topologicalOrder(e)) {
      if (memo.has(node)) continue;
      memo.set(
        node,
        node.kind === "symbol" ? names.has(node.name) : node.args.some((a) => memo.get(a) === true),
      );
    }
    return memo.get(e)!;
  };
  return test;
}

/** Whether `e` mentions the symbol (by name), or any of several. */
export function dependsOn(e: Expr, ref: SymbolRef): boolean {
  return dependenceTest(ref)(e);
}

/** The same node with new arguments (the node itself when they are unchanged). */
export function withArgs(e: Expr, args: readonly Expr[]): Expr {
  if (args.length === e.args.length && args.every((a, i) => a === e.args[i])) return e;
  const [a, b] = args as [Expr, Expr];
  switch (e.kind) {
    case "add":
      return add(...args);
    case "neg":
      return neg(a);
    case "mul":
      return mul(...args);
    case "div":
      return div(a, b);
    case "pow":
      return pow(a, b);
    case "matmul":
      return matmul(a, b);
    case "hadamard":
      return hadamard(a, b);
    case "transpose":
      return transpose(a);
    case "reshape":
      return reshape(a, e.shape);
    case "vector":
      return vec(args);
    case "matrix": {
      const cols = e.shape.kind === "matrix" ? Number(e.shape.cols) : 1;
      const rows: Expr[][] = [];
      for (let i = 0; i < args.length; i += cols) rows.push(args.slice(i, i + cols));
      return mat(rows);
    }
    case "call":
      return call(e.fn, ...args);
    case "index":
      return index(a, ...e.indices);
    case "embed":
      return embed(a, e.shape, ...e.indices);
    case "compare":
      return compare(e.op, a, b);
    default:
      throw new InternalError(`withArgs on a leaf (${e.kind})`);
  }
}

/** Rebuilds `e` bottom-up, replacing each node by `f(node rebuilt from new arguments)`; memoised per node. */
export function mapExpr(e: Expr, f: (node: Expr) => Expr): Expr {
  const done = new Map<Expr, Expr>();
  for (const node of topologicalOrder(e)) {
    const rebuilt =
      node.args.length === 0
        ? node
        : withArgs(
            node,
            node.args.map((a) => done.get(a)!),
          );
    done.set(node, f(rebuilt));
  }
  return done.get(e)!;
}

/** Replaces symbols (by name) with expressions of compatible shape. */
export function substitute(e: Expr, replacements: ReadonlyMap<string, Expr> | Record<string, Expr>): Expr {
  const map = replacements instanceof Map ? replacements : new Map(Object.entries(replacements));
  return mapExpr(e, (node) => (node.kind === "symbol" ? (map.get(node.name) ?? node) : node));
}

/** The number of distinct nodes of the DAG. */
export function nodeCount(e: Expr): number {
  return topologicalOrder(e).length;
}
