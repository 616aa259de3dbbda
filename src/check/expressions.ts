// Typing of expressions: shapes through operators, indexing and functions (docs/language.md), what is
// known of values (sign, integrality, constants), and which kinds of names an expression reads.

import { closestName } from "../diagnostics";
import { distributions } from "../distributions";
import type * as A from "../syntax";
import type { CheckContext } from "./context";
import {
  addDims,
  type Dim,
  dimAtMost,
  dimsEqual,
  dimValue,
  formatDim,
  knownDim,
  multiplyDims,
  subtractDims,
} from "./dims";
import { functions } from "./functions";
import type { ConstValue, ModelSymbol, SymbolKind } from "./symbols";
import {
  BOOL,
  type ElementDomain,
  formatType,
  INT,
  matrix,
  PROB,
  productDomain,
  REAL,
  rank,
  sameDims,
  scalar,
  sumDomain,
  type ValueType,
  vector,
} from "./types";

export interface ExprInfo {
  readonly type: ValueType;
  /** An error was already reported inside: checks on this value are skipped to avoid cascades. */
  readonly poisoned: boolean;
  readonly value?: ConstValue;
  /** The integer value as a size expression (sizes, integer constants and their arithmetic). */
  readonly dim?: Dim;
  /** The declared variable this expression reads directly (`x`, `x[n]`, `mu[z[n]]`). */
  readonly variable?: ModelSymbol;
  /** For a plate index, possibly ± a constant: its range. */
  readonly plateRange?: { readonly from: Dim; readonly to: Dim; readonly index: ModelSymbol };
  readonly dependsOn: ReadonlySet<SymbolKind>;
}

const POISONED: ExprInfo = { type: scalar(), poisoned: true, dependsOn: new Set() };

function domainOfNumber(v: number): ElementDomain {
  return {
    positive: v > 0,
    nonnegative: v >= 0,
    atMostOne: v >= 0 && v <= 1,
    integer: Number.isInteger(v),
  };
}

function union(...sets: ReadonlySet<SymbolKind>[]): Set<SymbolKind> {
  const out = new Set<SymbolKind>();
  for (const s of sets) for (const k of s) out.add(k);
  return out;
}

function scalarValue(info: ExprInfo): number | undefined {
  return typeof info.value === "number" ? info.value : undefined;
}

function meet(ds: ElementDomain[]): ElementDomain {
  return {
    positive: ds.every((d) => d.positive),
    nonnegative: ds.every((d) => d.nonnegative),
    atMostOne: ds.every((d) => d.atMostOne),
    integer: ds.every((d) => d.integer),
  };
}

export class ExpressionChecker {
  constructor(private readonly ctx: CheckContext) {}

  infer(e: A.Expr): ExprInfo {
    const info = this.inferUncached(e);
    this.ctx.types.set(e, info.type);
    return info;
  }

  private inferUncached(e: A.Expr): ExprInfo {
    switch (e.kind) {
      case "number":
        return {
          type: scalar(domainOfNumber(e.value)),
          poisoned: false,
          value: e.value,
          ...(Number.isInteger(e.value) ? { dim: knownDim(e.value) } : {}),
          dependsOn: new Set(),
        };
      case "boolean":
        return {
          type: scalar(BOOL),
          poisoned: false,
          value: e.value ? 1 : 0,
          dim: knownDim(e.value ? 1 : 0),
          dependsOn: new Set(),
        };
      case "name":
        return this.name(e);
      case "negate":
        return this.negate(e);
      case "binary":
        return this.binary(e);
      case "compare":
        return this.compare(e);
      case "transpose":
        return this.transpose(e);
      case "index":
        return this.index(e);
      case "call":
        return this.call(e);
      case "array":
        return this.array(e);
    }
  }

  /** Reports a name that is not in scope, saying whether it comes later or is a known function. */
  unknownName(name: string, span: A.Identifier["span"]): void {
    const later = this.ctx.declaredAnywhere.get(name);
    if (later && later.start.offset > span.start.offset) {
      this.ctx.usedEarly.add(name);
      this.ctx.error(
        "E0202",
        span,
        `'${name}' is used before its declaration`,
        "declare it above its first use",
        [{ span: later, message: `'${name}' is declared` }],
      );
      return;
    }
    if (functions.has(name)) {
      this.ctx.error("E0201", span, `'${name}' is a function, not a value`, `call it: ${name}(…)`);
      return;
    }
    if (distributions.has(name)) {
      this.ctx.error(
        "E0201",
        span,
        `'${name}' is a distribution, not a value`,
        `use it after '~': x ~ ${name}(…)`,
      );
      return;
    }
    const near = closestName(name, this.ctx.scope.visibleNames());
    const hint =
      name === this.ctx.modelName
        ? `'${name}' names the model, and the model's name is not in scope`
        : near
          ? `did you mean '${near}'?`
          : "declare it with `size`, `const`, `data`, `param`, `latent` or `let`";
    this.ctx.error("E0201", span, `'${name}' is not declared`, hint);
  }

  private name(e: A.NameExpr): ExprInfo {
    const s = this.ctx.scope.lookup(e.name);
    if (!s) {
      this.unknownName(e.name, e.span);
      return POISONED;
    }
    s.used = true;
    this.ctx.resolved.set(e, s);
    if (s.poisoned) return POISONED;
    const isVariable = s.kind === "data" || s.kind === "param" || s.kind === "latent";
    const dependsOn = s.kind === "let" ? union(s.dependsOn, new Set(["let"])) : new Set<SymbolKind>([s.kind]);
    const plate = s.plate;
    return {
      type: s.type,
      poisoned: false,
      ...(s.value === undefined ? {} : { value: s.value }),
      ...(s.dim === undefined ? {} : { dim: s.dim }),
      ...(isVariable ? { variable: s } : {}),
      ...(plate?.from && plate.to ? { plateRange: { from: plate.from, to: plate.to, index: s } } : {}),
      dependsOn,
    };
  }

  private negate(e: A.NegateExpr): ExprInfo {
    const x = this.infer(e.operand);
    if (x.poisoned) return POISONED;
    const v = scalarValue(x);
    return {
      type: {
        dims: x.type.dims,
        domain: v === undefined ? (x.type.domain.integer ? INT : REAL) : domainOfNumber(-v),
        structure: undefined,
      },
      poisoned: false,
      ...(v === undefined ? {} : { value: -v }),
      ...(x.dim === undefined ? {} : { dim: subtractDims(knownDim(0), x.dim) }),
      dependsOn: x.dependsOn,
    };
  }

  private binary(e: A.BinaryExpr): ExprInfo {
    const l = this.infer(e.left);
    const r = this.infer(e.right);
    if (l.poisoned || r.poisoned) return POISONED;
    const dependsOn = union(l.dependsOn, r.dependsOn);
    const lv = scalarValue(l);
    const rv = scalarValue(r);
    const known = (v: number) => (Number.isFinite(v) ? { value: v } : {});
    switch (e.op) {
      case "+":
      case "-": {
        const dims = this.elementwiseDims(e, l.type, r.type);
        if (!dims) return POISONED;
        const plus = e.op === "+";
        let domain = plus
          ? sumDomain(l.type.domain, r.type.domain)
          : l.type.domain.integer && r.type.domain.integer
            ? INT
            : REAL;
        if (!plus && lv === 1 && r.type.domain.atMostOne && r.type.domain.nonnegative) domain = PROB;
        const value = lv !== undefined && rv !== undefined ? (plus ? lv + rv : lv - rv) : undefined;
        if (value !== undefined) domain = domainOfNumber(value);
        const dim = l.dim && r.dim ? (plus ? addDims(l.dim, r.dim) : subtractDims(l.dim, r.dim)) : undefined;
        const structure =
          plus && l.type.structure === "cov" && r.type.structure === "cov" ? "cov" : undefined;
        return {
          type: { dims, domain, structure },
          poisoned: false,
          ...(value === undefined ? {} : known(value)),
          ...(dim === undefined ? {} : { dim }),
          ...this.shiftedPlate(l, r, e.op),
          dependsOn,
        };
      }
      case "*":
        return this.multiply(e, l, r, dependsOn);
      case "/": {
        if (rank(r.type) !== 0) {
          this.ctx.error(
            "E0207",
            e.right.span,
            `'/' divides by a scalar; the divisor here is a ${formatType(r.type)}`,
            "elementwise division of vectors is not part of the language",
          );
          return POISONED;
        }
        if (rv === 0) {
          this.ctx.error("E0208", e.right.span, "division by zero");
          return POISONED;
        }
        const ld = l.type.domain;
        const rd = r.type.domain;
        const domain: ElementDomain =
          lv !== undefined && rv !== undefined
            ? domainOfNumber(lv / rv)
            : {
                positive: ld.positive && rd.positive,
                nonnegative: ld.nonnegative && rd.positive,
                atMostOne: false,
                integer: false,
              };
        const dim =
          l.dim && rv !== undefined && Number.isInteger(rv) && rv !== 0
            ? exactQuotient(l.dim, rv)
            : undefined;
        return {
          type: { dims: l.type.dims, domain, structure: undefined },
          poisoned: false,
          ...(lv !== undefined && rv !== undefined ? known(lv / rv) : {}),
          ...(dim === undefined ? {} : { dim }),
          dependsOn,
        };
      }
      case "^": {
        for (const [side, info] of [
          [e.left, l],
          [e.right, r],
        ] as const) {
          if (rank(info.type) !== 0) {
            this.ctx.error("E0207", side.span, `'^' takes scalars; this is a ${formatType(info.type)}`);
            return POISONED;
          }
        }
        const ld = l.type.domain;
        const value = lv !== undefined && rv !== undefined ? lv ** rv : undefined;
        if (value !== undefined && !Number.isFinite(value)) {
          this.ctx.error("E0208", e.span, `${lv}^${rv} is not a finite number`);
          return POISONED;
        }
        const domain: ElementDomain =
          value !== undefined
            ? domainOfNumber(value)
            : {
                positive: ld.positive,
                nonnegative: ld.nonnegative || (rv !== undefined && rv % 2 === 0),
                atMostOne: ld.atMostOne && ld.nonnegative && r.type.domain.positive,
                integer: ld.integer && r.type.domain.integer && r.type.domain.nonnegative,
              };
        return {
          type: scalar(domain),
          poisoned: false,
          ...(value === undefined ? {} : { value }),
          dependsOn,
        };
      }
    }
  }

  /** `n + 1`, `n - 1`, `1 + n`: a plate index shifted by a constant keeps a (shifted) range. */
  private shiftedPlate(l: ExprInfo, r: ExprInfo, op: "+" | "-"): Pick<ExprInfo, "plateRange"> {
    const shift = (index: ExprInfo, offset: Dim | undefined) => {
      if (!index.plateRange || offset === undefined || dimValue(offset) === undefined) return {};
      const { from, to } = index.plateRange;
      return {
        plateRange: { from: addDims(from, offset), to: addDims(to, offset), index: index.plateRange.index },
      };
    };
    if (op === "-") return shift(l, r.dim && subtractDims(knownDim(0), r.dim));
    return l.plateRange ? shift(l, r.dim) : shift(r, l.dim);
  }

  /** Shapes for `+`/`-`: equal shapes, or a scalar with anything (broadcast). */
  private elementwiseDims(e: A.BinaryExpr, l: ValueType, r: ValueType): readonly Dim[] | undefined {
    if (rank(l) === 0) return r.dims;
    if (rank(r) === 0) return l.dims;
    const same = sameDims(l.dims, r.dims);
    if (same === "no") {
      this.ctx.error(
        "E0209",
        e.opSpan,
        `cannot apply '${e.op}' to a ${formatType(l)} and a ${formatType(r)}`,
        "both sides need the same shape (or one side a scalar)",
      );
      return undefined;
    }
    if (same === "unknown") {
      l.dims.forEach((d, i) => {
        if (dimsEqual(d, r.dims[i]!) === "unknown")
          this.ctx.deferEqual(d, r.dims[i]!, e.opSpan, `the sides of '${e.op}'`);
      });
    }
    return l.dims;
  }

  /** `*`: scaling when a side is scalar, else the matrix product with vectors as columns. */
  private multiply(e: A.BinaryExpr, l: ExprInfo, r: ExprInfo, dependsOn: Set<SymbolKind>): ExprInfo {
    const lv = scalarValue(l);
    const rv = scalarValue(r);
    const dim = l.dim && r.dim ? multiplyDims(l.dim, r.dim) : undefined;
    if (rank(l.type) === 0 || rank(r.type) === 0) {
      const [s, other] = rank(l.type) === 0 ? [l, r] : [r, l];
      const domain =
        lv !== undefined && rv !== undefined
          ? domainOfNumber(lv * rv)
          : productDomain(l.type.domain, r.type.domain);
      const structure = other.type.structure === "cov" && s.type.domain.positive ? "cov" : undefined;
      return {
        type: { dims: other.type.dims, domain, structure },
        poisoned: false,
        ...(lv !== undefined && rv !== undefined ? { value: lv * rv } : {}),
        ...(dim === undefined ? {} : { dim }),
        dependsOn,
      };
    }
    if (rank(l.type) > 2 || rank(r.type) > 2) {
      const bad = rank(l.type) > 2 ? e.left : e.right;
      this.ctx.error(
        "E0207",
        bad.span,
        `'*' takes scalars, vectors and matrices; this is a ${formatType(this.ctx.types.get(bad)!)}`,
        "index the array first",
      );
      return POISONED;
    }
    if (rank(l.type) === 1 && rank(r.type) === 1) {
      this.ctx.error(
        "E0209",
        e.opSpan,
        "'*' of two vectors is not defined (a vector is a column)",
        "write v' * w for the inner product, or v * w' for the outer product",
      );
      return POISONED;
    }
    const one = knownDim(1);
    const [lr, lc] = rank(l.type) === 1 ? [l.type.dims[0]!, one] : [l.type.dims[0]!, l.type.dims[1]!];
    const [rr, rc] = rank(r.type) === 1 ? [r.type.dims[0]!, one] : [r.type.dims[0]!, r.type.dims[1]!];
    const inner = dimsEqual(lc, rr);
    if (inner === "no") {
      this.ctx.error(
        "E0209",
        e.opSpan,
        `cannot multiply a ${formatType(l.type)} by a ${formatType(r.type)}: the inner sizes ${formatDim(lc)} and ${formatDim(rr)} differ`,
      );
      return POISONED;
    }
    if (inner === "unknown") this.ctx.deferEqual(lc, rr, e.opSpan, "the inner sizes of '*'");
    const domain: ElementDomain = {
      ...REAL,
      nonnegative: l.type.domain.nonnegative && r.type.domain.nonnegative,
    };
    let type: ValueType;
    if (dimValue(lr) === 1 && dimValue(rc) === 1) type = scalar(domain);
    else if (rank(r.type) === 1) type = vector(lr, domain);
    else type = matrix(lr, rc, domain);
    return { type, poisoned: false, dependsOn };
  }

  private compare(e: A.CompareExpr): ExprInfo {
    const l = this.infer(e.left);
    const r = this.infer(e.right);
    if (l.poisoned || r.poisoned) return POISONED;
    for (const [side, info] of [
      [e.left, l],
      [e.right, r],
    ] as const) {
      if (rank(info.type) !== 0) {
        this.ctx.error("E0207", side.span, `'${e.op}' compares scalars; this is a ${formatType(info.type)}`);
        return POISONED;
      }
    }
    const lv = scalarValue(l);
    const rv = scalarValue(r);
    let value: number | undefined;
    if (lv !== undefined && rv !== undefined) {
      const ops: Record<A.ComparisonOperator, boolean> = {
        "<": lv < rv,
        "<=": lv <= rv,
        ">": lv > rv,
        ">=": lv >= rv,
        "==": lv === rv,
        "!=": lv !== rv,
      };
      value = ops[e.op] ? 1 : 0;
    }
    return {
      type: scalar(BOOL),
      poisoned: false,
      ...(value === undefined ? {} : { value }),
      dependsOn: union(l.dependsOn, r.dependsOn),
    };
  }

  private transpose(e: A.TransposeExpr): ExprInfo {
    const x = this.infer(e.operand);
    if (x.poisoned) return POISONED;
    const result = functions.get("transpose")!.infer([{ type: x.type, dim: x.dim, value: scalarValue(x) }]);
    if ("error" in result) {
      this.ctx.error(
        "E0207",
        e.operand.span,
        `transpose (') ${result.error.replace(/^transpose /, "")}; this is a ${formatType(x.type)}`,
      );
      return POISONED;
    }
    // A row (1 × n) transposed is a column: a vector.
    const t = result.type;
    const type =
      rank(t) === 2 && dimValue(t.dims[1]!) === 1 && rank(x.type) === 2 ? vector(t.dims[0]!, t.domain) : t;
    return {
      type,
      poisoned: false,
      ...(x.value === undefined || rank(x.type) > 0 ? {} : { value: x.value }),
      dependsOn: x.dependsOn,
    };
  }

  /** Indexing: array dims first, then into vectors (an element) and matrices (a row, then an element). */
  index(e: A.IndexExpr): ExprInfo {
    const base = this.infer(e.base);
    const indices = e.indices.map((i) => this.infer(i));
    if (base.poisoned || indices.some((i) => i.poisoned)) return POISONED;
    const t = base.type;
    const baseName = base.variable?.name ?? (e.base.kind === "name" ? e.base.name : "this value");
    if (indices.length > rank(t)) {
      const what = rank(t) === 0 ? "a scalar" : `a ${formatType(t)}`;
      this.ctx.error(
        "E0210",
        e.indices[rank(t)]!.span,
        `too many subscripts: '${baseName}' is ${what} with ${rank(t)} dimension${rank(t) === 1 ? "" : "s"}, indexed here by ${indices.length}`,
      );
      return POISONED;
    }
    let ok = true;
    indices.forEach((ix, k) => {
      const span = e.indices[k]!.span;
      const dim = t.dims[k]!;
      if (rank(ix.type) !== 0 || !ix.type.domain.integer) {
        this.ctx.error("E0211", span, `a subscript must be an integer; this is a ${formatType(ix.type)}`);
        ok = false;
        return;
      }
      const v = scalarValue(ix);
      const len = dimValue(dim);
      if (v !== undefined && (v < 1 || (len !== undefined && v > len))) {
        this.ctx.error(
          "E0212",
          span,
          `subscript ${v} is outside 1..${formatDim(dim)} of '${baseName}'`,
          "indexing is 1-based",
        );
        ok = false;
        return;
      }
      const cat = ix.type.domain.categories;
      if (cat) {
        const same = dimsEqual(cat, dim);
        if (same === "no") {
          this.ctx.error(
            "E0229",
            span,
            `this subscript takes values 1..${formatDim(cat)}, but '${baseName}' has ${formatDim(dim)} entries along this dimension`,
          );
          ok = false;
          return;
        }
        if (same === "unknown")
          this.ctx.deferEqual(
            cat,
            dim,
            span,
            `the categories of this subscript and the length of '${baseName}'`,
          );
      }
      if (ix.plateRange) {
        const { from, to } = ix.plateRange;
        if (dimAtMost(knownDim(1), from) === "no" || dimAtMost(to, dim) === "no") {
          this.ctx.error(
            "E0212",
            span,
            `this subscript runs over ${formatDim(from)}..${formatDim(to)}, outside 1..${formatDim(dim)} of '${baseName}'`,
          );
          ok = false;
          return;
        }
        if (dimAtMost(to, dim) === "unknown") {
          this.ctx.defer(
            "at-most",
            to,
            dim,
            span,
            `subscript of '${baseName}' runs up to ${formatDim(to)}, beyond its length ${formatDim(dim)}`,
          );
        }
      }
    });
    if (!ok) return POISONED;
    const remaining = t.dims.slice(indices.length);
    const keepsStructure =
      (t.structure === "simplex" && remaining.length >= 1) ||
      (t.structure === "cov" && remaining.length >= 2);
    const lostSimplex = t.structure === "simplex" && !keepsStructure;
    const domain = lostSimplex ? PROB : t.domain;
    const value = elementOf(base.value, indices.map(scalarValue));
    return {
      type: { dims: remaining, domain, structure: keepsStructure ? t.structure : undefined },
      poisoned: false,
      ...(value === undefined ? {} : { value }),
      ...(typeof value === "number" && Number.isInteger(value) ? { dim: knownDim(value) } : {}),
      ...(base.variable ? { variable: base.variable } : {}),
      dependsOn: union(base.dependsOn, ...indices.map((i) => i.dependsOn)),
    };
  }

  private call(e: A.CallExpr): ExprInfo {
    const name = e.callee.name;
    const f = functions.get(name);
    const args = e.args.map((a) => this.infer(a));
    if (!f) {
      if (distributions.has(name)) {
        this.ctx.error(
          "E0205",
          e.callee.span,
          `'${name}' is a distribution, not a function`,
          `use it after '~': x ~ ${name}(…)`,
        );
      } else {
        const near = closestName(name, functions.keys());
        this.ctx.error(
          "E0205",
          e.callee.span,
          `unknown function '${name}'`,
          near ? `did you mean '${near}'?` : `the functions are ${[...functions.keys()].join(", ")}`,
        );
      }
      return POISONED;
    }
    if (args.length !== f.arity) {
      this.ctx.error(
        "E0206",
        e.span,
        `${name} takes ${f.arity} argument${f.arity === 1 ? "" : "s"}, found ${args.length}`,
        `usage: ${f.usage}`,
      );
      return POISONED;
    }
    if (args.some((a) => a.poisoned)) return POISONED;
    const result = f.infer(args.map((a) => ({ type: a.type, dim: a.dim, value: scalarValue(a) })));
    if ("error" in result) {
      const span = result.argument === undefined ? e.span : e.args[result.argument]!.span;
      const found =
        result.argument === undefined ? "" : `; this is a ${formatType(args[result.argument]!.type)}`;
      this.ctx.error(
        result.outsideDomain ? "E0208" : "E0207",
        span,
        `${result.error.startsWith(name) ? "" : `${name} `}${result.error}${result.outsideDomain ? "" : found}`,
        `usage: ${f.usage}`,
      );
      return POISONED;
    }
    if (result.deferEqual)
      this.ctx.deferEqual(result.deferEqual[0], result.deferEqual[1], e.span, `the arguments of ${name}`);
    const value = evaluateFunction(name, args.map(scalarValue));
    return {
      type: result.type,
      poisoned: false,
      ...(value === undefined ? {} : { value }),
      dependsOn: union(...args.map((a) => a.dependsOn)),
    };
  }

  private array(e: A.ArrayExpr): ExprInfo {
    if (e.elements.length === 0) {
      this.ctx.error("E0207", e.span, "an empty [] has no length");
      return POISONED;
    }
    const items = e.elements.map((x) => this.infer(x));
    if (items.some((i) => i.poisoned)) return POISONED;
    const dependsOn = union(...items.map((i) => i.dependsOn));
    const n = knownDim(items.length);
    if (items.every((i) => rank(i.type) === 0)) {
      const values = items.map(scalarValue);
      const allKnown = values.every((v) => v !== undefined);
      return {
        type: vector(n, meet(items.map((i) => i.type.domain))),
        poisoned: false,
        ...(allKnown ? { value: values as number[] } : {}),
        dependsOn,
      };
    }
    const first = items[0]!;
    if (rank(first.type) === 1) {
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        const same = rank(item.type) === 1 ? dimsEqual(item.type.dims[0]!, first.type.dims[0]!) : "no";
        if (same === "no") {
          this.ctx.error(
            "E0207",
            e.elements[k]!.span,
            `the rows of a matrix must be vectors of one length; this row is a ${formatType(item.type)}, the first a ${formatType(first.type)}`,
          );
          return POISONED;
        }
        if (same === "unknown")
          this.ctx.deferEqual(
            item.type.dims[0]!,
            first.type.dims[0]!,
            e.elements[k]!.span,
            "the lengths of the rows",
          );
      }
      const rows = items.map((i) => i.value);
      const allKnown = rows.every((r) => Array.isArray(r) && r.every((x) => typeof x === "number"));
      return {
        type: matrix(n, first.type.dims[0]!, meet(items.map((i) => i.type.domain))),
        poisoned: false,
        ...(allKnown ? { value: rows as number[][] } : {}),
        dependsOn,
      };
    }
    const bad = items.findIndex((i) => rank(i.type) !== 0 && rank(i.type) !== 1);
    const at = Math.max(bad, 0);
    this.ctx.error(
      "E0207",
      e.elements[at]!.span,
      `an array literal holds scalars (a vector) or vectors of one length (a matrix); this element is a ${formatType(items[at]!.type)}`,
    );
    return POISONED;
  }
}

/** d / k when the division is exact in every coefficient; else undefined. */
function exactQuotient(d: Dim, k: number): Dim | undefined {
  if (d.constant % k !== 0 || d.terms.some(([, c]) => c % k !== 0)) return undefined;
  return { constant: d.constant / k, terms: d.terms.map(([s, c]) => [s, c / k] as const) };
}

function elementOf(value: ConstValue | undefined, indices: (number | undefined)[]): ConstValue | undefined {
  let v: ConstValue | undefined = value;
  for (const i of indices) {
    if (v === undefined || typeof v === "number" || i === undefined) return undefined;
    v = (v as readonly ConstValue[])[i - 1];
  }
  return v;
}

/** Constant folding of scalar functions (for constants and literal checks). */
function evaluateFunction(name: string, args: (number | undefined)[]): number | undefined {
  const [x] = args;
  if (args.length !== 1 || x === undefined) return undefined;
  const f: Record<string, (v: number) => number> = {
    exp: Math.exp,
    log: Math.log,
    log1p: Math.log1p,
    sqrt: Math.sqrt,
    abs: Math.abs,
    tanh: Math.tanh,
    sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  };
  const g = Object.hasOwn(f, name) ? f[name] : undefined;
  if (!g) return undefined;
  const y = g(x);
  return Number.isFinite(y) ? y : undefined;
}
