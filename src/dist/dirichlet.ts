// The Dirichlet distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const dirichlet: DistributionSignature = {
  name: "Dirichlet",
  params: [
    { name: "alpha", shape: "vector", requires: "positive" },
  ],
  support: "simplex",
  sizeFrom: 0,
  censorable: false,
  summary: "Dirichlet(alpha)",
};
