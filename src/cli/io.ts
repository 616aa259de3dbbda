// Where the CLI writes: results to stdout; diagnostics, progress and warnings to stderr. Passed in
// so tests can capture both.

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
