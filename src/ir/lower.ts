// Lowering a checked model to the IR: names resolve to variables, plate indices, sizes and constant
// values; `let`s are inlined where they are used; every `~` becomes a factor with its plates.

import { type CheckedModel, type ConstValue, INT, type ModelSymbol, scalar } from "../check";
import { InternalError } from "../diagnostics";
import { distributions } from "../distributions";
import type * as A from "../syntax";
import type { IRExpr, IRFactor, IRPlate, IRStatement, IRVariable, ModelIR } from "./model-ir";

export interface LowerOptions {
  /** Constant values that replace the declared ones (`--set`). */
  readonly consts?: ReadonlyMap<string, ConstValue>;
}

export function lower(model: CheckedModel, options: LowerOptions = {}): ModelIR {
  return new Lowering(model, options).run();
}

class Lowering {
  private readonly variables = new Map<string, IRVariable>();
  private readonly consts = new Map<string, ConstValue>();
  private readonly plates: IRPlate[] = [];
  private readonly factors: IRFactor[] = [];
  /** In-scope lets and plate indices, innermost last. */
  private readonly scopes: Map<string, IRExpr>[] = [new Map()];
  private readonly plateStack: IRPlate[] = [];

  constructor(
    private readonly model: CheckedModel,
    private readonly options: LowerOptions,
  ) {}

  run(): ModelIR {
    const sizes: string[] = [];
    for (const s of this.model.symbols.values()) {
      if (s.kind === "size") sizes.push(s.name);
      if (s.kind === "const") {
        const v = this.options.consts?.get(s.name) ?? s.value;
        if (v === undefined) throw new InternalError(`constant '${s.name}' has no value`);
        this.consts.set(s.name, v);
      }
      if (s.kind === "data" || s.kind === "param" || s.kind === "latent") {
        this.variables.set(s.name, { name: s.name, role: s.kind, type: s.type, symbol: s });
      }
    }
    const program = this.model.program;
    return {
      name: program.name.name,
      description: program.description,
      variables: this.variables,
      sizes,
      consts: this.consts,
      plates: this.plates,
      factors: this.factors,
      statements: this.statements(program.statements),
    };
  }

  private statements(list: readonly A.Statement[]): IRStatement[] {
    const out: IRStatement[] = [];
    for (const s of list) {
      if (s.kind === "let") this.scopes[this.scopes.length - 1]!.set(s.name.name, this.expr(s.value));
      else if (s.kind === "for") out.push(this.plate(s));
      else if (s.kind === "tilde") out.push({ kind: "factor", factor: this.factor(s) });
    }
    return out;
  }

  private plate(s: A.ForStmt): IRStatement {
    const plate: { -readonly [K in keyof IRPlate]: IRPlate[K] } = {
      id: this.plates.length,
      index: s.index.name,
      from: this.expr(s.from),
      to: this.expr(s.to),
      weight: undefined,
      parent: this.plateStack[this.plateStack.length - 1],
      span: s.span,
    };
    this.scopes.push(new Map([[s.index.name, { kind: "plate-index", plate, type: scalar(INT) }]]));
    // The weight is an expression in the plate's own index, so it is lowered inside the plate's scope.
    if (s.weight) plate.weight = this.expr(s.weight);
    this.plates.push(plate);
    this.plateStack.push(plate);
    const body = this.statements(s.body);
    this.plateStack.pop();
    this.scopes.pop();
    return { kind: "plate", plate, body };
  }

  private factor(s: A.TildeStmt): IRFactor {
    const target = this.variables.get(s.target.name.name);
    const distribution = distributions.get(s.distribution.name);
    if (!target || !distribution)
      throw new InternalError(`unchecked '~' statement for '${s.target.name.name}'`);
    const factor: IRFactor = {
      id: this.factors.length,
      target,
      targetIndices: s.target.indices.map((i) => this.expr(i)),
      distribution,
      args: s.args.map((a) => this.expr(a)),
      plates: [...this.plateStack],
      censoring: s.censoring.map((c) => ({
        side: c.side.name === "left" ? "left" : "right",
        condition: this.expr(c.condition),
      })),
      statement: s,
      span: s.span,
    };
    this.factors.push(factor);
    return factor;
  }

  private lookup(name: string): IRExpr | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const e = this.scopes[i]!.get(name);
      if (e) return e;
    }
    return undefined;
  }

  private symbolExpr(e: A.NameExpr, s: ModelSymbol): IRExpr {
    const type = this.model.types.get(e)!;
    switch (s.kind) {
      case "size":
        return typeof s.value === "number"
          ? { kind: "const", value: s.value, type }
          : { kind: "size", name: s.name, type };
      case "const":
        return { kind: "const", value: this.consts.get(s.name)!, type };
      case "data":
      case "param":
      case "latent":
        return { kind: "variable", variable: this.variables.get(s.name)!, type };
      case "let":
      case "index": {
        const bound = this.lookup(s.name);
        if (!bound) throw new InternalError(`'${s.name}' is not in scope while lowering`);
        return bound;
      }
    }
  }

  expr(e: A.Expr): IRExpr {
    const type = this.model.types.get(e);
    if (!type) throw new InternalError(`expression at ${e.span.start.line}:${e.span.start.col} has no type`);
    switch (e.kind) {
      case "number":
        return { kind: "const", value: e.value, type };
      case "boolean":
        return { kind: "const", value: e.value ? 1 : 0, type };
      case "name": {
        const s = this.model.resolved.get(e);
        if (!s) throw new InternalError(`name '${e.name}' was not resolved`);
        return this.symbolExpr(e, s);
      }
      case "negate":
        return { kind: "unary", op: "neg", operand: this.expr(e.operand), type };
      case "transpose":
        return { kind: "unary", op: "transpose", operand: this.expr(e.operand), type };
      case "binary":
      case "compare":
        return { kind: "binary", op: e.op, left: this.expr(e.left), right: this.expr(e.right), type };
      case "index":
        return { kind: "index", base: this.expr(e.base), indices: e.indices.map((i) => this.expr(i)), type };
      case "call":
        return { kind: "call", fn: e.callee.name, args: e.args.map((a) => this.expr(a)), type };
      case "array":
        return { kind: "array", elements: e.elements.map((x) => this.expr(x)), type };
    }
  }
}
