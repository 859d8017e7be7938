package org.pioneereval.estimators;

import java.util.List;

/**
 * The canonical 2x2 difference-in-differences by regression: {@code y = a + b1 Treat + b2 Post + b3
 * Treat*Post + e}, where {@code b3 = (mean_T,post - mean_T,pre) - (mean_C,post - mean_C,pre)}
 * (weighted means with analytic weights). Same numbers as R {@code lm(y ~ treat*post, weights)}
 * with {@code sandwich::vcovCL(type = "HC1")} or Stata {@code regress y i.treat##i.post [aw=w],
 * vce(cluster c)}: CR1 factor {@code G/(G-1)(N-1)/(N-4)}, t with G-1 df (both CR1 conventions
 * coincide since nothing is absorbed). Reproduces Baker et al. (2025, JEL) Table 3.
 */
public final class TwoByTwoDid {
  public static final String INTERCEPT = "(Intercept)";
  public static final String TREATED_GROUP = "treated";
  public static final String POST = "post";
  public static final String TREATED_POST = "treated:post";

  private final VarianceType varianceType;

  private TwoByTwoDid(VarianceType varianceType) {
    this.varianceType = varianceType;
  }

  public static TwoByTwoDid withVariance(VarianceType varianceType) {
    return new TwoByTwoDid(varianceType);
  }

  /**
   * Fits the 2x2 regression; the estimate is the interaction coefficient. The other coefficients
   * (intercept = control pre mean, treated gap, control trend) are in {@link
   * DidEstimate#regression()} under {@link #INTERCEPT}, {@link #TREATED_GROUP}, {@link #POST}.
   *
   * @param cluster dense cluster ids, or null for IID/HC1
   * @param weightsOrNull analytic weights, or null
   */
  public DidEstimate fit(
      double[] y, boolean[] treatedGroup, boolean[] post, int[] cluster, double[] weightsOrNull) {
    int n = y.length;
    if (treatedGroup.length != n) {
      throw EstimationErrors.lengthMismatch("treatedGroup", treatedGroup.length, n);
    }
    if (post.length != n) {
      throw EstimationErrors.lengthMismatch("post", post.length, n);
    }
    if (varianceType.isClustered() && cluster == null) {
      throw EstimationErrors.missingCluster(varianceType);
    }
    double[] one = new double[n];
    double[] tr = new double[n];
    double[] po = new double[n];
    double[] tp = new double[n];
    boolean[] cell = new boolean[4];
    for (int i = 0; i < n; i++) {
      one[i] = 1.0;
      tr[i] = treatedGroup[i] ? 1.0 : 0.0;
      po[i] = post[i] ? 1.0 : 0.0;
      tp[i] = tr[i] * po[i];
      cell[(treatedGroup[i] ? 2 : 0) + (post[i] ? 1 : 0)] = true;
    }
    for (int c = 0; c < 4; c++) {
      if (!cell[c]) {
        throw EstimationErrors.noTreatmentVariation(
            "the "
                + (c >= 2 ? "treated" : "control")
                + " group has no "
                + (c % 2 == 1 ? "post" : "pre")
                + "-period rows");
      }
    }
    RegressionData data =
        RegressionData.of(
            List.of(INTERCEPT, TREATED_GROUP, POST, TREATED_POST),
            new double[][] {one, tr, po, tp},
            y,
            weightsOrNull,
            varianceType.isClustered() ? cluster : null);
    RegressionResult r = LinearRegression.builder().variance(varianceType).build().fit(data);
    return new DidEstimate(r, 3);
  }
}
