package org.pioneereval.estimators.synth;

import java.util.List;
import org.pioneereval.estimators.ConfidenceInterval;

/**
 * The placebo standard error of Arkhangelsky et al. (2021, Algorithm 4; {@code synthdid::vcov(.,
 * method = "placebo")}): in each replication the controls are permuted, the last N1 of them are
 * pseudo-treated, and the estimator is re-run on the controls alone (no real treated unit) with the
 * original ridge and stopping parameters, starting from the original weights. {@code SE = sqrt((r -
 * 1) / r) * sd(tau_1..tau_r)}; the 95% interval is {@code tau +- 1.96 SE}, as printed by synthdid's
 * documentation.
 *
 * @param standardError the placebo SE
 * @param confidenceInterval {@code estimate +- 1.96 SE}
 * @param replications r
 * @param placeboEstimates the r placebo estimates, in replication order
 */
public record PlaceboStandardError(
    double standardError,
    ConfidenceInterval confidenceInterval,
    int replications,
    List<Double> placeboEstimates) {

  /** The normal quantile synthdid's vignette uses for its 95% interval. */
  public static final double Z_95 = 1.96;

  public PlaceboStandardError {
    placeboEstimates = List.copyOf(placeboEstimates);
  }
}
