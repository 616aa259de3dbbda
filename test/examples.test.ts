// Every example model checks clean: no errors and no warnings.

import { describe, expect, it } from "vitest";
import { checkFile, renderDiagnostics } from "../src/api";
import { exampleModels } from "./helpers";

describe("examples", () => {
  for (const m of exampleModels()) {
    it(`${m.name} checks clean`, async () => {
      const report = await checkFile(m.path);
      expect(renderDiagnostics(report.diagnostics, report.source)).toBe("");
      expect(report.ok).toBe(true);
    });
  }
});
