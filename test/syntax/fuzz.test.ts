// Mutation fuzzing of the valid examples (fast-check, fixed seeds): truncate, delete, insert, swap and
// duplicate tokens. Whatever the text, checking it must not throw, must not hang, and must give
// well-formed diagnostics (a catalogued code, a position inside the file) that render.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../../src/api";
import { catalogue, renderDiagnostics } from "../../src/diagnostics";
import { exampleModels } from "../helpers";

const models = exampleModels();
/** Token-ish pieces of every example: names, numbers, operators, keywords, brackets, newlines. */
const tokenize = (text: string): string[] =>
  text.match(/\s+|\/\/[^\n]*|[\p{L}_][\p{L}\p{N}_]*|\d+(?:\.\d+)?|\.\.|[^\s]/gu) ?? [];
const pieces = [...new Set(models.flatMap((m) => tokenize(m.text)))];
pieces.push("\u0000", "\uFFFD", "/*", '"', "1e999", "((((", "]]]]", "\r\n", "é", "𝛍");

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "delete"; at: number; count: number }
  | { kind: "insert"; at: number; piece: string }
  | { kind: "swap"; a: number; b: number }
  | { kind: "duplicate"; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), piece: fc.constantFrom(...pieces) }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
);

function apply(text: string, mutations: Mutation[]): string {
  let toks = tokenize(text);
  for (const m of mutations) {
    const n = Math.max(toks.length, 1);
    switch (m.kind) {
      case "truncate":
        return toks.join("").slice(0, m.at % (toks.join("").length + 1));
      case "delete":
        toks = [...toks.slice(0, m.at % n), ...toks.slice((m.at % n) + m.count)];
        break;
      case "insert":
        toks = [...toks.slice(0, m.at % n), m.piece, ...toks.slice(m.at % n)];
        break;
      case "swap": {
        const a = m.a % n;
        const b = m.b % n;
        const copy = [...toks];
        [copy[a], copy[b]] = [copy[b]!, copy[a]!];
        toks = copy;
        break;
      }
      case "duplicate":
        toks = [
          ...toks.slice(0, m.at % n),
          ...toks.slice(m.at % n, (m.at % n) + m.count),
          ...toks.slice(m.at % n),
        ];
        break;
    }
  }
  return toks.join("");
}

function assertWellFormed(text: string): void {
  const report = check(text, { fileName: "fuzz.lvm" });
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const d of report.diagnostics) {
    expect(catalogue).toHaveProperty(d.code);
    expect(d.message.length).toBeGreaterThan(0);
    if (d.span) {
      expect(d.span.start.line).toBeGreaterThanOrEqual(1);
      expect(d.span.start.line).toBeLessThanOrEqual(lines);
      expect(d.span.start.col).toBeGreaterThanOrEqual(1);
      expect(d.span.end.offset).toBeGreaterThanOrEqual(d.span.start.offset);
      expect(Number.isFinite(d.span.start.offset)).toBe(true);
    }
  }
  expect(report.ok).toBe(report.model !== undefined);
  if (!report.ok) expect(report.diagnostics.some((d) => d.severity === "error")).toBe(true);
  expect(typeof renderDiagnostics(report.diagnostics, report.source)).toBe("string");
}

describe("mutation fuzzing of the examples", () => {
  it("finds examples to mutate", () => {
    expect(models.length).toBeGreaterThanOrEqual(15);
  });

  // 4 properties × 5 000 runs = 20 000 mutated models in the normal test run.
  for (const [label, seed, maxMutations] of [
    ["one mutation", 20261122, 1],
    ["two mutations", 7, 2],
    ["three mutations", 1977, 3],
    ["up to six mutations", 42, 6],
  ] as const) {
    it(`never throws (${label})`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...models),
          fc.array(mutation, { minLength: 1, maxLength: maxMutations }),
          (m, ms) => {
            assertWellFormed(apply(m.text, ms));
          },
        ),
        { seed, numRuns: 5000 },
      );
    });
  }

  it("never throws on any truncation of two examples (every character)", () => {
    for (const m of models.filter((x) => /genetic-linkage|gmm-map/.test(x.name))) {
      for (let at = 0; at <= m.text.length; at++) assertWellFormed(m.text.slice(0, at));
    }
  });
});
