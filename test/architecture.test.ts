// The pipeline's one direction of imports: a stage imports only earlier stages and the
// leaf libraries; the CLI only the API; and the files of one stage import each other without cycles.
// Fails naming the file and the import that breaks the rule, or the cycle.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
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

/**
 * Import cycles inside a stage that exist today, named as the cycle test names them. Each is to be removed, then
 * deleted from this list; no cycle may be added to it.
 */
const knownCycles: readonly string[] = [];

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

/** The relative import paths of a file: `import`, `import type` and re-exports alike. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms)].map((m) => m[1]!);
}

/** The file an import path names: `./em` is `em.ts`, `./kernels` is `kernels/index.ts`. */
function resolveImport(from: string, path: string): string | undefined {
  const base = join(dirname(from), path);
  return [`${base}.ts`, join(base, "index.ts"), base].find((p) => existsSync(p) && statSync(p).isFile());
}

/**
 * Every elementary cycle of imports among the files of one stage, each named from its first file in sorted
 * order: `a.ts → b.ts → a.ts`.
 */
function stageCycles(all: readonly string[]): string[] {
  const edges = new Map<string, string[]>();
  for (const file of all) {
    const stage = stageOf(file);
    if (stage === "(root)") continue;
    const targets = imports(file)
      .map((path) => resolveImport(file, path))
      .filter((target): target is string => target !== undefined && stageOf(target) === stage);
    edges.set(file, [...new Set(targets)]);
  }
  const order = [...edges.keys()].sort();
  const rank = new Map(order.map((file, i) => [file, i]));
  const name = (file: string) => relative(src, file).replaceAll("\\", "/");
  const cycles: string[] = [];
  // From each file, the cycles through it and files after it only, so each cycle is found once.
  for (const start of order) {
    const path = [start];
    const visit = (file: string): void => {
      for (const next of edges.get(file) ?? []) {
        if (next === start) cycles.push([...path, start].map(name).join(" → "));
        else if (rank.get(next)! > rank.get(start)! && !path.includes(next)) {
          path.push(next);
          visit(next);
          path.pop();
        }
      }
    };
    visit(start);
  }
  return cycles;
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
      for (const path of imports(file)) {
        const target = stageOf(join(file, "..", path));
        if (target !== stage && !allowed[stage]!.includes(target)) {
          violations.push(`${relative(src, file)} (${stage}) imports ${path} (${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycle among the files of one stage, but the known ones", () => {
    expect(stageCycles(all).filter((cycle) => !knownCycles.includes(cycle))).toEqual([]);
  });
});
