package org.pioneereval.estimators.matching;

/**
 * The scale on which nearest-neighbour distances and the caliper are measured, as MatchIt's {@code
 * distance = "glm"} with {@code link = "logit"} (the propensity score itself, MatchIt's default) or
 * {@code link = "linear.logit"} (the linear predictor {@code log(p/(1-p))}, recommended with a
 * caliper of 0.2 standard deviations by Austin 2011).
 */
public enum MatchingDistance {
  /** |p_t - p_c|. */
  PROPENSITY_SCORE,
  /** |logit(p_t) - logit(p_c)|. */
  LOGIT_PROPENSITY_SCORE;

  double of(double propensityScore) {
    return this == PROPENSITY_SCORE
        ? propensityScore
        : Math.log(propensityScore) - Math.log1p(-propensityScore);
  }
}
