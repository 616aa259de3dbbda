// Names that are also properties of every JavaScript object (`toString`, `constructor`, …) fit like any
// other name, through the CLI and the API; `__proto__`, which an object cannot hold as an ordinary key, is
// refused where it is declared (E0232).

import { describe, expect, it } from "vitest";
import { check, fitFile, model, Normal, real } from "../../src/api";
import { files, run } from "./helpers";

const objectNames = ["toString", "valueOf", "constructor", "hasOwnProperty"];

const namesModel = [
  "model m",
  "size N",
  "data y[N]: real",
  "param toString: real",
  "param valueOf: positive",
  "param constructor: real",
  "param hasOwnProperty: real",
  "for n in 1..N {",
  "  y[n] ~ Normal(toString + constructor + hasOwnProperty, valueOf)",
  "}",
  "",
].join("\n");

describe("names that Object.prototype has", () => {
  it("fit and appear in --json and in the summary", async () => {
    const f = files({ "m.lvm": namesModel, "y.csv": "y\n1\n2\n4\n" });
    const json = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"), "--json");
    expect(json.code).toBe(0);
    const params = JSON.parse(json.stdout).params;
    expect(Object.keys(params).sort()).toEqual([...objectNames].sort());
    for (const name of objectNames) expect(Number.isFinite(params[name])).toBe(true);
    expect(params.valueOf).toBeCloseTo(Math.sqrt(14 / 9), 4);
    const table = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"));
    expect(table.code).toBe(0);
    for (const name of objectNames) expect(table.stdout).toMatch(new RegExp(`^  ${name} += `, "m"));
  });

  it("are own keys of the API's result", async () => {
    const f = files({ "m.lvm": namesModel, "y.csv": "y\n1\n2\n4\n" });
    const r = await fitFile(f.at("m.lvm"), { data: f.at("y.csv") });
    for (const name of objectNames) expect(Object.hasOwn(r.result!.params, name)).toBe(true);
  });

  it("a data file or params file without the key says it is missing, not that it is malformed", async () => {
    const f = files({
      "m.lvm": [
        "model m",
        "size N",
        "data constructor[N]: real",
        "param toString: real",
        "for n in 1..N {",
        "  constructor[n] ~ Normal(toString, 1)",
        "}",
        "",
      ].join("\n"),
      "d.json": '{"y": [1, 2]}',
      "p.json": "{}",
    });
    const fit = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(fit.code).toBe(1);
    expect(fit.stderr).toContain("error[E0305]: no key 'constructor' for data 'constructor'");
    const sample = await run("sample", f.at("m.lvm"), "--params", f.at("p.json"), "-n", "2");
    expect(sample.code).toBe(1);
    expect(sample.stderr).toContain("error[E0314]: no value for param 'toString'");
  });

  it("are not types or functions", () => {
    const type = check("model m\nsize N\ndata y[N]: toString\n", { fileName: "t.lvm" });
    expect(type.diagnostics.map((d) => [d.code, d.message])).toContainEqual([
      "E0213",
      "unknown type 'toString'",
    ]);
    const fn = check("model m\nconst c = constructor(2)\n", { fileName: "t.lvm" });
    expect(fn.diagnostics.map((d) => d.code)).toContain("E0205");
  });
});

describe("__proto__", () => {
  it("is refused where it is declared, with its place (E0232), never fitted and dropped", async () => {
    const f = files({
      "m.lvm": [
        "model m",
        "size N",
        "data y[N]: real",
        "param __proto__: real",
        "for n in 1..N {",
        "  y[n] ~ Normal(__proto__, 1)",
        "}",
        "",
      ].join("\n"),
      "y.csv": "y\n1\n2\n3\n",
    });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"), "--json");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${f.at("m.lvm")}:4:7: error[E0232]: '__proto__' cannot be a name`);
    expect(r.stderr.match(/E0232/g)).toHaveLength(1);
  });

  it("is refused as a data name, a plate index and a let", () => {
    for (const [text, line] of [
      ["model m\nsize N\ndata __proto__[N]: real\n", 3],
      [
        "model m\nsize N\ndata y[N]: real\nparam mu: real\nfor __proto__ in 1..N {\n  y[__proto__] ~ Normal(mu, 1)\n}\n",
        5,
      ],
      ["model m\nparam mu: real\nlet __proto__ = mu + 1\n", 3],
    ] as const) {
      const report = check(text, { fileName: "t.lvm" });
      const d = report.diagnostics.find((x) => x.code === "E0232");
      expect(d?.span?.start.line, text).toBe(line);
      expect(report.ok).toBe(false);
    }
  });

  it("is refused in a builder model, at the builder call", () => {
    const proto = "__proto__";
    const m = model("m")
      .size("N")
      .data("y", ["N"], real)
      .param(proto, real)
      .for("n", 1, "N", (n, scope) => [scope.y!.at(n).follows(Normal(scope[proto]!, 1))]);
    const report = m.check();
    expect(report.ok).toBe(false);
    const d = report.diagnostics.find((x) => x.code === "E0232");
    expect(d?.file).toContain("keys.test.ts");
  });
});
