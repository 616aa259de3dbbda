// The engine: forward sampling now; the EM loop, its executors and compiled row kernels arrive with the
// EM compiler.
export { type ForwardSampleInput, SampleError, sampleForward, samplingOrder } from "./forward-sample";
