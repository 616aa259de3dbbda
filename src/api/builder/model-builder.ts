// The fluent builder: each call adds a declaration or statements and returns a new builder whose types know
// the names declared so far (for the scope handed to bodies) and the params' and data's declared shapes.

import type { Diagnostic, Span } from "../../diagnostics";
import type { Program } from "../../syntax";
import { callSpan, fileOfSpan, UNKNOWN_FILE } from "./call-site";
import { ConstDeclaration, SizeDeclaration, VariableDeclaration } from "./declarations";
import { type DimLike, type Expression, type ExprLike, NameRef } from "./expression";
import { LvmModel, type SetValue } from "./model";
import {
  type Body,
  ConstRef,
  flatten,
  type IndexRef,
  LetRef,
  LetStatement,
  type ModelStatement,
  makePlate,
  SizeRef,
  VariableRef,
  type Weighted,
} from "./statements";
import type { Nest, TypeSpec } from "./types";
import { validateTokens } from "./validate";

/** Flattens an intersection into one object type (readable in editors, exact in type tests). */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

type With<T, K extends string, V> = Simplify<T & { readonly [k in K]: V }>;

/** The sizes and constants of a scope, as `set` may give them. */
export type SetValues<S> = Simplify<{
  [K in keyof S as S[K] extends SizeRef | ConstRef ? K : never]?: SetValue;
}>;

/** The empty scope, params, data and values of a model that declares nothing yet. */
export type Empty = Record<never, never>;

type Declared<V, Dims extends readonly DimLike[]> = VariableRef<Nest<V, Dims>>;

interface State {
  readonly name: string;
  readonly description: string | undefined;
  readonly span: Span;
  readonly statements: readonly ModelStatement[];
  readonly scope: Readonly<Record<string, Expression>>;
}

/**
 * A model being written in TypeScript. `S` is its scope (the names declared so far, as handed to bodies),
 * `P` its params, `D` its data and `X` the values `sample` draws, typed by their declared shapes.
 */
export class ModelBuilder<S = Empty, P = Empty, D = Empty, X = Empty> extends LvmModel<
  P,
  D,
  X,
  SetValues<S>
> {
  readonly file: string;

  /** @internal Use `model(name, description)`. */
  constructor(private readonly state: State) {
    super();
    this.file = fileOfSpan(state.span) ?? UNKNOWN_FILE;
  }

  private with<S2, P2 = P, D2 = D, X2 = X>(
    statements: readonly ModelStatement[],
    names: Readonly<Record<string, Expression>> = {},
  ): ModelBuilder<S2, P2, D2, X2> {
    return new ModelBuilder({
      ...this.state,
      statements: [...this.state.statements, ...statements],
      scope: { ...this.state.scope, ...names },
    });
  }

  /** The names declared so far. A name never declared (reachable only from untyped code) is still a
   * reference, so the checker reports it where it is used, as it would in a `.lvm` file. */
  private get scope(): S {
    const names = this.state.scope;
    return new Proxy(names, {
      get: (target, key) =>
        typeof key !== "string" || key === "then" ? undefined : (target[key] ?? new NameRef(key)),
    }) as S;
  }

  /** `size N, D`: sizes bound from the data's shape (or by `set`). */
  size<const N extends readonly string[]>(...names: N): ModelBuilder<With<S, N[number], SizeRef>, P, D, X> {
    const span = callSpan();
    return this.with(
      [new SizeDeclaration(names, span)],
      Object.fromEntries(names.map((n) => [n, new SizeRef(n)])),
    );
  }

  /** `const K = 2`, or with a type: `const M: matrix[2, 2] = [[1, 0], [0, 1]]`. */
  const<N extends string>(
    name: N,
    value: ExprLike | ((scope: S) => ExprLike),
  ): ModelBuilder<With<S, N, ConstRef>, P, D, X>;
  const<N extends string>(
    name: N,
    type: TypeSpec,
    value: ExprLike | ((scope: S) => ExprLike),
  ): ModelBuilder<With<S, N, ConstRef>, P, D, X>;
  const<N extends string>(
    name: N,
    a: TypeSpec | ExprLike | ((scope: S) => ExprLike),
    b?: ExprLike | ((scope: S) => ExprLike),
  ): ModelBuilder<With<S, N, ConstRef>, P, D, X> {
    const span = callSpan();
    const typed = b !== undefined;
    const given = (typed ? b : a) as ExprLike | ((scope: S) => ExprLike);
    const value = typeof given === "function" ? given(this.scope) : given;
    const type = typed ? (a as TypeSpec) : undefined;
    return this.with([new ConstDeclaration(name, type, value, span)], { [name]: new ConstRef(name) });
  }

  /** `data name[dims]: type`: observed values, given to `fit`. */
  data<N extends string, V, DV>(
    name: N,
    type: TypeSpec<V, DV>,
  ): ModelBuilder<With<S, N, VariableRef<V>>, P, With<D, N, DV>, With<X, N, V>>;
  data<N extends string, const Dims extends readonly DimLike[], V, DV>(
    name: N,
    dims: Dims,
    type: TypeSpec<V, DV>,
  ): ModelBuilder<With<S, N, Declared<V, Dims>>, P, With<D, N, Nest<DV, Dims>>, With<X, N, Nest<V, Dims>>>;
  data(
    name: string,
    a: readonly DimLike[] | TypeSpec,
    b?: TypeSpec,
  ): ModelBuilder<unknown, P, unknown, unknown> {
    return this.variable("data", name, a, b, callSpan());
  }

  /** `param name[dims]: type`: estimated by maximum likelihood (MAP with a prior). */
  param<N extends string, V>(
    name: N,
    type: TypeSpec<V, unknown>,
  ): ModelBuilder<With<S, N, VariableRef<V>>, With<P, N, V>, D, X>;
  param<N extends string, const Dims extends readonly DimLike[], V>(
    name: N,
    dims: Dims,
    type: TypeSpec<V, unknown>,
  ): ModelBuilder<With<S, N, Declared<V, Dims>>, With<P, N, Nest<V, Dims>>, D, X>;
  param(name: string, a: readonly DimLike[] | TypeSpec, b?: TypeSpec): ModelBuilder<unknown, unknown, D, X> {
    return this.variable("param", name, a, b, callSpan());
  }

  /** `latent name[dims]: type`: integrated out by the E-step; `sample` draws it with `latents: true`. */
  latent<N extends string, V>(
    name: N,
    type: TypeSpec<V, unknown>,
  ): ModelBuilder<With<S, N, VariableRef<V>>, P, D, With<X, N, V>>;
  latent<N extends string, const Dims extends readonly DimLike[], V>(
    name: N,
    dims: Dims,
    type: TypeSpec<V, unknown>,
  ): ModelBuilder<With<S, N, Declared<V, Dims>>, P, D, With<X, N, Nest<V, Dims>>>;
  latent(name: string, a: readonly DimLike[] | TypeSpec, b?: TypeSpec): ModelBuilder<unknown, P, D, unknown> {
    return this.variable("latent", name, a, b, callSpan());
  }

  private variable<S2, P2, D2, X2>(
    role: "data" | "param" | "latent",
    name: string,
    a: readonly DimLike[] | TypeSpec,
    b: TypeSpec | undefined,
    span: Span,
  ): ModelBuilder<S2, P2, D2, X2> {
    const [dims, type] = Array.isArray(a) ? [a as readonly DimLike[], b!] : [[], a as TypeSpec];
    return this.with([new VariableDeclaration(role, name, dims, type, span)], {
      [name]: new VariableRef(name, role),
    });
  }

  /** `let name = value` at the top level. */
  let<N extends string>(
    name: N,
    value: ExprLike | ((scope: S) => ExprLike),
  ): ModelBuilder<With<S, N, LetRef>, P, D, X> {
    const span = callSpan();
    const v = typeof value === "function" ? value(this.scope) : value;
    return this.with([new LetStatement(name, v, span)], { [name]: new LetRef(name) });
  }

  /**
   * `for index in from..to { body }`: `body` gets the index and the scope, and returns statements (nest
   * plates with `plate`, bind names with `bind`), or `weighted(w, statements)` for frequency weights.
   */
  for(
    index: string,
    from: DimLike,
    to: DimLike,
    body: (i: IndexRef, scope: S) => Body | Weighted,
  ): ModelBuilder<S, P, D, X> {
    const span = callSpan();
    return this.with([makePlate(index, from, to, (i) => body(i, this.scope), span)]);
  }

  /**
   * Statements at the top level, e.g. a prior.
   *
   * @example
   * ```ts
   * const m = model("m").const("K", 3).param("pi", simplex("K"))
   *   .add(({ pi, K }) => pi.follows(Dirichlet(lit(2).mul(ones(K)))));
   * m.toLvm().split("\n")[3] // => "pi ~ Dirichlet(2 * ones(K))"
   * ```
   */
  add(body: (scope: S) => Body): ModelBuilder<S, P, D, X> {
    return this.with(flatten(body(this.scope)));
  }

  protected build(): { program: Program | undefined; diagnostics: Diagnostic[] } {
    const { name, description, span } = this.state;
    const program: Program = {
      name: { name, span },
      description,
      statements: this.state.statements.map((s) => s.toAst()),
      span,
    };
    return { program, diagnostics: validateTokens(program) };
  }
}

/**
 * Starts a model: `model(name, description?)`, then declarations and statements in the order the language
 * needs them (a name is declared before it is used).
 *
 * @example
 * ```ts
 * const coin = model("coin")
 *   .size("N")
 *   .data("y", ["N"], count)
 *   .param("p", prob)
 *   .for("n", 1, "N", (n, { y, p }) => [y.at(n).follows(Bernoulli(p))]);
 * coin.toLvm() // => "model coin\nsize N\ndata y[N]: count\nparam p: prob\nfor n in 1..N {\n  y[n] ~ Bernoulli(p)\n}\n"
 * coin.check().ok // => true
 * const fitted = await coin.fit({ y: [1, 0, 1, 1] });
 * fitted.result.params.p // => 0.75
 * ```
 */
export function model(name: string, description?: string): ModelBuilder {
  return new ModelBuilder({ name, description, span: callSpan(), statements: [], scope: {} });
}
