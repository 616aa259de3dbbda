// The examples whose latents are all enumerated (or absent), with their data files: the cases the tests
// of the discrete EM path (kernels, closed forms) run over.

export const enumeratedExamples: readonly [string, string][] = [
  ["faithful-waiting", "faithful.csv"],
  ["faithful-gmm-full", "faithful.csv"],
  ["faithful-gmm-diag", "faithful.csv"],
  ["faithful-gmm-spherical", "faithful.csv"],
  ["faithful-gmm-tied", "faithful.csv"],
  ["gmm-map", "gmm-map.csv"],
  ["genetic-linkage", "genetic-linkage.csv"],
  ["abo-blood-groups", "abo.csv"],
  ["poisson-mixture", "poisson-mixture.csv"],
  ["london-deaths", "london-deaths.csv"],
  ["latent-class", "latent-class.json"],
  ["contaminated-normal", "newcomb.csv"],
];
