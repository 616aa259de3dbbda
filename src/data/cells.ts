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

/**
 * A JSON value in a data position: numbers, `null` (missing) and strings (labels) are data; `true` and `false`
 * are 1 and 0 only where `booleans` says the data is integer-valued (a real value is never a truth value).
 */
export function readJsonCell(v: unknown, booleans = false): Cell | undefined {
  if (v === null) return { kind: "missing" };
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v } : { kind: "infinite" };
  if (typeof v === "string") return readCell(v).kind === "number" ? readCell(v) : { kind: "text", text: v };
  if (typeof v === "boolean" && booleans) return { kind: "number", value: v ? 1 : 0 };
  return undefined;
}

/** A short, safe description of any value for a message (JSON.stringify throws on BigInt and cycles). */
export function describeValue(v: unknown): string {
  if (typeof v === "bigint") return `${v}n (a BigInt)`;
  if (typeof v === "boolean") return `${v} (a boolean)`;
  if (v === undefined) return "undefined";
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v !== "object" || v === null) return String(v);
  try {
    const text = JSON.stringify(v);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  } catch {
    return Array.isArray(v) ? `an array of ${v.length}` : "an object";
  }
}
