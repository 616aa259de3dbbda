// Bounded reads of input files. A model, data or params file may be anything a path can name — a FIFO,
// /dev/zero, a file far larger than memory — so every read is a stream that stops at a limit and says so,
// rather than a `readFile` that waits for an end that never comes.

import { createReadStream } from "node:fs";
import type { Diagnostic } from "../diagnostics";

const MiB = 1024 * 1024;

/** The largest model file read (the model text of any real model is a few kilobytes). */
export const MAX_MODEL_BYTES = 16 * MiB;

export interface ReadLimits {
  /** The most bytes a data or params file may have. */
  readonly maxBytes: number;
  /** The most bytes between two line breaks (and in one CSV record): a file that goes on without one is refused early. */
  readonly maxLineBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: 2048 * MiB, maxLineBytes: 64 * MiB };

/** The environment variables that change the limits, e.g. `LATENT_MAX_DATA_BYTES=8GiB`. */
export const READ_LIMIT_VARIABLES = {
  maxBytes: "LATENT_MAX_DATA_BYTES",
  maxLineBytes: "LATENT_MAX_LINE_BYTES",
} as const;

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  k: 1024,
  m: MiB,
  g: 1024 * MiB,
  t: 1024 * 1024 * MiB,
};

/** `123`, `64M`, `64MiB`, `2g`, `2GB` → bytes (binary units); undefined for anything else. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const bytes = Math.floor(Number(m[1]) * UNITS[unit]!);
  return Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined;
}

/** A byte count as people read it: `64 MiB`, `2 GiB`, `1000 bytes`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ["TiB", 1024 * 1024 * MiB],
    ["GiB", 1024 * MiB],
    ["MiB", MiB],
    ["KiB", 1024],
  ] as const) {
    if (n >= size) return `${Number((n / size).toPrecision(3))} ${unit}`;
  }
  return `${n} byte${n === 1 ? "" : "s"}`;
}

/** The limits in force: the defaults, or the environment's values; an unreadable value is a usage error. */
export function readLimits(
  given: Partial<ReadLimits> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): { limits: ReadLimits; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pick = (key: keyof ReadLimits): number => {
    const direct = given[key];
    if (direct !== undefined) return direct;
    const name = READ_LIMIT_VARIABLES[key];
    const text = env[name];
    if (text === undefined || text === "") return DEFAULT_READ_LIMITS[key];
    const bytes = parseByteSize(text);
    if (bytes === undefined) {
      diagnostics.push({
        severity: "error",
        code: "E0002",
        message: `${name}=${text.slice(0, 40)}: a read limit is a number of bytes, such as 4GiB or 100MiB`,
      });
      return DEFAULT_READ_LIMITS[key];
    }
    return bytes;
  };
  return { limits: { maxBytes: pick("maxBytes"), maxLineBytes: pick("maxLineBytes") }, diagnostics };
}

/** Why a read stopped: the file is too large, has too long a line, is binary or not UTF-8. */
export class ReadStopped extends Error {
  constructor(
    message: string,
    /** The file line where the read stopped, when there is one. */
    readonly line?: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** What a read error says to a person: "no such file", "it is a directory", … */
export function readErrorReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return err instanceof Error ? err.message : String(e);
  }
}

/**
 * A file's bytes, or undefined when it has more than `maxBytes`: the read stops there (so `/dev/zero` is
 * refused at once). Read errors (no such file, a directory) are thrown as they come.
 */
export async function readBytesBounded(path: string, maxBytes: number): Promise<Uint8Array | undefined> {
  const stream = createReadStream(path, { highWaterMark: Math.min(MiB, maxBytes + 1) });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) return undefined;
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

/**
 * A file as UTF-8 text in chunks, stopping (with `ReadStopped`) at the first of: more than `maxBytes`, a NUL
 * byte, bytes that are not UTF-8, and — unless the file is JSON (named `.json`, or starting with `{` or `[`),
 * which may well be one long line — a line longer than `maxLineBytes`.
 */
export async function* textChunks(path: string, limits: ReadLimits): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: MiB });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let json: boolean | undefined = /\.json$/i.test(path) ? true : undefined;
  let total = 0;
  let line = 1;
  let sinceBreak = 0;
  let held: Buffer[] = [];
  const decode = (parts: readonly Buffer[]): string => {
    try {
      return parts.map((b) => decoder.decode(b, { stream: true })).join("");
    } catch {
      throw new ReadStopped("the file is not UTF-8 text");
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxBytes) {
        throw new ReadStopped(
          `the file is larger than ${formatBytes(limits.maxBytes)}: it is not read further`,
          undefined,
          `a larger limit can be set with ${READ_LIMIT_VARIABLES.maxBytes}=…`,
        );
      }
      if (json === undefined) {
        const first = chunk.findIndex((b) => !WHITESPACE.has(b));
        if (first >= 0) json = chunk[first] === 0x7b || chunk[first] === 0x5b;
      }
      const nul = chunk.indexOf(0);
      const scan = nul >= 0 ? nul : chunk.length;
      for (let pos = 0; ; ) {
        const at = chunk.indexOf(10, pos);
        const end = at < 0 || at >= scan ? scan : at;
        sinceBreak += end - pos;
        if (sinceBreak > limits.maxLineBytes && json !== true) {
          throw new ReadStopped(
            `line ${line} is longer than ${formatBytes(limits.maxLineBytes)}: the file is not read further`,
            line,
            `a data file has one record per line; a longer line can be allowed with ${READ_LIMIT_VARIABLES.maxLineBytes}=…`,
          );
        }
        if (end === scan) break;
        line++;
        sinceBreak = 0;
        pos = at + 1;
      }
      if (nul >= 0)
        throw new ReadStopped("the file has a NUL byte on this line: it is binary, not text", line);
      // Text is passed on up to the last line break: a line is parsed only once it is known to end within
      // the limit (a CSV parser is slow on a single endless cell). JSON is passed on as it comes.
      const last = json === true ? chunk.length - 1 : chunk.lastIndexOf(10);
      if (last < 0) {
        held.push(chunk);
        continue;
      }
      held.push(chunk.subarray(0, last + 1));
      yield decode(held);
      held = [chunk.subarray(last + 1)];
    }
    const rest = decode(held);
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new ReadStopped("the file is not UTF-8 text: it ends inside a character");
    }
    if (rest + tail) yield rest + tail;
  } finally {
    stream.destroy();
  }
}
