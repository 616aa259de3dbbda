// The function table behind `call` nodes: each function's name, shape rule and, for elementwise functions,
// its scalar kernel. Derivatives: gradient-rules.ts; numeric kernels of matrix functions: evaluate.ts.

import { InternalError } from "../diagnostics";
import { digamma, lgamma, trigamma } from "../special";
import type { Expr } from "./expr";
import {
  formatShape,
  matrixShape,
  SCALAR,
  type Shape,
  sizesCompatible,
  unifySize,
  vectorShape,
} from "./shape";

/** A function applied elementwise to a scalar, vector or matrix. */
export interface ElementwiseSpec {
  readonly name: string;
  readonly kind: "elementwise";
  /** The scalar kernel. */
  readonly f: (x: number) => number;
  /**
   * dy/dx as an expression of the argument x and the result y = f(x) (elementwise for vectors), for
   * functions registered from outside (built-in ones: gradient-rules.ts). Absent: not differentiable.
   */
  readonly derivative?: (x: Expr, y: Expr) => Expr;
}

/** A function with its own shape rule (sum, det, inv, …); evaluated and differentiated by name. */
export interface StructuralSpec {
  readonly name: string;
  readonly kind: "structural";
  readonly arity: number;
  /** The result's shape, or a message saying why the arguments do not fit. */
  readonly shape: (args: readonly Shape[]) => Shape | string;
}

export type FunctionSpec = ElementwiseSpec | StructuralSpec;

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const ELEMENTWISE: readonly (readonly [string, (x: number) => number])[] = [
  ["exp", Math.exp],
  ["log", Math.log],
  ["log1p", Math.log1p],
  ["sqrt", Math.sqrt],
  ["abs", Math.abs],
  ["sign", Math.sign],
  ["tanh", Math.tanh],
  ["sigmoid", sigmoid],
  ["lgamma", lgamma],
  ["digamma", digamma],
  ["trigamma", trigamma],
];

function square(shape: Shape | undefined): shape is Shape & { kind: "matrix" } {
  return shape?.kind === "matrix" && sizesCompatible(shape.rows, shape.cols);
}

const STRUCTURAL: readonly StructuralSpec[] = [
  {
    name: "sum",
    kind: "structural",
    arity: 1,
    shape: () => SCALAR,
  },
  {
    name: "dot",
    kind: "structural",
    arity: 2,
    shape: ([a, b]) =>
      a?.kind === "vector" && b?.kind === "vector" && sizesCompatible(a.n, b.n)
        ? SCALAR
        : "takes two vectors of one length",
  },
  {
    name: "softmax",
    kind: "structural",
    arity: 1,
    shape: ([a]) => (a?.kind === "vector" ? a : "takes a vector"),
  },
  ...["det", "logdet", "trace"].map(
    (name): StructuralSpec => ({
      name,
      kind: "structural",
      arity: 1,
      shape: ([a]) => (square(a) ? SCALAR : "takes a square matrix"),
    }),
  ),
  {
    name: "inv",
    kind: "structural",
    arity: 1,
    shape: ([a]) => {
      if (!square(a)) return "takes a square matrix";
      const n = unifySize(a.rows, a.cols);
      return matrixShape(n, n);
    },
  },
  {
    name: "diag",
    kind: "structural",
    arity: 1,
    shape: ([a]) => {
      if (a?.kind === "vector") return matrixShape(a.n, a.n);
      if (square(a)) return vectorShape(unifySize(a.rows, a.cols));
      return "takes a vector or a square matrix";
    },
  },
];

const table = new Map<string, FunctionSpec>();
for (const [name, f] of ELEMENTWISE) table.set(name, { name, kind: "elementwise", f });
for (const spec of STRUCTURAL) table.set(spec.name, spec);

/** The spec of a function; throws an InternalError for an unknown name. */
export function functionSpec(name: string): FunctionSpec {
  const spec = table.get(name);
  if (spec === undefined) throw new InternalError(`unknown symbolic function '${name}'`);
  return spec;
}

/** Whether `name` is a known function. */
export function hasFunction(name: string): boolean {
  return table.has(name);
}

/**
 * Adds an elementwise function (for example one from src/special) so that `call(name, x)` builds, evaluates,
 * renders (as `name(x)`) and, when `derivative` is given, differentiates. Built-in names cannot be replaced.
 */
export function registerElementwise(spec: Omit<ElementwiseSpec, "kind">): void {
  const existing = table.get(spec.name);
  if (existing !== undefined) throw new InternalError(`symbolic function '${spec.name}' already exists`);
  table.set(spec.name, { ...spec, kind: "elementwise" });
}

/** The result shape of `name(args)`; throws an InternalError when the arguments do not fit. */
export function callShape(name: string, args: readonly Shape[]): Shape {
  const spec = functionSpec(name);
  const arity = spec.kind === "elementwise" ? 1 : spec.arity;
  if (args.length !== arity) {
    throw new InternalError(`${name} takes ${arity} argument(s), got ${args.length}`);
  }
  if (spec.kind === "elementwise") return args[0]!;
  const result = spec.shape(args);
  if (typeof result === "string") {
    throw new InternalError(`${name} ${result}; got ${args.map(formatShape).join(", ")}`);
  }
  return result;
}
