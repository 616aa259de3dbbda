// The Bernoulli distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const bernoulli: DistributionSignature = {
  name: "Bernoulli",
  params: [
    { name: "p", shape: "scalar", requires: "prob" },
  ],
  support: "binary",
  censorable: false,
  summary: "Bernoulli(p): 1 with probability p",
};
