// The StudentT distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const studentT: DistributionSignature = {
  name: "StudentT",
  params: [
    { name: "nu", shape: "scalar", requires: "positive" },
    { name: "mean", shape: "scalar", requires: "real" },
    { name: "scale", shape: "scalar", requires: "positive" },
  ],
  support: "real",
  censorable: true,
  summary: "StudentT(nu, mean, scale): nu degrees of freedom",
};
