// Runs the `@example` lines of doc comments: `@example expr // … = value` must evaluate to value.
// Keeps the examples in src/ honest; each library's test suite calls it with its own folder and exports.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface DocExample {
  readonly file: string;
  readonly line: number;
  readonly expression: string;
  readonly expected: number;
}

/**
 * `@example <expression> // <words, optionally "… = "><result>`; the result is the last token, a number or
 * true/false (compared as 1/0).
 */
const EXAMPLE = /@example\s+(.+?)\s+\/\/\s+(?:.*=\s*)?([−-]?\d[\d.]*(?:e[−+-]?\d+)?|true|false)\s*$/;

function parseResult(token: string): number {
  if (token === "true") return 1;
  if (token === "false") return 0;
  return Number(token.replaceAll("−", "-"));
}

/** Every `@example` with a numeric result in the .ts files of a source folder. */
export function collectDocExamples(folder: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts"))) {
    const lines = readFileSync(join(folder, file), "utf8").split("\n");
    lines.forEach((text, index) => {
      if (!text.includes("@example")) return;
      const match = EXAMPLE.exec(text);
      if (match === null) throw new Error(`${file}:${index + 1}: @example without a numeric result: ${text}`);
      examples.push({
        file,
        line: index + 1,
        expression: match[1]!,
        expected: parseResult(match[2]!),
      });
    });
  }
  return examples;
}

/** Evaluates an example's expression with the folder's public API in scope. */
export function evaluateDocExample(example: DocExample, api: Record<string, unknown>): number {
  const names = Object.keys(api);
  const evaluate = new Function(...names, `return (${example.expression});`) as (
    ...args: unknown[]
  ) => unknown;
  return Number(evaluate(...names.map((name) => api[name])));
}
