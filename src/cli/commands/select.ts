// `latent select MODEL.lvm [MODEL2.lvm …] --data FILE [--over NAME=A..B | NAME=v1,v2,…] [fit options]`:
// every model × value fitted as `latent fit` would fit it, then the table of ℓ, free params, AIC, BIC and
// ICL (or `{ fits, best }` with --json, or into --out FILE). Progress and diagnostics on stderr.
// Exit 0 when every model was fitted (a row whose restarts all failed is allowed); 1 when a model or a fit
// of it did not check or bind; 2 a usage error, before any fit; 3 when every fit failed numerically.

import { parseOver, renderDiagnostics, type SelectOver, select } from "../../api";
import { ExitCode } from "../exit-codes";
import { type FitFlags, fitOptionsFrom } from "../fit-flags";
import { formatSelect } from "../format-select";
import { type Io, whyNotWritable, writeOutput } from "../io";

/** The flags of `fit` (but --se and --posteriors), and what to vary and where the table goes. */
export interface SelectCommandOptions extends Omit<FitFlags, "se"> {
  readonly over: string[];
  readonly json?: boolean;
  readonly out?: string;
}

export async function runSelect(models: readonly string[], o: SelectCommandOptions, io: Io): Promise<number> {
  const usage = (message: string): number => {
    io.stderr(`latent select: ${message}\n`);
    return ExitCode.usage;
  };
  const unwritable = o.out === undefined ? undefined : await whyNotWritable(o.out);
  if (unwritable) return usage(`--out ${o.out} cannot be written: ${unwritable}`);
  const flags = fitOptionsFrom("select", o, io);
  if (!flags) return ExitCode.usage;
  if (o.over.length > 1) return usage("--over is given once (one size or const varied at a time)");
  let over: SelectOver | undefined;
  if (o.over.length === 1) {
    const parsed = parseOver(o.over[0]!);
    if ("error" in parsed) return usage(parsed.error);
    over = parsed.over;
  }

  const label = (model: string, value: number | undefined) =>
    over === undefined || value === undefined ? model : `${model} ${over.name}=${value}`;
  const printed = new Map<string, string>(); // diagnostics text → the first fit that printed it
  let fitStarted = Date.now();
  let lastReport = fitStarted;
  const selected = await select(models, {
    ...flags,
    ...(over === undefined ? {} : { over }),
    onProgress: (e) => {
      const now = Date.now();
      if (e.kind === "iteration") {
        // A long fit reports as `latent fit` does: after a second, about once a second.
        if (now - fitStarted > 1000 && now - lastReport > 1000) {
          lastReport = now;
          io.stderr(
            `latent select: ${label(e.model, e.value)}: restart ${e.restart + 1}, iteration ${e.iteration}, objective ${e.objective.toFixed(6)}${e.detail ? ` (${e.detail})` : ""}\n`,
          );
        }
        return;
      }
      const { fit, run } = e;
      const name = label(fit.model, fit.value);
      const runs = (k: number | undefined) => (k === undefined ? "" : ` (${k} restart${k === 1 ? "" : "s"})`);
      const outcome =
        "criteria" in fit
          ? `${e.restarts} restart${e.restarts === 1 ? "" : "s"}${e.failedRestarts ? ` (${e.failedRestarts} failed)` : ""}, log-lik ${fit.logLikelihood.toFixed(3)}${fit.converged ? "" : ", not converged"}`
          : "failed" in fit
            ? `every restart failed${runs(e.restarts)}`
            : "not fitted (a model or data error)";
      const shown = run.diagnostics.filter((d) => d.code !== "E0403"); // its reason is under the table
      const text = shown.length > 0 ? renderDiagnostics(shown, run.source) : "";
      const before = text === "" ? undefined : printed.get(text);
      io.stderr(
        `latent select: ${name} (${e.index + 1} of ${e.total}): ${outcome}, ${e.seconds.toFixed(1)} s${before ? `; the diagnostics of ${before} again` : ""}\n`,
      );
      if (text !== "" && !before) {
        printed.set(text, name);
        io.stderr(`${text}\n`);
      }
      fitStarted = lastReport = Date.now();
    },
  });
  if (!selected.result) {
    for (const d of selected.diagnostics)
      io.stderr(`latent ${d.message}\n${d.hint ? `  = hint: ${d.hint}\n` : ""}`);
    return ExitCode.usage;
  }
  const json = `${JSON.stringify(selected.result, null, 2)}\n`;
  io.stdout(o.json ? json : formatSelect(selected.result, over?.name));
  const failedWrite = o.out === undefined ? undefined : await writeOutput(o.out, json);
  if (failedWrite) {
    io.stderr(`latent select: the result could not be written to --out ${o.out}: ${failedWrite}\n`);
    return ExitCode.usage;
  }
  const { fits } = selected.result;
  if (fits.some((f) => "error" in f)) return ExitCode.userError;
  if (!fits.some((f) => "criteria" in f)) return ExitCode.fitFailed;
  return ExitCode.ok;
}
