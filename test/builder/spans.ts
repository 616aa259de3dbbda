// ASTs compared "up to spans": the same tree with every source position removed, for comparing what the
// builder makes with what the parser makes (their spans point into different files).

/** A deep copy without `span` and `opSpan` keys. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "span" && k !== "opSpan")
      .map(([k, v]) => [k, withoutSpans(v)]),
  );
}
