// `latent predict MODEL.lvm --fit FIT.json --data FILE [--json]`: a fit applied to data — per row of the
// data's plate its log-likelihood and its latents' posteriors, as CSV (or JSON) on stdout; diagnostics on
// stderr.

import { predictFile, renderDiagnostics } from "../../api";
import { ExitCode } from "../exit-codes";
import type { Io } from "../io";

export interface PredictCommandOptions {
  readonly fit: string;
  readonly data: string;
  readonly json?: boolean;
  readonly seed?: string;
  readonly set?: string[];
  readonly columns?: string[];
}

export async function runPredict(modelPath: string, o: PredictCommandOptions, io: Io): Promise<number> {
  if (o.seed !== undefined && !/^\d+$/.test(o.seed)) {
    io.stderr(`latent predict: --seed takes a whole number ≥ 0, not '${o.seed}'\n`);
    return ExitCode.usage;
  }
  const result = await predictFile(modelPath, {
    fit: o.fit,
    data: o.data,
    set: o.set ?? [],
    columns: o.columns ?? [],
    ...(o.seed === undefined ? {} : { seed: Number(o.seed) }),
  });
  if (result.diagnostics.length > 0) io.stderr(`${renderDiagnostics(result.diagnostics, result.source)}\n`);
  if (result.csv === undefined)
    return result.diagnostics.some((d) => d.code === "E0002" && d.severity === "error")
      ? ExitCode.usage
      : ExitCode.userError;
  if (!o.json) {
    io.stdout(result.csv);
    return ExitCode.ok;
  }
  if (!result.result) {
    io.stderr(`latent predict: --json: ${result.jsonProblem}; the CSV form has no such clash\n`);
    return ExitCode.usage;
  }
  io.stdout(`${JSON.stringify(result.result, null, 2)}\n`);
  return ExitCode.ok;
}
