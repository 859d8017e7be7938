package org.pioneereval.estimators;

import java.util.List;

/**
 * Two-way fixed-effects difference-in-differences: {@code y_it = a_i + l_t + b D_it + X_it'g +
 * e_it}, with D the treated-and-post indicator, unit effects {@code a_i} and period effects {@code
 * l_t} absorbed exactly (within-unit demeaning with the period effects as demeaned dummies,
 * Frisch-Waugh-Lovell, so unbalanced panels are exact; alternating projections when further
 * fixed-effect sets are given). Works for panels and for repeated cross-sections (unit = the group,
 * e.g. hospital, as Stata {@code didregress ..., group() time()}). Optional analytic weights (WLS).
 *
 * <p>With one adoption date this equals the canonical 2x2 DiD; with staggered adoption it is the
 * variance-weighted average of all 2x2 comparisons (Goodman-Bacon 2021) and can be biased under
 * heterogeneous effects.
 *
 * <p>Standard errors: {@link VarianceType#CR1_STATA} reproduces Stata {@code didregress} / {@code
 * areg} (K counts the unit effects, t with G-1 df; hospdd: ATET .8479879, SE .0321121); {@link
 * VarianceType#CR1_FIXEST} reproduces R {@code fixest::feols(y ~ d | unit + time, cluster = ~unit)}
 * (unit effects nested in the clusters are not counted).
 */
public final class TwoWayFixedEffectsDid {
  /** Name of the treatment coefficient in {@link DidEstimate#regression()}. */
  public static final String TREATMENT = "treatment";

  private final VarianceType varianceType;

  private TwoWayFixedEffectsDid(VarianceType varianceType) {
    this.varianceType = varianceType;
  }

  public static TwoWayFixedEffectsDid withVariance(VarianceType varianceType) {
    return new TwoWayFixedEffectsDid(varianceType);
  }

  /** Fits the model and returns the coefficient on the treatment indicator. */
  public DidEstimate fit(PanelObservations obs) {
    AbsorbedDesign design = design(obs);
    return new DidEstimate(design.fit(varianceType), 0);
  }

  static AbsorbedDesign design(PanelObservations obs) {
    checkTreatment(obs);
    return AbsorbedDesign.of(obs, obs.outcome(), List.of(TREATMENT), List.of(obs.treatment()));
  }

  static void checkTreatment(PanelObservations obs) {
    if (!obs.hasTreatment()) {
      throw EstimationErrors.missingInput("a treatment indicator", "treatment(double[])");
    }
    double[] d = obs.treatment();
    int treated = 0;
    for (double v : d) {
      treated += v == 1.0 ? 1 : 0;
    }
    if (treated == 0 || treated == d.length) {
      throw EstimationErrors.noTreatmentVariation(
          treated == 0 ? "no row is treated" : "every row is treated");
    }
  }

  VarianceType varianceType() {
    return varianceType;
  }
}
