// The Normal distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const normal: DistributionSignature = {
  name: "Normal",
  params: [
    { name: "mean", shape: "scalar", requires: "real" },
    { name: "sd", shape: "scalar", requires: "positive" },
  ],
  support: "real",
  censorable: true,
  summary: "Normal(mean, sd): sd is the standard deviation, as in Stan and SciPy",
};
