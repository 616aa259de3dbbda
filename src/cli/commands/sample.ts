// `latent sample MODEL.lvm --params P.json -n N [--seed S] [--latents] [--set …] [--data FILE]`:
// forward-simulated rows as CSV on stdout; diagnostics on stderr.

import { renderDiagnostics, sampleFile } from "../../api";
import { ExitCode } from "../exit-codes";
import type { Io } from "../io";

export interface SampleCommandOptions {
  readonly params: string;
  readonly n?: string;
  readonly seed?: string;
  readonly latents?: boolean;
  readonly set?: string[];
  readonly data?: string;
}

export async function runSample(modelPath: string, options: SampleCommandOptions, io: Io): Promise<number> {
  let n: number | undefined;
  if (options.n !== undefined) {
    if (!/^\d+$/.test(options.n) || Number(options.n) < 1) {
      io.stderr(`latent sample: -n takes a whole number of rows ≥ 1, not '${options.n}'\n`);
      return ExitCode.usage;
    }
    n = Number(options.n);
  }
  const seed =
    options.seed === undefined ? 1 : /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
  const result = await sampleFile(modelPath, {
    params: options.params,
    seed,
    latents: options.latents ?? false,
    set: options.set ?? [],
    ...(n === undefined ? {} : { n }),
    ...(options.data === undefined ? {} : { data: options.data }),
  });
  if (result.diagnostics.length > 0) io.stderr(`${renderDiagnostics(result.diagnostics, result.source)}\n`);
  if (result.csv === undefined) {
    return result.diagnostics.some((d) => d.code === "E0002") ? ExitCode.usage : ExitCode.userError;
  }
  io.stdout(result.csv);
  return ExitCode.ok;
}
