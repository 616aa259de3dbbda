// `latent explain MODEL.lvm [--latex] [--ir] [--set …] [--data FILE] [--algorithm A]`: the derivation on
// stdout — bound to the data and settings when they are given, so it is the plan `fit` runs — and the same
// diagnostics `fit` would give on stderr.

import { type Algorithm, explainFile, renderDiagnostics } from "../../api";
import { ExitCode } from "../exit-codes";
import { ALGORITHMS } from "../fit-flags";
import type { Io } from "../io";

export interface ExplainCommandOptions {
  readonly latex?: boolean;
  readonly ir?: boolean;
  readonly data?: string;
  readonly algorithm: string;
  readonly set: string[];
  readonly columns: string[];
}

export async function runExplain(model: string, o: ExplainCommandOptions, io: Io): Promise<number> {
  if (!ALGORITHMS.includes(o.algorithm)) {
    io.stderr(`latent explain: --algorithm is one of ${ALGORITHMS.join(", ")}, not '${o.algorithm}'\n`);
    return ExitCode.usage;
  }
  const r = await explainFile(model, {
    ...(o.latex ? { latex: true } : {}),
    ...(o.ir ? { ir: true } : {}),
    ...(o.data === undefined ? {} : { data: o.data }),
    algorithm: o.algorithm as Algorithm,
    set: o.set,
    columns: o.columns,
  });
  if (r.diagnostics.length > 0) io.stderr(`${renderDiagnostics(r.diagnostics, r.source)}\n`);
  if (r.text) io.stdout(r.text);
  return r.text ? ExitCode.ok : ExitCode.userError;
}
