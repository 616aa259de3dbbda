// Where the CLI writes: results to stdout; diagnostics, progress and warnings to stderr. Passed in
// so tests can capture both. Writing can fail — the reader of a pipe goes away (`latent sample | head`),
// the disk is full, `--out` names a folder — and each failure is a message and an exit code, never a
// stack trace.

import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a failed write or stat says to a person. */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException | undefined;
  switch (err?.code) {
    case "ENOENT":
      return "no such file or folder";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "the file system is read-only";
    case "EPIPE":
      return "the reader closed the pipe";
    default:
      return err instanceof Error ? err.message : String(e);
  }
}

/**
 * Why `path` cannot be written, found before any work is done: it is a folder, its folder does not exist,
 * or either is not writable. Undefined when a write may succeed (a full disk shows only when writing).
 */
export async function whyNotWritable(path: string): Promise<string | undefined> {
  if (path === "") return "the path is empty";
  try {
    const s = await stat(path);
    if (s.isDirectory()) return "it is a directory";
    await access(path, constants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") return ioReason(e);
  }
  const folder = dirname(resolve(path));
  try {
    const s = await stat(folder);
    if (!s.isDirectory()) return `${folder} is not a folder`;
    await access(folder, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR"
      ? `the folder ${folder} does not exist`
      : `the folder ${folder}: ${ioReason(e)}`;
  }
}

/** Writes a file; the reason when it fails. */
export async function writeOutput(path: string, text: string): Promise<string | undefined> {
  try {
    await writeFile(path, text);
    return undefined;
  } catch (e) {
    return ioReason(e);
  }
}

/**
 * The process's stdout and stderr. A write that fails is remembered rather than thrown (an unhandled
 * `error` event would end the process with a stack trace); `settle` waits for every write and says how
 * stdout fared. A closed pipe stops further writes to that stream quietly.
 */
class ProcessIo implements Io {
  private pending = 0;
  private waiting: (() => void)[] = [];
  private watched = false;
  private readonly closed = new Set<NodeJS.WriteStream>();
  /** The first error writing stdout, if any. */
  stdoutError: NodeJS.ErrnoException | undefined;

  stdout(text: string): void {
    this.write(process.stdout, text);
  }

  stderr(text: string): void {
    this.write(process.stderr, text);
  }

  private write(stream: NodeJS.WriteStream, text: string): void {
    this.watch();
    if (this.closed.has(stream) || stream.destroyed) return;
    this.pending++;
    stream.write(text, (err) => {
      if (err) this.failed(stream, err);
      if (--this.pending === 0) for (const done of this.waiting.splice(0)) done();
    });
  }

  private failed(stream: NodeJS.WriteStream, err: NodeJS.ErrnoException): void {
    this.closed.add(stream);
    if (stream === process.stdout) this.stdoutError ??= err;
  }

  private watch(): void {
    if (this.watched) return;
    this.watched = true;
    for (const stream of [process.stdout, process.stderr])
      stream.on("error", (err: NodeJS.ErrnoException) => this.failed(stream, err));
  }

  /** Resolves once every write so far has completed or failed. */
  settle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((done) => this.waiting.push(done));
  }
}

export const processIo = new ProcessIo();

/** Whether a stdout error means only that the reader has gone (`| head`): the command ends quietly. */
export function readerGone(err: NodeJS.ErrnoException): boolean {
  return err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED";
}
