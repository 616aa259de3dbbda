// Unicode math notation: θ, log θ, xᵀ, Σ⁻¹, |Σ|, μₖ, θ/4, √x, a ⊙ b — for terminals and `latent explain`.

import type { Expr } from "./expr";
import {
  greekLetter,
  halvesOfLog2Pi,
  numberText,
  scientificParts,
  smallRational,
  toSubscript,
  toSuperscript,
} from "./names";
import { Level, type Rendered, render, type Style } from "./render";

/** Options of toUnicode and toLatex. */
export interface RenderOptions {
  /** Significant digits of non-integer constants (all digits when absent). */
  readonly digits?: number;
}

const paren = (text: string) => `(${text})`;
const wrap = (r: Rendered, min: number) => (r.level >= min ? r.text : paren(r.text));

/** Unicode's vulgar fractions. */
const VULGAR: Record<string, string> = {
  "1/2": "½",
  "1/3": "⅓",
  "2/3": "⅔",
  "1/4": "¼",
  "3/4": "¾",
  "1/5": "⅕",
  "2/5": "⅖",
  "3/5": "⅗",
  "4/5": "⅘",
  "1/6": "⅙",
  "5/6": "⅚",
  "1/8": "⅛",
  "3/8": "⅜",
  "5/8": "⅝",
  "7/8": "⅞",
};
const OPERATORS: Record<string, string> = { lgamma: "log Γ", digamma: "ψ", trigamma: "ψ′", trace: "tr" };
const COMPARE = { "<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠" } as const;

function subscripted(base: string, indices: readonly string[]): string {
  if (indices.length === 0) return base;
  const names = indices.map((i) => greekLetter(i) ?? i);
  const joined = names.every((i) => [...i].length === 1) ? names.join("") : undefined;
  const sub = joined === undefined ? undefined : toSubscript(joined);
  return sub === undefined ? `${base}[${names.join(", ")}]` : `${base}${sub}`;
}

function unicodeStyle(options: RenderOptions): Style {
  const number = (x: number): Rendered => {
    if (Number.isNaN(x)) return { text: "NaN", level: Level.atom };
    if (x < 0 || Object.is(x, -0)) return { text: `−${number(-x).text}`, level: Level.sum };
    if (x === Number.POSITIVE_INFINITY) return { text: "∞", level: Level.atom };
    // The Gaussian normaliser, k/2 · log 2π, as it is written rather than as 0.9189385332046728.
    const normaliser = halvesOfLog2Pi(x);
    if (normaliser !== undefined && x !== 0) {
      const [p, q] = normaliser;
      const k = q === 1 ? (p === 1 ? "" : `${p} `) : (VULGAR[`${p}/${q}`] ?? `${p}/${q}`);
      return { text: `${k}${k && q !== 1 ? " " : ""}log(2π)`, level: Level.atom };
    }
    const rational = smallRational(x);
    if (rational !== undefined && rational[1] !== 1) {
      const vulgar = VULGAR[`${rational[0]}/${rational[1]}`];
      if (vulgar !== undefined) return { text: vulgar, level: Level.atom };
      return { text: `${rational[0]}/${rational[1]}`, level: Level.product };
    }
    const text = numberText(x, options.digits);
    const sci = scientificParts(text);
    if (sci === undefined) return { text, level: Level.atom };
    return { text: `${sci[0]}×10${toSuperscript(sci[1]) ?? `^${sci[1]}`}`, level: Level.product };
  };
  return {
    number,
    symbol: (base, indices) => subscripted(greekLetter(base) ?? base, indices),
    subscript: subscripted,
    paren,
    minus: "−",
    plus: "+",
    hadamard: "⊙",
    join: (left, right) =>
      /\d$/.test(left) && /^\d/.test(right) ? `${left} · ${right}` : `${left} ${right}`,
    fraction: (n, d) => ({
      text: `${wrap(n, Level.product)}/${wrap(d, Level.postfix)}`,
      level: Level.product,
    }),
    power: (base, exponent) => {
      const sup = toSuperscript(exponent.text);
      if (sup !== undefined) return `${base}${sup}`;
      return `${base}^${exponent.level === Level.atom ? exponent.text : paren(exponent.text)}`;
    },
    transpose: "ᵀ",
    operator: (fn) => OPERATORS[fn] ?? fn,
    apply: (op, arg) => `${op}(${arg})`,
    abs: (text) => `|${text}|`,
    sqrt: (arg) => ({ text: `√${wrap(arg, Level.atom)}`, level: Level.postfix }),
    vector: (items) => `[${items.join(", ")}]`,
    matrix: (rows) => `[${rows.map((r) => `[${r.join(", ")}]`).join(", ")}]`,
    indicator: (text) => `1{${text}}`,
    compare: (op) => COMPARE[op],
    fill: (value) => {
      if (value === 0) return { text: "𝟎", level: Level.atom };
      if (value === 1) return { text: "𝟏", level: Level.atom };
      return { text: `${wrap(number(value), Level.product)} 𝟏`, level: Level.product };
    },
    identity: "I",
  };
}

/**
 * The expression in Unicode math notation with minimal parentheses: Greek names as letters (`theta` → θ),
 * subscripts from display indices or trailing digits (μₖ, p₁), xᵀ, Σ⁻¹, |Σ|, log|Σ|, θ/4, √x.
 */
export function toUnicode(e: Expr, options: RenderOptions = {}): string {
  return render(e, unicodeStyle(options)).text;
}
