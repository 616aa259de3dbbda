// Golden tests of rendered diagnostics: each test/golden/diagnostics/*.lvm is one mistake, and its
// *.expected file is exactly what `latent check` prints for it. Review a changed golden file like code;
// regenerate with `UPDATE_GOLDEN=1 npx vitest run test/diagnostics/golden.test.ts`.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/api";
import { renderDiagnostics } from "../../src/diagnostics";

const dir = join(__dirname, "..", "golden", "diagnostics");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".lvm"))
  .sort();
const update = process.env.UPDATE_GOLDEN === "1";

describe("golden diagnostics", () => {
  it("has at least 25 distinct mistakes", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of cases) {
    it(file, async () => {
      const path = relative(process.cwd(), join(dir, file));
      const report = await checkFile(path);
      const rendered = `${renderDiagnostics(report.diagnostics, report.source)}\n`;
      const expectedPath = join(dir, file.replace(/\.lvm$/, ".expected"));
      if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, rendered);
      expect(report.diagnostics.length).toBeGreaterThan(0);
      expect(rendered).toBe(readFileSync(expectedPath, "utf8"));
    });
  }
});

describe("docs/diagnostics.md", () => {
  it("lists every code of the catalogue with its meaning", async () => {
    const { catalogue } = await import("../../src/diagnostics");
    const doc = readFileSync(join(__dirname, "..", "..", "docs", "diagnostics.md"), "utf8");
    const rows = new Map(
      doc.split("\n").flatMap((line) => {
        const m = /^\|\s*([EWI]\d{4})\s*\|\s*(.*?)\s*\|$/.exec(line);
        return m ? [[m[1]!, m[2]!] as const] : [];
      }),
    );
    for (const [code, meaning] of Object.entries(catalogue)) expect(rows.get(code), code).toBe(meaning);
  });
});
