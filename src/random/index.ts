// The random-variate library: a seeded generator passed explicitly, derived seeds for restarts, and one
// exact sampler per distribution family that the model language can declare.
export { sampleBeta, sampleDirichlet } from "./beta-dirichlet";
export { sampleBinomial } from "./binomial";
export { AliasTable, sampleCategorical } from "./categorical";
export { deriveSeed } from "./derive-seed";
export { sampleChiSquare, sampleExponential, sampleGamma, sampleLogGamma } from "./gamma";
export { sampleMvNormal } from "./mv-normal";
export { fillStandardNormal, sampleNormal, sampleStandardNormal } from "./normal";
export { samplePoisson } from "./poisson";
export { createRng, type Rng, uniformInt } from "./rng";
export { sampleStudentT } from "./student-t";
export { sampleInverseWishart, sampleWishart } from "./wishart";
