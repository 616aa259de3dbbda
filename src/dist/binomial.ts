// The Binomial distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const binomial: DistributionSignature = {
  name: "Binomial",
  params: [
    { name: "n", shape: "scalar", requires: "count" },
    { name: "p", shape: "scalar", requires: "prob" },
  ],
  support: "count",
  censorable: true,
  summary: "Binomial(n, p): successes in n trials",
};
