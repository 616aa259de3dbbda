// Warnings as values: a code, a message, and where it applies (a param, the first iteration it was seen),
// with repeats counted instead of repeated — so a fit can never flood its reader, and nothing downstream
// reads warning text to learn what happened.

export type WarningCode =
  | "W0401"
  | "W0402"
  | "W0403"
  | "W0404"
  | "W0405"
  | "W0406"
  | "W0407"
  | "W0408"
  | "W0409"
  | "W0410";

export interface FitWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly param?: string;
  readonly iteration?: number;
  /** How many times it occurred, when more than once. */
  readonly count?: number;
}

/** Collects warnings; one per distinct (code, param, key), the first message kept and the rest counted. */
export class WarningLog {
  private readonly entries = new Map<string, { warning: FitWarning; count: number }>();

  /** `key` tells apart warnings of one code and param that are distinct (defaults to the message). */
  add(warning: FitWarning, key: string = warning.message): void {
    const id = `${warning.code}\u0000${warning.param ?? ""}\u0000${key}`;
    const seen = this.entries.get(id);
    if (seen) seen.count += warning.count ?? 1;
    else this.entries.set(id, { warning, count: warning.count ?? 1 });
  }

  addAll(warnings: readonly FitWarning[]): void {
    for (const w of warnings) this.add(w);
  }

  list(): FitWarning[] {
    return [...this.entries.values()].map(({ warning, count }) => {
      const { count: _, ...rest } = warning;
      return count > 1 ? { ...rest, count } : rest;
    });
  }
}
