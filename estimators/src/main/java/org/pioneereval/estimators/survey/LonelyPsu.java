package org.pioneereval.estimators.survey;

/**
 * What to do with a stratum that has a single sampled PSU, whose within-stratum variance cannot be
 * estimated. The names and behaviour follow R {@code survey}'s {@code options(survey.lonely.psu =
 * ...)} (version 4.1).
 */
public enum LonelyPsu {
  /**
   * Stop with an error naming the stratum ({@code "fail"}, R's default). Strata whose PSU was taken
   * with certainty (population PSUs = sampled PSUs, so the finite population correction is 0)
   * contribute no variance and are not lonely.
   */
  FAIL,
  /**
   * The lonely PSU's score total is taken as a deviation from zero rather than from its stratum
   * mean, times the finite population correction {@code 1 - n/N} (R's {@code "adjust"}). For means,
   * ratios and regression coefficients the scores sum to zero over the sample, so zero is the grand
   * mean of the PSU totals; for totals R 4.1 also uses zero, and so does this implementation.
   */
  ADJUST
}
