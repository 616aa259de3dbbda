// The npm package is self-contained: no file it ships cites a file it does not ship — the developers'
// specification and design notes, or the shared folder beside the repository.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

/** Citations of files outside the package. `shared/` only as a path segment (not "unshared/"). */
// (Built from parts, so this file does not cite them itself.)
const SPECS = ["LANGUAGE", "DESIGN"].map((n) => `${n}\\.md`).join("|");
const CITATION = new RegExp(`${SPECS}|(?<![\\w.-])shared/`);

/** The paths `npm pack` would put in the tarball (without running `prepare`, so without a build). */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  return pack!.files.map((f) => f.path.replaceAll("\\", "/"));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The text the package ships, by repository path. `dist/` is built from `src/` on every pack (`prepare`),
 * and its bundles, declarations and source maps (which embed every source file) carry the sources'
 * comments, so `src/` is read in its place: a stale or missing local build cannot hide or invent a citation.
 */
function shippedSources(packed: readonly string[]): string[] {
  const own = packed.filter((p) => !p.startsWith("dist/"));
  const { files } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
  const built = files.some((f) => f.replace(/\/$/, "") === "dist");
  const src = built ? filesUnder(join(root, "src")).map((p) => relative(root, p).replaceAll("\\", "/")) : [];
  return [...own, ...src].sort();
}

describe("the npm package", () => {
  const packed = packedFiles();

  it("ships docs/, and no tests or fixtures", () => {
    for (const doc of ["docs/language.md", "docs/architecture.md", "docs/diagnostics.md", "docs/builder.md"])
      expect(packed, `package.json "files" must include docs/ (${doc})`).toContain(doc);
    const unneeded = packed.filter(
      (p) => /^(test|bench|scripts|src)\//.test(p) || /(^|\/)fixtures\//.test(p),
    );
    expect(unneeded, "the package ships files only the repository needs").toEqual([]);
  });

  it("cites no file it does not ship (the developer specs, the shared folder)", () => {
    const hits: string[] = [];
    for (const path of shippedSources(packed)) {
      const lines = readFileSync(join(root, path), "utf8").split("\n");
      lines.forEach((line, i) => {
        if (CITATION.test(line)) hits.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(
      hits,
      "These shipped files cite the developer specs or the shared folder, which the package does not contain. " +
        "Say what the citation meant, or point to the section of docs/language.md or docs/architecture.md " +
        "that says it; cite a data set's public source, not the shared copy.",
    ).toEqual([]);
  });
});
