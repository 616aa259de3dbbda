// Every example's builder twin is the example: the same AST up to spans, text that parses back to it, the
// same derivation (explain text and plan), and for the examples that fit today the same fit JSON, byte for byte.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explainFile, fitFile, fromCsv, fromFile, parse } from "../../src/api";
import { exampleModels, examplesDir } from "../helpers";
import { withoutSpans } from "./spans";
import { fittable, twins } from "./twins";

const examples = exampleModels();
const twinOf = (file: string) => twins[file.replace(/\.lvm$/, "") as keyof typeof twins];

describe("builder twins of the examples", () => {
  it("every example has a twin, and every twin an example", () => {
    expect(Object.keys(twins).sort()).toEqual(examples.map((m) => m.name.replace(/\.lvm$/, "")));
  });

  for (const m of examples) {
    const twin = twinOf(m.name);

    it(`${m.name}: the twin's AST is the example's (up to spans)`, () => {
      const parsed = parse(m.text);
      expect(parsed.diagnostics).toEqual([]);
      expect(withoutSpans(twin.program())).toEqual(withoutSpans(parsed.program));
    });

    it(`${m.name}: toLvm() parses back to an equal AST and checks clean`, () => {
      const text = twin.toLvm();
      const reparsed = parse(text);
      expect(reparsed.diagnostics).toEqual([]);
      expect(withoutSpans(reparsed.program)).toEqual(withoutSpans(twin.program()));
      expect(twin.check().diagnostics).toEqual([]);
    });

    it(`${m.name}: the twin derives the same plan (explain, in Unicode and LaTeX)`, async () => {
      const [fromText, fromTextLatex] = await Promise.all([
        explainFile(m.path),
        explainFile(m.path, { latex: true }),
      ]);
      expect(twin.explain().text).toBe(fromText.text);
      expect(twin.explain({ latex: true }).text).toBe(fromTextLatex.text);
    });
  }
});

describe("builder twins fit as their examples do", () => {
  const full = { restarts: 2, tol: 1e-8, seed: 7 };
  // Continuous latents are interpreted, and Monte-Carlo EM draws thousands of points per row near its end
  // (slow): a few iterations give the same bytes just as well.
  const short = new Set(["ppca", "factor-analysis", "mixture-ppca", "poisson-lognormal"]);
  for (const [name, data] of Object.entries(fittable)) {
    const options = short.has(name) ? { ...full, maxIter: 5 } : full;
    it(`${name}: the same fit JSON for the same seed`, async () => {
      const path = join(examplesDir, "data", data);
      const cli = await fitFile(join(examplesDir, `${name}.lvm`), { data: path, ...options });
      expect(cli.result).toBeDefined();
      const built = await twins[name as keyof typeof twins].fit(fromFile(path), options);
      expect(JSON.stringify(built.result)).toBe(JSON.stringify(cli.result));
      // Notes (label mappings) and warnings (restarts that disagree) name the data file: the same ones.
      expect(built.diagnostics).toEqual(cli.diagnostics);
      expect(built.result?.plan).toEqual(cli.result?.plan);
    });
  }

  it("data given in memory (JSON object, CSV text) binds as the same file does", async () => {
    const options = full;
    const json = JSON.parse(readFileSync(join(examplesDir, "data", "latent-class.json"), "utf8")) as {
      x: number[][];
    };
    const fromObject = await twins["latent-class"].fit({ x: json.x }, options);
    const fromPath = await fitFile(join(examplesDir, "latent-class.lvm"), {
      data: join(examplesDir, "data", "latent-class.json"),
      ...options,
    });
    expect(JSON.stringify(fromObject.result)).toBe(JSON.stringify(fromPath.result));

    const csv = readFileSync(join(examplesDir, "data", "genetic-linkage.csv"), "utf8");
    const fromText = await twins["genetic-linkage"].fit(fromCsv(csv), options);
    const cli = await fitFile(join(examplesDir, "genetic-linkage.lvm"), {
      data: join(examplesDir, "data", "genetic-linkage.csv"),
      ...options,
    });
    expect(JSON.stringify(fromText.result)).toBe(JSON.stringify(cli.result));
  });
});
