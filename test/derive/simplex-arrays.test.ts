// The simplex rule on arrays of simplexes and on simplexes whose length is a size: each simplex of an
// array is its own unit (θ_kj ∝ Σ E[1{z = k}] 1{g = j}), and a size bound from data plans like a constant.

import { describe, expect, it } from "vitest";
import { explainFile } from "../../src/api";
import { isAffineIn } from "../../src/derive";
import { termSizes } from "../../src/derive/mstep/sizes";
import * as S from "../../src/symbolic";
import {
  checkAgainstNumericalMaximum,
  closedForm,
  deriveLines,
  fixtures,
  planOf,
  tempFile,
} from "../support/mstep-rules";

const mixture = (decl: string, item: string) => [
  "model m",
  "size N",
  "const K = 2",
  "const L = 3",
  "data g[N]: cat(L)",
  "param pi: simplex[K]",
  decl,
  "latent z[N]: cat(K)",
  "for n in 1..N {",
  "  z[n] ~ Categorical(pi)",
  `  g[n] ~ Categorical(${item})`,
  "}",
];

const unigrams = [
  "model u",
  "size N, W, V",
  "const K = 3",
  "data w[N, W]: cat(V)",
  "param pi: simplex[K]",
  "param theta[K]: simplex[V]",
  "latent z[N]: cat(K)",
  "for n in 1..N {",
  "  z[n] ~ Categorical(pi)",
  "  for i in 1..W {",
  "    w[n, i] ~ Categorical(theta[z[n]])",
  "  }",
  "}",
];

describe("simplex-log-linear on an array of simplexes", () => {
  it("solves theta[k] per component: one unit of L slots per row, each fed by its own state", () => {
    const u = closedForm(
      deriveLines(mixture("param theta[K]: simplex[L]", "theta[z[n]]"), { N: 5 }),
      "theta",
    );
    expect(u.rule).toBe("simplex-log-linear");
    expect(u.unitRank).toBe(1);
    expect(u.slotsPerUnit).toBe(3);
    // Every contribution's symbol names its unit by the state of z it is weighted by.
    for (const c of u.contributions) {
      const state = c.term.states.values().next().value;
      expect(c.symbol.name).toBe(`theta[${state}]`);
    }
    // The equation shows one simplex, not the counts of every state pooled.
    expect(u.equation).toContain("a1 = Σ (E[1{z = 1}]·1{gₙ = 1})");
    expect(u.equation).not.toContain("E[1{z = 2}]");
  });

  it("a two-dimensional array theta[K, M]: simplex[L] has K·M units", () => {
    const lines = mixture("param theta[K, M]: simplex[L]", "theta[z[n], m]");
    lines.splice(4, 1, "const M = 4", "data g[N, M]: cat(L)");
    const body = lines.findIndex((l) => l.includes("g[n] ~"));
    lines.splice(body, 1, "  for m in 1..M {", "    g[n, m] ~ Categorical(theta[z[n], m])", "  }");
    const u = closedForm(deriveLines(lines, { N: 5 }), "theta");
    expect(u.unitRank).toBe(2);
    expect(u.slotsPerUnit).toBe(3);
  });

  it("equals the numerical maximum of Q for every simplex of theta[K, M]", async () => {
    const theta = await checkAgainstNumericalMaximum("catmix.lvm", "catmix.csv", "theta", { rows: 80 });
    // Each of the K·M rows sums to 1 on its own (pooling would make only the whole array sum to 1).
    for (let r = 0; r < 8; r++) {
      const row = theta.slice(3 * r, 3 * r + 3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it("declines a simplex that Q reads other than through log θⱼ", () => {
    const d = deriveLines(
      [
        "model m",
        "size N",
        "data y[N]: real",
        "param theta: simplex[3]",
        "for n in 1..N {",
        "  y[n] ~ Normal(theta[1], 1)",
        "}",
      ],
      { N: 4 },
    );
    const p = planOf(d, "theta");
    expect(p.method).toBe("gradient");
    if (p.method === "closed-form") return;
    const reason = p.declined.find((x) => x.rule === "simplex-log-linear")!.reason;
    expect(reason).toMatch(/which is not Σⱼ aⱼ log θⱼ/);
  });

  it("an indicator of a categorical read is not affine in it (the compiled path must not treat it so)", () => {
    // Symbols of cat(L) data carry the positive domain: the midpoint test alone never meets the step.
    const g = S.symbol("g[n]", S.SCALAR, "positive");
    for (const j of [1, 2, 3, 4]) expect(isAffineIn(S.compare("==", g, j), g)).toBe(false);
    expect(isAffineIn(S.mul(S.compare("==", S.symbol("h", S.SCALAR), 2), g), g)).toBe(true);
  });
});

describe("simplex-log-linear when the length is a size", () => {
  it("plans theta[K]: simplex[V] with V bound like a constant: V slots", () => {
    const bound = closedForm(deriveLines(unigrams, { N: 10, W: 3, V: 12 }), "theta");
    expect(bound.slotsPerUnit).toBe(12);
    expect(bound.unitRank).toBe(1);
  });

  it("reads the bound sizes back from the terms' symbols", () => {
    const d = deriveLines(unigrams, { N: 10, W: 3, V: 12 });
    expect(termSizes(d.terms).get("V")).toBe(12);
  });

  it("plans the closed form without data too, at a stand-in size", async () => {
    const d = deriveLines(unigrams);
    expect(d.unbound).toContain("V");
    expect(closedForm(d, "theta").rule).toBe("simplex-log-linear");
    const r = await explainFile(`${fixtures}/unigrams.lvm`);
    expect(r.text).toContain("theta: closed form, rule simplex-log-linear");
    expect(r.text).toContain("aⱼ = Σ (E[1{z = 1}]·1{wₙᵢ = j})");
  });

  it("equals the numerical maximum of Q with V from --set", async () => {
    // Rows of three words from V = 5, in a pattern every word appears in.
    const rows = Array.from({ length: 40 }, (_, n) => [1 + (n % 5), 1 + ((n * 3) % 5), 1 + ((n * n) % 5)]);
    const data = tempFile("words.csv", `w1,w2,w3\n${rows.map((r) => r.join(",")).join("\n")}\n`);
    const model = tempFile("unigrams.lvm", `${unigrams.join("\n")}\n`);
    await checkAgainstNumericalMaximum(model, data, "theta", { set: ["V=5"] });
  });
});
