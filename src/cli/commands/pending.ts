// Commands whose engine has not landed yet: they say so plainly and exit with the usage code (2),
// rather than pretending to run.

import { ExitCode } from "../exit-codes";
import type { Io } from "../io";

const arrives: Record<string, string> = {
  explain: "explaining the derivation arrives with the EM compiler",
};

export function runPending(command: string, io: Io): number {
  io.stderr(
    `latent ${command}: not available in this version — ${arrives[command] ?? "it is not built yet"}.\n` +
      "`latent check`, `latent fit` and `latent sample` work now.\n",
  );
  return ExitCode.usage;
}
