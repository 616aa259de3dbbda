// Numeric evaluation: symbols are looked up by name in an environment of numbers and row-major
// Float64Arrays; symbolic sizes are resolved from a sizes map or from the lengths of the bound values.

import { InternalError } from "../diagnostics";
import { detDense, invDense, logAbsDetDense, matmulDense, transposeDense } from "./dense";
import type { CompareOp, Expr } from "./expr";
import { functionSpec } from "./functions";
import { dimsOf, formatShape, type Shape, type Size } from "./shape";
import { dependenceTest, type SymbolRef, topologicalOrder } from "./traverse";

/** A value: a number for a scalar, a row-major Float64Array for a vector or matrix. */
export type Value = number | Float64Array;

/** Values of symbols by name (a plain number array is accepted for a vector or matrix). */
export type Env =
  | Readonly<Record<string, Value | readonly number[]>>
  | ReadonlyMap<string, Value | readonly number[]>;

export interface EvaluateOptions {
  /** Values of size names that the bound values do not determine (e.g. the n of `zeros(n)`). */
  readonly sizes?: Readonly<Record<string, number>>;
}

function lookup(env: Env, name: string): Value | readonly number[] | undefined {
  return env instanceof Map ? env.get(name) : (env as Record<string, Value | readonly number[]>)[name];
}

/** Binds every size name of `e` that the options or the symbols' values determine. */
export function resolveSizes(e: Expr, env: Env, options: EvaluateOptions = {}): Map<string, number> {
  return sizesFrom(sizedSymbols(topologicalOrder(e)), env, options);
}

function sizedSymbols(order: readonly Expr[]): Expr[] {
  return order.filter((n) => n.kind === "symbol" && n.shape.kind !== "scalar");
}

function sizesFrom(symbols: readonly Expr[], env: Env, options: EvaluateOptions): Map<string, number> {
  const sizes = new Map<string, number>(Object.entries(options.sizes ?? {}));
  let progress = true;
  while (progress) {
    progress = false;
    for (const s of symbols) {
      const value = lookup(env, (s as { name: string }).name);
      if (value === undefined || typeof value === "number") continue;
      const [r, c] = dimsOf(s.shape).map((d) => (typeof d === "number" ? d : sizes.get(d))) as [
        number | undefined,
        number | undefined,
      ];
      const [rs, cs] = dimsOf(s.shape);
      if (r === undefined && c !== undefined && c > 0) sizes.set(rs as string, value.length / c);
      else if (c === undefined && r !== undefined && r > 0) sizes.set(cs as string, value.length / r);
      else if (r === undefined && c === undefined && rs === cs)
        sizes.set(rs as string, Math.sqrt(value.length));
      else continue;
      progress = true;
    }
  }
  return sizes;
}

function concrete(size: Size, sizes: ReadonlyMap<string, number>): number {
  if (typeof size === "number") return size;
  const n = sizes.get(size);
  if (n === undefined || !Number.isInteger(n)) throw new InternalError(`size ${size} is not known`);
  return n;
}

const toArray = (v: Value): Float64Array => (typeof v === "number" ? Float64Array.of(v) : v);
const toNumber = (v: Value): number => (typeof v === "number" ? v : v[0]!);

function map2(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (typeof a === "number" && typeof b === "number") return f(a, b);
  const x = toArray(a);
  const y = toArray(b);
  const out = new Float64Array(Math.max(x.length, y.length));
  for (let i = 0; i < out.length; i++)
    out[i] = f(x.length === 1 ? x[0]! : x[i]!, y.length === 1 ? y[0]! : y[i]!);
  return out;
}

function map1(a: Value, f: (x: number) => number): Value {
  return typeof a === "number" ? f(a) : a.map(f);
}

const COMPARE: Record<CompareOp, (x: number, y: number) => boolean> = {
  "<": (x, y) => x < y,
  "<=": (x, y) => x <= y,
  ">": (x, y) => x > y,
  ">=": (x, y) => x >= y,
  "==": (x, y) => x === y,
  "!=": (x, y) => x !== y,
};

function structural(
  fn: string,
  args: readonly Value[],
  shapes: readonly Shape[],
  n: (s: Size) => number,
): Value {
  const a = args[0]!;
  const [r, c] = dimsOf(shapes[0]!).map(n) as [number, number];
  switch (fn) {
    case "sum":
      return typeof a === "number" ? a : a.reduce((s, x) => s + x, 0);
    case "dot": {
      const x = toArray(a);
      const y = toArray(args[1]!);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
      return s;
    }
    case "softmax": {
      const x = toArray(a);
      const m = Math.max(...x);
      const e = x.map((v) => Math.exp(v - m));
      const z = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / z);
    }
    case "det":
      return detDense(toArray(a), r);
    case "logdet":
      return logAbsDetDense(toArray(a), r);
    case "inv":
      return invDense(toArray(a), r);
    case "trace": {
      let s = 0;
      for (let i = 0; i < r; i++) s += toArray(a)[i * r + i]!;
      return s;
    }
    case "diag": {
      const x = toArray(a);
      if (c === 1 && shapes[0]!.kind === "vector") {
        const out = new Float64Array(r * r);
        for (let i = 0; i < r; i++) out[i * r + i] = x[i]!;
        return out;
      }
      return Float64Array.from({ length: r }, (_, i) => x[i * r + i]!);
    }
    default:
      throw new InternalError(`no numeric kernel for ${fn}`);
  }
}

// The element operations, made once (not per node evaluated: this runs in the M-step's inner loops).
const plus = (x: number, y: number) => x + y;
const times = (x: number, y: number) => x * y;
const over = (x: number, y: number) => x / y;
const negate = (x: number) => -x;
// 0 · log 0 = 0 (the convention of x log y): only where NaN comes from 0 · ±∞, never from a NaN factor.
const timesLog = (x: number, y: number) => {
  const t = x * y;
  return Number.isNaN(t) && !Number.isNaN(x) && !Number.isNaN(y) ? 0 : t;
};

/**
 * Per node of a topological order: whether it is a product with a factor that is a log (or a sum, negation
 * or multiple of logs). Such a product is 0 where a factor is 0 and the log −∞: a Poisson term y log(λ c)
 * at y = 0 and c = 0, a weight 0 on an impossible state.
 */
function logProducts(order: readonly Expr[], argumentsOf: readonly (readonly number[])[]): boolean[] {
  const logValued = new Array<boolean>(order.length).fill(false);
  return order.map((x, i) => {
    const args = argumentsOf[i]!;
    if (x.kind === "call") logValued[i] = x.fn === "log";
    else if (x.kind === "add" || x.kind === "neg" || x.kind === "mul")
      logValued[i] = args.some((j) => logValued[j]);
    return x.kind === "mul" && args.some((j) => logValued[j]);
  });
}

function wrapAs(e: Expr, out: Float64Array): Value {
  return e.shape.kind === "scalar" ? out[0]! : out;
}

function node(e: Expr, args: readonly Value[], env: Env, n: (s: Size) => number, logProduct = false): Value {
  if (e.kind === "const") return e.value;
  const [r, c] = dimsOf(e.shape).map(n) as [number, number];
  const wrap = (out: Float64Array): Value => wrapAs(e, out);
  switch (e.kind) {
    case "tensor":
      return e.data.slice();
    case "symbol": {
      const v = lookup(env, e.name);
      if (v === undefined) throw new InternalError(`no value for symbol ${e.name}`);
      if (e.shape.kind === "scalar") {
        if (typeof v !== "number") throw new InternalError(`symbol ${e.name} is a scalar, got an array`);
        return v;
      }
      if (typeof v === "number" || v.length !== r * c) {
        throw new InternalError(`symbol ${e.name} is a ${formatShape(e.shape)} (${r * c} numbers)`);
      }
      return v instanceof Float64Array ? v : Float64Array.from(v);
    }
    case "fill":
      return new Float64Array(r * c).fill(e.value);
    case "identity":
      return Float64Array.from({ length: r * r }, (_, i) => (i % (r + 1) === 0 ? 1 : 0));
    case "add":
      return args.reduce((s, v) => map2(s, v, plus));
    case "neg":
      return map1(args[0]!, negate);
    case "mul":
      return args.reduce((s, v) => map2(s, v, logProduct ? timesLog : times));
    case "hadamard":
      return map2(args[0]!, args[1]!, times);
    case "div":
      return map2(args[0]!, args[1]!, over);
    case "pow":
      return map2(args[0]!, args[1]!, Math.pow);
    case "matmul": {
      const [ar, ak] = dimsOf(e.args[0]!.shape).map(n) as [number, number];
      const bc = n(dimsOf(e.args[1]!.shape)[1]);
      return wrap(matmulDense(toArray(args[0]!), toArray(args[1]!), ar, ak, bc));
    }
    case "transpose":
      return transposeDense(toArray(args[0]!), c, r);
    case "reshape":
      return wrap(toArray(args[0]!));
    case "vector":
    case "matrix":
      return Float64Array.from(args, toNumber);
    case "call": {
      const spec = functionSpec(e.fn);
      if (spec.kind === "elementwise") return map1(args[0]!, spec.f);
      return structural(
        e.fn,
        args,
        e.args.map((a) => a.shape),
        n,
      );
    }
    case "index": {
      const x = toArray(args[0]!);
      const [i, j] = e.indices as [number, number | undefined];
      const cols = n(dimsOf(e.args[0]!.shape)[1]);
      if (e.shape.kind === "scalar") return x[(i - 1) * cols + (j ?? 1) - 1]!;
      return x.slice((i - 1) * cols, i * cols);
    }
    case "embed": {
      const out = new Float64Array(r * c);
      const [i, j] = e.indices as [number, number | undefined];
      out.set(toArray(args[0]!), (i - 1) * c + (j ?? 1) - 1);
      return out;
    }
    case "compare":
      return COMPARE[e.op](toNumber(args[0]!), toNumber(args[1]!)) ? 1 : 0;
  }
}

/**
 * A function evaluating `e` for many environments, its node order computed once. Returns a number for a
 * scalar and a row-major Float64Array otherwise; throws an InternalError for a missing symbol or size.
 */
export function compileEvaluator(e: Expr): (env: Env, options?: EvaluateOptions) => Value {
  const scalar = compileScalar(e);
  if (scalar) return scalar;
  // The order, argument positions and sized symbols are found once; each call only computes values.
  const order = topologicalOrder(e);
  const position = new Map(order.map((x, i) => [x, i] as const));
  const argumentsOf = order.map((x) => x.args.map((a) => position.get(a)!));
  const logProduct = logProducts(order, argumentsOf);
  const symbols = sizedSymbols(order);
  const symbolic = order.some((x) => dimsOf(x.shape).some((d) => typeof d !== "number"));
  const fixed = new Map<string, number>();
  // Sizes that only the options give (no sized symbol to read them from) are found once per options object.
  const bySizes = new WeakMap<object, Map<string, number>>();
  return (env, options = {}) => {
    let sizes = fixed;
    if (symbolic && symbols.length === 0 && options.sizes) {
      sizes = bySizes.get(options.sizes) ?? sizesFrom(symbols, env, options);
      bySizes.set(options.sizes, sizes);
    } else if (symbolic) sizes = sizesFrom(symbols, env, options);
    const n = (s: Size) => concrete(s, sizes);
    const values: Value[] = new Array(order.length);
    for (let i = 0; i < order.length; i++) {
      const args = argumentsOf[i]!;
      values[i] = node(
        order[i]!,
        args.map((j) => values[j]!),
        env,
        n,
        logProduct[i],
      );
    }
    return values[order.length - 1]!;
  };
}

/**
 * The fast path for an expression whose every node is a scalar (the log-densities of scalar families): one
 * closure per node over a reused Float64Array of values — no allocation per call. Undefined when some node
 * is not a scalar operation this path knows; the general evaluator then runs.
 */
function compileScalar(e: Expr): ((env: Env) => number) | undefined {
  const order = topologicalOrder(e);
  if (!order.every((x) => x.shape.kind === "scalar")) return undefined;
  const position = new Map(order.map((x, i) => [x, i] as const));
  const values = new Float64Array(order.length);
  const logProduct = logProducts(
    order,
    order.map((x) => x.args.map((y) => position.get(y)!)),
  );
  type Step = (env: Env) => number;
  const steps: Step[] = [];
  for (const [i, x] of order.entries()) {
    const a = x.args.map((y) => position.get(y)!);
    let step: Step;
    switch (x.kind) {
      case "const": {
        const v = x.value;
        step = () => v;
        break;
      }
      case "symbol": {
        const name = x.name;
        step = (env) => {
          const v = lookup(env, name);
          if (typeof v !== "number")
            throw new InternalError(
              `symbol ${name} is a scalar, got ${v === undefined ? "no value" : "an array"}`,
            );
          return v;
        };
        break;
      }
      case "add":
        step =
          a.length === 2
            ? () => values[a[0]!]! + values[a[1]!]!
            : () => {
                let t = 0;
                for (const i of a) t += values[i]!;
                return t;
              };
        break;
      case "mul":
        if (logProduct[i]) {
          step = () => {
            let t = 1;
            for (const j of a) t = timesLog(t, values[j]!);
            return t;
          };
          break;
        }
        step =
          a.length === 2
            ? () => values[a[0]!]! * values[a[1]!]!
            : () => {
                let t = 1;
                for (const j of a) t *= values[j]!;
                return t;
              };
        break;
      case "hadamard":
        step =
          a.length === 2
            ? () => values[a[0]!]! * values[a[1]!]!
            : () => {
                let t = 1;
                for (const i of a) t *= values[i]!;
                return t;
              };
        break;
      case "neg":
        step = () => -values[a[0]!]!;
        break;
      case "div":
        step = () => values[a[0]!]! / values[a[1]!]!;
        break;
      case "pow":
        step = () => values[a[0]!]! ** values[a[1]!]!;
        break;
      case "compare": {
        const op = COMPARE[x.op];
        step = () => (op(values[a[0]!]!, values[a[1]!]!) ? 1 : 0);
        break;
      }
      case "call": {
        const spec = functionSpec(x.fn);
        if (spec.kind !== "elementwise") return undefined;
        const f = spec.f;
        step = () => f(values[a[0]!]!);
        break;
      }
      default:
        return undefined;
    }
    steps.push(step);
  }
  const last = order.length - 1;
  return (env) => {
    for (let i = 0; i < steps.length; i++) values[i] = steps[i]!(env);
    return values[last]!;
  };
}

/**
 * An evaluator split at the symbols that vary (a param block being maximised, a latent being drawn):
 * `prepare` computes once, for given values of the other symbols, the nodes that do not read the varying
 * ones; `evaluate` then computes only the nodes that do. Both take the sizes as compileEvaluator does.
 */
export interface PartialEvaluator {
  prepare(env: Env, options?: EvaluateOptions): Value[];
  evaluate(env: Env, prepared: readonly Value[], options?: EvaluateOptions): Value;
}

export function compilePartial(e: Expr, varying: SymbolRef): PartialEvaluator {
  // All-scalar expressions are cheaper to evaluate whole by the fast path than to split.
  const scalar = compileScalar(e);
  if (scalar) return { prepare: () => [], evaluate: (env) => scalar(env) };
  const order = topologicalOrder(e);
  const position = new Map(order.map((x, i) => [x, i] as const));
  const argumentsOf = order.map((x) => x.args.map((a) => position.get(a)!));
  const logProduct = logProducts(order, argumentsOf);
  const reads = dependenceTest(varying);
  const isVarying = order.map((x) => reads(x));
  const last = order.length - 1;
  // The fixed nodes the varying ones read (or the root, when nothing varies): what `prepare` keeps.
  const kept = new Set<number>();
  order.forEach((_, i) => {
    if (isVarying[i]) for (const j of argumentsOf[i]!) if (!isVarying[j]) kept.add(j);
  });
  if (!isVarying[last]) kept.add(last);
  const symbols = sizedSymbols(order);
  const symbolic = order.some((x) => dimsOf(x.shape).some((d) => typeof d !== "number"));
  const fixed = new Map<string, number>();
  const bySizes = new WeakMap<object, Map<string, number>>();
  const sizesOf = (env: Env, options: EvaluateOptions) => {
    if (!symbolic) return fixed;
    if (symbols.length > 0 || !options.sizes) return sizesFrom(symbols, env, options);
    const sizes = bySizes.get(options.sizes) ?? sizesFrom(symbols, env, options);
    bySizes.set(options.sizes, sizes);
    return sizes;
  };
  return {
    prepare(env, options = {}) {
      const sizes = sizesOf(env, options);
      const n = (s: Size) => concrete(s, sizes);
      const values: Value[] = new Array(order.length);
      for (let i = 0; i < order.length; i++) {
        if (isVarying[i]) continue;
        values[i] = node(
          order[i]!,
          argumentsOf[i]!.map((j) => values[j]!),
          env,
          n,
          logProduct[i],
        );
      }
      const out: Value[] = new Array(order.length);
      for (const i of kept) out[i] = values[i]!;
      return out;
    },
    evaluate(env, prepared, options = {}) {
      if (!isVarying[last]) return prepared[last]!;
      const sizes = sizesOf(env, options);
      const n = (s: Size) => concrete(s, sizes);
      const values: Value[] = prepared.slice();
      for (let i = 0; i < order.length; i++) {
        if (!isVarying[i]) continue;
        values[i] = node(
          order[i]!,
          argumentsOf[i]!.map((j) => values[j]!),
          env,
          n,
          logProduct[i],
        );
      }
      return values[last]!;
    },
  };
}

/** The value of `e` with symbols bound by name in `env` (see compileEvaluator). */
export function evaluate(e: Expr, env: Env, options: EvaluateOptions = {}): Value {
  return compileEvaluator(e)(env, options);
}
