package org.pioneereval.estimators.multiplicity;

import java.util.Arrays;
import java.util.Comparator;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Adjusted p-values for a family of m hypotheses (e.g. one DiD effect per patient-experience
 * outcome), exactly as R's {@code p.adjust}. With the sorted p-values {@code p(1) <= ... <= p(m)}:
 *
 * <ul>
 *   <li>{@link #BONFERRONI}: {@code min(1, m p)}; controls the family-wise error rate (FWER).
 *   <li>{@link #HOLM} (Holm 1979, Scand J Statist 6:65-70): {@code p~(i) = min(1, max_{j<=i} (m - j
 *       + 1) p(j))}; controls the FWER under any dependence and is uniformly more powerful than
 *       Bonferroni.
 *   <li>{@link #BENJAMINI_HOCHBERG} (Benjamini and Hochberg 1995, JRSS B 57:289-300): {@code p~(i)
 *       = min(1, min_{j>=i} m p(j) / j)}; controls the false discovery rate for independent or
 *       positively dependent tests.
 * </ul>
 *
 * <p>Missing p-values ({@code NaN}, an outcome that could not be estimated) stay {@code NaN} and do
 * not count in m, as {@code p.adjust(p, n = length(p[!is.na(p)]))} does by default. Ties keep their
 * input order (R's stable {@code order}); tied p-values always receive equal adjusted values.
 */
public enum PValueAdjustment {
  BONFERRONI,
  HOLM,
  BENJAMINI_HOCHBERG;

  /** The adjusted p-values, in the order of {@code pValues}; the input is not modified. */
  public double[] adjust(double[] pValues) {
    Integer[] order = validatedOrder(pValues);
    int m = order.length;
    double[] out = new double[pValues.length];
    Arrays.fill(out, Double.NaN);
    switch (this) {
      case BONFERRONI -> {
        for (int i : order) {
          out[i] = Math.min(1.0, m * pValues[i]);
        }
      }
      case HOLM -> {
        double running = 0.0;
        for (int r = 0; r < m; r++) {
          int i = order[r];
          running = Math.max(running, (m - r) * pValues[i]);
          out[i] = Math.min(1.0, running);
        }
      }
      case BENJAMINI_HOCHBERG -> {
        double running = Double.POSITIVE_INFINITY;
        for (int r = m - 1; r >= 0; r--) {
          int i = order[r];
          running = Math.min(running, (double) m / (r + 1) * pValues[i]);
          out[i] = Math.min(1.0, running);
        }
      }
      default -> throw new IllegalStateException("unhandled adjustment " + this);
    }
    return out;
  }

  /** Indices of the non-missing p-values, sorted by p (stable). */
  private static Integer[] validatedOrder(double[] p) {
    int present = 0;
    for (int i = 0; i < p.length; i++) {
      if (Double.isNaN(p[i])) {
        continue;
      }
      if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
        throw EstimationErrors.pValueOutOfRange(i, p[i]);
      }
      present++;
    }
    Integer[] order = new Integer[present];
    int k = 0;
    for (int i = 0; i < p.length; i++) {
      if (!Double.isNaN(p[i])) {
        order[k++] = i;
      }
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    return order;
  }
}
