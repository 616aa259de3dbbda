// The `latent` command: argument parsing and dispatch. A thin shell over src/api; every failure is
// an exit code and a message, never a stack trace (unless --debug).

import { Command, CommanderError } from "commander";
import { InternalError } from "../api";
import { runCheck } from "./commands/check";
import { type ExplainCommandOptions, runExplain } from "./commands/explain";
import { type FitCommandOptions, runFit } from "./commands/fit";
import { type PredictCommandOptions, runPredict } from "./commands/predict";
import { runSample, type SampleCommandOptions } from "./commands/sample";
import { runSelect, type SelectCommandOptions } from "./commands/select";
import { ExitCode } from "./exit-codes";
import { type Io, ioReason, processIo, readerGone } from "./io";

const VERSION = "0.1.0";

const overview = `
Examples:
  $ latent check examples/faithful-gmm-full.lvm
  $ latent check examples/faithful-gmm-full.lvm --json
  $ latent fit examples/genetic-linkage.lvm --data examples/data/genetic-linkage.csv
  $ latent fit examples/faithful-gmm-full.lvm --data examples/data/faithful.csv --out fit.json
  $ latent predict examples/faithful-gmm-full.lvm --fit fit.json --data examples/data/faithful.csv
  $ latent sample examples/faithful-gmm-full.lvm --params examples/data/faithful-gmm-full.params.json -n 100

Exit codes: 0 success (warnings allowed), 1 error in the model or data, 2 usage error,
3 the fit failed in every restart, 70 internal error.
Reading stops at 16 MiB for a model file and, for a data or params file, at LATENT_MAX_DATA_BYTES
(default 2GiB) or a line longer than LATENT_MAX_LINE_BYTES (default 64MiB).
The language is described in docs/language.md.`;

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("latent")
    .description("Latent variable models fitted by Expectation-Maximization: derive, explain and run EM.")
    .version(VERSION, "-V, --version")
    .option("--debug", "show internal stack traces (for bug reports)")
    .addHelpText("after", overview)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError("(run `latent --help` for usage)");

  program
    .command("check")
    .description("parse and check a model; print diagnostics; exit 0 if none are errors")
    .argument("<model>", "the .lvm model file")
    .option("--json", "print the diagnostics as a JSON array on stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ latent check examples/faithful-gmm-full.lvm
  $ latent check model.lvm --json    # [{ file, line, col, endLine, endCol, severity, code, message, hint }]`,
    )
    .action(async (model: string, options: { json?: boolean }) => {
      setExit(await runCheck(model, options, io));
    });

  program
    .command("sample")
    .description("forward-simulate data (and latents) from a model and parameter values, as CSV on stdout")
    .argument("<model>", "the .lvm model file")
    .requiredOption("--params <file>", "parameter values: { name: value }, shaped like a fit result's params")
    .option("-n <rows>", "number of rows to draw (binds the row size: the first dimension of the drawn data)")
    .option("--seed <seed>", "random seed; the same seed gives the same bytes", "1")
    .option("--latents", "also write the latent variables")
    .option(
      "--set <name=value>",
      "set a size or constant (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--data <file>", "a data file for covariates (data that no ~ draws)")
    .addHelpText(
      "after",
      `
Example:
  $ latent sample examples/faithful-gmm-full.lvm --params examples/data/faithful-gmm-full.params.json -n 500 --seed 7 --latents`,
    )
    .action(async (model: string, options: SampleCommandOptions) => {
      setExit(await runSample(model, options, io));
    });

  const repeat = (v: string, acc: string[]) => [...acc, v];
  program
    .command("fit")
    .description("fit a model to data by EM; print a summary (or the result object with --json)")
    .argument("<model>", "the .lvm model file")
    .requiredOption("--data <file>", "the data: CSV with a header row, or JSON")
    .option("--json", "print the result object (see docs/language.md) instead of the summary")
    .option("--out <file>", "also write the result object to a file")
    .option(
      "--posteriors <file>",
      "write each latent's posterior at the fitted params to a .json or .csv file",
    )
    .option("--seed <seed>", "random seed; the same seed gives the same result, bit for bit", "1")
    .option(
      "--restarts <r>",
      "number of runs from different starts (default 10 with discrete latents, else 1)",
    )
    .option(
      "--init <how>",
      "kmeans++ | random | a params JSON file (default: restarts alternate kmeans++ and random)",
    )
    .option("--max-iter <m>", "iteration limit (default 10000)")
    .option(
      "--tol <t>",
      "stop when the relative change of the objective is below t and, under SQUAREM, the params are within 0.01·√t of the fixed point (default 1e-10)",
    )
    .option("--algorithm <a>", "auto | em | hard | stochastic | mcem | gem | ecm", "auto")
    .option("--accelerate <a>", "squarem (default for exact EM) | none: SQUAREM extrapolation of the EM map")
    .option("--se", "standard errors from the observed information (± se and a 95% interval in the summary)")
    .option("--set <name=value>", "set a size or constant (repeatable)", repeat, [] as string[])
    .option("--columns <name=c1,c2>", "bind data to CSV columns (repeatable)", repeat, [] as string[])
    .addHelpText(
      "after",
      `
Examples:
  $ latent fit examples/genetic-linkage.lvm --data examples/data/genetic-linkage.csv
  $ latent fit examples/poisson-mixture.lvm --data examples/data/poisson-mixture.csv --json --seed 7
  $ latent fit examples/poisson-lognormal.lvm --data examples/data/poisson-lognormal.csv   # Monte-Carlo EM
  $ latent fit examples/faithful-waiting.lvm --data examples/data/faithful.csv --algorithm mcem
  $ latent fit examples/faithful-gmm-full.lvm --data examples/data/faithful.csv --posteriors z.csv
  $ latent fit examples/ppca.lvm --data examples/data/ppca.csv --posteriors z.json   # mean, cov, sd of z[n]`,
    )
    .action(async (model: string, options: FitCommandOptions) => {
      setExit(await runFit(model, options, io));
    });

  program
    .command("select")
    .description(
      "fit several models, or one model at several values of a size or const, and tabulate ℓ, AIC, BIC and ICL",
    )
    .argument("<models...>", "the .lvm model files")
    .requiredOption("--data <file>", "the data: CSV with a header row, or JSON")
    .option(
      "--over <name=values>",
      "fit at each value of a size or const: NAME=A..B (whole numbers) or NAME=v1,v2,… (numbers)",
      repeat,
      [] as string[],
    )
    .option("--json", "print { fits, best } (see docs/language.md) instead of the table")
    .option("--out <file>", "also write { fits, best } to a file")
    .option("--seed <seed>", "random seed, the same for every fit", "1")
    .option(
      "--restarts <r>",
      "number of runs from different starts per fit (default 10 with discrete latents, else 1)",
    )
    .option("--init <how>", "kmeans++ | random | a params JSON file (default: restarts alternate both)")
    .option("--max-iter <m>", "iteration limit per run (default 10000)")
    .option("--tol <t>", "the stopping tolerance of `latent fit` (default 1e-10)")
    .option("--algorithm <a>", "auto | em | hard | stochastic | mcem | gem | ecm", "auto")
    .option("--accelerate <a>", "squarem (default for exact EM) | none")
    .option("--set <name=value>", "set a size or constant for every fit (repeatable)", repeat, [] as string[])
    .option("--columns <name=c1,c2>", "bind data to CSV columns (repeatable)", repeat, [] as string[])
    .addHelpText(
      "after",
      `
Lower BIC and ICL are better; the best by each is marked. Exit 0 when the table has a fit and every
model was fitted (a row whose restarts all failed is allowed), 1 when a model or one of its fits did not
check or bind, 2 a usage error (before any fit), 3 when every fit failed numerically.

Examples:
  $ latent select examples/faithful-gmm-full.lvm --data examples/data/faithful.csv --over K=1..4
  $ latent select examples/faithful-gmm-{full,diag,tied,spherical}.lvm --data examples/data/faithful.csv --over K=1..3
  $ latent select examples/faithful-gmm-full.lvm --data examples/data/faithful.csv --over K=1,2,3 --json`,
    )
    .action(async (models: string[], options: SelectCommandOptions) => {
      setExit(await runSelect(models, options, io));
    });

  program
    .command("predict")
    .description(
      "apply a fit to data: per data row its log-likelihood and its latents' posteriors, as CSV on stdout",
    )
    .argument("<model>", "the .lvm model file")
    .requiredOption(
      "--fit <file>",
      "a fit result (latent fit --json or --out), or a params file { name: value }",
    )
    .requiredOption("--data <file>", "the data: CSV with a header row, or JSON (sizes come from its shape)")
    .option("--json", "print { logLikelihood, rows: [{ n, loglik, <latent>: … }] } instead of CSV")
    .option("--seed <seed>", "random seed of a Monte-Carlo E-step's draws", "1")
    .option("--set <name=value>", "set a size or constant (repeatable)", repeat, [] as string[])
    .option("--columns <name=c1,c2>", "bind data to CSV columns (repeatable)", repeat, [] as string[])
    .addHelpText(
      "after",
      `
Examples:
  $ latent fit examples/faithful-gmm-full.lvm --data examples/data/faithful.csv --out fit.json
  $ latent predict examples/faithful-gmm-full.lvm --fit fit.json --data examples/data/faithful.csv
      # n,loglik,p.z.1,p.z.2,map.z
  $ latent predict examples/ppca.lvm --fit ppca-fit.json --data new-rows.csv --json`,
    )
    .action(async (model: string, options: PredictCommandOptions) => {
      setExit(await runPredict(model, options, io));
    });

  program
    .command("explain")
    .description("print the derived E-step, Q(θ, θ′) and each M-step update with how it was obtained")
    .argument("<model>", "the .lvm model file")
    .option("--latex", "render the mathematics as LaTeX")
    .option("--ir", "print the model IR (variables, plates, factors) as the compiler sees it")
    .option("--data <file>", "bind a data file as fit does: explain the plan fit runs on it")
    .option("--algorithm <a>", "auto | em | hard | stochastic | mcem | gem | ecm", "auto")
    .option("--set <name=value>", "set a size or constant (repeatable)", repeat, [] as string[])
    .option("--columns <name=c1,c2>", "bind data to CSV columns (repeatable)", repeat, [] as string[])
    .addHelpText(
      "after",
      `
Examples:
  $ latent explain examples/genetic-linkage.lvm
  $ latent explain examples/faithful-gmm-full.lvm --latex
  $ latent explain examples/faithful-gmm-full.lvm --set K=3 --data examples/data/faithful.csv
  $ latent explain examples/ppca.lvm --ir`,
    )
    .action(async (model: string, options: ExplainCommandOptions) => {
      setExit(await runExplain(model, options, io));
    });
  return program;
}

/** Runs the CLI on arguments (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const code = await run(argv, io);
  if (io !== processIo) return code;
  // Every write done: a reader that went away (`latent sample … | head -1`) ends the command quietly;
  // any other failure to write the output is an error, not a stack trace.
  await processIo.settle();
  const err = processIo.stdoutError;
  if (!err || readerGone(err)) return code;
  io.stderr(`latent: the output could not be written: ${ioReason(err)}\n`);
  return code === ExitCode.ok ? ExitCode.userError : code;
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const debug = argv.includes("--debug");
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      ) {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    const what =
      e instanceof InternalError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    io.stderr(
      `latent: ${what}\nThis is a bug in latent, not in your model. Please report it with the model and command.\n`,
    );
    if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return ExitCode.internal;
  }
}
