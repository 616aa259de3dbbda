// The language's functions (`exp` … `I(n)`) and their typing rules: argument shapes, result shape, and what
// is known of the result's values (exp is positive, softmax a simplex, I(n) a covariance).

import { type Dim, dimsEqual } from "./dims";
import {
  type ElementDomain,
  matrix,
  NONNEGATIVE,
  POSITIVE,
  PROB,
  REAL,
  rank,
  scalar,
  type ValueType,
  vector,
} from "./types";

export interface FunctionArg {
  readonly type: ValueType;
  /** Integer value as a size, when it has one (`zeros(D)`). */
  readonly dim: Dim | undefined;
  readonly value: number | undefined;
}

export type FunctionResult =
  | { readonly type: ValueType; readonly deferEqual?: readonly [Dim, Dim] }
  | { readonly error: string; readonly argument?: number; readonly outsideDomain?: boolean };

export interface FunctionSignature {
  readonly name: string;
  readonly arity: number;
  readonly usage: string;
  readonly infer: (args: readonly FunctionArg[]) => FunctionResult;
}

function elementwise(
  name: string,
  domain: (d: ElementDomain) => ElementDomain,
  needsPositive = false,
): FunctionSignature {
  return {
    name,
    arity: 1,
    usage: `${name}(x), elementwise on vectors and matrices`,
    infer: ([x]) => {
      if (rank(x!.type) > 2) return { error: `${name} takes a scalar, vector or matrix`, argument: 0 };
      if (needsPositive && x!.value !== undefined && x!.value <= 0) {
        return {
          error: `${name} needs a positive argument, not ${x!.value}`,
          argument: 0,
          outsideDomain: true,
        };
      }
      return { type: { dims: x!.type.dims, domain: domain(x!.type.domain), structure: undefined } };
    },
  };
}

function square(t: ValueType): FunctionResult | undefined {
  if (rank(t) !== 2) return { error: "needs a square matrix", argument: 0 };
  if (dimsEqual(t.dims[0]!, t.dims[1]!) === "no") return { error: "needs a square matrix", argument: 0 };
  return undefined;
}

function sizeArgument(name: string, make: (n: Dim) => ValueType): FunctionSignature {
  return {
    name,
    arity: 1,
    usage: `${name}(n), n a size, constant or integer`,
    infer: ([n]) => {
      if (rank(n!.type) !== 0 || n!.dim === undefined) {
        return { error: `${name} needs a size: a size name, an integer constant or an integer`, argument: 0 };
      }
      return { type: make(n!.dim) };
    },
  };
}

const list: FunctionSignature[] = [
  elementwise("exp", () => POSITIVE),
  elementwise("log", () => REAL, true),
  elementwise("log1p", (d) => (d.nonnegative ? NONNEGATIVE : REAL)),
  elementwise("sqrt", (d) => (d.positive ? POSITIVE : NONNEGATIVE)),
  elementwise("abs", () => NONNEGATIVE),
  elementwise("tanh", () => REAL),
  elementwise("sigmoid", () => PROB),
  {
    name: "softmax",
    arity: 1,
    usage: "softmax(v), v a vector",
    infer: ([v]) =>
      rank(v!.type) === 1
        ? { type: vector(v!.type.dims[0]!, PROB, "simplex") }
        : { error: "softmax takes a vector", argument: 0 },
  },
  {
    name: "sum",
    arity: 1,
    usage: "sum(x), x a vector or matrix",
    infer: ([x]) => {
      const r = rank(x!.type);
      if (r < 1 || r > 2) return { error: "sum takes a vector or a matrix", argument: 0 };
      const d = x!.type.domain;
      return {
        type: scalar({
          positive: d.positive,
          nonnegative: d.nonnegative,
          atMostOne: false,
          integer: d.integer,
        }),
      };
    },
  },
  {
    name: "dot",
    arity: 2,
    usage: "dot(v, w), two vectors of one length",
    infer: ([v, w]) => {
      if (rank(v!.type) !== 1) return { error: "dot takes two vectors", argument: 0 };
      if (rank(w!.type) !== 1) return { error: "dot takes two vectors", argument: 1 };
      const same = dimsEqual(v!.type.dims[0]!, w!.type.dims[0]!);
      if (same === "no") return { error: "dot needs two vectors of the same length", argument: 1 };
      return same === "unknown"
        ? { type: scalar(), deferEqual: [v!.type.dims[0]!, w!.type.dims[0]!] }
        : { type: scalar() };
    },
  },
  {
    name: "transpose",
    arity: 1,
    usage: "transpose(M), the same as M'",
    infer: ([m]) => {
      const t = m!.type;
      if (rank(t) === 0) return { type: t };
      if (rank(t) === 1) return { type: matrix({ constant: 1, terms: [] }, t.dims[0]!, t.domain) };
      if (rank(t) === 2) return { type: matrix(t.dims[1]!, t.dims[0]!, t.domain, t.structure) };
      return { error: "transpose takes a vector or a matrix", argument: 0 };
    },
  },
  {
    name: "det",
    arity: 1,
    usage: "det(M), M square",
    infer: ([m]) => square(m!.type) ?? { type: scalar(m!.type.structure === "cov" ? POSITIVE : REAL) },
  },
  {
    name: "logdet",
    arity: 1,
    usage: "logdet(M), M square (log of the determinant)",
    infer: ([m]) => square(m!.type) ?? { type: scalar() },
  },
  {
    name: "inv",
    arity: 1,
    usage: "inv(M), M square and invertible",
    infer: ([m]) =>
      square(m!.type) ?? {
        type: matrix(
          m!.type.dims[0]!,
          m!.type.dims[1]!,
          REAL,
          m!.type.structure === "cov" ? "cov" : undefined,
        ),
      },
  },
  {
    name: "diag",
    arity: 1,
    usage: "diag(v) makes a diagonal matrix; diag(M) takes the diagonal of a square matrix",
    infer: ([x]) => {
      const t = x!.type;
      if (rank(t) === 1) {
        return { type: matrix(t.dims[0]!, t.dims[0]!, REAL, t.domain.positive ? "cov" : undefined) };
      }
      if (rank(t) === 2) {
        return square(t) ?? { type: vector(t.dims[0]!, t.structure === "cov" ? POSITIVE : REAL) };
      }
      return { error: "diag takes a vector or a square matrix", argument: 0 };
    },
  },
  sizeArgument("zeros", (n) => vector(n, NONNEGATIVE)),
  sizeArgument("ones", (n) => vector(n, POSITIVE)),
  sizeArgument("I", (n) => matrix(n, n, NONNEGATIVE, "cov")),
];

export const functions: ReadonlyMap<string, FunctionSignature> = new Map(list.map((f) => [f.name, f]));
