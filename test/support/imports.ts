// Reads the import specifiers of a source folder, so each leaf library's tests can pin down what it may
// depend on (docs/architecture.md: imports point one way; the numeric libraries sit at the bottom).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ImportSite {
  readonly file: string;
  readonly specifier: string;
}

const IMPORT = /^\s*(?:import|export)\b[^"']*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

/** Every `import … from "x"`, `export … from "x"` and bare `import "x"` in the .ts files of a folder. */
export function importsOf(folder: string): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts"))) {
    const text = readFileSync(join(folder, file), "utf8");
    for (const match of text.matchAll(IMPORT)) sites.push({ file, specifier: (match[1] ?? match[2])! });
  }
  return sites;
}
