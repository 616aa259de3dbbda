// Sizes as the checker sees them: an integer when known, otherwise an affine form over the size
// names (`N`, `D + 1`, `2*K`) whose equality is decided where it can be and deferred where it cannot.

/** c + Σ coeff·symbol; a product of symbols is one opaque symbol (`N*D`). */
export interface Dim {
  readonly constant: number;
  /** Sorted by symbol name; no zero coefficients. */
  readonly terms: readonly (readonly [symbol: string, coeff: number])[];
}

export function knownDim(value: number): Dim {
  return { constant: value, terms: [] };
}

export function symbolDim(name: string): Dim {
  return { constant: 0, terms: [[name, 1]] };
}

export function isKnown(d: Dim): boolean {
  return d.terms.length === 0;
}

/** The value of a size expression when every size it uses is known. */
export function evaluateDim(d: Dim, sizes: ReadonlyMap<string, number>): number | undefined {
  let v = d.constant;
  for (const [symbol, k] of d.terms) {
    const s = sizes.get(symbol);
    if (s === undefined) return undefined;
    v += k * s;
  }
  return v;
}

/** The value of a known dim, else undefined. */
export function dimValue(d: Dim): number | undefined {
  return d.terms.length === 0 ? d.constant : undefined;
}

function combine(a: Dim, b: Dim, sign: 1 | -1): Dim {
  const m = new Map<string, number>(a.terms);
  for (const [s, c] of b.terms) m.set(s, (m.get(s) ?? 0) + sign * c);
  const terms = [...m.entries()].filter(([, c]) => c !== 0).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { constant: a.constant + sign * b.constant, terms };
}

export function addDims(a: Dim, b: Dim): Dim {
  return combine(a, b, 1);
}

export function subtractDims(a: Dim, b: Dim): Dim {
  return combine(a, b, -1);
}

export function multiplyDims(a: Dim, b: Dim): Dim {
  const av = dimValue(a);
  const bv = dimValue(b);
  if (av !== undefined) return scale(b, av);
  if (bv !== undefined) return scale(a, bv);
  return symbolDim(`(${formatDim(a)})*(${formatDim(b)})`);
}

function scale(d: Dim, k: number): Dim {
  if (k === 0) return knownDim(0);
  return { constant: d.constant * k, terms: d.terms.map(([s, c]) => [s, c * k] as const) };
}

export type Decision = "yes" | "no" | "unknown";

/** Whether a = b: decided when the difference is a constant. */
export function dimsEqual(a: Dim, b: Dim): Decision {
  const diff = subtractDims(a, b);
  if (diff.terms.length > 0) return "unknown";
  return diff.constant === 0 ? "yes" : "no";
}

/**
 * Whether a ≤ b. Every size is at least 1 (data has rows), so b − a = c + Σ kᵢ·Nᵢ is ≥ 0 for sure when
 * every kᵢ ≥ 0 and c + Σ kᵢ ≥ 0, and < 0 for sure when every kᵢ ≤ 0 and c + Σ kᵢ < 0.
 */
export function dimAtMost(a: Dim, b: Dim): Decision {
  const diff = subtractDims(b, a);
  const atOnes = diff.constant + diff.terms.reduce((s, [, k]) => s + k, 0);
  if (diff.terms.every(([, k]) => k >= 0) && atOnes >= 0) return "yes";
  if (diff.terms.every(([, k]) => k <= 0) && atOnes < 0) return "no";
  return "unknown";
}

export function formatDim(d: Dim): string {
  if (d.terms.length === 0) return String(d.constant);
  const parts: string[] = [];
  for (const [s, c] of d.terms) {
    const name = s.includes("*") ? s : s;
    const term = c === 1 ? name : c === -1 ? `-${name}` : `${c}*${name}`;
    parts.push(
      parts.length > 0 && !term.startsWith("-")
        ? `+ ${term}`
        : parts.length > 0
          ? `- ${term.slice(1)}`
          : term,
    );
  }
  if (d.constant > 0) parts.push(`+ ${d.constant}`);
  if (d.constant < 0) parts.push(`- ${-d.constant}`);
  return parts.join(" ");
}
