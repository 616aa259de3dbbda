// Builder statements: `~` (with censoring), plates (nested, optionally weighted) and `let` inside plates.
// They are made where the user writes them (so their spans are right) and become AST when the model is.

import type { Span } from "../../diagnostics";
import type * as A from "../../syntax";
import { callSpan } from "./call-site";
import type { Distribution } from "./distributions";
import { type DimLike, dimAst, type ExprLike, exprAst, NameRef } from "./expression";

/** A statement of a model body. */
export abstract class ModelStatement {
  /** The statement as AST, fresh for one model. */
  abstract toAst(): A.Statement;
}

/** Statements as a body returns them: one, or arrays of them nested in any way. */
export type Body = ModelStatement | readonly Body[];

export function flatten(body: Body): ModelStatement[] {
  return body instanceof ModelStatement ? [body] : body.flatMap(flatten);
}

/** The censoring sides of `censored(…)`: the recorded value is a bound where the condition is non-zero. */
export interface Censoring {
  /** The true value lies above the recorded one. */
  readonly right?: ExprLike;
  /** The true value lies below the recorded one. */
  readonly left?: ExprLike;
}

interface TargetParts {
  readonly name: string;
  readonly indices: readonly DimLike[];
  readonly span: Span;
}

/** `TARGET ~ Dist(args)`, possibly censored. */
export class Sampling extends ModelStatement {
  constructor(
    private readonly target: TargetParts,
    private readonly distribution: Distribution,
    private readonly censoring: readonly { side: string; condition: ExprLike; span: Span }[],
    private readonly span: Span,
  ) {
    super();
  }

  /**
   * `… censored(right = cond)`: where `cond` is non-zero the value is only a bound (data targets only).
   *
   * @example
   * ```ts
   * const m = model("m").size("N").data("y", ["N"], real).data("cens", ["N"], int).param("mu", real)
   *   .for("n", 1, "N", (n, { y, cens, mu }) => [
   *     y.at(n).follows(Normal(mu, 1)).censored({ right: cens.at(n) }),
   *   ]);
   * m.toLvm().split("\n")[6] // => "  y[n] ~ Normal(mu, 1) censored(right = cens[n])"
   * ```
   */
  censored(sides: Censoring): Sampling {
    const span = callSpan();
    const clauses = Object.entries(sides).map(([side, condition]) => ({
      side,
      condition: condition as ExprLike,
      span,
    }));
    return new Sampling(this.target, this.distribution, [...this.censoring, ...clauses], this.span);
  }

  toAst(): A.TildeStmt {
    const t = this.target;
    return {
      kind: "tilde",
      target: {
        name: { name: t.name, span: t.span },
        indices: t.indices.map((i) => dimAst(i, t.span)),
        span: t.span,
      },
      ...this.distribution.toAst(),
      censoring: this.censoring.map((c) => ({
        side: { name: c.side, span: c.span },
        condition: exprAst(c.condition, c.span),
        span: c.span,
      })),
      span: this.span,
    };
  }
}

/** A data, param or latent element that a `~` can target: `x.at(n)`. Also usable as a value. */
export class TargetRef extends NameRef {
  constructor(
    name: string,
    private readonly indices: readonly DimLike[],
    private readonly span: Span,
  ) {
    super(name);
  }

  override toAst(): A.Expr {
    const base: A.Expr = { kind: "name", name: this.name, span: this.span };
    return { kind: "index", base, indices: this.indices.map((i) => dimAst(i, this.span)), span: this.span };
  }

  /** `target ~ distribution` */
  follows(distribution: Distribution): Sampling {
    return new Sampling(
      { name: this.name, indices: this.indices, span: this.span },
      distribution,
      [],
      callSpan(),
    );
  }
}

/** A declared data, param or latent name. `V` is its value type, for typed results. */
export class VariableRef<V = unknown> extends NameRef {
  declare readonly value: V;
  constructor(
    name: string,
    readonly role: A.VariableRole,
  ) {
    super(name);
  }

  /** `name[i, …]`, as a value or as the target of a `~`. */
  override at(...indices: readonly DimLike[]): TargetRef {
    return new TargetRef(this.name, indices, callSpan());
  }

  /** `name ~ distribution` (a prior, when the name is a param). */
  follows(distribution: Distribution): Sampling {
    const span = callSpan();
    return new Sampling({ name: this.name, indices: [], span }, distribution, [], span);
  }
}

/** A size name (`size N`). */
export class SizeRef extends NameRef {
  readonly kind = "size";
}
/** A constant name (`const K = 2`). */
export class ConstRef extends NameRef {
  readonly kind = "const";
}
/** A `let` name. */
export class LetRef extends NameRef {
  readonly kind = "let";
}
/** A plate index (`for n in …`). */
export class IndexRef extends NameRef {
  readonly kind = "index";
}

/** A plate body with frequency weights: element i stands for `weight` copies (`for … weighted W`). */
export class Weighted {
  constructor(
    readonly weight: ExprLike,
    readonly body: Body,
  ) {}
}

/**
 * `for … weighted weight { body }`: return it from a plate's body.
 *
 * @example
 * ```ts
 * const m = model("deaths").size("N").data("deaths", ["N"], count).data("days", ["N"], count)
 *   .param("lambda", positive)
 *   .for("n", 1, "N", (n, { deaths, days, lambda }) =>
 *     weighted(days.at(n), [deaths.at(n).follows(Poisson(lambda))]));
 * m.toLvm().split("\n")[5] // => "for n in 1..N weighted days[n] {"
 * ```
 */
export function weighted(weight: ExprLike, body: Body): Weighted {
  return new Weighted(weight, body);
}

export class Plate extends ModelStatement {
  constructor(
    private readonly index: string,
    private readonly from: DimLike,
    private readonly to: DimLike,
    private readonly weight: ExprLike | undefined,
    private readonly body: readonly ModelStatement[],
    private readonly span: Span,
  ) {
    super();
  }

  toAst(): A.ForStmt {
    return {
      kind: "for",
      index: { name: this.index, span: this.span },
      from: dimAst(this.from, this.span),
      to: dimAst(this.to, this.span),
      weight: this.weight === undefined ? undefined : exprAst(this.weight, this.span),
      body: this.body.map((s) => s.toAst()),
      span: this.span,
    };
  }
}

/** Runs a plate's body with its index and makes the plate (used by `plate` and the model's `for`). */
export function makePlate(
  index: string,
  from: DimLike,
  to: DimLike,
  body: (i: IndexRef) => Body | Weighted,
  span: Span,
): Plate {
  const made = body(new IndexRef(index));
  const weight = made instanceof Weighted ? made.weight : undefined;
  const statements = flatten(made instanceof Weighted ? made.body : made);
  return new Plate(index, from, to, weight, statements, span);
}

/**
 * `for index in from..to { body }` inside another plate; `body` may return `weighted(w, […])`.
 *
 * @example
 * ```ts
 * const m = model("items").size("N", "J").data("x", ["N", "J"], count).param("theta", ["J"], prob)
 *   .for("n", 1, "N", (n, { x, theta, J }) => [
 *     plate("j", 1, J, (j) => [x.at(n, j).follows(Bernoulli(theta.at(j)))]),
 *   ]);
 * m.toLvm().split("\n").slice(4, 7) // => ["for n in 1..N {", "  for j in 1..J {", "    x[n, j] ~ Bernoulli(theta[j])"]
 * ```
 */
export function plate(
  index: string,
  from: DimLike,
  to: DimLike,
  body: (i: IndexRef) => Body | Weighted,
): Plate {
  return makePlate(index, from, to, body, callSpan());
}

export class LetStatement extends ModelStatement {
  constructor(
    private readonly name: string,
    private readonly value: ExprLike,
    private readonly span: Span,
  ) {
    super();
  }

  toAst(): A.LetStmt {
    return {
      kind: "let",
      name: { name: this.name, span: this.span },
      value: exprAst(this.value, this.span),
      span: this.span,
    };
  }
}

/**
 * `let name = value` inside a plate, followed by the statements that use it.
 *
 * @example
 * ```ts
 * const m = model("m").size("N").data("y", ["N"], real).data("t", ["N"], real).param("a", real)
 *   .param("b", real)
 *   .for("n", 1, "N", (n, { y, t, a, b }) =>
 *     bind("mean", a.add(b.mul(t.at(n))), (mean) => [y.at(n).follows(Normal(mean, 1))]));
 * m.toLvm().split("\n").slice(7, 9) // => ["  let mean = a + b * t[n]", "  y[n] ~ Normal(mean, 1)"]
 * ```
 */
export function bind(name: string, value: ExprLike, rest: (ref: LetRef) => Body): ModelStatement[] {
  const span = callSpan();
  return [new LetStatement(name, value, span), ...flatten(rest(new LetRef(name)))];
}
