// Gradient M-steps for generalised EM: unconstraining transforms of parameter blocks by declared type, and
// an L-BFGS maximiser that never returns a point worse than its start.

export { type MaximiseOptions, type MaximiseResult, maximise, type Objective } from "./lbfgs";
export {
  type BlockKind,
  type BlockTransform,
  blockTransform,
  type DeclaredType,
  transformFor,
} from "./transform";
