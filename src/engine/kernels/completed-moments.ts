// The moments of a partly known data factor outside latent groups (censored values, missing cells), as a
// source for the closed-form rules: recorded values as they are, unknown ones through their
// E-step points (data-completion), so Σ w, Σ w u and Σ w u uᵀ are the expected statistics. Used when the
// factor's arguments do not vary by row; otherwise the rules read the points element by element.

import type { GroupMoments } from "./compiled-group";
import type { DataCompletion } from "./data-completion";
import { FactorMoments } from "./factor-moments";
import type { MomentSource } from "./moment-update";

export class CompletedMoments extends FactorMoments implements MomentSource {
  private readonly centre: Float64Array;
  private cached: { version: number; moments: GroupMoments } | undefined;

  constructor(private readonly completion: DataCompletion) {
    super(completion.factor, completion.table);
    // A LogNormal's statistics are of log y: its moments are accumulated on the log scale.
    this.logMoments = completion.factor.distribution.gaussian?.of === "log";
    this.centre = completion.recordedMean(this.logMoments);
  }

  moments(): GroupMoments {
    const version = this.completion.version;
    if (this.cached?.version !== version) {
      const { weight, sum, scatter } = this.completion.moments(this.centre, this.logMoments);
      this.cached = { version, moments: { weight, sum, scatter, centre: this.centre } };
    }
    return this.cached.moments;
  }
}
