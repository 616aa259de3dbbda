// The generated passes (src/engine/kernels) against the interpreter: the same fit, iteration by
// iteration, on every example that fits today and for each EM variant; and what the generated source may
// contain — only text the compiler made, never a name or number from the model or its data.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFit } from "../../src/api";
import { isClosedForm } from "../../src/derive";
import { type EmRun, type EmVariant, runEm } from "../../src/engine";
import { createRng } from "../../src/random";
import { examplesDir } from "../helpers";
import { enumeratedExamples } from "../support/examples-that-fit";

const cases = enumeratedExamples;

async function runBoth(model: string, data: string, variant: EmVariant, iterations = 25) {
  const prepared = await prepareFit(model, { data });
  if (!prepared.em) throw new Error(prepared.diagnostics.map((d) => d.message).join("; "));
  // Map by map (no SQUAREM, whose extrapolations would magnify rounding): the passes are what is compared.
  const run = (kernels: boolean): EmRun =>
    runEm(prepared.em!, {
      maxIter: iterations,
      tol: 0,
      variant,
      rng: createRng(7),
      kernels,
      accelerate: "none",
    });
  return { compiled: run(true), interpreted: run(false) };
}

function expectSameRun(a: EmRun, b: EmRun, tolerance: number): void {
  expect(a.trace.length).toBe(b.trace.length);
  a.trace.forEach((v, i) => {
    expect(Math.abs(v - b.trace[i]!)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(v)));
  });
  for (const [v, t] of a.params) {
    const u = b.params.get(v)!.data;
    t.data.forEach((x, i) => {
      expect(Math.abs(x - u[i]!)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(x)));
    });
  }
  expect(Math.abs(a.entropy - b.entropy)).toBeLessThanOrEqual(tolerance * Math.max(1, a.entropy));
}

describe("generated passes agree with the interpreter", () => {
  for (const [name, data] of cases) {
    it(`${name}: the same trace, params and entropy over 25 iterations`, async () => {
      const { compiled, interpreted } = await runBoth(
        join(examplesDir, `${name}.lvm`),
        join(examplesDir, "data", data),
        "em",
      );
      expect(interpreted.kernels.groups.every((g) => g === "interpreted")).toBe(true);
      expectSameRun(compiled, interpreted, 1e-9);
    });
  }

  it("the GMMs run fully compiled: every group a pass, every update from its moments", async () => {
    for (const name of [
      "faithful-waiting",
      "faithful-gmm-full",
      "faithful-gmm-diag",
      "faithful-gmm-tied",
      "gmm-map",
    ]) {
      const data = name === "gmm-map" ? "gmm-map.csv" : "faithful.csv";
      const { compiled } = await runBoth(
        join(examplesDir, `${name}.lvm`),
        join(examplesDir, "data", data),
        "em",
        2,
      );
      expect(compiled.kernels.groups).toEqual(["compiled"]);
      expect(Object.values(compiled.kernels.updates).every((u) => u === "moments")).toBe(true);
    }
  });

  for (const variant of ["hard", "stochastic"] as const) {
    it(`${variant} EM: the same run compiled and interpreted (full GMM, 1-D mixture)`, async () => {
      for (const [name, data] of [
        ["faithful-gmm-full", "faithful.csv"],
        ["faithful-waiting", "faithful.csv"],
      ]) {
        const { compiled, interpreted } = await runBoth(
          join(examplesDir, `${name}.lvm`),
          join(examplesDir, "data", data!),
          variant,
          10,
        );
        expectSameRun(compiled, interpreted, 1e-9);
      }
    });
  }
});

describe("the generated source", () => {
  // Everything the generator writes: fixed words, its own numbered names, integers and operators.
  const allowedWords = new Set(
    "use strict const let for if return function pass result env E WT C L A GAM RND P X O F V MX MO MC e k w l b c q t d v g mx sum vl logSum inv ll ent best pick p i j z Math exp log Infinity continue".split(
      " ",
    ),
  );
  const numbered = /^(P|X|O|F|V|MX|MO|MC|o|or|r|u|pu)\d+$/;

  it("holds only compiler-made words and integers, even for hostile names and data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-kernel-"));
    // Names that are JavaScript globals, syntax or Object.prototype keys (__proto__ itself is refused at
    // check time), and data values that look like code.
    writeFileSync(
      join(dir, "m.lvm"),
      [
        "model constructor",
        "size N",
        "const K = 2",
        "data process[N]: real",
        "param globalThis: simplex[K]",
        "param eval[K]: real",
        "param require[K]: positive",
        "latent hasOwnProperty[N]: cat(K)",
        "for n in 1..N {",
        "  hasOwnProperty[n] ~ Categorical(globalThis)",
        "  process[n] ~ Normal(eval[hasOwnProperty[n]], require[hasOwnProperty[n]])",
        "}",
        "",
      ].join("\n"),
    );
    const values = Array.from({ length: 40 }, (_, i) => (i % 2 ? 10 + i / 7 : -3 - i / 11).toFixed(4));
    writeFileSync(join(dir, "d.csv"), `process\n${values.join("\n")}\n`);
    const sources: string[] = [];
    for (const [model, data] of [
      [join(dir, "m.lvm"), join(dir, "d.csv")],
      ...cases.map(([n, d]) => [join(examplesDir, `${n}.lvm`), join(examplesDir, "data", d)]),
    ] as [string, string][]) {
      const { compiled } = await runBoth(model, data, "em", 1);
      sources.push(...compiled.kernels.sources);
    }
    expect(sources.length).toBeGreaterThanOrEqual(10);
    for (const source of sources) {
      const words = source.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
      const strange = words.filter((w) => !allowedWords.has(w) && !numbered.test(w));
      expect(strange).toEqual([]);
      // Numbers are integers written by the generator (indices and strides) and the ½ of a quadratic
      // form, never data values.
      const numbers = source.replace(/[A-Za-z_$][A-Za-z0-9_$]*/g, " ").match(/[0-9][0-9.eE+-]*/g) ?? [];
      expect(numbers.filter((n) => !/^[0-9]+$/.test(n) && n !== "0.5")).toEqual([]);
      // The one string literal is the directive.
      expect(source.replace('"use strict";', "")).not.toMatch(/["'`\\]/);
    }
  });
});

describe("the monotonicity check", () => {
  it("names the block whose update lowered the objective (a planted faulty update)", async () => {
    const prepared = await prepareFit(join(examplesDir, "faithful-gmm-full.lvm"), {
      data: join(examplesDir, "data", "faithful.csv"),
    });
    const em = prepared.em!;
    const fitted = runEm(em, { maxIter: 500, tol: 1e-12, variant: "em", rng: createRng(3) });
    const start = {
      kind: "params" as const,
      values: new Map([...fitted.params].map(([v, t]) => [v, t.data.slice()])),
    };
    for (const faulty of ["mu", "Sigma"]) {
      // Scale the solution of one block: no longer the maximiser of Q, so the objective falls.
      const updates = em.updates.filter(isClosedForm).map((u) =>
        u.block.name !== faulty
          ? u
          : {
              ...u,
              solve: (stats: Float64Array) => {
                const x = u.solve(stats);
                return typeof x === "string" ? x : x.map((v) => v * 1.2);
              },
            },
      );
      for (const kernels of [true, false]) {
        const run = runEm(
          { ...em, updates },
          { maxIter: 2, tol: 0, variant: "em", rng: createRng(1), start, kernels },
        );
        const warning = run.warnings.find((w) => w.code === "W0402");
        expect(warning?.param).toBe(faulty);
        expect(warning?.message).toMatch(new RegExp(`^iteration 1: .* after the update of ${faulty} `));
      }
    }
  });
});
