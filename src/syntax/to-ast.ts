// Lowering of chevrotain's concrete syntax tree to the typed AST. Runs only on a tree without
// syntax errors; reports the rules the grammar leaves to it (terminators, depth, literal range).

import type { CstNode, IToken } from "chevrotain";
import { type Diagnostic, InternalError, type SourceFile, type Span } from "../diagnostics";
import type * as A from "./ast";

/** Deeper expression trees than this are refused, so later recursive passes can never overflow. */
export const MAX_EXPRESSION_DEPTH = 400;

type Child = CstNode | IToken;

function isToken(c: Child): c is IToken {
  return (c as IToken).image !== undefined;
}

class DepthExceeded extends Error {
  constructor(readonly span: Span) {
    super("expression too deep");
  }
}

export function lowerProgram(
  cst: CstNode,
  source: SourceFile,
): { program: A.Program; diagnostics: Diagnostic[] } {
  const lowering = new Lowering(source);
  const program = lowering.program(cst);
  return { program, diagnostics: lowering.diagnostics };
}

class Lowering {
  readonly diagnostics: Diagnostic[] = [];
  private readonly heights = new WeakMap<A.Expr, number>();

  constructor(private readonly source: SourceFile) {}

  // ---- helpers over the CST ----

  private nodes(n: CstNode, key: string): CstNode[] {
    return (n.children[key] ?? []).filter((c): c is CstNode => !isToken(c));
  }

  private tokens(n: CstNode, key: string): IToken[] {
    return (n.children[key] ?? []).filter(isToken);
  }

  private node(n: CstNode, key: string, i = 0): CstNode {
    const c = this.nodes(n, key)[i];
    if (!c) throw new InternalError(`CST node '${n.name}' has no '${key}' child`);
    return c;
  }

  private optNode(n: CstNode, key: string, i = 0): CstNode | undefined {
    return this.nodes(n, key)[i];
  }

  private token(n: CstNode, key: string, i = 0): IToken {
    const t = this.tokens(n, key)[i];
    if (!t) throw new InternalError(`CST node '${n.name}' has no '${key}' token`);
    return t;
  }

  private tokenSpan(t: IToken): Span {
    return this.source.span(t.startOffset, t.startOffset + t.image.length);
  }

  private nodeSpan(n: CstNode): Span {
    const loc = n.location;
    if (!loc || !Number.isFinite(loc.startOffset))
      throw new InternalError(`CST node '${n.name}' has no location`);
    return this.source.span(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
  }

  private join(a: Span, b: Span): Span {
    return { start: a.start, end: b.end };
  }

  private ident(t: IToken): A.Identifier {
    return { name: t.image, span: this.tokenSpan(t) };
  }

  /** Children of several kinds in source order (operators interleaved with operands). */
  private ordered(n: CstNode, keys: string[]): Child[] {
    const all: Child[] = [];
    for (const k of keys) for (const c of n.children[k] ?? []) all.push(c);
    const start = (c: Child) => (isToken(c) ? c.startOffset : (c.location?.startOffset ?? 0));
    return all.sort((a, b) => start(a) - start(b));
  }

  private track<E extends A.Expr>(e: E, children: readonly A.Expr[] = []): E {
    let h = 0;
    for (const c of children) h = Math.max(h, this.heights.get(c) ?? 1);
    if (h + 1 > MAX_EXPRESSION_DEPTH) throw new DepthExceeded(e.span);
    this.heights.set(e, h + 1);
    return e;
  }

  // ---- program and statements ----

  program(n: CstNode): A.Program {
    const header = this.node(n, "header");
    const descriptionToken = this.tokens(header, "StringLiteral")[0];
    return {
      name: this.ident(this.token(header, "Identifier")),
      description: descriptionToken ? unquote(descriptionToken.image) : undefined,
      statements: this.statements(this.node(n, "statements")),
      span: this.nodeSpan(n),
    };
  }

  private statements(n: CstNode): A.Statement[] {
    const stmts = this.nodes(n, "statement");
    const out: A.Statement[] = [];
    for (const s of stmts) {
      try {
        out.push(this.statement(s));
      } catch (e) {
        if (!(e instanceof DepthExceeded)) throw e;
        this.diagnostics.push({
          severity: "error",
          code: "E0108",
          message: `this expression is nested more than ${MAX_EXPRESSION_DEPTH} operations deep`,
          span: e.span,
          hint: "split it into smaller parts with `let`",
        });
      }
    }
    return out;
  }

  private statement(n: CstNode): A.Statement {
    const [child] = Object.values(n.children).flat() as CstNode[];
    if (!child) throw new InternalError("empty statement node");
    switch (child.name) {
      case "sizeDecl":
        return {
          kind: "size",
          names: this.tokens(child, "Identifier").map((t) => this.ident(t)),
          span: this.nodeSpan(child),
        };
      case "constDecl": {
        const type = this.optNode(child, "typeExpr");
        return {
          kind: "const",
          name: this.ident(this.token(child, "Identifier")),
          type: type ? this.typeExpr(type) : undefined,
          value: this.expression(this.node(child, "expression")),
          span: this.nodeSpan(child),
        };
      }
      case "declaration": {
        const roleToken = this.ordered(child, ["Data", "Param", "Latent"])[0] as IToken;
        const subscripts = this.optNode(child, "subscripts");
        return {
          kind: "variable",
          role: roleToken.image as A.VariableRole,
          name: this.ident(this.token(child, "Identifier")),
          dims: subscripts ? this.expressions(subscripts) : [],
          type: this.typeExpr(this.node(child, "typeExpr")),
          span: this.nodeSpan(child),
        };
      }
      case "letStmt":
        return {
          kind: "let",
          name: this.ident(this.token(child, "Identifier")),
          value: this.expression(this.node(child, "expression")),
          span: this.nodeSpan(child),
        };
      case "forStmt": {
        const exprs = this.nodes(child, "expression");
        return {
          kind: "for",
          index: this.ident(this.token(child, "Identifier")),
          from: this.expression(exprs[0]!),
          to: this.expression(exprs[1]!),
          weight: exprs[2] ? this.expression(exprs[2]) : undefined,
          body: this.statements(this.node(child, "statements")),
          span: this.nodeSpan(child),
        };
      }
      case "tildeStmt":
        return this.tilde(child);
      default:
        throw new InternalError(`unknown statement node '${child.name}'`);
    }
  }

  private tilde(n: CstNode): A.TildeStmt {
    const names = this.tokens(n, "Identifier");
    const targetName = this.ident(names[0]!);
    const subscripts = this.optNode(n, "subscripts");
    const tilde = this.token(n, "Tilde");
    const targetEnd = subscripts ? this.nodeSpan(subscripts) : targetName.span;
    return {
      kind: "tilde",
      target: {
        name: targetName,
        indices: subscripts ? this.expressions(subscripts) : [],
        span: this.join(targetName.span, targetEnd),
      },
      distribution: this.ident(names[1] ?? tilde),
      args: this.expressions(this.node(n, "arguments")),
      censoring: this.nodes(n, "namedArgument").map((a) => ({
        side: this.ident(this.token(a, "Identifier")),
        condition: this.expression(this.node(a, "expression")),
        span: this.nodeSpan(a),
      })),
      span: this.nodeSpan(n),
    };
  }

  private typeExpr(n: CstNode): A.TypeExpr {
    const subscripts = this.optNode(n, "subscripts");
    const paren = this.optNode(n, "expression");
    return {
      name: this.ident(this.token(n, "Identifier")),
      bracket: subscripts ? "[" : paren ? "(" : undefined,
      args: subscripts ? this.expressions(subscripts) : paren ? [this.expression(paren)] : [],
      span: this.nodeSpan(n),
    };
  }

  // ---- expressions ----

  private expressions(n: CstNode): A.Expr[] {
    return this.nodes(n, "expression").map((e) => this.expression(e));
  }

  private expression(n: CstNode): A.Expr {
    return this.comparison(this.node(n, "comparison"));
  }

  private comparison(n: CstNode): A.Expr {
    const left = this.leftChain(this.node(n, "additive", 0), "multiplicative", ["Plus", "Minus"]);
    const opNode = this.optNode(n, "comparisonOperator");
    if (!opNode) return left;
    const opToken = Object.values(opNode.children).flat()[0] as IToken;
    const right = this.leftChain(this.node(n, "additive", 1), "multiplicative", ["Plus", "Minus"]);
    return this.track(
      {
        kind: "compare",
        op: opToken.image as A.ComparisonOperator,
        left,
        right,
        opSpan: this.tokenSpan(opToken),
        span: this.join(left.span, right.span),
      },
      [left, right],
    );
  }

  /** `a + b - c` and `a * b / c`: left-associative chains. */
  private leftChain(n: CstNode, operandKey: "multiplicative" | "unary", opKeys: string[]): A.Expr {
    const parts = this.ordered(n, [operandKey, ...opKeys]);
    const operand = (c: Child) =>
      operandKey === "multiplicative"
        ? this.leftChain(c as CstNode, "unary", ["Star", "Slash"])
        : this.unary(c as CstNode);
    let acc = operand(parts[0]!);
    for (let i = 1; i + 1 < parts.length; i += 2) {
      const op = parts[i] as IToken;
      const right = operand(parts[i + 1]!);
      acc = this.track(
        {
          kind: "binary",
          op: op.image as A.ArithmeticOperator,
          left: acc,
          right,
          opSpan: this.tokenSpan(op),
          span: this.join(acc.span, right.span),
        },
        [acc, right],
      );
    }
    return acc;
  }

  private negations(minuses: IToken[], operand: A.Expr): A.Expr {
    let acc = operand;
    for (let i = minuses.length - 1; i >= 0; i--) {
      const m = minuses[i]!;
      acc = this.track({ kind: "negate", operand: acc, span: this.join(this.tokenSpan(m), acc.span) }, [acc]);
    }
    return acc;
  }

  private unary(n: CstNode): A.Expr {
    return this.negations(this.tokens(n, "Minus"), this.power(this.node(n, "power")));
  }

  /**
   * `a ^ b ^ c` is a ^ (b ^ c); a minus before an exponent applies to the whole tower to its right, as in
   * Python: `2^-x^2` is 2^(-(x^2)).
   */
  private power(n: CstNode): A.Expr {
    const base = this.postfix(this.node(n, "postfix"));
    const exponents = this.nodes(n, "exponent");
    const carets = this.tokens(n, "Caret");
    if (exponents.length === 0) return base;
    const operand = (k: number) => this.postfix(this.node(exponents[k]!, "postfix"));
    const minuses = (k: number) => this.tokens(exponents[k]!, "Minus");
    const last = exponents.length - 1;
    let acc = this.negations(minuses(last), operand(last));
    for (let k = last - 1; k >= -1; k--) {
      const left = k >= 0 ? operand(k) : base;
      const raised: A.Expr = this.track(
        {
          kind: "binary",
          op: "^",
          left,
          right: acc,
          opSpan: this.tokenSpan(carets[k + 1]!),
          span: this.join(left.span, acc.span),
        },
        [left, acc],
      );
      acc = k >= 0 ? this.negations(minuses(k), raised) : raised;
    }
    return acc;
  }

  private postfix(n: CstNode): A.Expr {
    let acc = this.primary(this.node(n, "primary"));
    for (const c of this.ordered(n, ["subscripts", "Quote"]).filter((c) => c !== undefined)) {
      if (isToken(c)) {
        acc = this.track({ kind: "transpose", operand: acc, span: this.join(acc.span, this.tokenSpan(c)) }, [
          acc,
        ]);
      } else {
        const indices = this.expressions(c);
        acc = this.track({ kind: "index", base: acc, indices, span: this.join(acc.span, this.nodeSpan(c)) }, [
          acc,
          ...indices,
        ]);
      }
    }
    return acc;
  }

  private primary(n: CstNode): A.Expr {
    const span = this.nodeSpan(n);
    const num = this.tokens(n, "NumberLiteral")[0];
    if (num) {
      const value = Number(num.image);
      if (!Number.isFinite(value)) {
        this.diagnostics.push({
          severity: "error",
          code: "E0114",
          message: `the number ${num.image} is too large to represent`,
          span,
        });
      }
      return this.track({ kind: "number", value: Number.isFinite(value) ? value : 0, text: num.image, span });
    }
    if (this.tokens(n, "True")[0]) return this.track({ kind: "boolean", value: true, span });
    if (this.tokens(n, "False")[0]) return this.track({ kind: "boolean", value: false, span });
    const name = this.tokens(n, "Identifier")[0];
    if (name) {
      const args = this.optNode(n, "arguments");
      if (!args) return this.track({ kind: "name", name: name.image, span });
      const list = this.expressions(args);
      return this.track({ kind: "call", callee: this.ident(name), args: list, span }, list);
    }
    const inner = this.optNode(n, "expression");
    if (inner) return this.expression(inner);
    const array = this.node(n, "arrayLiteral");
    const elements = this.expressions(array);
    return this.track({ kind: "array", elements, span }, elements);
  }
}

/** The value of a string literal: only `\"` and `\\` are escapes (the lexer rejects others). */
function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(["\\])/g, "$1");
}
