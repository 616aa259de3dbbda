// A part of a model kept in its own module, as a user might share priors between models: a diagnostic about
// it must name this file, not the file of the model that uses it.

import { dist, type Sampling, type VariableRef } from "../../src/api";

/** A prior with a misspelt family (on purpose): E0204 belongs to this line. */
export function misspeltPrior(mu: VariableRef): Sampling {
  return mu.follows(dist("Nrmal", 0, 10)); // @parts-E0204
}
