// The Poisson distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const poisson: DistributionSignature = {
  name: "Poisson",
  params: [
    { name: "rate", shape: "scalar", requires: "positive" },
  ],
  support: "count",
  censorable: true,
  summary: "Poisson(rate)",
};
