import { configDefaults, defineConfig } from "vitest/config";

// Two tiers, by file. `slow` holds the long fits — Monte-Carlo EM, quadrature and Nelder–Mead references,
// factor analysis, R references, closed forms against numerical maximisation and the builder twins' fits of
// every example; `fast` everything else (`npm test`). A new slow file is named `*.slow.test.ts`; the files
// listed here by name were slow before the tiers existed and keep their names and history.
const slow = [
  "test/**/*.slow.test.ts",
  "test/builder/twins.test.ts",
  "test/engine/censored.test.ts",
  "test/engine/closed-form.test.ts",
  "test/engine/factor-analysis.test.ts",
  "test/engine/gaussian.test.ts",
  "test/engine/montecarlo.test.ts",
  "test/engine/r-references.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "fast", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...slow] },
      },
      { extends: true, test: { name: "slow", include: slow } },
    ],
  },
});
