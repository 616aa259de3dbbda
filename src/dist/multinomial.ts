// The Multinomial distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const multinomial: DistributionSignature = {
  name: "Multinomial",
  params: [
    { name: "n", shape: "scalar", requires: "count" },
    { name: "probs", shape: "vector", requires: "simplex" },
  ],
  support: "count-vector",
  sizeFrom: 1,
  censorable: false,
  summary: "Multinomial(n, probs): counts of n draws",
};
