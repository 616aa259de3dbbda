// The adjoint of each node kind: given Ḡ = ∂f/∂(node), the contributions ∂f/∂(argument) as expressions,
// with matrix calculus for products, transposes, inverses, determinants, traces and diagonals.

import { InternalError } from "../diagnostics";
import {
  add,
  div,
  fill,
  hadamard,
  identity,
  matmul,
  mul,
  neg,
  num,
  pow,
  reshape,
  sub,
  transpose,
} from "./build";
import { diag, digamma, dot, embed, index, inv, log, sign, sum, trigamma } from "./build-functions";
import type { Expr } from "./expr";
import { functionSpec } from "./functions";
import { dimsOf, isScalar, type Shape } from "./shape";

/** Thrown by `gradient` for a function without a derivative here (e.g. trigamma: no tetragamma yet). */
export class NotDifferentiableError extends InternalError {
  constructor(fn: string) {
    super(`${fn} is not differentiable symbolically`);
    this.name = "NotDifferentiableError";
  }
}

const one = (shape: Shape): Expr => fill(1, shape);
/** Elementwise product (scaling for scalars). */
const emul = (a: Expr, b: Expr): Expr =>
  isScalar(a.shape) || isScalar(b.shape) ? mul(a, b) : hadamard(a, b);
/** The Frobenius inner product ⟨a, b⟩ = Σ aᵢⱼ bᵢⱼ of same-shaped operands. */
const inner = (a: Expr, b: Expr): Expr => (isScalar(a.shape) ? mul(a, b) : sum(hadamard(a, b)));

/** dy/dx of the built-in elementwise functions, from the argument x and the result y. */
const ELEMENTWISE: Record<string, (x: Expr, y: Expr) => Expr | undefined> = {
  exp: (_x, y) => y,
  log: (x) => pow(x, -1),
  log1p: (x) => pow(add(one(x.shape), x), -1),
  sqrt: (_x, y) => mul(0.5, pow(y, -1)),
  abs: (x) => sign(x),
  sign: () => undefined,
  tanh: (x, y) => sub(one(x.shape), pow(y, 2)),
  sigmoid: (x, y) => emul(y, sub(one(x.shape), y)),
  lgamma: (x) => digamma(x),
  digamma: (x) => trigamma(x),
};

function callAdjoints(e: Expr & { kind: "call" }, g: Expr): (Expr | undefined)[] {
  const [a, b] = e.args as [Expr, Expr];
  const spec = functionSpec(e.fn);
  if (spec.kind === "elementwise") {
    const rule = ELEMENTWISE[e.fn] ?? spec.derivative;
    if (rule === undefined) throw new NotDifferentiableError(e.fn);
    const d = rule(a, e);
    return [d === undefined ? undefined : emul(g, d)];
  }
  switch (e.fn) {
    case "sum":
      return [isScalar(a.shape) ? g : mul(g, one(a.shape))];
    case "dot":
      return [mul(g, b), mul(g, a)];
    case "softmax":
      return [hadamard(e, sub(g, mul(dot(e, g), one(e.shape))))];
    case "det":
      return [mul(g, e, transpose(inv(a)))];
    case "logdet":
      return [mul(g, transpose(inv(a)))];
    case "inv": {
      const t = transpose(e);
      return [neg(matmul(matmul(t, g), t))];
    }
    case "trace":
      return [mul(g, identity(dimsOf(a.shape)[0]))];
    case "diag":
      return [diag(g)];
    default:
      throw new NotDifferentiableError(e.fn);
  }
}

/** Either product: scaling when a side is a scalar, else the matrix product. */
const prod = (a: Expr, b: Expr): Expr => (isScalar(a.shape) || isScalar(b.shape) ? mul(a, b) : matmul(a, b));

function mulAdjoints(e: Expr, g: Expr): Expr[] {
  const args = e.args;
  const last = args[args.length - 1]!;
  const tensor = isScalar(last.shape) ? undefined : last;
  return args.map((arg, i) => {
    const others = args.filter((_, j) => j !== i);
    if (tensor === undefined) return mul(g, ...others);
    if (arg === tensor && i === args.length - 1) return mul(...others, g);
    return mul(inner(g, tensor), ...others.filter((o) => o !== tensor || isScalar(o.shape)));
  });
}

/**
 * The adjoint contributions of node `e` to each of its arguments given its own adjoint `g` (undefined: zero).
 * Shapes may differ nominally from the argument's (vector(n) vs matrix(n, 1)); the caller reshapes.
 */
export function adjoints(e: Expr, g: Expr): (Expr | undefined)[] {
  const [a, b] = e.args as [Expr, Expr];
  switch (e.kind) {
    case "add":
      return e.args.map(() => g);
    case "neg":
      return [neg(g)];
    case "mul":
      return mulAdjoints(e, g);
    case "div":
      return [div(g, b), neg(div(inner(g, e), b))];
    case "pow": {
      const da = b.kind === "const" ? mul(b, pow(a, b.value - 1)) : mul(b, pow(a, sub(b, 1)));
      return [emul(g, da), inner(g, emul(e, log(a)))];
    }
    case "matmul":
      return [prod(g, transpose(b)), prod(transpose(a), g)];
    case "hadamard":
      return [hadamard(g, b), hadamard(g, a)];
    case "transpose":
      return [transpose(g)];
    case "reshape":
      return [reshape(g, a.shape)];
    case "vector":
      return e.args.map((_, i) => index(g, i + 1));
    case "matrix": {
      const cols = Number(dimsOf(e.shape)[1]);
      return e.args.map((_, i) => index(g, Math.floor(i / cols) + 1, (i % cols) + 1));
    }
    case "index":
      return [embed(g, a.shape, ...e.indices)];
    case "embed":
      return [index(g, ...e.indices)];
    case "compare":
      return [undefined, undefined];
    case "call":
      return callAdjoints(e, g);
    default:
      return [];
  }
}

/** Zero of a shape: the gradient of something that does not depend on the variable. */
export function zeroOf(shape: Shape): Expr {
  return isScalar(shape) ? num(0) : fill(0, shape);
}
