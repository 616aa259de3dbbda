// The `lvm` tagged template: model text embedded in TypeScript, parsed as a file would be, with every
// position moved to where the text sits in the user's file (found from the call site), for diagnostics.

import { type Diagnostic, type Position, SourceFile, type Span } from "../../diagnostics";
import { type Program, parseText, printExpr } from "../../syntax";
import { type CallSite, findCallSite, inFile, offsetAt, UNKNOWN_FILE, userSource } from "./call-site";
import { Expression } from "./expression";
import { LvmModel, type SetValue } from "./model";

/** What may be interpolated: a number (its literal) or a builder expression (printed). */
export type TemplateValue = number | Expression;

/** A model written as `.lvm` text inside TypeScript. */
export class TemplateModel<P, D, X, C> extends LvmModel<P, D, X, C> {
  /** @internal Use the `lvm` tag. */
  constructor(
    readonly file: string,
    private readonly parsed: { program: Program | undefined; diagnostics: Diagnostic[] },
  ) {
    super();
  }

  protected build(): { program: Program | undefined; diagnostics: Diagnostic[] } {
    return this.parsed;
  }
}

/**
 * Model text as a tagged template. The text is taken raw (as `String.raw`), so it reads exactly as in a
 * `.lvm` file; diagnostics point at the lines and columns of your file. Type arguments give the params,
 * data and drawn values their types, which text alone cannot: ``lvm<{ theta: number }>`…` ``.
 *
 * @example
 * ```ts
 * const m = lvm`model m
 *   size N; data y[N]: real; param mu: real
 *   for n in 1..N { y[n] ~ Normall(mu, 1) }`;
 * const report = m.check();
 * report.diagnostics.map((d) => d.code) // => ["E0204"]
 * report.diagnostics[0].message // => "unknown distribution 'Normall'"
 * ```
 */
export function lvm<P = Record<string, unknown>, D = Record<string, unknown>, X = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: readonly TemplateValue[]
): TemplateModel<P, D, X, Record<string, SetValue>> {
  const site = findCallSite();
  const pieces: string[] = [];
  strings.raw.forEach((raw, i) => {
    pieces.push(raw);
    if (i < values.length) pieces.push(valueText(values[i]!));
  });
  const text = pieces.join("");
  const file = site?.file ?? UNKNOWN_FILE;
  const parsed = parseText(text, file);
  const place = placeInFile(site, strings.raw, pieces);
  const map = new SpanMap(place);
  return new TemplateModel(file, {
    program: parsed.program === undefined ? undefined : map.program(parsed.program),
    diagnostics: parsed.diagnostics.map((d) => map.diagnostic(d)),
  });
}

function valueText(v: TemplateValue): string {
  if (v instanceof Expression) return printExpr(v.toAst({ start: origin, end: origin }));
  return String(v);
}

const origin: Position = { offset: 0, line: 1, col: 1 };

interface Placement {
  /** The file's text (or a stand-in that puts the template where the call is). */
  readonly source: SourceFile;
  /** Where a model-text offset is in that text. */
  readonly offset: (modelOffset: number) => number;
}

/**
 * Where the template's text lies in the user's file. With the file at hand every piece is found in it
 * (interpolations map to their `${…}`); otherwise a stand-in text puts the template at the call's line.
 */
function placeInFile(
  site: CallSite | undefined,
  raw: readonly string[],
  pieces: readonly string[],
): Placement {
  const source = site && userSource(site.file);
  const found = site && source ? findPieces(source, site, raw) : undefined;
  if (source && found) {
    const starts: number[] = [];
    let at = 0;
    for (const p of pieces) {
      starts.push(at);
      at += p.length;
    }
    return {
      source,
      offset: (o) => {
        let k = starts.length - 1;
        while (k > 0 && starts[k]! > o) k--;
        const within = o - starts[k]!;
        // Even pieces are raw text, odd ones interpolated values: a value maps to its `${…}` as a whole.
        if (k % 2 === 0) return found[k]!.start + within;
        return within === 0 ? found[k]!.start : found[k]!.end;
      },
    };
  }
  const line = site?.line ?? 1;
  const col = site ? site.col + "lvm`".length : 1;
  const pad = `${"\n".repeat(line - 1)}${" ".repeat(col - 1)}`;
  return {
    source: new SourceFile(site?.file ?? UNKNOWN_FILE, pad + pieces.join("")),
    offset: (o) => pad.length + o,
  };
}

/** The file ranges of the raw pieces and of the `${…}` between them; undefined when they are not there. */
function findPieces(
  source: SourceFile,
  site: CallSite,
  raw: readonly string[],
): { start: number; end: number }[] | undefined {
  const text = source.text;
  const tick = text.indexOf("`", offsetAt(source, site.line, site.col));
  if (tick < 0) return undefined;
  const ranges: { start: number; end: number }[] = [];
  let at = tick + 1;
  for (let i = 0; i < raw.length; i++) {
    if (!text.startsWith(raw[i]!, at)) return undefined;
    ranges.push({ start: at, end: at + raw[i]!.length });
    at += raw[i]!.length;
    if (i === raw.length - 1) break;
    if (!text.startsWith("${", at)) return undefined;
    const close = closingBrace(text, at + 2);
    if (close < 0) return undefined;
    ranges.push({ start: at, end: close + 1 });
    at = close + 1;
  }
  return ranges;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** Moves spans from the template's text to the user's file, keeping shared spans shared. */
class SpanMap {
  private readonly spans = new Map<Span, Span>();

  constructor(private readonly place: Placement) {}

  span(s: Span): Span {
    let mapped = this.spans.get(s);
    if (!mapped) {
      const { source, offset } = this.place;
      mapped = inFile(source.span(offset(s.start.offset), offset(s.end.offset)), source.name);
      this.spans.set(s, mapped);
    }
    return mapped;
  }

  program(p: Program): Program {
    return this.walk(p) as Program;
  }

  diagnostic(d: Diagnostic): Diagnostic {
    if (!d.span) return d;
    return {
      ...d,
      span: this.span(d.span),
      ...(d.related ? { related: d.related.map((r) => ({ ...r, span: this.span(r.span) })) } : {}),
    };
  }

  private walk(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (typeof v !== "object" || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      out[k] = k === "span" || k === "opSpan" ? this.span(x as Span) : this.walk(x);
    return out;
  }
}
