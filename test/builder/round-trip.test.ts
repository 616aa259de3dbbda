// `toLvm()` then parse gives back the builder's AST, for any expression the builder can make (fast-check,
// fixed seed): precedence, unary minus, powers, transposes, comparisons, calls, indexing, array literals.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, call, type Expression, lit, model, parse, real } from "../../src/api";
import { withoutSpans } from "./spans";

type Tree =
  | { leaf: "a" | "b" | "c" }
  | { num: number }
  | { bool: boolean }
  | { unary: "neg" | "t"; of: Tree }
  | { op: "add" | "sub" | "mul" | "div" | "pow"; left: Tree; right: Tree }
  | { cmp: "lt" | "le" | "gt" | "ge" | "eq" | "ne"; left: Tree; right: Tree }
  | { fn: "exp" | "log" | "dot"; args: Tree[] }
  | { index: Tree; by: Tree[] }
  | { array: Tree[] };

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ leaf: fc.constantFrom("a" as const, "b" as const, "c" as const) }),
    fc.record({
      num: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double({ min: -10, max: 1e6, noNaN: true })),
    }),
    fc.record({ bool: fc.boolean() }),
    fc.record({ unary: fc.constantFrom("neg" as const, "t" as const), of: tie("tree") }),
    fc.record({
      op: fc.constantFrom("add" as const, "sub" as const, "mul" as const, "div" as const, "pow" as const),
      left: tie("tree"),
      right: tie("tree"),
    }),
    fc.record({
      cmp: fc.constantFrom(
        "lt" as const,
        "le" as const,
        "gt" as const,
        "ge" as const,
        "eq" as const,
        "ne" as const,
      ),
      left: tie("tree"),
      right: tie("tree"),
    }),
    fc.record({
      fn: fc.constantFrom("exp" as const, "log" as const, "dot" as const),
      args: fc.array(tie("tree"), { maxLength: 2 }),
    }),
    fc.record({ index: tie("tree"), by: fc.array(tie("tree"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ array: fc.array(tie("tree"), { minLength: 1, maxLength: 3 }) }),
  ),
}));

function build(t: Tree, names: Record<"a" | "b" | "c", Expression>): Expression {
  if ("leaf" in t) return names[t.leaf];
  if ("num" in t) return lit(t.num);
  if ("bool" in t) return lit(t.bool);
  if ("unary" in t) return t.unary === "neg" ? build(t.of, names).neg() : build(t.of, names).t();
  if ("op" in t) return build(t.left, names)[t.op](build(t.right, names));
  if ("cmp" in t) return build(t.left, names)[t.cmp](build(t.right, names));
  if ("fn" in t) return call(t.fn, ...t.args.map((x) => build(x, names)));
  if ("index" in t) return build(t.index, names).at(...t.by.map((x) => build(x, names)));
  return array(...t.array.map((x) => build(x, names)));
}

describe("toLvm round trip", () => {
  it("parses back to the builder's AST for any expression (1000 cases, fixed seed)", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const m = model("m")
          .param("a", real)
          .param("b", real)
          .param("c", real)
          .let("e", (names) => build(t, names));
        const reparsed = parse(m.toLvm());
        expect(reparsed.diagnostics).toEqual([]);
        expect(withoutSpans(reparsed.program)).toEqual(withoutSpans(m.program()));
      }),
      { seed: 20250607, numRuns: 1000 },
    );
  });
});
