// The renderer shared by Unicode and LaTeX: precedence levels decide the (minimal) parentheses; a Style
// supplies the notation (θ or \theta, a/b or \frac{a}{b}, x² or x^{2}).

import { add, div, mul, num } from "./build";
import type { CompareOp, Expr } from "./expr";
import { symbolParts } from "./names";

/** Precedence levels, loosest first. */
export const Level = { compare: 0, sum: 1, product: 2, prefix: 3, postfix: 4, atom: 5 } as const;

/** Rendered text and the precedence of its outermost operator. */
export interface Rendered {
  readonly text: string;
  readonly level: number;
}

/** The notation of one output format. */
export interface Style {
  number(x: number): Rendered;
  symbol(base: string, indices: readonly string[]): string;
  /** A non-symbol (already parenthesised) with subscripts. */
  subscript(base: string, indices: readonly string[]): string;
  paren(text: string): string;
  readonly minus: string;
  readonly plus: string;
  readonly hadamard: string;
  /** Juxtaposition of two factors of a product. */
  join(left: string, right: string): string;
  fraction(numerator: Rendered, denominator: Rendered): Rendered;
  power(base: string, exponent: Rendered): string;
  readonly transpose: string;
  /** The function's operator text (`log`, `\log`, `log Γ`). */
  operator(fn: string): string;
  /** `f(arg)` with parentheses. */
  apply(operator: string, arg: string): string;
  abs(text: string): string;
  sqrt(arg: Rendered): Rendered;
  vector(items: readonly string[]): string;
  matrix(rows: readonly (readonly string[])[]): string;
  indicator(text: string): string;
  compare(op: CompareOp): string;
  fill(value: number): Rendered;
  readonly identity: string;
}

/** Functions written `f x` without parentheses when x is an atom (`log θ`). */
const PREFIX = new Set(["log", "tanh"]);

function wrap(r: Rendered, min: number, style: Style): string {
  return r.level >= min ? r.text : style.paren(r.text);
}

/** The magnitude of a term that reads with a leading minus (−x, −3, −2 x, −x/4), else undefined. */
function negated(e: Expr): Expr | undefined {
  if (e.kind === "neg") return e.args[0]!;
  if (e.kind === "const" && e.value < 0) return num(-e.value);
  const first = e.args[0];
  if (e.kind === "mul" && first?.kind === "const" && first.value < 0) {
    const rest = e.args.slice(1);
    return first.value === -1 ? mul(...rest) : mul(-first.value, ...rest);
  }
  if (e.kind === "div" && first !== undefined) {
    const m = negated(first);
    return m === undefined ? undefined : div(m, e.args[1]!);
  }
  return undefined;
}

function factors(e: Expr): Expr[] {
  return e.kind === "mul" || e.kind === "matmul" ? e.args.flatMap(factors) : [e];
}

function renderProduct(e: Expr, style: Style, r: (x: Expr, last?: boolean) => Rendered): Rendered {
  const list = factors(e);
  const first = list[0]!;
  if (first.kind === "const" && first.value < 0) {
    const rest = list.slice(1);
    const magnitude = first.value === -1 ? rest : [num(-first.value), ...rest];
    const body = renderFactors(magnitude, style, r);
    return { text: `${style.minus}${body}`, level: Level.sum };
  }
  return { text: renderFactors(list, style, r), level: Level.product };
}

function renderFactors(
  list: readonly Expr[],
  style: Style,
  r: (x: Expr, last?: boolean) => Rendered,
): string {
  return list
    .map((f, i) => {
      const last = i === list.length - 1;
      const out = r(f, last);
      // a/b c reads as a/(b c): a quotient (or p/q) before another factor is parenthesised.
      const quotientNotLast =
        !last && out.level === Level.product && (f.kind === "div" || f.kind === "const");
      return quotientNotLast ? style.paren(out.text) : wrap(out, Level.product, style);
    })
    .reduce((a, b) => style.join(a, b));
}

function renderCall(
  e: Expr & { kind: "call" },
  style: Style,
  r: (x: Expr) => Rendered,
  last: boolean,
): Rendered {
  const [a, b] = e.args as [Expr, Expr];
  switch (e.fn) {
    case "log1p":
      return { text: style.apply(style.operator("log"), r(add(1, a)).text), level: Level.prefix };
    case "sqrt":
      return style.sqrt(r(a));
    case "abs":
      return { text: style.abs(r(a).text), level: Level.atom };
    case "det":
      return { text: style.abs(r(a).text), level: Level.atom };
    case "logdet":
      return { text: `${style.operator("log")}${style.abs(r(a).text)}`, level: Level.prefix };
    case "inv":
      return { text: style.power(wrap(r(a), Level.atom, style), style.number(-1)), level: Level.postfix };
    case "dot":
      return {
        text: style.join(
          `${wrap(r(a), Level.atom, style)}${style.transpose}`,
          wrap(r(b), Level.product, style),
        ),
        level: Level.product,
      };
    default: {
      const arg = r(a);
      const op = style.operator(e.fn);
      if (PREFIX.has(e.fn) && arg.level === Level.atom && last)
        return { text: `${op} ${arg.text}`, level: Level.prefix };
      return { text: style.apply(op, e.args.map((x) => r(x).text).join(", ")), level: Level.prefix };
    }
  }
}

function renderSum(e: Expr, style: Style, r: (x: Expr) => Rendered): Rendered {
  let text = wrap(r(e.args[0]!), Level.sum, style);
  for (const term of e.args.slice(1)) {
    const magnitude = negated(term);
    text +=
      magnitude === undefined
        ? ` ${style.plus} ${wrap(r(term), Level.sum, style)}`
        : ` ${style.minus} ${wrap(r(magnitude), Level.product, style)}`;
  }
  return { text, level: Level.sum };
}

function indexText(e: Expr & { kind: "index" | "embed" }): string[] {
  return e.indices.map(String);
}

/** Renders an expression in a style, with minimal parentheses. */
export function render(e: Expr, style: Style): Rendered {
  const r = (x: Expr, last = true): Rendered => render1(x, last);
  const render1 = (x: Expr, last: boolean): Rendered => {
    const [a, b] = x.args as [Expr, Expr];
    switch (x.kind) {
      case "const":
        return style.number(x.value);
      case "tensor": {
        const items = Array.from(x.data, (v) => style.number(v).text);
        if (x.shape.kind !== "matrix") return { text: style.vector(items), level: Level.atom };
        const cols = Number(x.shape.cols);
        const rows = Array.from({ length: items.length / cols }, (_, i) =>
          items.slice(i * cols, (i + 1) * cols),
        );
        return { text: style.matrix(rows), level: Level.atom };
      }
      case "symbol": {
        const { base, indices } = symbolParts(x);
        return { text: style.symbol(base, indices), level: Level.atom };
      }
      case "fill":
        return style.fill(x.value);
      case "identity":
        return { text: style.identity, level: Level.atom };
      case "add":
        return renderSum(x, style, r);
      case "neg":
        return { text: `${style.minus}${wrap(r(a), Level.product, style)}`, level: Level.sum };
      case "mul":
      case "matmul":
        return renderProduct(x, style, r);
      case "hadamard":
        return {
          text: `${wrap(r(a), Level.product, style)} ${style.hadamard} ${wrap(r(b), Level.prefix, style)}`,
          level: Level.product,
        };
      case "div":
        return style.fraction(r(a), r(b));
      case "pow":
        if (b.kind === "const" && b.value === 0.5) return style.sqrt(r(a));
        return { text: style.power(wrap(r(a), Level.atom, style), r(b)), level: Level.postfix };
      case "transpose":
        return { text: `${wrap(r(a), Level.atom, style)}${style.transpose}`, level: Level.postfix };
      case "reshape":
        return r(a, last);
      case "vector":
        return { text: style.vector(x.args.map((i) => r(i).text)), level: Level.atom };
      case "matrix": {
        const cols = Number(x.shape.kind === "matrix" ? x.shape.cols : 1);
        const items = x.args.map((i) => r(i).text);
        const rows = Array.from({ length: items.length / cols }, (_, i) =>
          items.slice(i * cols, (i + 1) * cols),
        );
        return { text: style.matrix(rows), level: Level.atom };
      }
      case "call":
        return renderCall(x as Expr & { kind: "call" }, style, r, last);
      case "index": {
        if (a.kind === "symbol") {
          const { base, indices } = symbolParts(a);
          return { text: style.symbol(base, [...indices, ...indexText(x)]), level: Level.atom };
        }
        return { text: style.subscript(style.paren(r(a).text), indexText(x)), level: Level.atom };
      }
      case "embed": {
        const unit = style.symbol(x.shape.kind === "vector" ? "e" : "E", indexText(x));
        return { text: style.join(wrap(r(a), Level.product, style), unit), level: Level.product };
      }
      case "compare":
        return {
          text: style.indicator(`${r(a).text} ${style.compare(x.op)} ${r(b).text}`),
          level: Level.atom,
        };
    }
  };
  return r(e);
}
