// The LogNormal distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const logNormal: DistributionSignature = {
  name: "LogNormal",
  params: [
    { name: "meanlog", shape: "scalar", requires: "real" },
    { name: "sdlog", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "LogNormal(meanlog, sdlog): log of the outcome is Normal(meanlog, sdlog)",
};
