// Runs the `@example` blocks of the builder's doc comments and the README's builder section, so the
// documentation cannot drift from the code. In an example, `EXPR // => JSON` asserts that EXPR equals JSON.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as api from "../../src/api";
import { repoRoot } from "../helpers";

interface Example {
  readonly where: string;
  readonly code: string;
}

const builderDir = join(repoRoot, "src", "api", "builder");

/** The ```ts blocks after `@example` in the doc comments of a folder's files. */
function docExamples(folder: string): Example[] {
  const out: Example[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts"))) {
    const lines = readFileSync(join(folder, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      if (!/^\s*\*\s*@example\s*$/.test(line)) return;
      const body: string[] = [];
      let j = i + 2; // past "@example" and the opening fence
      while (j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j]!))
        body.push(lines[j++]!.replace(/^\s*\* ?/, ""));
      out.push({ where: `${file}:${i + 1}`, code: body.join("\n") });
    });
  }
  return out;
}

/** Turns `EXPR // => JSON` lines into assertions. */
function withAssertions(code: string): string {
  return code
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(.+?);?\s*\/\/ => (.+)$/.exec(line);
      return m ? `${m[1]}__equal(${m[2]}, ${m[3]});` : line;
    })
    .join("\n");
}

/** Runs TypeScript with `scope` as its free names; its own declarations shadow them (a block). */
async function run(code: string, scope: Record<string, unknown>): Promise<void> {
  const js = ts.transpileModule(withAssertions(code), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const AsyncFunction = (async () => {}).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  const names = Object.keys(scope);
  await new AsyncFunction(...names, `{\n${js}\n}`)(...names.map((n) => scope[n]));
}

const scope = {
  ...api,
  __equal: (actual: unknown, expected: unknown) => expect(actual).toEqual(expected),
};

describe("builder doc comments: every @example runs", () => {
  const examples = docExamples(builderDir);
  it("there are examples for the public entry points", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });
  for (const e of examples) {
    it(e.where, async () => {
      expect(e.code).toMatch(/\/\/ => /);
      await run(e.code, scope);
    });
  }
});

describe("README: the builder section runs and prints what it shows", () => {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Builder"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const shown = /```text\n([\s\S]*?)```/.exec(section)?.[1];

  it("prints the text the README shows", async () => {
    expect(code).toBeDefined();
    expect(shown).toBeDefined();
    const printed: string[] = [];
    const body = code!.replace(/^import[^;]*;\n/gm, "");
    await run(body, { ...scope, console: { log: (...a: unknown[]) => printed.push(a.join(" ")) } });
    expect(`${printed.join("\n")}\n`).toBe(shown);
  });
});
