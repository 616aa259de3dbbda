// The check stage: scopes, types and shapes, the `~` rules → a checked model, or diagnostics.
export { type CheckOptions, type CheckResult, check } from "./check";
export type { CheckedModel, CheckedTilde } from "./checked-model";
export type { DeferredCheck } from "./context";
export type { Interval } from "./coverage";
export * from "./dims";
export type { ConstValue, ModelSymbol, SymbolKind } from "./symbols";
export * from "./types";
