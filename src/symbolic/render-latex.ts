// LaTeX math notation: \theta, \log \theta, x^\top, \Sigma^{-1}, \left|\Sigma\right|, \mu_{k}, \frac{a}{b}
// — for `latent explain --latex`.

import type { Expr } from "./expr";
import { greekLatex, halvesOfLog2Pi, numberText, scientificParts, smallRational } from "./names";
import { Level, type Rendered, render, type Style } from "./render";
import type { RenderOptions } from "./render-unicode";

const OPERATORS: Record<string, string> = {
  log: "\\log",
  exp: "\\exp",
  tanh: "\\tanh",
  lgamma: "\\log\\Gamma",
  digamma: "\\psi",
  trigamma: "\\psi'",
  trace: "\\operatorname{tr}",
};
const COMPARE = { "<": "<", "<=": "\\le", ">": ">", ">=": "\\ge", "==": "=", "!=": "\\ne" } as const;

function name(text: string): string {
  return greekLatex(text) ?? ([...text].length === 1 || /^\d+$/.test(text) ? text : `\\mathrm{${text}}`);
}

function latexStyle(options: RenderOptions): Style {
  const number = (x: number): Rendered => {
    if (Number.isNaN(x)) return { text: "\\mathrm{NaN}", level: Level.atom };
    if (x < 0 || Object.is(x, -0)) return { text: `-${number(-x).text}`, level: Level.sum };
    if (x === Number.POSITIVE_INFINITY) return { text: "\\infty", level: Level.atom };
    // The Gaussian normaliser, k/2 · log 2π, as it is written.
    const normaliser = halvesOfLog2Pi(x);
    if (normaliser !== undefined && x !== 0) {
      const [p, q] = normaliser;
      const k = q === 1 ? (p === 1 ? "" : `${p} `) : `\\frac{${p}}{${q}} `;
      return { text: `${k}\\log(2\\pi)`, level: Level.atom };
    }
    const rational = smallRational(x);
    if (rational !== undefined && rational[1] !== 1) {
      return { text: `\\frac{${rational[0]}}{${rational[1]}}`, level: Level.postfix };
    }
    const text = numberText(x, options.digits);
    const sci = scientificParts(text);
    if (sci === undefined) return { text, level: Level.atom };
    return { text: `${sci[0]} \\times 10^{${sci[1]}}`, level: Level.product };
  };
  const subscript = (base: string, indices: readonly string[]) =>
    indices.length === 0 ? base : `${base}_{${indices.map(name).join(",")}}`;
  return {
    number,
    symbol: (base, indices) => subscript(name(base), indices),
    subscript,
    paren: (text) => `\\left(${text}\\right)`,
    minus: "-",
    plus: "+",
    hadamard: "\\odot",
    join: (left, right) => (/^[\d-]/.test(right) ? `${left} \\cdot ${right}` : `${left} ${right}`),
    fraction: (n, d) => ({ text: `\\frac{${n.text}}{${d.text}}`, level: Level.postfix }),
    power: (base, exponent) => `${base}^{${exponent.text}}`,
    transpose: "^\\top",
    operator: (fn) => OPERATORS[fn] ?? `\\operatorname{${fn}}`,
    apply: (op, arg) => `${op}\\left(${arg}\\right)`,
    abs: (text) => `\\left|${text}\\right|`,
    sqrt: (arg) => ({ text: `\\sqrt{${arg.text}}`, level: Level.atom }),
    vector: (items) => `\\left[${items.join(", ")}\\right]`,
    matrix: (rows) => `\\begin{bmatrix} ${rows.map((r) => r.join(" & ")).join(" \\\\ ")} \\end{bmatrix}`,
    indicator: (text) => `\\mathbf{1}\\left\\{${text}\\right\\}`,
    compare: (op) => COMPARE[op],
    fill: (value) => {
      if (value === 0 || value === 1) return { text: `\\mathbf{${value}}`, level: Level.atom };
      const n = number(value);
      return {
        text: `${n.level >= Level.product ? n.text : `\\left(${n.text}\\right)`} \\mathbf{1}`,
        level: Level.product,
      };
    },
    identity: "I",
  };
}

/**
 * The expression in LaTeX math notation with minimal parentheses: \theta, \log \theta, x^\top, \Sigma^{-1},
 * \left|\Sigma\right|, \mu_{k}, fractions as \frac{…}{…}.
 */
export function toLatex(e: Expr, options: RenderOptions = {}): string {
  return render(e, latexStyle(options)).text;
}
