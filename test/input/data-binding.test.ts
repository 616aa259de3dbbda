// Binding data files and API data: sizes and constants a JSON file gives are used and checked (`--set`
// first), holes in arrays, columns or keys named twice, truth values for real data and empty data are
// located errors (exit 1), never a silent shift, drop or guess.

import { describe, expect, it } from "vitest";
import { fromCsv, model, Normal, real } from "../../src/api";
import { files, mixtureModel, normalModel, run } from "./helpers";

const twoGroups = [1, 2, 3, 10, 11, 12];

const offsetModel = [
  "model m",
  "size N",
  "const c = 0",
  "data y[N]: real",
  "param mu: real",
  "for n in 1..N {",
  "  y[n] ~ Normal(mu + c, 1)",
  "}",
  "",
].join("\n");

describe("a constant or size in a JSON data file", () => {
  it("is used: K = 2 from the file makes a two-component mixture", async () => {
    const f = files({ "m.lvm": mixtureModel, "d.json": JSON.stringify({ K: 2, y: twoGroups }) });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"), "--json");
    expect(r.code).toBe(0);
    const { params, plan } = JSON.parse(r.stdout);
    expect(params.w).toHaveLength(2);
    expect(params.mu.map((m: number) => Math.round(m)).sort((a: number, b: number) => a - b)).toEqual([
      2, 11,
    ]);
    expect(plan.estep[0].states).toBe(2);
  });

  it("gives way to --set, with a note at the file's key", async () => {
    const f = files({
      "m.lvm": mixtureModel,
      "d.json": `{\n  "K": 2,\n  "y": ${JSON.stringify(twoGroups)}\n}`,
    });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"), "--set", "K=3", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params.w).toHaveLength(3);
    expect(r.stderr).toContain(
      `${f.at("d.json")}:2:3: note[I0351]: K = 2 here is not used: --set K=3 comes first`,
    );
  });

  it("shifts a scalar constant's value, and --set shifts it again", async () => {
    const f = files({ "m.lvm": offsetModel, "d.json": '{"c": 10, "y": [1, 2, 3]}' });
    const fromFile = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"), "--json");
    expect(JSON.parse(fromFile.stdout).params.mu).toBeCloseTo(-8, 6);
    const fromSet = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"), "--set", "c=1", "--json");
    expect(JSON.parse(fromSet.stdout).params.mu).toBeCloseTo(1, 6);
  });

  it.each([
    ['"abc"', 'error[E0313]: K: the value must be a finite number, not "abc"'],
    ["[2]", "error[E0313]: K: the value must be a finite number, not [2]"],
    ["-2", "error[E0215]: the size in simplex[K] must be at least 1, but it is -2"],
    ["2.5", "error[E0215]: the size in simplex[K] must be a size, an integer constant or an integer"],
  ])("K = %s is refused, located (exit 1)", async (value, message) => {
    const f = files({ "m.lvm": mixtureModel, "d.json": `{"K": ${value}, "y": [1, 2, 3]}` });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/:\d+:\d+: (error|note)\[/);
    if (message.includes("E0215"))
      expect(r.stderr).toContain(
        `${f.at("d.json")}:1:2: note[I0351]: the model is checked with K = ${value}`,
      );
  });

  it("a typed constant keeps its type", async () => {
    const typed = mixtureModel.replace("const K = 3", "const K: count = 3");
    const f = files({ "m.lvm": typed, "d.json": '{"K": 1.5, "y": [1, 2, 3]}' });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0313]: K: 'K' is declared an integer, but an entry is 1.5");
  });

  it("a size must be a whole number ≥ 1, and agree with the data's shape", async () => {
    for (const [value, message] of [
      ["2.5", "N: a size is a whole number ≥ 1, not 2.5"],
      ['"3"', 'N: a size is a whole number ≥ 1, not "3"'],
      ["0", "N: a size is a whole number ≥ 1, not 0"],
      ["4", "'y' has 3 elements, but N = 4"],
    ]) {
      const f = files({ "m.lvm": normalModel, "d.json": `{"N": ${value}, "y": [1, 2, 3]}` });
      const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
      expect(r.code, value).toBe(1);
      expect(r.stderr).toContain(message);
    }
  });

  it("a --set constant of the wrong rank is an error of its own, not a crash", async () => {
    const f = files({ "m.lvm": offsetModel, "d.json": '{"y": [1, 2, 3]}' });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"), "--set", "c=[1,2]");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0311]: --set c: the value must be a finite number, not [1,2]");
    const file = files({ "m.lvm": offsetModel, "d.json": '{"c": [1, 2], "y": [1, 2, 3]}' });
    const r2 = await run("fit", file.at("m.lvm"), "--data", file.at("d.json"));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain("error[E0313]: c: the value must be a finite number, not [1,2]");
  });
});

describe("API data", () => {
  const m = model("m")
    .size("N")
    .data("y", ["N"], real)
    .param("mu", real)
    .for("n", 1, "N", (n, { y, mu }) => [y!.at(n).follows(Normal(mu!, 1))]);

  it("a hole in an array is a located error, not a shift", async () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const r = await m.fit({ y: [1, , 3] } as never);
    expect(r.result).toBeUndefined();
    const d = r.diagnostics.find((x) => x.severity === "error");
    expect(d?.code).toBe("E0313");
    expect(d?.message).toContain("y[2] is a hole in the array");
  });

  it("a sparse array of a billion elements costs one message", async () => {
    const r = await m.fit({ y: new Array(1e9) });
    expect(r.diagnostics.filter((x) => x.severity === "error")).toHaveLength(1);
  });

  it("true for real data is an error", async () => {
    const r = await m.fit({ y: [1, true, 3] } as never);
    expect(r.diagnostics.find((x) => x.severity === "error")?.message).toContain("y[2] is true");
  });

  it("no rows is a data error (exit 1), not a failed fit (exit 3)", async () => {
    const f = files({ "m.lvm": normalModel, "d.json": '{"y": []}' });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0301]: y is empty");
    const api = await m.fit({ y: [] });
    expect(api.failed).toBe(false);
    expect(api.diagnostics.map((d) => d.code)).toContain("E0301");
  });

  it("a BigInt cell is a diagnostic, not a TypeError", async () => {
    const r = await m.fit({ y: [1, 2n, 3] } as never);
    expect(r.diagnostics.find((x) => x.severity === "error")?.message).toContain("2n (a BigInt)");
  });
});

describe("names given twice", () => {
  it("CSV columns with the same name are an error naming both", async () => {
    const f = files({ "m.lvm": normalModel, "y.csv": "y, y\n1,5\n2,6\n" });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f.at("y.csv")}:1:2: error[E0318]: columns 1 and 2 are both named 'y'`);
    const api = await model("m")
      .size("N")
      .data("y", ["N"], real)
      .param("mu", real)
      .for("n", 1, "N", (n, { y, mu }) => [y!.at(n).follows(Normal(mu!, 1))])
      .fit(fromCsv("y,y\n1,2\n"));
    expect(api.diagnostics.map((d) => d.code)).toContain("E0318");
  });

  it("JSON keys given twice are an error at the second", async () => {
    const f = files({ "m.lvm": normalModel, "d.json": '{\n"y": [1, 2],\n"y": [3, 4]\n}' });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${f.at("d.json")}:3:1: error[E0318]: key 'y' is given twice (first on line 2)`,
    );
  });
});

describe("truth values in a JSON file", () => {
  it("true for real data is an error (E0313) at its key", async () => {
    const f = files({ "m.lvm": normalModel, "d.json": '{"y": [1, true, 3]}' });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f.at("d.json")}:1:2: error[E0313]: y[2] is true`);
  });

  it("true and false for 0/1 count data are 1 and 0", async () => {
    const bernoulli = [
      "model b",
      "size N",
      "data y[N]: count",
      "param p: prob",
      "for n in 1..N {",
      "  y[n] ~ Bernoulli(p)",
      "}",
      "",
    ].join("\n");
    const f = files({ "m.lvm": bernoulli, "d.json": '{"y": [true, false, true, true]}' });
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params.p).toBeCloseTo(0.75, 6);
  });
});
