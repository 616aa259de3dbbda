// One data cell → a number, a missing value, or the reason it is neither. Strict: `Number('')` is 0
// and `Number(' 1e3 ')` is 1000, so JavaScript's own conversion is never used on user text.

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING = new Set(["", "NA", "NaN", "null"]);
const INFINITE = /^[+-]?(?:inf|infinity)$/i;

export type Cell =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "missing" }
  | { readonly kind: "infinite" }
  | { readonly kind: "text"; readonly text: string };

export function readCell(raw: string): Cell {
  const text = raw.trim();
  if (MISSING.has(text)) return { kind: "missing" };
  if (NUMBER.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? { kind: "number", value } : { kind: "infinite" };
  }
  if (INFINITE.test(text)) return { kind: "infinite" };
  return { kind: "text", text };
}

/** A JSON value in a data position: numbers, `null` (missing) and strings (labels) are data. */
export function readJsonCell(v: unknown): Cell | undefined {
  if (v === null) return { kind: "missing" };
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v } : { kind: "infinite" };
  if (typeof v === "string") return readCell(v).kind === "number" ? readCell(v) : { kind: "text", text: v };
  if (typeof v === "boolean") return { kind: "number", value: v ? 1 : 0 };
  return undefined;
}
