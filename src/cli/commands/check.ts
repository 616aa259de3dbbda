// `latent check MODEL.lvm [--json]`: parse and check, print diagnostics, exit 0 when there are no errors.

import { checkFile, diagnosticToJson, renderDiagnostics, withPlanDiagnostics } from "../../api";
import { ExitCode } from "../exit-codes";
import type { Io } from "../io";

export interface CheckCommandOptions {
  readonly json?: boolean;
}

export async function runCheck(modelPath: string, options: CheckCommandOptions, io: Io): Promise<number> {
  // What the plan decides before data (an E-step fit cannot run, a param nothing determines) is reported too.
  const report = withPlanDiagnostics(await checkFile(modelPath));
  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        report.diagnostics.map((d) => diagnosticToJson(d, modelPath)),
        null,
        2,
      )}\n`,
    );
  } else {
    if (report.diagnostics.length > 0) io.stderr(`${renderDiagnostics(report.diagnostics, report.source)}\n`);
    const errors = report.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = report.diagnostics.filter((d) => d.severity === "warning").length;
    const counts = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    if (report.ok) {
      io.stdout(`${modelPath}: ok${warnings > 0 ? ` (${counts(warnings, "warning")})` : ""}\n`);
    } else {
      io.stderr(
        `${modelPath}: ${counts(errors, "error")}${warnings > 0 ? `, ${counts(warnings, "warning")}` : ""}\n`,
      );
    }
  }
  return report.ok ? ExitCode.ok : ExitCode.userError;
}
