// The special-functions library: log Γ and its derivatives, log B, log n!, the error function family,
// the normal distribution in log space, the incomplete gamma function, and log-space arithmetic.
export { digamma } from "./digamma";
export { erf, erfc, erfcx } from "./erf";
export { gammaP, gammaQ } from "./incomplete-gamma";
export { lgamma, lgamma1p, lgammaCorrection } from "./lgamma";
export { logBeta } from "./log-beta";
export { logFactorial } from "./log-factorial";
export { log1mExp, log1pExp, logAddExp, logSumExp } from "./log-sum-exp";
export { normalCcdf, normalCdf, normalLogCcdf, normalLogCdf } from "./normal-cdf";
export { normalQuantile } from "./normal-quantile";
export { EULER_GAMMA, LN_SQRT_2PI } from "./series";
export { cosPi, sinPi } from "./trig-pi";
export { trigamma } from "./trigamma";
export {
  type CensorSide,
  censoredExponentialLogProb,
  censoredExponentialMoments,
  censoredLogNormalLogMoments,
  censoredLogNormalLogProb,
  censoredNormalLogProb,
  censoredNormalMoments,
  type TruncatedMoments,
  truncatedNormalMoments,
} from "./truncated-moments";
