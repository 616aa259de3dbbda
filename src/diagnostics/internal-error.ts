// A bug in `latent` itself, never a mistake by the user: the CLI reports it as such (exit 70).
// Kept apart from Diagnostic so that an internal failure can never be mistaken for a user error.

export class InternalError extends Error {
  constructor(message: string) {
    super(`internal error: ${message}`);
    this.name = "InternalError";
  }
}

/** Asserts an invariant of our own code; a failure is an InternalError. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}
