// Interval analysis: where an expression's values (every element, for vectors and matrices) lie wherever
// it is defined, from symbol domains and operations. Decides the positivity that log expansion needs.

import type { Domain, Expr } from "./expr";

/** A real interval; an open end excludes its endpoint (infinite ends are always open). */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

const inf = Number.POSITIVE_INFINITY;
const REAL: Interval = { lo: -inf, hi: inf, loOpen: true, hiOpen: true };
const interval = (lo: number, hi: number, loOpen = false, hiOpen = false): Interval =>
  Number.isNaN(lo) || Number.isNaN(hi)
    ? REAL
    : { lo, hi, loOpen: loOpen || lo === -inf, hiOpen: hiOpen || hi === inf };
const point = (x: number): Interval => interval(x, x);

const DOMAINS: Record<Domain, Interval> = {
  real: REAL,
  integer: REAL,
  positive: interval(0, inf, true),
  nonnegative: interval(0, inf),
  prob: interval(0, 1, true, true),
};

function hull(a: Interval, b: Interval): Interval {
  const lo = Math.min(a.lo, b.lo);
  const hi = Math.max(a.hi, b.hi);
  const loOpen = (a.lo !== lo || a.loOpen) && (b.lo !== lo || b.loOpen);
  const hiOpen = (a.hi !== hi || a.hiOpen) && (b.hi !== hi || b.hiOpen);
  return interval(lo, hi, loOpen, hiOpen);
}

function addI(a: Interval, b: Interval): Interval {
  return interval(a.lo + b.lo, a.hi + b.hi, a.loOpen || b.loOpen, a.hiOpen || b.hiOpen);
}

function negI(a: Interval): Interval {
  return interval(-a.hi, -a.lo, a.hiOpen, a.loOpen);
}

function mulI(a: Interval, b: Interval): Interval {
  const corners: [number, boolean][] = [];
  for (const [x, xo] of [
    [a.lo, a.loOpen],
    [a.hi, a.hiOpen],
  ] as const) {
    for (const [y, yo] of [
      [b.lo, b.loOpen],
      [b.hi, b.hiOpen],
    ] as const) {
      const closedZero = (x === 0 && !xo) || (y === 0 && !yo);
      const p = x * y;
      corners.push([Number.isNaN(p) ? 0 : p, closedZero ? false : xo || yo]);
    }
  }
  return corners.map(([p, o]) => interval(p, p, o, o)).reduce(hull);
}

/** Values where defined of a monotone function on [lo, hi] ∩ its domain [from, ∞). */
function monotone(a: Interval, f: (x: number) => number, from = -inf, increasing = true): Interval {
  if (a.hi < from || (a.hi === from && a.hiOpen)) return REAL;
  const lo = Math.max(a.lo, from);
  const loOpen = a.lo < from ? false : a.loOpen;
  return increasing ? interval(f(lo), f(a.hi), loOpen, a.hiOpen) : interval(f(a.hi), f(lo), a.hiOpen, loOpen);
}

function powI(a: Interval, k: number): Interval {
  if (k === 0) return point(1);
  const p = (x: number) => x ** k;
  if (a.lo >= 0) return monotone(a, p, 0, k > 0);
  if (Number.isInteger(k) && k % 2 === 0) return monotone(absI(a), p, 0, k > 0);
  if (Number.isInteger(k)) {
    if (k > 0) return interval(p(a.lo), p(a.hi), a.loOpen, a.hiOpen);
    return a.hi < 0 ? interval(p(a.hi), p(a.lo), a.hiOpen, a.loOpen) : REAL;
  }
  return monotone(a, p, 0, k > 0);
}

function absI(a: Interval): Interval {
  if (a.lo >= 0) return a;
  if (a.hi <= 0) return negI(a);
  return hull(point(0), interval(0, Math.max(-a.lo, a.hi), false, -a.lo > a.hi ? a.loOpen : a.hiOpen));
}

function divI(a: Interval, b: Interval): Interval {
  if (b.lo > 0 || (b.lo === 0 && b.loOpen)) return mulI(a, interval(1 / b.hi, 1 / b.lo, b.hiOpen, b.loOpen));
  if (b.hi < 0 || (b.hi === 0 && b.hiOpen)) return mulI(a, interval(1 / b.hi, 1 / b.lo, b.hiOpen, b.loOpen));
  if (a.lo >= 0 && b.lo >= 0) return interval(0, inf);
  return REAL;
}

/** Sum of an unknown number (≥ 1) of elements of `a`. */
function sumI(a: Interval): Interval {
  if (a.lo >= 0) return interval(a.lo, inf, a.loOpen);
  if (a.hi <= 0) return interval(-inf, a.hi, true, a.hiOpen);
  return REAL;
}

function callI(fn: string, args: readonly Interval[]): Interval {
  const a = args[0]!;
  switch (fn) {
    case "exp":
      return monotone(a, Math.exp);
    case "log":
      return monotone(a, Math.log, 0);
    case "log1p":
      return monotone(a, Math.log1p, -1);
    case "sqrt":
      return monotone(a, Math.sqrt, 0);
    case "abs":
      return absI(a);
    case "sign":
      return monotone(a, Math.sign);
    case "tanh":
      return monotone(a, Math.tanh);
    case "sigmoid":
      return monotone(a, (x) => 1 / (1 + Math.exp(-x)));
    case "softmax":
      return interval(0, 1);
    case "sum":
    case "trace":
      return sumI(a);
    case "dot":
      return a.lo >= 0 && args[1]!.lo >= 0 ? interval(0, inf) : REAL;
    case "diag":
      return hull(a, point(0));
    default:
      return REAL;
  }
}

const memo = new WeakMap<Expr, Interval>();

/** The interval holding every defined value (every element) of `e`. */
export function rangeOf(e: Expr): Interval {
  const known = memo.get(e);
  if (known !== undefined) return known;
  const args = e.args.map(rangeOf);
  const [a, b] = args as [Interval, Interval];
  let r: Interval;
  switch (e.kind) {
    case "const":
      r = point(e.value);
      break;
    case "fill":
      r = point(e.value);
      break;
    case "tensor":
      r = e.data.length === 0 ? REAL : interval(Math.min(...e.data), Math.max(...e.data));
      break;
    case "identity":
      r = interval(0, 1);
      break;
    case "symbol":
      r = DOMAINS[e.domain];
      break;
    case "add":
      r = args.reduce(addI);
      break;
    case "neg":
      r = negI(a);
      break;
    case "mul":
    case "hadamard":
      r = args.reduce(mulI);
      break;
    case "matmul":
      r = sumI(mulI(a, b));
      break;
    case "div":
      r = divI(a, b);
      break;
    case "pow": {
      const k = e.args[1]!;
      if (k.kind === "const") r = powI(a, k.value);
      else if (a.lo > 0 || (a.lo === 0 && a.loOpen)) r = interval(0, inf, true);
      else r = a.lo >= 0 ? interval(0, inf) : REAL;
      break;
    }
    case "call":
      r = callI(e.fn, args);
      break;
    case "vector":
    case "matrix":
      r = args.reduce(hull);
      break;
    case "embed":
      r = hull(a, point(0));
      break;
    case "compare":
      r = interval(0, 1);
      break;
    default:
      r = a ?? REAL;
  }
  memo.set(e, r);
  return r;
}

/** Whether every defined value of `e` is > 0. */
export function isPositive(e: Expr): boolean {
  const r = rangeOf(e);
  return r.lo > 0 || (r.lo === 0 && r.loOpen);
}

/** Whether every defined value of `e` is ≥ 0. */
export function isNonnegative(e: Expr): boolean {
  return rangeOf(e).lo >= 0;
}

/** Whether every defined value of `e` is ≤ 0. */
export function isNonpositive(e: Expr): boolean {
  return rangeOf(e).hi <= 0;
}
