// The model IR and its lowering from the checked AST (docs/architecture.md).
export { type EvaluationContext, EvaluationError, evaluate } from "./evaluate";
export { labelProblem, labelsAsLatents, type ObservedLabels } from "./latent-labels";
export { type LowerOptions, lower } from "./lower";
export type * from "./model-ir";
export { printIR, printIRExpr } from "./print-ir";
export { reads } from "./reads";
export { type Numeric, size, type Tensor, tensor, tensorOf } from "./tensor";
