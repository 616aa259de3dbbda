// Shared helpers for tests: the example models and a short way to check a model text.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CheckReport, check } from "../src/api";

export const repoRoot = join(__dirname, "..");
export const examplesDir = join(repoRoot, "examples");

export function exampleModels(): { name: string; path: string; text: string }[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith(".lvm"))
    .sort()
    .map((name) => {
      const path = join(examplesDir, name);
      return { name, path, text: readFileSync(path, "utf8") };
    });
}

/** Checks a model given as lines; returns the report and its diagnostic codes. */
export function checkLines(...lines: string[]): CheckReport & { codes: string[]; errors: string[] } {
  const report = check(`${lines.join("\n")}\n`, { fileName: "test.lvm" });
  const codes = report.diagnostics.map((d) => d.code);
  return { ...report, codes, errors: codes.filter((c) => c.startsWith("E")) };
}

/** The Gaussian mixture of the README's first model, as lines, for tests that need a typical model. */
export const gmmLines = [
  "model gmm",
  "size N, D",
  "const K = 2",
  "data x[N]: vector[D]",
  "param pi: simplex[K]",
  "param mu[K]: vector[D]",
  "param Sigma[K]: cov[D]",
  "latent z[N]: cat(K)",
  "for n in 1..N {",
  "  z[n] ~ Categorical(pi)",
  "  x[n] ~ MvNormal(mu[z[n]], Sigma[z[n]])",
  "}",
] as const;
