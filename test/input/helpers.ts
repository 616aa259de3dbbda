// Shared by the tests of untrusted input: the CLI run in-process with its output captured, and files in a
// fresh temporary folder.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main";

export async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A fresh folder holding the given files (name → text); returns the folder and a path maker. */
export function files(contents: Record<string, string>): { dir: string; at: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), "latent-input-"));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return { dir, at: (name) => join(dir, name) };
}

/** A normal model with one real data column y and a mean `mu`. */
export const normalModel = [
  "model m",
  "size N",
  "data y[N]: real",
  "param mu: real",
  "for n in 1..N {",
  "  y[n] ~ Normal(mu, 1)",
  "}",
  "",
].join("\n");

/** A two-component mixture whose K is a constant with default 3. */
export const mixtureModel = [
  "model mix",
  "size N",
  "const K = 3",
  "data y[N]: real",
  "param w: simplex[K]",
  "param mu[K]: real",
  "latent z[N]: cat(K)",
  "for n in 1..N {",
  "  z[n] ~ Categorical(w)",
  "  y[n] ~ Normal(mu[z[n]], 1)",
  "}",
  "",
].join("\n");
