// Turns the bytes of a model file into text, or a located diagnostic: invalid UTF-8 is reported at
// the first bad byte, and a NUL byte marks a binary file rather than a model.

import { type Diagnostic, SourceFile } from "../diagnostics";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export interface DecodeResult {
  readonly source: SourceFile;
  readonly diagnostics: Diagnostic[];
  /** False when the text must not be lexed (not UTF-8, or binary). */
  readonly ok: boolean;
}

export function decodeSource(name: string, bytes: Uint8Array): DecodeResult {
  const bad = firstInvalidUtf8Byte(bytes);
  if (bad >= 0) {
    const prefix = new SourceFile(name, decoder.decode(bytes.subarray(0, bad)));
    const at = prefix.text.length;
    return {
      source: prefix,
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "E0100",
          message: `the file is not valid UTF-8: byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, "0")} at byte offset ${bad}`,
          span: prefix.span(at, at),
          hint: "save the model as UTF-8 text",
        },
      ],
    };
  }
  const text = decoder.decode(bytes);
  const source = new SourceFile(name, text);
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    return {
      source,
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "E0104",
          message: "this is a binary file, not model text (it contains a NUL byte)",
          span: source.span(nul, nul + 1),
        },
      ],
    };
  }
  return { source, ok: true, diagnostics: [] };
}
