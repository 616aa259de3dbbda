// The exit codes of the `latent` command (docs/language.md, Command line).

export const ExitCode = {
  ok: 0,
  /** An error in the model or the data: nothing was fitted. */
  userError: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** The fit failed numerically in every restart. */
  fitFailed: 3,
  /** A bug in latent. */
  internal: 70,
} as const;
