// Builder declarations: `size`, `const`, `data` / `param` / `latent`, and top-level `let`, as statements
// that become the same AST nodes the parser makes.

import type { Span } from "../../diagnostics";
import type * as A from "../../syntax";
import { type DimLike, dimAst, type ExprLike, exprAst } from "./expression";
import { ModelStatement } from "./statements";
import type { TypeSpec } from "./types";

export class SizeDeclaration extends ModelStatement {
  constructor(
    private readonly names: readonly string[],
    private readonly span: Span,
  ) {
    super();
  }
  toAst(): A.SizeDecl {
    return { kind: "size", names: this.names.map((name) => ({ name, span: this.span })), span: this.span };
  }
}

export class ConstDeclaration extends ModelStatement {
  constructor(
    private readonly name: string,
    private readonly type: TypeSpec | undefined,
    private readonly value: ExprLike,
    private readonly span: Span,
  ) {
    super();
  }
  toAst(): A.ConstDecl {
    return {
      kind: "const",
      name: { name: this.name, span: this.span },
      type: this.type?.toAst(this.span),
      value: exprAst(this.value, this.span),
      span: this.span,
    };
  }
}

export class VariableDeclaration extends ModelStatement {
  constructor(
    private readonly role: A.VariableRole,
    private readonly name: string,
    private readonly dims: readonly DimLike[],
    private readonly type: TypeSpec,
    private readonly span: Span,
  ) {
    super();
  }
  toAst(): A.VariableDecl {
    return {
      kind: "variable",
      role: this.role,
      name: { name: this.name, span: this.span },
      dims: this.dims.map((d) => dimAst(d, this.span)),
      type: this.type.toAst(this.span),
      span: this.span,
    };
  }
}
