// The `latent` command: argument parsing and dispatch. A thin shell over src/api; every failure is
// an exit code and a message, never a stack trace (unless --debug).

import { Command, CommanderError } from "commander";
import { InternalError } from "../api";
import { runCheck } from "./commands/check";
import { runPending } from "./commands/pending";
import { runSample, type SampleCommandOptions } from "./commands/sample";
import { ExitCode } from "./exit-codes";
import { type Io, processIo } from "./io";

const VERSION = "0.1.0";

const overview = `
Examples:
  $ latent check examples/faithful-gmm-full.lvm
  $ latent check examples/faithful-gmm-full.lvm --json
  $ latent sample examples/faithful-gmm-full.lvm --params examples/data/faithful-gmm-full.params.json -n 100

Exit codes: 0 success (warnings allowed), 1 error in the model or data, 2 usage error,
3 the fit failed in every restart, 70 internal error.
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

  for (const [name, description, example] of [
    [
      "fit",
      "fit a model to data by EM (not available yet)",
      "latent fit examples/faithful-gmm-full.lvm --data examples/data/faithful.csv",
    ],
    [
      "explain",
      "print the derived E-step, Q and M-steps (not available yet)",
      "latent explain examples/faithful-gmm-full.lvm",
    ],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument("[args...]")
      .allowUnknownOption()
      .addHelpText("after", `\nExample:\n  $ ${example}`)
      .action(() => setExit(runPending(name, io)));
  }
  return program;
}

/** Runs the CLI on arguments (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
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
