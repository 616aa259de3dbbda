// The pipeline's one direction of imports (DESIGN.md §1): a stage imports only earlier stages and the
// leaf libraries; the CLI only the API. Fails naming the file and the import that breaks the rule.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(__dirname, "..", "src");

/** What each folder of src/ may import (besides itself). */
const allowed: Record<string, readonly string[]> = {
  // leaf libraries
  diagnostics: [],
  special: [],
  linalg: [],
  random: ["special"],
  symbolic: ["special", "diagnostics"],
  distributions: ["symbolic", "random", "linalg", "special", "diagnostics"],
  // the pipeline, in order
  syntax: ["diagnostics"],
  check: ["syntax", "diagnostics", "distributions", "symbolic"],
  ir: ["check", "syntax", "diagnostics", "symbolic", "distributions"],
  data: ["ir", "check", "syntax", "diagnostics", "distributions", "symbolic", "special"],
  derive: ["ir", "check", "syntax", "diagnostics", "symbolic", "distributions", "special", "linalg"],
  engine: [
    "derive",
    "ir",
    "data",
    "check",
    "syntax",
    "diagnostics",
    "symbolic",
    "distributions",
    "linalg",
    "random",
    "special",
  ],
  api: [
    "engine",
    "derive",
    "ir",
    "data",
    "check",
    "syntax",
    "diagnostics",
    "symbolic",
    "distributions",
    "linalg",
    "random",
    "special",
  ],
  cli: ["api"],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The folder of src/ a file or import path is in: `src/check/x.ts` and `src/check` are both `check`. */
function stageOf(path: string): string {
  const rel = relative(src, path).split(/[\\/]/);
  return rel.length === 1 && /\.ts$|^index$/.test(rel[0]!) ? "(root)" : rel[0]!;
}

describe("architecture", () => {
  const all = files(src);

  it("knows every folder of src/", () => {
    const stages = new Set(all.map(stageOf));
    stages.delete("(root)");
    expect([...stages].filter((s) => !(s in allowed))).toEqual([]);
  });

  it("imports only point left in the pipeline", () => {
    const violations: string[] = [];
    for (const file of all) {
      const stage = stageOf(file);
      if (stage === "(root)") continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms)) {
        const target = stageOf(join(file, "..", m[1]!));
        if (target !== stage && !allowed[stage]!.includes(target)) {
          violations.push(`${relative(src, file)} (${stage}) imports ${m[1]} (${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
