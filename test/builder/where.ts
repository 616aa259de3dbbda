// Finds a marker in a test source file, so tests can say "the diagnostic is on this line" without
// hard-coding line numbers that any edit above would break.

import { readFileSync } from "node:fs";

/** The 1-based line and column of the first occurrence of `text` in `file`. */
export function whereIs(file: string, text: string): { line: number; col: number } {
  const lines = readFileSync(file, "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes(text));
  if (line < 0) throw new Error(`${text} is not in ${file}`);
  return { line: line + 1, col: Array.from(lines[line]!.slice(0, lines[line]!.indexOf(text))).length + 1 };
}
