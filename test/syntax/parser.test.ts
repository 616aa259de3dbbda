// The parser on valid input: precedence, associativity, literals, terminators, comments, Unicode.

import { describe, expect, it } from "vitest";
import { parse } from "../../src/api";
import { type Expr, printExpr, type Statement } from "../../src/syntax";

function statements(text: string): readonly Statement[] {
  const r = parse(`model m\n${text}\n`);
  expect(r.diagnostics).toEqual([]);
  return r.program!.statements;
}

/** The expression of `let a = …`, printed fully parenthesised so the tree shape is visible. */
function tree(expr: string): string {
  const [s] = statements(`let a = ${expr}`);
  if (s?.kind !== "let") throw new Error("not a let");
  const show = (e: Expr): string => {
    switch (e.kind) {
      case "binary":
      case "compare":
        return `(${show(e.left)} ${e.op} ${show(e.right)})`;
      case "negate":
        return `(-${show(e.operand)})`;
      case "transpose":
        return `(${show(e.operand)})'`;
      case "index":
        return `${show(e.base)}[${e.indices.map(show).join(", ")}]`;
      case "call":
        return `${e.callee.name}(${e.args.map(show).join(", ")})`;
      case "array":
        return `[${e.elements.map(show).join(", ")}]`;
      default:
        return printExpr(e);
    }
  };
  return show(s.value);
}

describe("expressions", () => {
  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["a / b * c", "((a / b) * c)"],
    ["-x^2", "(-(x ^ 2))"],
    ["2^3^2", "(2 ^ (3 ^ 2))"],
    ["2^-1", "(2 ^ (-1))"],
    ["2^-x^2", "(2 ^ (-(x ^ 2)))"],
    ["--x", "(-(-x))"],
    ["a < b + 1", "(a < (b + 1))"],
    ["v' * w", "((v)' * w)"],
    ["W * z[n] + b", "((W * z[n]) + b)"],
    ["x[i, j]'", "(x[i, j])'"],
    ["M[i][j]", "M[i][j]"],
    ["f(x, y)[1]", "f(x, y)[1]"],
    ["[[1, 0], [0, 1]]", "[[1, 0], [0, 1]]"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["a == b", "(a == b)"],
    ["x^2'", "(x ^ (2)')"],
  ])("%s parses as %s", (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  it.each([
    ["3", 3],
    ["0.5", 0.5],
    [".5", 0.5],
    ["1e-3", 0.001],
    ["2.5E+4", 25000],
  ])("number %s is %d", (text, value) => {
    const [s] = statements(`let a = ${text}`);
    expect(s?.kind === "let" && s.value.kind === "number" && s.value.value).toBe(value);
  });

  it("reads 1..N as a range, not a number", () => {
    const [s] = statements("size N\nfor n in 1..N { }").slice(1);
    expect(s?.kind).toBe("for");
    if (s?.kind === "for") expect([printExpr(s.from), printExpr(s.to)]).toEqual(["1", "N"]);
  });
});

describe("statements and layout", () => {
  it("ends statements at newlines and semicolons", () => {
    expect(statements("size N; const K = 2\nparam mu: real;;").map((s) => s.kind)).toEqual([
      "size",
      "const",
      "variable",
    ]);
  });

  it("ignores newlines inside brackets, with comments inside a multi-line matrix", () => {
    const s = statements(
      "const M: matrix[2, 2] = [\n  [1, 0],  // first\n  /* second */ [0, 1]\n]\nlet y = f(\n 1,\n 2)",
    );
    expect(s.map((x) => x.kind)).toEqual(["const", "let"]);
  });

  it("takes both comment styles and block comments", () => {
    expect(statements("# a comment\n// another\n/* a\n block */ size N").map((s) => s.kind)).toEqual([
      "size",
    ]);
  });

  it("takes Unicode identifiers", () => {
    const [a, b, c] = statements("param μ: real\nparam σ2: positive\nconst π = 3.14159");
    expect([a, b, c].map((s) => (s && "name" in s && !Array.isArray(s.name) ? s.name.name : ""))).toEqual([
      "μ",
      "σ2",
      "π",
    ]);
  });

  it("parses weighted plates, censoring and nested plates", () => {
    const [, , f] = statements(
      "size N, J\ndata y[N, J]: real\nfor n in 1..N weighted w[n] {\n for j in 1..J {\n  y[n, j] ~ Normal(0, 1) censored(right = c[n] > 0, left = 0)\n }\n}",
    );
    expect(f?.kind).toBe("for");
    if (f?.kind !== "for") return;
    expect(f.weight && printExpr(f.weight)).toBe("w[n]");
    const inner = f.body[0];
    expect(inner?.kind).toBe("for");
    if (inner?.kind !== "for") return;
    const t = inner.body[0];
    expect(t?.kind === "tilde" && t.censoring.map((c) => c.side.name)).toEqual(["right", "left"]);
  });

  it("keeps the header's description with escapes", () => {
    const r = parse('model m "a \\"quoted\\" \\\\ name"\n');
    expect(r.program?.description).toBe('a "quoted" \\ name');
  });

  it("lets type, distribution and function names name variables", () => {
    const s = statements(
      "param log: real\nparam Normal: positive\nparam real: real\nlet count = log + Normal + real",
    );
    expect(s).toHaveLength(4);
  });

  it("gives every node a span inside the text", () => {
    const r = parse("model m\nsize N\nlet a = 1 +  foo[2]\n");
    const s = r.program!.statements[1]!;
    expect(s.kind === "let" && [s.value.span.start.col, s.value.span.end.col]).toEqual([9, 20]);
  });
});
