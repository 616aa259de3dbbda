// The check stage: walks the program in order, declaring names and typing every statement, then
// applies the `~` coverage rules and reports unused declarations. Returns a checked model or errors.

import { type Diagnostic, hasErrors } from "../diagnostics";
import type * as A from "../syntax";
import type { CheckedModel, CheckedTilde } from "./checked-model";
import { CheckContext } from "./context";
import { type Coverage, checkCoverage, targetBox } from "./coverage";
import { type Dim, dimValue, knownDim, symbolDim } from "./dims";
import { ExpressionChecker, type ExprInfo } from "./expressions";
import { resolveSize, resolveType, withArrayDims } from "./resolve-type";
import type { ConstValue, ModelSymbol, SymbolKind } from "./symbols";
import { checkTilde } from "./tilde";
import { COUNT, formatType, INT, rank, sameDims, scalar, type ValueType } from "./types";

export interface CheckOptions {
  /** Values for sizes and constants (`--set N=100`): sizes become known, constants are replaced. */
  readonly overrides?: ReadonlyMap<string, ConstValue>;
}

export interface CheckResult {
  /** Present when there are no errors. */
  readonly model: CheckedModel | undefined;
  readonly diagnostics: Diagnostic[];
}

export function check(program: A.Program, options: CheckOptions = {}): CheckResult {
  const checker = new Checker(program, options);
  return checker.run();
}

const dynamicKinds: readonly SymbolKind[] = ["data", "param", "latent"];

class Checker {
  private readonly ctx = new CheckContext();
  private readonly exprs = new ExpressionChecker(this.ctx);
  private readonly plates: A.ForStmt[] = [];
  private readonly tildes: CheckedTilde[] = [];
  private readonly coverage = new Map<ModelSymbol, Coverage[]>();
  private readonly topLevel = new Map<string, ModelSymbol>();

  constructor(
    private readonly program: A.Program,
    private readonly options: CheckOptions,
  ) {}

  run(): CheckResult {
    this.ctx.modelName = this.program.name.name;
    this.collectDeclarations(this.program.statements);
    for (const s of this.program.statements) this.statement(s);
    for (const symbol of this.topLevel.values()) {
      if (
        (symbol.kind === "data" || symbol.kind === "param" || symbol.kind === "latent") &&
        !symbol.poisoned &&
        !this.failedTargets.has(symbol)
      ) {
        checkCoverage(this.ctx, symbol, this.coverage.get(symbol) ?? []);
      }
    }
    this.reportUnused();
    const diagnostics = this.ctx.diagnostics;
    if (hasErrors(diagnostics)) return { model: undefined, diagnostics };
    return {
      model: {
        program: this.program,
        symbols: this.topLevel,
        tildes: this.tildes,
        types: this.ctx.types,
        resolved: this.ctx.resolved,
        deferred: this.ctx.deferred,
      },
      diagnostics,
    };
  }

  /** Records where every name is first declared, so a use before it says "not yet", not "never". */
  private collectDeclarations(statements: readonly A.Statement[]): void {
    const note = (id: A.Identifier) => {
      if (!this.ctx.declaredAnywhere.has(id.name)) this.ctx.declaredAnywhere.set(id.name, id.span);
    };
    for (const s of statements) {
      if (s.kind === "size") s.names.forEach(note);
      else if (s.kind === "const" || s.kind === "variable" || s.kind === "let") note(s.name);
      else if (s.kind === "for") this.collectDeclarations(s.body);
    }
  }

  private declare(symbol: ModelSymbol): boolean {
    if (symbol.name === "__proto__") {
      // Results, params and data objects are keyed by these names, and in JavaScript `__proto__` is not
      // an ordinary key: refused here, once, rather than lost or misread later.
      this.ctx.error(
        "E0232",
        symbol.span,
        "'__proto__' cannot be a name: results, params and data are objects keyed by name, and in JavaScript this key is not an ordinary one",
        "choose another name",
      );
    }
    const existing = this.ctx.scope.lookup(symbol.name);
    if (existing) {
      this.ctx.error(
        "E0203",
        symbol.span,
        `'${symbol.name}' is already declared`,
        existing.kind === "index"
          ? "a name inside a plate cannot reuse the plate's index"
          : "choose another name",
        [{ span: existing.span, message: `'${symbol.name}' is first declared` }],
      );
      return false;
    }
    if (this.ctx.usedEarly.has(symbol.name)) symbol.used = true;
    this.ctx.scope.declare(symbol);
    if (this.plates.length === 0 || symbol.declaration.kind !== "let") this.topLevel.set(symbol.name, symbol);
    return true;
  }

  private notInPlate(s: A.Statement, what: string): boolean {
    if (this.plates.length === 0) return true;
    this.ctx.error(
      "E0225",
      s.span,
      `${what} belongs at the top level, not inside a 'for' block`,
      "move the declaration above the 'for'",
    );
    return false;
  }

  private statement(s: A.Statement): void {
    switch (s.kind) {
      // A misplaced declaration is reported and still declared, so its uses report nothing more.
      case "size":
        this.notInPlate(s, "a `size` declaration");
        this.size(s);
        return;
      case "const":
        this.notInPlate(s, "a `const` declaration");
        this.constant(s);
        return;
      case "variable":
        this.notInPlate(s, `a \`${s.role}\` declaration`);
        this.variable(s);
        return;
      case "let":
        this.let(s);
        return;
      case "for":
        this.plate(s);
        return;
      case "tilde":
        this.tilde(s);
        return;
    }
  }

  private size(s: A.SizeDecl): void {
    for (const id of s.names) {
      const override = this.options.overrides?.get(id.name);
      const known =
        typeof override === "number" && Number.isInteger(override) && override >= 0 ? override : undefined;
      this.declare({
        name: id.name,
        kind: "size",
        type: scalar(COUNT),
        span: id.span,
        declaration: s,
        ...(known === undefined ? { dim: symbolDim(id.name) } : { dim: knownDim(known), value: known }),
        dependsOn: new Set(),
        poisoned: false,
        used: false,
      });
    }
  }

  private constant(s: A.ConstDecl): void {
    const info = this.exprs.infer(s.value);
    let type = info.type;
    let ok = !info.poisoned;
    const dynamic = dynamicKinds.find((k) => info.dependsOn.has(k) || info.dependsOn.has("let"));
    if (ok && dynamic) {
      this.ctx.error(
        "E0230",
        s.value.span,
        "a constant's value can use only numbers, earlier constants and sizes",
        `this reads a ${dynamic}`,
      );
      ok = false;
    }
    if (ok && s.type) {
      const declared = resolveType(s.type, this.ctx, this.exprs);
      if (!declared) ok = false;
      else if (!this.constFits(s, declared, info)) ok = false;
      else type = declared;
    }
    const override = this.options.overrides?.get(s.name.name);
    const value = override ?? info.value;
    const dim =
      typeof value === "number" && Number.isInteger(value)
        ? knownDim(value)
        : override === undefined
          ? info.dim
          : undefined;
    if (typeof value === "number" && Number.isInteger(value) && !s.type)
      type = scalar(value >= 0 ? COUNT : INT);
    this.declare({
      name: s.name.name,
      kind: "const",
      type: ok ? type : scalar(),
      span: s.name.span,
      declaration: s,
      ...(value === undefined ? {} : { value }),
      ...(dim === undefined ? {} : { dim }),
      dependsOn: new Set(["const"]),
      poisoned: !ok,
      used: false,
    });
  }

  private constFits(s: A.ConstDecl, declared: ValueType, info: ExprInfo): boolean {
    const shapes = sameDims(declared.dims, info.type.dims);
    if (shapes === "no") {
      this.ctx.error(
        "E0226",
        s.value.span,
        `'${s.name.name}' is declared ${formatType(declared)}, but its value is a ${formatType(info.type)}`,
      );
      return false;
    }
    const d = declared.domain;
    const values = info.value === undefined ? undefined : [info.value].flat(2);
    const fits = (x: number) =>
      (!d.integer || Number.isInteger(x)) &&
      (!d.positive || x > 0) &&
      (!d.nonnegative || x >= 0) &&
      (!d.atMostOne || x <= 1) &&
      (!d.categories || dimValue(d.categories) === undefined || x <= dimValue(d.categories)!);
    const badValue = values?.find((x) => !fits(x));
    if (badValue !== undefined) {
      this.ctx.error(
        "E0226",
        s.value.span,
        `'${s.name.name}' is declared ${formatType(declared)}, but its value includes ${badValue}`,
      );
      return false;
    }
    if (
      declared.structure === "simplex" &&
      values &&
      Math.abs(values.reduce((a, b) => a + b, 0) - 1) > 1e-9
    ) {
      this.ctx.error(
        "E0226",
        s.value.span,
        `'${s.name.name}' is declared a simplex, but its entries sum to ${values.reduce((a, b) => a + b, 0)}`,
      );
      return false;
    }
    return true;
  }

  private variable(s: A.VariableDecl): void {
    const dims = s.dims.map((d) => resolveSize(d, this.ctx, this.exprs, `the size of '${s.name.name}'`));
    const type = resolveType(s.type, this.ctx, this.exprs);
    let ok = type !== undefined && dims.every((d) => d !== undefined);
    if (type && s.role === "param" && type.domain.integer) {
      this.ctx.error(
        "E0214",
        s.type.span,
        `a param is continuous and cannot be ${s.type.name.name}`,
        "a discrete unknown is a `latent`; a known integer is `data` or a `const`",
      );
      ok = false;
    }
    this.declare({
      name: s.name.name,
      kind: s.role,
      // A declaration with a bad type still declares its name, so its uses report nothing more.
      type: ok
        ? withArrayDims(dims as Dim[], type!)
        : { dims: [], domain: scalar().domain, structure: undefined },
      span: s.name.span,
      declaration: s,
      dependsOn: new Set([s.role]),
      poisoned: !ok,
      used: false,
    });
  }

  private let(s: A.LetStmt): void {
    const info = this.exprs.infer(s.value);
    this.declare({
      name: s.name.name,
      kind: "let",
      type: info.type,
      span: s.name.span,
      declaration: s,
      ...(info.value === undefined ? {} : { value: info.value }),
      ...(info.dim === undefined ? {} : { dim: info.dim }),
      dependsOn: info.dependsOn,
      poisoned: info.poisoned,
      used: false,
    });
  }

  private plateBound(e: A.Expr, which: string): Dim | undefined | "error" {
    const info = this.exprs.infer(e);
    if (info.poisoned) return "error";
    if (rank(info.type) !== 0 || !info.type.domain.integer) {
      this.ctx.error(
        "E0227",
        e.span,
        `the ${which} of a plate range must be an integer; this is a ${formatType(info.type)}`,
      );
      return "error";
    }
    if (info.dependsOn.has("param") || info.dependsOn.has("latent")) {
      this.ctx.error("E0230", e.span, `the ${which} of a plate range must not depend on a param or latent`);
      return "error";
    }
    return info.dim;
  }

  private plate(s: A.ForStmt): void {
    const from = this.plateBound(s.from, "start");
    const to = this.plateBound(s.to, "end");
    this.ctx.enter();
    this.declare({
      name: s.index.name,
      kind: "index",
      type: scalar(INT),
      span: s.index.span,
      declaration: s,
      plate: { statement: s, from: from === "error" ? undefined : from, to: to === "error" ? undefined : to },
      dependsOn: new Set(["index"]),
      poisoned: false,
      used: false,
    });
    if (s.weight) this.weight(s.weight);
    this.plates.push(s);
    for (const b of s.body) this.statement(b);
    this.plates.pop();
    this.ctx.leave();
  }

  private weight(w: A.Expr): void {
    const info = this.exprs.infer(w);
    if (info.poisoned) return;
    if (rank(info.type) !== 0) {
      this.ctx.error(
        "E0224",
        w.span,
        `a weight is a scalar per plate element; this is a ${formatType(info.type)}`,
      );
    } else if (info.dependsOn.has("param") || info.dependsOn.has("latent")) {
      this.ctx.error(
        "E0224",
        w.span,
        "a weight must be read from data or constants, not from params or latents",
        "weights are frequencies: how many copies each element stands for",
      );
    } else if (typeof info.value === "number" && info.value < 0) {
      this.ctx.error("E0224", w.span, `a weight must be ≥ 0, but it is ${info.value}`);
    } else if (info.variable && info.variable.kind === "data" && !info.type.domain.nonnegative) {
      // Data values are checked when the data is bound.
    }
  }

  private tilde(s: A.TildeStmt): void {
    const { parts, target } = checkTilde(s, this.ctx, this.exprs);
    if (target) this.targeted.add(target);
    if (!parts) {
      // A `~` with an error still gives its target a distribution: no "never the target" cascade.
      if (target) this.failedTargets.add(target);
      return;
    }
    const box = targetBox(
      this.ctx,
      parts.target,
      parts.indices,
      s.target.indices.map((i) => i.span),
    );
    if (box === "error") {
      this.failedTargets.add(parts.target);
      return;
    }
    const list = this.coverage.get(parts.target) ?? [];
    list.push({ symbol: parts.target, span: s.target.span, covers: box });
    this.coverage.set(parts.target, list);
    this.tildes.push({
      statement: s,
      target: parts.target,
      distribution: parts.distribution,
      plates: [...this.plates],
      covers: box,
    });
  }

  private readonly targeted = new Set<ModelSymbol>();
  private readonly failedTargets = new Set<ModelSymbol>();

  private reportUnused(): void {
    const targeted = this.targeted;
    for (const s of this.topLevel.values()) {
      if (s.poisoned) continue;
      if (s.kind === "param" && !s.used) {
        this.ctx.warning(
          "W0250",
          s.span,
          `param '${s.name}' is never used`,
          "a param that no distribution reads cannot be estimated",
        );
      } else if (s.kind === "data" && !s.used && !targeted.has(s)) {
        this.ctx.warning(
          "W0251",
          s.span,
          `data '${s.name}' is neither the target of a '~' nor used in an expression`,
        );
      } else if ((s.kind === "let" || s.kind === "const") && !s.used) {
        this.ctx.warning("W0250", s.span, `${s.kind} '${s.name}' is never used`);
      }
    }
  }
}
