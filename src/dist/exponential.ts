// The Exponential distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const exponential: DistributionSignature = {
  name: "Exponential",
  params: [
    { name: "rate", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "Exponential(rate)",
};
