// The `lvm` tagged template: model text inside TypeScript, with diagnostics at the lines and columns of
// this file (the template's own offset found from the call), interpolated numbers and expressions.

import { describe, expect, it } from "vitest";
import { fromCsv, lit, lvm, parse, renderDiagnostics } from "../../src/api";
import { withoutSpans } from "./spans";
import { whereIs } from "./where";

const here = __filename;

describe("lvm`…`", () => {
  it("parses to the AST of the same text, and fits", async () => {
    const m = lvm<{ mu: number }>`model m
size N
data y[N]: real
param mu: real
for n in 1..N { y[n] ~ Normal(mu, 1) }`;
    expect(withoutSpans(m.program())).toEqual(
      withoutSpans(
        parse("model m\nsize N\ndata y[N]: real\nparam mu: real\nfor n in 1..N { y[n] ~ Normal(mu, 1) }")
          .program,
      ),
    );
    const fit = await m.fit(fromCsv("y\n1\n2\n6\n"));
    expect(fit.result?.params.mu).toBeCloseTo(3, 12);
  });

  it("reports a checker error at this file's line and column of the text", () => {
    const m = lvm`model t
size N
data y[N]: real
param mu: real
for n in 1..N {
  y[n] ~ Normall(mu, 1)
}`;
    const report = m.check();
    const at = whereIs(here, "Normall(mu, 1)");
    expect(report.diagnostics.map((d) => [d.code, d.file, d.span?.start.line, d.span?.start.col])).toEqual([
      ["E0204", here, at.line, at.col],
    ]);
    const text = renderDiagnostics(report.diagnostics, report.source);
    expect(text).toContain(`${here}:${at.line}:${at.col}: error[E0204]: unknown distribution 'Normall'`);
    expect(text).toContain(`${at.line} |   y[n] ~ Normall(mu, 1)`);
    expect(text).toContain(`|          ^^^^^^^\n`);
  });

  it("reports a syntax error on the template's first line at the column in this file", () => {
    const m = lvm`model 3m`; // @syntax
    const d = m.check().diagnostics[0]!;
    const at = whereIs(here, "3m`; // @syntax");
    expect([d.code, d.file, d.span?.start.line, d.span?.start.col]).toEqual(["E0106", here, at.line, at.col]);
    expect(m.toLvm()).toBe("");
  });

  it("interpolates numbers and builder expressions; columns after them still point into this file", () => {
    const k = 3;
    const m = lvm`model t
const K = ${k}; const w = ${lit(1).div(k)}; const J = Kk
`;
    expect(m.toLvm()).toBe("model t\nconst K = 3\nconst w = 1 / 3\nconst J = Kk\n");
    const d = m.check().diagnostics.find((x) => x.code === "E0201")!;
    const at = { ...whereIs(here, "const J = Kk") };
    at.col += "const J = ".length;
    expect([d.file, d.span?.start.line, d.span?.start.col]).toEqual([here, at.line, at.col]);
    expect(d.hint).toBe("did you mean 'K'?");
  });

  it("is taken raw, as a .lvm file reads: escapes in the description are the language's", () => {
    const m = lvm`model t "a \"quoted\" word"
param mu: real`;
    expect(m.program()?.description).toBe('a "quoted" word');
  });
});
