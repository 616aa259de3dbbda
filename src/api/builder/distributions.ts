// The language's distributions as typed helpers, arguments in the language's fixed order. A
// `Distribution` is the right-hand side of a `~`; `dist` reaches any family by name (the checker judges it).

import type { Span } from "../../diagnostics";
import type * as A from "../../syntax";
import { callSpan } from "./call-site";
import { type ExprLike, exprAst } from "./expression";

/** The right-hand side of a `~`: a family and its arguments, with the place it was written. */
export class Distribution {
  constructor(
    readonly name: string,
    readonly args: readonly ExprLike[],
    readonly span: Span,
  ) {}

  /** The family's name and argument nodes, fresh for one `~`. */
  toAst(): { distribution: A.Identifier; args: A.Expr[] } {
    return {
      distribution: { name: this.name, span: this.span },
      args: this.args.map((a) => exprAst(a, this.span)),
    };
  }
}

/** A distribution by name, e.g. one read from configuration; prefer the typed helpers. */
export function dist(name: string, ...args: readonly ExprLike[]): Distribution {
  return new Distribution(name, args, callSpan());
}

const family =
  (name: string) =>
  (...args: readonly ExprLike[]): Distribution =>
    new Distribution(name, args, callSpan());

/** `Normal(mean, sd)`: sd is the standard deviation */
export const Normal: (mean: ExprLike, sd: ExprLike) => Distribution = family("Normal");
/** `LogNormal(meanlog, sdlog)` */
export const LogNormal: (meanlog: ExprLike, sdlog: ExprLike) => Distribution = family("LogNormal");
/** `StudentT(nu, mean, scale)` */
export const StudentT: (nu: ExprLike, mean: ExprLike, scale: ExprLike) => Distribution = family("StudentT");
/** `Exponential(rate)` */
export const Exponential: (rate: ExprLike) => Distribution = family("Exponential");
/** `Gamma(shape, rate)` */
export const Gamma: (shape: ExprLike, rate: ExprLike) => Distribution = family("Gamma");
/** `InvGamma(shape, scale)` */
export const InvGamma: (shape: ExprLike, scale: ExprLike) => Distribution = family("InvGamma");
/** `Beta(a, b)` */
export const Beta: (a: ExprLike, b: ExprLike) => Distribution = family("Beta");
/** `Uniform(lo, hi)` */
export const Uniform: (lo: ExprLike, hi: ExprLike) => Distribution = family("Uniform");
/** `Poisson(rate)` */
export const Poisson: (rate: ExprLike) => Distribution = family("Poisson");
/** `Bernoulli(p)` */
export const Bernoulli: (p: ExprLike) => Distribution = family("Bernoulli");
/** `Binomial(n, p)` */
export const Binomial: (n: ExprLike, p: ExprLike) => Distribution = family("Binomial");
/** `Categorical(probs)`: probs a vector of length K */
export const Categorical: (probs: ExprLike) => Distribution = family("Categorical");
/** `MvNormal(mean, cov)` */
export const MvNormal: (mean: ExprLike, cov: ExprLike) => Distribution = family("MvNormal");
/** `Dirichlet(alpha)` */
export const Dirichlet: (alpha: ExprLike) => Distribution = family("Dirichlet");
/** `Multinomial(n, probs)` */
export const Multinomial: (n: ExprLike, probs: ExprLike) => Distribution = family("Multinomial");
/** `InvWishart(nu, Psi)` */
export const InvWishart: (nu: ExprLike, Psi: ExprLike) => Distribution = family("InvWishart");
