// Names and numbers as math: Greek letters for Greek names, a symbol's base and subscripts, Unicode
// sub/superscript digits and letters, and numbers in plain or exponent form.

import type { SymbolExpr } from "./expr";

const GREEK_LOWER = [
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "zeta",
  "eta",
  "theta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "omicron",
  "pi",
  "rho",
  "sigma",
  "tau",
  "upsilon",
  "phi",
  "chi",
  "psi",
  "omega",
];
const LOWER_LETTERS = "αβγδεζηθικλμνξοπρστυφχψω";
const UPPER_LETTERS = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ";
/** Capital Greek letters that LaTeX has (the others look like Latin letters). */
const LATEX_UPPER = new Set([
  "Gamma",
  "Delta",
  "Theta",
  "Lambda",
  "Xi",
  "Pi",
  "Sigma",
  "Upsilon",
  "Phi",
  "Psi",
  "Omega",
]);

/** The Greek letter for a Greek name (`theta` → θ, `Sigma` → Σ), else undefined. */
export function greekLetter(name: string): string | undefined {
  const i = GREEK_LOWER.indexOf(name.toLowerCase());
  if (i < 0) return undefined;
  const capital = name[0] !== name[0]!.toLowerCase();
  if (capital && name.slice(1) !== name.slice(1).toLowerCase()) return undefined;
  return (capital ? UPPER_LETTERS : LOWER_LETTERS)[i];
}

/** The LaTeX command for a Greek name (`theta` → \theta, `Sigma` → \Sigma; `Alpha` → A), else undefined. */
export function greekLatex(name: string): string | undefined {
  const letter = greekLetter(name);
  if (letter === undefined) return undefined;
  const capital = name[0] !== name[0]!.toLowerCase();
  if (capital && !LATEX_UPPER.has(name)) return letter === "Α" ? "A" : name[0];
  return `\\${name}`;
}

/** A symbol's base name and subscripts: its display form, else `mu_k` → mu, [k]; `p1` → p, [1]. */
export function symbolParts(s: SymbolExpr): { readonly base: string; readonly indices: readonly string[] } {
  if (s.display !== undefined) return { base: s.display.base, indices: s.display.indices.map(String) };
  const underscore = /^([^_]+)_(.+)$/.exec(s.name);
  if (underscore !== null) return { base: underscore[1]!, indices: underscore[2]!.split(/[_,]/) };
  const digits = /^([A-Za-z]+?)(\d+)$/.exec(s.name);
  if (digits !== null) return { base: digits[1]!, indices: [digits[2]!] };
  return { base: s.name, indices: [] };
}

const SUBSCRIPT: Record<string, string> = {
  ...Object.fromEntries([..."0123456789"].map((d, i) => [d, [..."₀₁₂₃₄₅₆₇₈₉"][i]!])),
  "+": "₊",
  "-": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  h: "ₕ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  o: "ₒ",
  p: "ₚ",
  r: "ᵣ",
  s: "ₛ",
  t: "ₜ",
  u: "ᵤ",
  v: "ᵥ",
  x: "ₓ",
  β: "ᵦ",
  γ: "ᵧ",
  ρ: "ᵨ",
  φ: "ᵩ",
  χ: "ᵪ",
};

const SUPERSCRIPT: Record<string, string> = {
  ...Object.fromEntries([..."0123456789"].map((d, i) => [d, [..."⁰¹²³⁴⁵⁶⁷⁸⁹"][i]!])),
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
  T: "ᵀ",
};

function script(text: string, table: Record<string, string>): string | undefined {
  let out = "";
  for (const ch of text) {
    const mapped = table[ch];
    if (mapped === undefined) return undefined;
    out += mapped;
  }
  return out;
}

/** Unicode subscript form of the text, or undefined when a character has none. */
export function toSubscript(text: string): string | undefined {
  return script(text, SUBSCRIPT);
}

/** Unicode superscript form of the text, or undefined when a character has none. */
export function toSuperscript(text: string): string | undefined {
  return script(text, SUPERSCRIPT);
}

/** A finite number's text with at most `digits` significant digits (all digits when undefined). */
export function numberText(x: number, digits?: number): string {
  if (digits === undefined || Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** Splits `1.5e-10` into mantissa and exponent; undefined for plain decimals. */
export function scientificParts(text: string): readonly [string, string] | undefined {
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  return m === null ? undefined : [m[1]!, m[2]!.replace(/^\+/, "")];
}

/** p/q with q ≤ 12 equal to x exactly, else undefined. */
export function smallRational(x: number): readonly [number, number] | undefined {
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(x * q);
    if (p / q === x && Math.abs(p) <= 1e6) return [p, q];
  }
  return undefined;
}

/**
 * x as p/q · log 2π (q = 1 or 2, |p| ≤ 24) when it is one to rounding — the Gaussian normaliser ½ log 2π
 * per dimension, as constant folding leaves it — else undefined.
 */
export function halvesOfLog2Pi(x: number): readonly [number, number] | undefined {
  const halves = (2 * x) / Math.log(2 * Math.PI);
  const k = Math.round(halves);
  if (k === 0 || Math.abs(k) > 24 || Math.abs(halves - k) > 1e-12 * Math.abs(k)) return undefined;
  return k % 2 === 0 ? [k / 2, 1] : [k, 2];
}
