// The Categorical distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const categorical: DistributionSignature = {
  name: "Categorical",
  params: [
    { name: "probs", shape: "vector", requires: "simplex" },
  ],
  support: "categorical",
  sizeFrom: 0,
  censorable: false,
  summary: "Categorical(probs): k in 1..K with probability probs[k]",
};
