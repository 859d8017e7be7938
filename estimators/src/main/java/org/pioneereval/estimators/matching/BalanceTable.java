package org.pioneereval.estimators.matching;

import java.util.ArrayList;
import java.util.List;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Covariate balance before and after matching or weighting, as MatchIt 4.4's {@code summary()} for
 * the ATT ({@code s.d.denom = "treated"}), so that the report can print the table and draw a love
 * plot (|SMD| before vs after per covariate).
 *
 * <p>Per covariate x, with weights w (all 1 before; the matching or weighting weights after),
 * normalised to sum to 1 within each group:
 *
 * <ul>
 *   <li>Means: weighted means of the treated and the controls.
 *   <li>Standardised mean difference: {@code (mean_T - mean_C) / s_T}, where {@code s_T} is the SD
 *       of the <b>unweighted, unmatched</b> treated group (sample SD with n-1; {@code sqrt(p(1-p))}
 *       for a binary x), the same denominator before and after. Differences below 1e-8 are left
 *       unstandardised (MatchIt).
 *   <li>Variance ratio (non-binary x): weighted variances {@code sum w (x-m)^2 / (1 - sum w^2)}
 *       (reliability weights), treated over control.
 *   <li>eCDF mean/max: mean and max of {@code |F_T(v) - F_C(v)|} over every distinct value v of x
 *       in the whole sample (zero-weight, e.g. unmatched, units included in the grid); for binary x
 *       both equal |mean_T - mean_C|.
 *   <li>Std. pair distance (matched samples only): mean of {@code |x_t - x_c|} over all matched
 *       (treated, control) pairs, divided by {@code s_T}.
 *   <li>Sample sizes: counts with positive weight and Kish's effective sample size.
 * </ul>
 */
public final class BalanceTable {
  private final List<CovariateBalance> before;
  private final List<CovariateBalance> after;
  private final SampleSizes sizes;

  private BalanceTable(List<CovariateBalance> before, List<CovariateBalance> after, SampleSizes s) {
    this.before = List.copyOf(before);
    this.after = List.copyOf(after);
    this.sizes = s;
  }

  /** Balance before and after weighting with {@code weights} (>= 0; 0 = dropped/unmatched). */
  public static BalanceTable of(Covariates covariates, boolean[] treated, double[] weights) {
    return compute(covariates, treated, weights, null);
  }

  /** Balance before and after nearest-neighbour matching, with the std. pair distances. */
  public static BalanceTable of(Covariates covariates, boolean[] treated, MatchedSample sample) {
    if (sample.size() != treated.length) {
      throw EstimationErrors.matchingLengthMismatch(
          "matched sample", sample.size(), treated.length);
    }
    return compute(covariates, treated, sample.weights(), sample);
  }

  private static BalanceTable compute(
      Covariates covariates, boolean[] treated, double[] weights, MatchedSample sample) {
    int n = covariates.size();
    if (treated.length != n) {
      throw EstimationErrors.matchingLengthMismatch("treated", treated.length, n);
    }
    if (weights.length != n) {
      throw EstimationErrors.matchingLengthMismatch("weights", weights.length, n);
    }
    int nt = 0;
    for (int i = 0; i < n; i++) {
      if (!(weights[i] >= 0.0) || Double.isInfinite(weights[i])) {
        throw EstimationErrors.invalidWeight(i, weights[i]);
      }
      if (treated[i]) {
        nt++;
      }
    }
    if (nt == 0) {
      throw EstimationErrors.noUnitsInGroup("treated");
    }
    if (nt == n) {
      throw EstimationErrors.noUnitsInGroup("control");
    }
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    int[][] pairs = sample == null ? null : pairs(sample);
    List<CovariateBalance> before = new ArrayList<>();
    List<CovariateBalance> after = new ArrayList<>();
    for (int j = 0; j < covariates.count(); j++) {
      String name = covariates.names().get(j);
      double[] x = covariates.columnView(j);
      boolean binary = covariates.isBinary(j);
      int[] order = binary ? null : sortedOrder(x);
      double sdT = treatedStandardDeviation(x, treated, binary);
      before.add(row(name, x, treated, ones, binary, sdT, order, null));
      after.add(row(name, x, treated, weights, binary, sdT, order, pairs));
    }
    return new BalanceTable(before, after, sizes(treated, weights));
  }

  private static int[][] pairs(MatchedSample sample) {
    int[][] p = new int[2][sample.pairCount()];
    int[] next = {0};
    sample.forEachPair(
        (t, c) -> {
          p[0][next[0]] = t;
          p[1][next[0]] = c;
          next[0]++;
        });
    return p;
  }

  private static int[] sortedOrder(double[] x) {
    int[] order = new int[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    IndexSort.sortAscending(order, 0, order.length, x);
    return order;
  }

  private static double treatedStandardDeviation(double[] x, boolean[] treated, boolean binary) {
    double sum = 0.0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (treated[i]) {
        sum += x[i];
        n++;
      }
    }
    double mean = sum / n;
    if (binary) {
      return Math.sqrt(mean * (1.0 - mean));
    }
    double ss = 0.0;
    for (int i = 0; i < x.length; i++) {
      if (treated[i]) {
        ss += (x[i] - mean) * (x[i] - mean);
      }
    }
    return Math.sqrt(ss / (n - 1));
  }

  private static CovariateBalance row(
      String name,
      double[] x,
      boolean[] treated,
      double[] w,
      boolean binary,
      double sdT,
      int[] order,
      int[][] pairs) {
    double swT = 0.0;
    double swC = 0.0;
    double sxT = 0.0;
    double sxC = 0.0;
    double sw2T = 0.0;
    double sw2C = 0.0;
    for (int i = 0; i < x.length; i++) {
      if (treated[i]) {
        swT += w[i];
        sxT += w[i] * x[i];
        sw2T += w[i] * w[i];
      } else {
        swC += w[i];
        sxC += w[i] * x[i];
        sw2C += w[i] * w[i];
      }
    }
    if (!(swT > 0.0)) {
      throw EstimationErrors.noUnitsInGroup("weighted treated");
    }
    if (!(swC > 0.0)) {
      throw EstimationErrors.noUnitsInGroup("weighted control");
    }
    double mT = sxT / swT;
    double mC = sxC / swC;
    double diff = mT - mC;
    double smd = standardise(diff, sdT);
    double varianceRatio = Double.NaN;
    double ecdfMean;
    double ecdfMax;
    if (binary) {
      ecdfMean = Math.abs(diff);
      ecdfMax = Math.abs(diff);
    } else {
      double ssT = 0.0;
      double ssC = 0.0;
      for (int i = 0; i < x.length; i++) {
        if (treated[i]) {
          ssT += w[i] * (x[i] - mT) * (x[i] - mT);
        } else {
          ssC += w[i] * (x[i] - mC) * (x[i] - mC);
        }
      }
      double varT = (ssT / swT) / (1.0 - sw2T / (swT * swT));
      double varC = (ssC / swC) / (1.0 - sw2C / (swC * swC));
      varianceRatio = varT / varC;
      double cumulative = 0.0;
      double sum = 0.0;
      double max = 0.0;
      int distinct = 0;
      for (int r = 0; r < order.length; r++) {
        int i = order[r];
        cumulative += treated[i] ? w[i] / swT : -w[i] / swC;
        if (r == order.length - 1 || x[order[r + 1]] != x[i]) {
          double e = Math.abs(cumulative);
          sum += e;
          max = Math.max(max, e);
          distinct++;
        }
      }
      ecdfMean = sum / distinct;
      ecdfMax = max;
    }
    double pairDistance = Double.NaN;
    if (pairs != null && pairs[0].length > 0) {
      double s = 0.0;
      for (int p = 0; p < pairs[0].length; p++) {
        s += Math.abs(x[pairs[0][p]] - x[pairs[1][p]]);
      }
      pairDistance = standardise(s / pairs[0].length, sdT);
    }
    return new CovariateBalance(
        name, binary, mT, mC, smd, varianceRatio, ecdfMean, ecdfMax, pairDistance);
  }

  /** MatchIt leaves differences below 1e-8 unstandardised (and so avoids 0/0). */
  private static double standardise(double difference, double sd) {
    return Math.abs(difference) > 1e-8 ? difference / sd : difference;
  }

  private static SampleSizes sizes(boolean[] treated, double[] w) {
    int nt = 0;
    int nc = 0;
    int mt = 0;
    int mc = 0;
    double[] s = new double[2];
    double[] s2 = new double[2];
    for (int i = 0; i < treated.length; i++) {
      int g = treated[i] ? 1 : 0;
      if (treated[i]) {
        nt++;
      } else {
        nc++;
      }
      if (w[i] > 0.0) {
        if (treated[i]) {
          mt++;
        } else {
          mc++;
        }
        s[g] += w[i];
        s2[g] += w[i] * w[i];
      }
    }
    return new SampleSizes(nt, nc, mt, mc, s[1] * s[1] / s2[1], s[0] * s[0] / s2[0]);
  }

  /** Covariate names in table order. */
  public List<String> covariateNames() {
    List<String> out = new ArrayList<>();
    for (CovariateBalance b : before) {
      out.add(b.covariate());
    }
    return out;
  }

  /** Rows for all units with weight 1 (MatchIt "Summary of Balance for All Data"). */
  public List<CovariateBalance> before() {
    return before;
  }

  /** Rows after matching/weighting (MatchIt "Summary of Balance for Matched Data"). */
  public List<CovariateBalance> after() {
    return after;
  }

  public CovariateBalance before(String covariate) {
    return before.get(index(covariate));
  }

  public CovariateBalance after(String covariate) {
    return after.get(index(covariate));
  }

  private int index(String covariate) {
    int j = covariateNames().indexOf(covariate);
    if (j < 0) {
      throw EstimationErrors.unknownMatchingCovariate(covariate, covariateNames().toString());
    }
    return j;
  }

  public SampleSizes sampleSizes() {
    return sizes;
  }
}
