package org.pioneereval.estimators;

/**
 * The four (weighted) cell means of a 2x2 design and the difference-in-differences of means {@code
 * (treatedPost - treatedPre) - (controlPost - controlPre)}, as in Baker et al. (2025, JEL) Table 2.
 * With analytic weights each mean is {@code sum w y / sum w}.
 */
public record TwoByTwoMeans(
    double controlPre, double controlPost, double treatedPre, double treatedPost) {

  /** Cell means of {@code y}; {@code weightsOrNull} null gives plain means. */
  public static TwoByTwoMeans of(
      double[] y, boolean[] treatedGroup, boolean[] post, double[] weightsOrNull) {
    int n = y.length;
    if (treatedGroup.length != n) {
      throw EstimationErrors.lengthMismatch("treatedGroup", treatedGroup.length, n);
    }
    if (post.length != n) {
      throw EstimationErrors.lengthMismatch("post", post.length, n);
    }
    if (weightsOrNull != null && weightsOrNull.length != n) {
      throw EstimationErrors.lengthMismatch("weights", weightsOrNull.length, n);
    }
    double[] sum = new double[4];
    double[] wsum = new double[4];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        throw EstimationErrors.nonFinite("y", i, y[i]);
      }
      double w = weightsOrNull == null ? 1.0 : weightsOrNull[i];
      if (!(w > 0.0) || Double.isInfinite(w)) {
        throw EstimationErrors.invalidWeight(i, w);
      }
      int c = (treatedGroup[i] ? 2 : 0) + (post[i] ? 1 : 0);
      sum[c] += w * y[i];
      wsum[c] += w;
    }
    for (int c = 0; c < 4; c++) {
      if (wsum[c] == 0.0) {
        throw EstimationErrors.noTreatmentVariation("a cell of the 2x2 design has no rows");
      }
    }
    return new TwoByTwoMeans(
        sum[0] / wsum[0], sum[1] / wsum[1], sum[2] / wsum[2], sum[3] / wsum[3]);
  }

  public double treatedChange() {
    return treatedPost - treatedPre;
  }

  public double controlChange() {
    return controlPost - controlPre;
  }

  /** The difference-in-differences of means. */
  public double differenceInDifferences() {
    return treatedChange() - controlChange();
  }
}
