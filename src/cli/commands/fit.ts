// `latent fit MODEL.lvm --data FILE [options]`: the summary on stdout (or the result object with --json, or
// into --out FILE), each latent's posterior into --posteriors FILE; diagnostics and progress on stderr.
// Exit 3 when every restart failed.

import { fitFile, posteriorsProblem, renderDiagnostics } from "../../api";
import { ExitCode } from "../exit-codes";
import { type FitFlags, fitOptionsFrom } from "../fit-flags";
import { formatFit } from "../format-fit";
import { type Io, whyNotWritable, writeOutput } from "../io";

export interface FitCommandOptions extends FitFlags {
  readonly json?: boolean;
  readonly out?: string;
  readonly posteriors?: string;
}

export async function runFit(modelPath: string, o: FitCommandOptions, io: Io): Promise<number> {
  // Before any work: a fit of minutes is not run to find that its result has nowhere to go.
  const unwritable = o.out === undefined ? undefined : await whyNotWritable(o.out);
  if (unwritable) {
    io.stderr(`latent fit: --out ${o.out} cannot be written: ${unwritable}\n`);
    return ExitCode.usage;
  }
  // --posteriors: a .json or .csv file that can be written, and a model with something to write there.
  const format =
    o.posteriors === undefined ? undefined : /\.(json|csv)$/i.exec(o.posteriors)?.[1]?.toLowerCase();
  if (o.posteriors !== undefined) {
    if (format !== "json" && format !== "csv") {
      io.stderr(`latent fit: --posteriors writes a .json or a .csv file, not '${o.posteriors}'\n`);
      return ExitCode.usage;
    }
    const why = (await whyNotWritable(o.posteriors)) ?? (await posteriorsProblem(modelPath, format, o.set));
    if (why) {
      io.stderr(`latent fit: --posteriors ${o.posteriors} cannot be written: ${why}\n`);
      return ExitCode.usage;
    }
  }
  const flags = fitOptionsFrom("fit", o, io);
  if (!flags) return ExitCode.usage;
  const started = Date.now();
  let lastReport = started;
  const result = await fitFile(modelPath, {
    ...flags,
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
  io.stdout(o.json ? json : formatFit(result.result));
  const failed = o.out === undefined ? undefined : await writeOutput(o.out, json);
  if (failed) {
    io.stderr(`latent fit: the result could not be written to --out ${o.out}: ${failed}\n`);
    return ExitCode.usage;
  }
  if (o.posteriors === undefined || !result.posteriors) return ExitCode.ok;
  return writePosteriors(o.posteriors, format === "csv", result.posteriors, io);
}

/** Each latent's posterior at the fitted params, into the --posteriors file. */
async function writePosteriors(
  path: string,
  csv: boolean,
  compute: NonNullable<Awaited<ReturnType<typeof fitFile>>["posteriors"]>,
  io: Io,
): Promise<number> {
  const computed = compute();
  if (computed.diagnostics.length > 0) io.stderr(`${renderDiagnostics(computed.diagnostics)}\n`);
  if (!computed.posteriors) return ExitCode.userError;
  if (csv && computed.csv === undefined) {
    io.stderr(`latent fit: --posteriors ${path}: ${computed.csvProblem}; write a .json file instead\n`);
    return ExitCode.usage;
  }
  const text = csv ? computed.csv! : `${JSON.stringify(computed.posteriors)}\n`;
  const failed = await writeOutput(path, text);
  if (failed) {
    io.stderr(`latent fit: the posteriors could not be written to --posteriors ${path}: ${failed}\n`);
    return ExitCode.usage;
  }
  return ExitCode.ok;
}
