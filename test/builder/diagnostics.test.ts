// Misusing the builder gives the language's diagnostics — the checker's codes and messages — placed at the
// user's file and line of the builder call that caused them, with its code frame; never a stack trace.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  Categorical,
  cat,
  check,
  dist,
  type Expression,
  lit,
  model,
  Normal,
  real,
  renderDiagnostics,
  simplex,
  vector,
} from "../../src/api";
import { misspeltPrior } from "./parts";
import { whereIs } from "./where";

const here = __filename;

function only(report: { diagnostics: readonly { code: string }[] }, code: string) {
  const found = report.diagnostics.filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0] as (typeof report.diagnostics)[number] & {
    file?: string;
    span?: { start: { line: number; col: number } };
    message: string;
    hint?: string;
  };
}

function expectAt(
  d: { file?: string; span?: { start: { line: number; col: number } } },
  file: string,
  marker: string,
) {
  expect(d.file).toBe(file);
  expect(d.span?.start.line).toBe(whereIs(file, marker).line);
}

const base = () => model("m").size("N").data("y", ["N"], real).param("mu", real);

describe("builder misuse gives the checker's diagnostics at the call", () => {
  it("an unknown distribution (E0204), with the language's hint, framed at the call", () => {
    const m = base().for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(dist("Normall", mu, 1))]); // @E0204
    const report = m.check();
    const d = only(report, "E0204");
    expectAt(d, here, "// @E0204");
    expect(d.message).toBe("unknown distribution 'Normall'");
    expect(d.hint).toBe("did you mean 'Normal'?");
    const { line, col } = whereIs(here, 'dist("Normall"');
    expect(d.span?.start.col).toBe(col);
    const text = renderDiagnostics(report.diagnostics, report.source);
    expect(text).toContain(`${here}:${line}:${col}: error[E0204]: unknown distribution 'Normall'`);
    expect(text).toContain(`${line} |     const m = base()`);
    expect(text).toContain(` ${"^".repeat('dist("Normall", mu, 1)'.length)}\n`);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it("the same codes and messages as the same mistake written as text", () => {
    const m = base().for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(Normal(mu.at(1), 1))]);
    const text = check(
      "model m\nsize N\ndata y[N]: real\nparam mu: real\nfor n in 1..N {\n  y[n] ~ Normal(mu[1], 1)\n}\n",
    );
    const strip = (ds: readonly { code: string; message: string }[]) => ds.map((d) => [d.code, d.message]);
    expect(strip(m.check().diagnostics)).toEqual(strip(text.diagnostics));
    expect(text.diagnostics.map((d) => d.code)).toContain("E0210");
  });

  it("a name that is not declared (E0201), in a type's dimension, with did-you-mean", () => {
    const m = model("m").size("N", "D").data("x", ["N"], vector("DD")); // @E0201
    const d = only(m.check(), "E0201");
    expectAt(d, here, "// @E0201");
    expect(d.message).toBe("'DD' is not declared");
    expect(d.hint).toBe("did you mean 'D'?");
  });

  it("a name taken from the scope that was never declared (untyped code) is E0201 where it is used", () => {
    const m = base().for("n", 1, "N", (n, scope) => {
      const { sigma } = scope as unknown as { sigma: Expression };
      return [scope.y.at(n).follows(Normal(scope.mu, sigma))]; // @scope-E0201
    });
    const d = only(m.check(), "E0201");
    expectAt(d, here, "// @scope-E0201");
    expect(d.message).toBe("'sigma' is not declared");
  });

  it("two `~` on one data element (E0218) name both places", () => {
    const m = base().for("n", 1, "N", (n, { y, mu }) => [
      y.at(n).follows(Normal(mu, 1)), // @first
      y.at(n).follows(Normal(mu, 2)), // @second
    ]);
    const d = only(m.check(), "E0218") as { related?: { span: { start: { line: number } } }[] };
    expectAt(d as never, here, "// @second");
    expect(d.related?.[0]?.span.start.line).toBe(whereIs(here, "// @first").line);
  });

  it("a name declared twice (E0203), with the first place as a note in the same file", () => {
    const m = base()
      .param("mu", real) // @twice
      .for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(Normal(mu, 1))]);
    const report = m.check();
    const d = only(report, "E0203");
    expectAt(d, here, "// @twice");
    const first = whereIs(here, 'const base = () => model("m")').line;
    expect(renderDiagnostics(report.diagnostics, report.source)).toContain(
      `= note: 'mu' is first declared at ${here}:${first}:`,
    );
  });

  it("an argument of the wrong shape (E0207) and a latent with no `~` (E0217)", () => {
    const shape = model("m")
      .size("N", "D")
      .data("x", ["N"], vector("D"))
      .param("mu", vector("D"))
      .for("n", 1, "N", (n, { x, mu }) => [x.at(n).follows(Normal(mu, 1))]); // @E0207
    expectAt(only(shape.check(), "E0207"), here, "// @E0207");
    const orphan = model("m")
      .size("N")
      .param("pi", simplex(2))
      .latent("z", ["N"], cat(2)) // @E0217
      .data("y", ["N"], real)
      .for("n", 1, "N", (n, { y, z }) => [y.at(n).follows(Normal(z.at(n), 1))]);
    expectAt(only(orphan.check(), "E0217"), here, "// @E0217");
    void Categorical;
  });

  it("names and numbers the language cannot spell: reserved words (E0111), non-finite literals (E0114)", () => {
    const m = model("m").param("for", real); // @E0111
    expectAt(only(m.check(), "E0111"), here, "// @E0111");
    const n = model("m").const("K", lit(Number.POSITIVE_INFINITY)); // @E0114
    expectAt(only(n.check(), "E0114"), here, "// @E0114");
  });

  it("a part built in another module is reported in that module's file", () => {
    const m = base()
      .add(({ mu }) => misspeltPrior(mu))
      .for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(Normal(mu, 1))]);
    const report = m.check();
    const parts = join(__dirname, "parts.ts");
    expectAt(only(report, "E0204"), parts, "// @parts-E0204");
    // The code frame is drawn only from the model's own file: the other file's line is named, not shown.
    expect(renderDiagnostics(report.diagnostics, report.source)).toContain(`${parts}:`);
  });

  it("fit, explain and sample report the same located diagnostics and no result", async () => {
    const m = base().for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(dist("Normall", mu, 1))]); // @all
    const line = whereIs(here, "// @all").line;
    const fit = await m.fit({ y: [1, 2, 3] });
    const explained = m.explain();
    const sampled = await m.sample({ mu: 0 }, { n: 3 });
    for (const r of [fit, explained, sampled]) {
      expect(r.diagnostics.map((d) => [d.code, d.file, d.span?.start.line])).toEqual([["E0204", here, line]]);
    }
    expect(fit.result).toBeUndefined();
    expect(explained.text).toBeUndefined();
    expect(sampled.csv).toBeUndefined();
  });

  it("data errors name the data, as the CLI names the data file", async () => {
    const m = base().for("n", 1, "N", (n, { y, mu }) => [y.at(n).follows(Normal(mu, 1))]);
    const r = await m.fit({ y: [1, "two", 3] } as never);
    expect(r.result).toBeUndefined();
    expect(r.diagnostics.every((d) => d.file === "<data>")).toBe(true);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});
