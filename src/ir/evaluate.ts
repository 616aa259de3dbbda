// Numeric evaluation of IR expressions for one assignment of plate indices: the interpreter behind
// forward sampling and checks at run time. Errors are EvaluationErrors, reported at the model site.

import { inverse, logAbsDet, matrixProduct, transposeOf } from "./matrix-functions";
import type { IRExpr, IRPlate, IRVariable } from "./model-ir";
import { EvaluationError, map, type Numeric, normalise, type Tensor, tensor, tensorOf, zip } from "./tensor";

export interface EvaluationContext {
  readonly sizes: ReadonlyMap<string, number>;
  /** Full values of data, params and latents. */
  readonly values: ReadonlyMap<IRVariable, Tensor>;
  /** The current 1-based element of each enclosing plate. */
  readonly plateIndex: ReadonlyMap<IRPlate, number>;
  /** Called when an element is read, so a sampler can refuse reads of elements not yet drawn. */
  readonly onRead?: (variable: IRVariable, offset: number, length: number) => void;
}

export { EvaluationError, type Numeric, type Tensor, tensorOf };

const constants = new WeakMap<IRExpr, Numeric>();

function integer(x: Numeric, what: string): number {
  if (typeof x !== "number" || !Number.isInteger(x))
    throw new EvaluationError(`${what} must be an integer, not ${typeof x === "number" ? x : "an array"}`);
  return x;
}

function asTensor(x: Numeric, what: string): Tensor {
  if (typeof x === "number") throw new EvaluationError(`${what} needs a vector or matrix`);
  return x;
}

const elementwise: Record<string, (v: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sigmoid: (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
};

function call(fn: string, args: Numeric[]): Numeric {
  const [x, y] = args as [Numeric, Numeric];
  const f = elementwise[fn];
  if (f) return map(x, f);
  switch (fn) {
    case "softmax": {
      const v = asTensor(x, fn);
      let max = Number.NEGATIVE_INFINITY;
      for (const a of v.data) max = Math.max(max, a);
      const out = v.data.map((a) => Math.exp(a - max));
      const total = out.reduce((s, a) => s + a, 0);
      return tensor(
        v.shape,
        out.map((a) => a / total),
      );
    }
    case "sum":
      return asTensor(x, fn).data.reduce((s, a) => s + a, 0);
    case "dot": {
      const a = asTensor(x, fn).data;
      const b = asTensor(y, fn).data;
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
      return s;
    }
    case "transpose":
      return transposeOf(x);
    case "det": {
      const { logAbs, sign } = logAbsDet(asTensor(x, fn));
      return sign * Math.exp(logAbs);
    }
    case "logdet": {
      const { logAbs, sign } = logAbsDet(asTensor(x, fn));
      return sign > 0 ? logAbs : Number.NaN;
    }
    case "inv":
      return inverse(asTensor(x, fn));
    case "diag": {
      const t = asTensor(x, fn);
      const n = t.shape[0]!;
      if (t.shape.length === 1) {
        const out = new Float64Array(n * n);
        for (let i = 0; i < n; i++) out[i * n + i] = t.data[i]!;
        return tensor([n, n], out);
      }
      return tensor(
        [n],
        Float64Array.from({ length: n }, (_, i) => t.data[i * n + i]!),
      );
    }
    case "zeros":
    case "ones": {
      const n = integer(x, `the size in ${fn}`);
      return tensor([n], new Float64Array(n).fill(fn === "ones" ? 1 : 0));
    }
    case "I": {
      const n = integer(x, "the size in I");
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) out[i * n + i] = 1;
      return tensor([n, n], out);
    }
    default:
      throw new EvaluationError(`unknown function '${fn}'`);
  }
}

function index(
  base: Numeric,
  idx: number[],
  name: string,
  ctx: EvaluationContext,
  variable: IRVariable | undefined,
): Numeric {
  const t = asTensor(base, `indexing '${name}'`);
  let offset = 0;
  let stride = t.data.length;
  idx.forEach((i, k) => {
    const len = t.shape[k]!;
    stride /= len;
    if (i < 1 || i > len) throw new EvaluationError(`subscript ${i} is outside 1..${len} of '${name}'`);
    offset += (i - 1) * stride;
  });
  const rest = t.shape.slice(idx.length);
  const length = rest.reduce((a, b) => a * b, 1);
  if (variable && ctx.onRead) ctx.onRead(variable, offset, length);
  return normalise(tensor(rest, t.data.subarray(offset, offset + length)));
}

/** The name a (possibly indexed) expression reads, for messages. */
function nameOf(e: IRExpr): string {
  return e.kind === "variable" ? e.variable.name : e.kind === "index" ? nameOf(e.base) : "value";
}

function variableOf(e: IRExpr): IRVariable | undefined {
  return e.kind === "variable" ? e.variable : undefined;
}

export function evaluate(e: IRExpr, ctx: EvaluationContext): Numeric {
  switch (e.kind) {
    case "const": {
      let v = constants.get(e);
      if (v === undefined) {
        v = tensorOf(e.value);
        constants.set(e, v);
      }
      return v;
    }
    case "size": {
      const v = ctx.sizes.get(e.name);
      if (v === undefined) throw new EvaluationError(`size '${e.name}' has no value`);
      return v;
    }
    case "variable": {
      const v = ctx.values.get(e.variable);
      if (!v) throw new EvaluationError(`'${e.variable.name}' has no value`);
      if (ctx.onRead) ctx.onRead(e.variable, 0, v.data.length);
      return normalise(v);
    }
    case "plate-index": {
      const i = ctx.plateIndex.get(e.plate);
      if (i === undefined) throw new EvaluationError(`plate index '${e.plate.index}' is not set`);
      return i;
    }
    case "index": {
      const idx = e.indices.map((i) => integer(evaluate(i, ctx), `a subscript of '${nameOf(e.base)}'`));
      if (e.base.kind === "variable") {
        const v = ctx.values.get(e.base.variable);
        if (!v) throw new EvaluationError(`'${e.base.variable.name}' has no value`);
        return index(v, idx, e.base.variable.name, ctx, variableOf(e.base));
      }
      return index(evaluate(e.base, ctx), idx, nameOf(e.base), ctx, undefined);
    }
    case "unary":
      return e.op === "neg"
        ? map(evaluate(e.operand, ctx), (v) => -v)
        : transposeOf(evaluate(e.operand, ctx));
    case "binary": {
      const l = evaluate(e.left, ctx);
      const r = evaluate(e.right, ctx);
      switch (e.op) {
        case "+":
          return zip(l, r, (a, b) => a + b, "'+'");
        case "-":
          return zip(l, r, (a, b) => a - b, "'-'");
        case "*":
          return typeof l === "number" || typeof r === "number"
            ? zip(l, r, (a, b) => a * b, "'*'")
            : matrixProduct(l, r);
        case "/":
          return zip(l, r, (a, b) => a / b, "'/'");
        case "^":
          return zip(l, r, (a, b) => a ** b, "'^'");
        case "<":
          return zip(l, r, (a, b) => (a < b ? 1 : 0), "'<'");
        case "<=":
          return zip(l, r, (a, b) => (a <= b ? 1 : 0), "'<='");
        case ">":
          return zip(l, r, (a, b) => (a > b ? 1 : 0), "'>'");
        case ">=":
          return zip(l, r, (a, b) => (a >= b ? 1 : 0), "'>='");
        case "==":
          return zip(l, r, (a, b) => (a === b ? 1 : 0), "'=='");
        case "!=":
          return zip(l, r, (a, b) => (a !== b ? 1 : 0), "'!='");
      }
      break;
    }
    case "call":
      return call(
        e.fn,
        e.args.map((a) => evaluate(a, ctx)),
      );
    case "array": {
      const items = e.elements.map((x) => evaluate(x, ctx));
      if (items.every((x) => typeof x === "number"))
        return tensor([items.length], Float64Array.from(items as number[]));
      const rows = items.map((x) => asTensor(x, "a matrix literal"));
      const cols = rows[0]!.data.length;
      const out = new Float64Array(rows.length * cols);
      rows.forEach((row, i) => {
        out.set(row.data, i * cols);
      });
      return tensor([rows.length, cols], out);
    }
  }
  throw new EvaluationError("unknown expression");
}
