// The symbolic library: a hash-consed, shape-checked expression DAG with simplification, log expansion,
// linear-combination decomposition, reverse-mode differentiation, numeric evaluation and rendering.

export {
  add,
  constant,
  div,
  fill,
  hadamard,
  identity,
  lift,
  matmul,
  mul,
  neg,
  num,
  type Operand,
  ones,
  pow,
  reshape,
  sub,
  symbol,
  transpose,
  zeros,
} from "./build";
export {
  abs,
  call,
  compare,
  det,
  diag,
  digamma,
  dot,
  embed,
  exp,
  index,
  inv,
  lgamma,
  log,
  log1p,
  logdet,
  mat,
  sigmoid,
  sign,
  softmax,
  sqrt,
  sum,
  tanh,
  trace,
  trigamma,
  vec,
} from "./build-functions";
export { detDense, invDense, logAbsDetDense, matmulDense } from "./dense";
export {
  compileEvaluator,
  compilePartial,
  type Env,
  type EvaluateOptions,
  evaluate,
  type PartialEvaluator,
  resolveSizes,
  type Value,
} from "./evaluate";
export {
  type CompareOp,
  type Domain,
  type Expr,
  isConst,
  isSymbol,
  type SymbolDisplay,
  type SymbolExpr,
} from "./expr";
export { type ElementwiseSpec, functionSpec, hasFunction, registerElementwise } from "./functions";
export {
  derivative,
  type GradientOptions,
  gradient,
  hessianDiagonal,
  isDifferentiable,
  NotDifferentiableError,
  secondDerivative,
} from "./gradient";
export { expand, type LinearCombination, linearCombination } from "./linear-combination";
export { compareExpr } from "./order";
export { type Interval, isNonnegative, isNonpositive, isPositive, rangeOf } from "./range";
export { toLatex } from "./render-latex";
export { type RenderOptions, toUnicode } from "./render-unicode";
export {
  dimsOf,
  formatShape,
  isScalar,
  matrixShape,
  SCALAR,
  type Shape,
  type Size,
  shapesCompatible,
  shapesEqual,
  vectorShape,
} from "./shape";
export { type SimplifyOptions, simplify } from "./simplify";
export {
  dependsOn,
  freeSymbols,
  mapExpr,
  nodeCount,
  type SymbolRef,
  substitute,
  topologicalOrder,
} from "./traverse";
