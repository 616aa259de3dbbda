// `latent fit MODEL.lvm --data FILE [options]`: the summary on stdout (or the result object with --json, or
// into --out FILE); diagnostics and progress on stderr. Exit 3 when every restart failed.

import { writeFile } from "node:fs/promises";
import { type Algorithm, fitFile, renderDiagnostics } from "../../api";
import { ExitCode } from "../exit-codes";
import { formatFit } from "../format-fit";
import type { Io } from "../io";

export interface FitCommandOptions {
  readonly data: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly seed: string;
  readonly restarts?: string;
  readonly maxIter?: string;
  readonly tol?: string;
  readonly algorithm: string;
  readonly init?: string;
  readonly set: string[];
  readonly columns: string[];
}

export const ALGORITHMS = ["auto", "em", "hard", "stochastic", "mcem", "gem", "ecm"];

function integer(text: string | undefined, name: string, min: number, io: Io): number | undefined | false {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    io.stderr(`latent fit: ${name} takes a whole number ≥ ${min}, not '${text}'\n`);
    return false;
  }
  return Number(text);
}

export async function runFit(modelPath: string, o: FitCommandOptions, io: Io): Promise<number> {
  const seed = integer(o.seed, "--seed", 0, io);
  const restarts = integer(o.restarts, "--restarts", 1, io);
  const maxIter = integer(o.maxIter, "--max-iter", 0, io);
  if (seed === false || restarts === false || maxIter === false) return ExitCode.usage;
  const tol = o.tol === undefined ? undefined : Number(o.tol);
  if (tol !== undefined && !(tol >= 0 && /^[0-9.eE+-]+$/.test(o.tol!))) {
    io.stderr(`latent fit: --tol takes a number ≥ 0, not '${o.tol}'\n`);
    return ExitCode.usage;
  }
  if (!ALGORITHMS.includes(o.algorithm)) {
    io.stderr(`latent fit: --algorithm is one of ${ALGORITHMS.join(", ")}, not '${o.algorithm}'\n`);
    return ExitCode.usage;
  }
  const started = Date.now();
  let lastReport = started;
  const result = await fitFile(modelPath, {
    data: o.data,
    set: o.set,
    columns: o.columns,
    ...(seed === undefined ? {} : { seed }),
    ...(restarts === undefined ? {} : { restarts }),
    ...(maxIter === undefined ? {} : { maxIter }),
    ...(tol === undefined ? {} : { tol }),
    algorithm: o.algorithm as Algorithm,
    ...(o.init === undefined ? {} : { init: o.init }),
    onProgress: (restart, iteration, objective, detail) => {
      const now = Date.now();
      if (now - started > 1000 && now - lastReport > 1000) {
        lastReport = now;
        io.stderr(
          `latent fit: restart ${restart + 1}, iteration ${iteration}, objective ${objective.toFixed(6)}${detail ? ` (${detail})` : ""}\n`,
        );
      }
    },
  });
  if (result.diagnostics.length > 0) io.stderr(`${renderDiagnostics(result.diagnostics, result.source)}\n`);
  if (!result.result) return result.failed ? ExitCode.fitFailed : ExitCode.userError;
  const json = `${JSON.stringify(result.result, null, 2)}\n`;
  if (o.out) await writeFile(o.out, json);
  io.stdout(o.json ? json : formatFit(result.result));
  return ExitCode.ok;
}
