// Data files are untrusted: random and mutated CSV/JSON never make binding throw, and every problem is a
// located diagnostic with a catalogued code.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../../src/api";
import { bindData, readCsvText, readJsonText } from "../../src/data";
import { catalogue } from "../../src/diagnostics";

const model = check(
  "model m\nsize N, D\nconst K = 2\ndata x[N]: vector[D]\ndata g[N]: cat(K)\ndata w[N]: count\nparam pi: simplex[K]\nparam mu[K]: vector[D]\n" +
    "for n in 1..N weighted w[n] { g[n] ~ Categorical(pi); x[n] ~ MvNormal(mu[g[n]], I(D)) }\n",
).model!;

function bindsWithoutThrowing(read: ReturnType<typeof readCsvText>): void {
  const ds = read.data ? bindData(model, read.data).diagnostics : read.diagnostics;
  for (const d of ds) {
    expect(catalogue).toHaveProperty(d.code);
    expect(d.file).toBeDefined();
  }
}

const cell = fc.oneof(
  fc.constantFrom(
    "",
    "NA",
    "NaN",
    "null",
    "inf",
    "-1",
    "0",
    "1",
    "2",
    "3",
    "1e999",
    "A",
    "B",
    '"q"',
    " 2 ",
    "0x1",
  ),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 4 }),
);
const header = fc.array(fc.constantFrom("x1", "x2", "x.1", "x.2", "g", "w", "x3", "y", ""), {
  minLength: 0,
  maxLength: 5,
});
const csv = fc
  .tuple(header, fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }))
  .map(([h, rows]) => `${h.join(",")}\n${rows.map((r) => r.join(",")).join("\n")}\n`);

describe("data fuzzing", () => {
  it("CSV-like text never makes binding throw", () => {
    fc.assert(
      fc.property(csv, (text) => bindsWithoutThrowing(readCsvText("f.csv", text))),
      { seed: 99, numRuns: 3000 },
    );
  });

  it("arbitrary strings as CSV never make binding throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => bindsWithoutThrowing(readCsvText("f.csv", text))),
      { seed: 100, numRuns: 2000 },
    );
  });

  it("JSON values of any shape never make binding throw", () => {
    const value = fc.record(
      { x: fc.jsonValue(), g: fc.jsonValue(), w: fc.jsonValue(), N: fc.jsonValue() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(value, (v) => bindsWithoutThrowing(readJsonText("f.json", JSON.stringify(v)))),
      { seed: 101, numRuns: 2000 },
    );
  });
});
