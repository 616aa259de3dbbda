// Binding data to models (docs/language.md, Data): strict numbers, missing values, column rules, sizes from
// shapes, labels for categorical data, and every error located by file, row and column.

import { describe, expect, it } from "vitest";
import { check } from "../../src/api";
import {
  type BindOptions,
  bindData,
  parseColumnArguments,
  parseSetArguments,
  readCell,
  readCsvText,
  readJsonText,
} from "../../src/data";
import { gmmLines } from "../helpers";

function model(...lines: string[]) {
  const r = check(`${lines.join("\n")}\n`, { fileName: "m.lvm" });
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.model;
}

function bindCsv(m: ReturnType<typeof model>, csv: string, options: BindOptions = {}) {
  const f = readCsvText("d.csv", csv);
  if (!f.data) return { bound: undefined, diagnostics: f.diagnostics };
  return bindData(m, f.data, options);
}

const codes = (r: { diagnostics: readonly { code: string }[] }) => r.diagnostics.map((d) => d.code);

const regression = model(
  "model m",
  "size N",
  "data y[N]: real",
  "param mu: real",
  "for n in 1..N { y[n] ~ Normal(mu, 1) }",
);
const gmm = model(...gmmLines);

describe("cells", () => {
  it("reads numbers strictly and knows missing values", () => {
    expect(readCell(" 1e3 ")).toEqual({ kind: "number", value: 1000 });
    expect(readCell("-.5")).toEqual({ kind: "number", value: -0.5 });
    for (const m of ["", "  ", "NA", "NaN", "null"]) expect(readCell(m)).toEqual({ kind: "missing" });
    for (const t of ["0x10", "1,5", "1e", "--1", "1 2", "true"]) expect(readCell(t).kind).toBe("text");
    for (const i of ["inf", "Inf", "-Infinity", "1e999"]) expect(readCell(i).kind).toBe("infinite");
  });
});

describe("CSV binding", () => {
  it("binds scalar data to its column and N to the rows; an empty cell is missing, never 0", () => {
    const r = bindCsv(regression, "y,other\n1.5,a\n,b\n2,c\n");
    expect(codes(r)).toEqual([]);
    expect(r.bound!.sizes.get("N")).toBe(3);
    const y = r.bound!.data.get("y")!;
    expect(Array.from(y.values)).toEqual([1.5, Number.NaN, 2]);
    expect(Array.from(y.missing!)).toEqual([0, 1, 0]);
  });

  it("binds vector data to x1..xD, x.1..x.D, or all remaining columns", () => {
    expect(bindCsv(gmm, "x1,x2,note\n1,2,3\n4,5,6\n").bound!.data.get("x")!.shape).toEqual([2, 2]);
    expect(bindCsv(gmm, "x.1,x.2,x.3\n1,2,3\n").bound!.sizes.get("D")).toBe(3);
    const all = bindCsv(gmm, '"eruptions","waiting"\n3.6,79\n1.8,54\n');
    expect(Array.from(all.bound!.data.get("x")!.values)).toEqual([3.6, 79, 1.8, 54]);
  });

  it("binds with --columns", () => {
    const cols = parseColumnArguments(["x=b,a"]);
    const r = bindCsv(gmm, "a,b,c\n1,2,3\n", { columns: cols.values });
    expect(Array.from(r.bound!.data.get("x")!.values)).toEqual([2, 1]);
    const bad = bindCsv(gmm, "a,b\n1,2\n", { columns: parseColumnArguments(["x=a,bb"]).values });
    expect(codes(bad)).toEqual(["E0305"]);
    expect(bad.diagnostics[0]!.hint).toContain("did you mean 'b'?");
  });

  it("names the file, row and column of a cell that is not a number", () => {
    const r = bindCsv(regression, "y\n1\n2\nabc\n");
    expect(codes(r)).toEqual(["E0303"]);
    const d = r.diagnostics[0]!;
    expect(d.file).toBe("d.csv");
    expect(d.message).toBe("row 3, column 'y': 'abc' is not a number");
    expect([d.span?.start.line, d.span?.start.col]).toEqual([4, 1]);
  });

  it("rejects infinite values, ragged rows, and files without data rows", () => {
    expect(codes(bindCsv(regression, "y\n1\nInf\n"))).toEqual(["E0304"]);
    expect(codes(bindCsv(regression, "y,z\n1,2\n3\n"))).toEqual(["E0302"]);
    expect(codes(bindCsv(regression, "y\n"))).toEqual(["E0301"]);
    expect(codes(bindCsv(regression, ""))).toEqual(["E0301"]);
    expect(codes(bindCsv(regression, 'y\n"1\n'))).toEqual(["E0300"]);
  });

  it("reports a missing column with a did-you-mean", () => {
    const r = bindCsv(regression, "yy,z\n1,2\n");
    expect(codes(r)).toEqual(["E0305"]);
    expect(r.diagnostics[0]!.hint).toContain("did you mean 'yy'?");
  });

  it("checks values against declared types and supports", () => {
    const counts = model(
      "model m",
      "size N",
      "data y[N]: count",
      "param p: prob",
      "for n in 1..N { y[n] ~ Bernoulli(p) }",
    );
    expect(codes(bindCsv(counts, "y\n0\n1\n-1\n"))).toEqual(["E0307"]);
    const r = bindCsv(counts, "y\n0\n1\n2\n");
    expect(codes(r)).toEqual(["E0307"]);
    expect(r.diagnostics[0]!.message).toContain("0 or 1");
  });

  it("maps text labels of categorical data in order of first appearance, and reports it", () => {
    const cat = model(
      "model m",
      "size N",
      "data g[N]: cat(3)",
      "param p: simplex[3]",
      "for n in 1..N { g[n] ~ Categorical(p) }",
    );
    const r = bindCsv(cat, "g\nB\nA\nB\nC\n");
    expect(codes(r)).toEqual(["I0350"]);
    expect(Array.from(r.bound!.data.get("g")!.values)).toEqual([1, 2, 1, 3]);
    expect(r.bound!.data.get("g")!.labels).toEqual(["B", "A", "C"]);
    expect(codes(bindCsv(cat, "g\nA\nB\nC\nD\n"))).toEqual(["E0308"]);
    expect(codes(bindCsv(cat, "g\n1\n4\n"))).toEqual(["E0307"]);
  });

  it("refuses a missing value in a covariate, which nothing can integrate out", () => {
    const weighted = model(
      "model m",
      "size N",
      "data y[N]: real",
      "data w[N]: count",
      "param mu: real",
      "for n in 1..N weighted w[n] { y[n] ~ Normal(mu, 1) }",
    );
    const r = bindCsv(weighted, "y,w\n1,2\n2,\n");
    expect(codes(r)).toEqual(["E0309"]);
    expect(r.diagnostics[0]!.message).toContain("row 2, column 'w'");
  });
});

describe("sizes", () => {
  it("disagreeing shapes name the declaration and where the size came from", () => {
    const r = bindCsv(gmm, "x1,x2\n1,2\n", { set: parseSetArguments(["D=3"]).values });
    expect(codes(r)).toEqual(["E0306"]);
    expect(r.diagnostics[0]!.message).toMatch(/'x' has 2 columns, but D = 3 \(from --set\)/);
  });

  it("a size nothing binds is an error with a --set hint", () => {
    const m = model(
      "model m",
      "size N, L",
      "data y[N]: real",
      "param w: vector[L]",
      "for n in 1..N { y[n] ~ Normal(sum(w), 1) }",
    );
    const r = bindCsv(m, "y\n1\n");
    expect(codes(r)).toEqual(["E0310"]);
    expect(bindCsv(m, "y\n1\n", { set: parseSetArguments(["L=2"]).values }).bound!.sizes.get("L")).toBe(2);
  });

  it("decides the size relations the checker deferred", () => {
    const m = model(
      "model m",
      "size N, D, E",
      "data x[N]: vector[D]",
      "param mu: vector[E]",
      "for n in 1..N { x[n] ~ MvNormal(mu, I(D)) }",
    );
    expect(codes(bindCsv(m, "x1,x2\n1,2\n", { set: parseSetArguments(["E=2"]).values }))).toEqual([]);
    const r = bindCsv(m, "x1,x2\n1,2\n", { set: parseSetArguments(["E=3"]).values });
    expect(codes(r)).toEqual(["E0312"]);
    expect(r.diagnostics[0]!.span?.start.line).toBe(5);
  });

  it("rejects --set of unknown names, of data, and of bad values", () => {
    expect(codes(bindCsv(regression, "y\n1\n", { set: parseSetArguments(["M=2"]).values }))).toEqual([
      "E0311",
    ]);
    expect(codes(bindCsv(regression, "y\n1\n", { set: parseSetArguments(["y=2"]).values }))).toEqual([
      "E0311",
    ]);
    expect(codes(bindCsv(regression, "y\n1\n", { set: parseSetArguments(["N=1.5"]).values }))).toEqual([
      "E0311",
    ]);
    expect(parseSetArguments(["K"]).diagnostics.map((d) => d.code)).toEqual(["E0311"]);
    expect(parseSetArguments(["w=[0.2, 0.8]"]).values.get("w")).toEqual([0.2, 0.8]);
  });
});

describe("JSON binding", () => {
  const lc = model(
    "model lc",
    "size N, J",
    "const K = 2",
    "data x[N, J]: count",
    "param pi: simplex[K]",
    "param theta[K, J]: prob",
    "latent z[N]: cat(K)",
    "for n in 1..N { z[n] ~ Categorical(pi); for j in 1..J { x[n, j] ~ Bernoulli(theta[z[n], j]) } }",
  );

  it("binds nested arrays and sizes from their lengths; null is missing", () => {
    const f = readJsonText("d.json", '{"x": [[1, 0, 1], [0, null, 1]]}');
    const r = bindData(lc, f.data!);
    expect(codes(r)).toEqual([]);
    expect(Object.fromEntries(r.bound!.sizes)).toEqual({ N: 2, J: 3 });
    expect(Array.from(r.bound!.data.get("x")!.missing!)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it("reports ragged arrays, wrong types, missing and unknown keys, and bad JSON with its position", () => {
    expect(codes(bindData(lc, readJsonText("d.json", '{"x": [[1, 0], [0]]}').data!))).toEqual(["E0313"]);
    expect(codes(bindData(lc, readJsonText("d.json", '{"x": [1, 0]}').data!))).toEqual(["E0313"]);
    expect(codes(bindData(lc, readJsonText("d.json", '{"x": [[1, {}]]}').data!))).toEqual(["E0313"]);
    expect(codes(bindData(lc, readJsonText("d.json", '{"xx": [[1]]}').data!))).toEqual(["W0350", "E0305"]);
    const bad = readJsonText("d.json", '{\n  "x": [1,,2]\n}');
    expect(bad.diagnostics.map((d) => [d.code, d.span?.start.line])).toEqual([["E0300", 2]]);
  });
});
