// A total structural order on expressions, independent of construction order, so that canonical sums and
// products list their terms the same way in every run (and render the same way).

import type { Expr } from "./expr";
import { shapeKey } from "./shape";

const RANK: Record<Expr["kind"], number> = {
  const: 0,
  tensor: 1,
  fill: 2,
  identity: 3,
  symbol: 4,
  index: 5,
  call: 6,
  pow: 7,
  transpose: 8,
  mul: 9,
  matmul: 10,
  hadamard: 11,
  div: 12,
  neg: 13,
  add: 14,
  vector: 15,
  matrix: 16,
  embed: 17,
  reshape: 18,
  compare: 19,
};

/** Compares strings with digit runs as numbers: p2 < p10. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const as = a.match(re) ?? [];
  const bs = b.match(re) ?? [];
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i]!;
    const y = bs[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}

function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a)) return 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : 1;
}

function comparePayload(a: Expr, b: Expr): number {
  switch (a.kind) {
    case "const":
    case "fill":
      return compareNumbers(a.value, (b as typeof a).value);
    case "symbol": {
      const other = b as typeof a;
      return (
        naturalCompare(a.name, other.name) ||
        naturalCompare(a.domain, other.domain) ||
        naturalCompare(JSON.stringify(a.display ?? null), JSON.stringify(other.display ?? null))
      );
    }
    case "call":
      return naturalCompare(a.fn, (b as typeof a).fn);
    case "compare":
      return naturalCompare(a.op, (b as typeof a).op);
    case "index":
    case "embed": {
      const bi = (b as typeof a).indices;
      for (let i = 0; i < Math.min(a.indices.length, bi.length); i++) {
        const d = a.indices[i]! - bi[i]!;
        if (d !== 0) return d;
      }
      return a.indices.length - bi.length;
    }
    case "tensor": {
      const bd = (b as typeof a).data;
      for (let i = 0; i < Math.min(a.data.length, bd.length); i++) {
        const d = compareNumbers(a.data[i]!, bd[i]!);
        if (d !== 0) return d;
      }
      return a.data.length - bd.length;
    }
    default:
      return 0;
  }
}

/** A total order on expressions by structure: kind, payload, arguments, shape. 0 only for the same node. */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  const byKind = RANK[a.kind] - RANK[b.kind];
  if (byKind !== 0) return byKind;
  const byPayload = comparePayload(a, b);
  if (byPayload !== 0) return byPayload;
  for (let i = 0; i < Math.min(a.args.length, b.args.length); i++) {
    const d = compareExpr(a.args[i]!, b.args[i]!);
    if (d !== 0) return d;
  }
  if (a.args.length !== b.args.length) return a.args.length - b.args.length;
  const sa = shapeKey(a.shape);
  const sb = shapeKey(b.shape);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
