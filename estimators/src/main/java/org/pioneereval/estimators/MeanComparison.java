package org.pioneereval.estimators;

/**
 * Difference of two independent sample means with its standard error, the building block of a DiD
 * table of means (Card and Krueger 1994, Table 3): each group's mean with {@code SE = sd/sqrt(n)}
 * (sd with n-1), and the difference {@code mean_1 - mean_0} with {@code SE = sqrt(se_0^2 +
 * se_1^2)}. Applied to the per-unit changes of a balanced panel, the difference is the 2x2 DiD and
 * its SE the unequal-variance two-sample SE (Card and Krueger's Table 3, row 4).
 */
public record MeanComparison(
    double mean0,
    double standardError0,
    long n0,
    double mean1,
    double standardError1,
    long n1,
    double difference,
    double differenceStandardError) {

  /**
   * Compares the rows where {@code group} is false (group 0, e.g. control) with those where it is
   * true (group 1, e.g. treated).
   */
  public static MeanComparison of(double[] values, boolean[] group) {
    if (group.length != values.length) {
      throw EstimationErrors.lengthMismatch("group", group.length, values.length);
    }
    double[] sum = new double[2];
    long[] n = new long[2];
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw EstimationErrors.nonFinite("values", i, values[i]);
      }
      int g = group[i] ? 1 : 0;
      sum[g] += values[i];
      n[g]++;
    }
    if (n[0] < 2 || n[1] < 2) {
      throw EstimationErrors.noTreatmentVariation(
          "a group has fewer than 2 rows (" + n[0] + " and " + n[1] + ")");
    }
    double[] mean = {sum[0] / n[0], sum[1] / n[1]};
    double[] ss = new double[2];
    for (int i = 0; i < values.length; i++) {
      int g = group[i] ? 1 : 0;
      double d = values[i] - mean[g];
      ss[g] += d * d;
    }
    double se0 = Math.sqrt(ss[0] / (n[0] - 1) / n[0]);
    double se1 = Math.sqrt(ss[1] / (n[1] - 1) / n[1]);
    return new MeanComparison(
        mean[0],
        se0,
        n[0],
        mean[1],
        se1,
        n[1],
        mean[1] - mean[0],
        Math.sqrt(se0 * se0 + se1 * se1));
  }
}
