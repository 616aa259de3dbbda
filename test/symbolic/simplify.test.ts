// The simplifier keeps values: random expression trees over symbols with domains (fast-check, fixed seed),
// evaluated before and after simplification at random points of the domains must agree within 1e-9
// relative wherever the input is defined; plus the identities it must find and the ones it must not apply.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  det,
  div,
  dot,
  type Env,
  type Expr,
  evaluate,
  exp,
  identity,
  index,
  inv,
  log,
  log1p,
  matmul,
  matrixShape,
  mul,
  neg,
  num,
  pow,
  SCALAR,
  sigmoid,
  simplify,
  sqrt,
  sub,
  sum,
  symbol,
  tanh,
  topologicalOrder,
  toUnicode,
  trace,
  transpose,
  vec,
  vectorShape,
  zeros,
} from "../../src/symbolic";

const SEED = 20240611;
const a = symbol("a");
const b = symbol("b");
const p = symbol("p", SCALAR, "positive");
const q = symbol("q", SCALAR, "prob");
const r = symbol("r", SCALAR, "nonnegative");
const n = symbol("n", SCALAR, "integer");
const vv = symbol("vv", vectorShape(3), "nonnegative");

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom<Expr>(a, b, p, q, r, n),
  fc.constantFrom(0, 1, 2, -1, 0.5, 0.25, 3, 4).map(num),
);

const unary: readonly ((x: Expr) => Expr)[] = [
  neg,
  exp,
  log,
  log1p,
  sqrt,
  abs,
  tanh,
  sigmoid,
  ...[-2, -1, 0, 1, 2, 3, 0.5, 1.5].map((k) => (x: Expr) => pow(x, k)),
  (x) => sub(x, x),
  (x) => mul(x, x),
  (x) => sum(vec([x, p, x])),
  (x) => index(vec([x, a]), 1),
  (x) => sum(add(mul(x, vv), vv)),
  (x) => exp(log(x)),
  (x) => log(exp(x)),
];

const binary: readonly ((x: Expr, y: Expr) => Expr)[] = [
  add,
  sub,
  mul,
  div,
  pow,
  (x, y) => mul(2, x, y),
  (x, y) => log(mul(x, y)),
  (x, y) => log(div(x, y)),
  (x, y) => add(x, neg(x), y),
  (x, y) => dot(vec([x, y]), vec([y, 2])),
  (x, y) => index(add(mul(x, vv), mul(y, vv)), 2),
];

const tree = fc.letrec<{ node: Expr }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 5 },
    leaf,
    fc.tuple(fc.constantFrom(...unary), tie("node")).map(([f, x]) => f(x)),
    fc.tuple(fc.constantFrom(...binary), tie("node"), tie("node")).map(([f, x, y]) => f(x, y)),
  ),
})).node;

/** A grid value i/1000 in [lo, hi]: exact 0 and 1 occur, subnormals (whose quotients overflow) do not. */
const grid = (lo: number, hi: number) => fc.integer({ min: lo * 1000, max: hi * 1000 }).map((i) => i / 1000);

const point = fc.record({
  a: grid(-3, 3),
  b: grid(-3, 3),
  p: grid(0.05, 4),
  q: grid(0.01, 0.99),
  r: fc.oneof(fc.constant(0), grid(0, 4)),
  n: fc.integer({ min: -3, max: 3 }),
  vv: fc.tuple(grid(0, 2), grid(0, 2), grid(0, 2)).map((t) => Float64Array.from(t)),
});

/**
 * Whether the original is defined at the point with a margin: every intermediate value finite and not
 * subnormal, and no operation within 1e-6 of a singularity (a divisor, the base of a negative or fractional
 * power, the argument of log or sqrt, 1 + the argument of log1p) or beyond exp's range (|argument| > 700).
 * Elsewhere floating point makes the value meaningless (0/(p − exp(log p)) is 0/rounding error).
 * Also returns the largest intermediate magnitude, the scale of the evaluation's rounding errors.
 */
function definedAt(e: Expr, env: Env): { readonly defined: boolean; readonly scale: number } {
  const values = new Map<Expr, Float64Array>();
  let scale = 1;
  for (const node of topologicalOrder(e)) {
    const v = evaluate(node, env);
    const arr = typeof v === "number" ? Float64Array.of(v) : v;
    values.set(node, arr);
    for (const x of arr) {
      if (!Number.isFinite(x) || (x !== 0 && Math.abs(x) < 1e-250)) return { defined: false, scale };
      scale = Math.max(scale, Math.abs(x));
    }
    const arg = (i: number) => values.get(node.args[i]!)![0]!;
    const near = (x: number) => Math.abs(x) < 1e-6;
    const bad =
      (node.kind === "div" && near(arg(1))) ||
      (node.kind === "pow" && !(Number.isInteger(arg(1)) && arg(1) >= 0) && near(arg(0))) ||
      (node.kind === "call" && (node.fn === "log" || node.fn === "sqrt") && arg(0) < 1e-6) ||
      (node.kind === "call" && node.fn === "log1p" && arg(0) < -1 + 1e-6) ||
      (node.kind === "call" && node.fn === "exp" && Math.abs(arg(0)) > 700);
    if (bad) return { defined: false, scale };
  }
  return { defined: true, scale };
}

describe("simplify keeps values", () => {
  it("on random expression trees at random points of the symbols' domains", () => {
    fc.assert(
      fc.property(tree, fc.array(point, { minLength: 4, maxLength: 4 }), (e, points) => {
        const s = simplify(e);
        for (const env of points) {
          const { defined, scale } = definedAt(e, env);
          if (!defined) continue;
          const before = evaluate(e, env) as number;
          const after = evaluate(s, env) as number;
          if (!(Math.abs(before - after) <= 1e-9 * Math.max(scale, Math.abs(after)))) {
            throw new Error(
              `${toUnicode(e)} → ${toUnicode(s)} at ${JSON.stringify(env)}: ${before} vs ${after}`,
            );
          }
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("is idempotent (hash-consing makes that identity)", () => {
    fc.assert(
      fc.property(tree, (e) => simplify(simplify(e)) === simplify(e)),
      { seed: SEED + 1, numRuns: 500 },
    );
  });
});

const x = symbol("x");
const y = symbol("y");
const theta = symbol("theta", SCALAR, "prob");
const p1 = symbol("p1", SCALAR, "nonnegative");
const p3 = symbol("p3", SCALAR, "nonnegative");
const v = symbol("v", vectorShape("D"));
const W = symbol("W", matrixShape("D", "L"));
const z = symbol("z", vectorShape("L"));
const bv = symbol("b", vectorShape("D"));
const A = symbol("A", matrixShape("D", "D"));

describe("simplify finds", () => {
  const cases: readonly (readonly [string, Expr, Expr])[] = [
    ["x + 0 = x", add(x, 0), x],
    ["1·x = x", mul(1, x), x],
    ["0·x = 0", mul(0, x), num(0)],
    ["x − x = 0", sub(x, x), num(0)],
    ["−(−x) = x", neg(neg(x)), x],
    ["x¹ = x", pow(x, 1), x],
    ["x⁰ = 1", pow(x, 0), num(1)],
    ["2 + 3 = 5", add(2, 3), num(5)],
    ["2x + 3x = 5x", add(mul(2, x), mul(3, x)), mul(5, x)],
    ["x·x = x²", mul(x, x), pow(x, 2)],
    ["x/x = 1", div(x, x), num(1)],
    ["log(exp x) = x", log(exp(x)), x],
    ["exp(log p) = p for p > 0", exp(log(p)), p],
    ["log(θ/4) = log θ − log 4", log(div(theta, 4)), sub(log(theta), log(4))],
    ["log((1 − θ)/4) = log(1 − θ) − log 4", log(div(sub(1, theta), 4)), sub(log(sub(1, theta)), log(4))],
    ["log(2 p₁ p₃) = log 2 + log p₁ + log p₃", log(mul(2, p1, p3)), add(log(p1), log(p3), log(2))],
    ["log(p₁²) = 2 log p₁", log(pow(p1, 2)), mul(2, log(p1))],
    ["log(x²) = 2 log|x| for real x", log(pow(x, 2)), mul(2, log(abs(x)))],
    ["log(1/2) = −log 2", log(div(1, 2)), neg(log(2))],
    ["log(2x) = log 2 + log x (2 > 0 splits off)", log(mul(2, x)), add(log(x), log(2))],
    ["√(p²) = p for p > 0", sqrt(pow(p, 2)), p],
    ["|p| = p, |−p| = p", add(abs(p), abs(neg(p))), mul(2, p)],
    ["(vᵀ)ᵀ = v", transpose(transpose(v)), v],
    ["I v = v", matmul(identity("D"), v), v],
    ["inv(inv A) = A", inv(inv(A)), A],
    ["tr I₃ = 3, |I| = 1", add(trace(identity(3)), det(identity(3))), num(4)],
    ["W z + b − W z = b", sub(add(matmul(W, z), bv), matmul(W, z)), bv],
    ["2v − v + 𝟎 = v", add(mul(2, v), neg(v), zeros("D")), v],
    ["0·v = 𝟎", mul(0, v), zeros("D")],
    ["[x, y]₂ = y", index(vec([x, y]), 2), y],
    ["(A v)ᵀ = vᵀ Aᵀ", transpose(matmul(A, v)), matmul(transpose(v), transpose(A))],
  ];
  for (const [name, e, want] of cases) {
    it(name, () => {
      expect(toUnicode(simplify(e))).toBe(toUnicode(simplify(want)));
      expect(simplify(e)).toBe(simplify(want));
    });
  }
});

describe("simplify does not", () => {
  const cases: readonly (readonly [string, Expr])[] = [
    ["expand log(x y) for reals of unknown sign", log(mul(x, y))],
    ["expand log(−2x)", log(mul(-2, x))],
    ["turn exp(log x) into x for real x", exp(log(x))],
    ["turn √(x²) into x for real x", sqrt(pow(x, 2))],
  ];
  for (const [name, e] of cases) {
    it(name, () => {
      const s = simplify(e);
      expect(evaluate(s, { x: -1.5, y: 2 })).toEqual(evaluate(e, { x: -1.5, y: 2 }));
    });
  }

  it("fold log 4 by default (fold: 'all' does)", () => {
    expect(toUnicode(simplify(log(4)))).toBe("log 4");
    expect(simplify(log(4), { fold: "all" })).toBe(num(Math.log(4)));
    expect(simplify(log(1))).toBe(num(0));
  });
});

describe("log expansion at zero probabilities", () => {
  it("gives −∞ where the unexpanded log does", () => {
    for (const e of [log(mul(2, r, p)), log(div(r, p)), log(pow(r, 2)), log(mul(r, r))]) {
      const env = { r: 0, p: 1.5 };
      expect(evaluate(simplify(e), env)).toBe(Number.NEGATIVE_INFINITY);
      expect(evaluate(e, env)).toBe(Number.NEGATIVE_INFINITY);
    }
  });
});
