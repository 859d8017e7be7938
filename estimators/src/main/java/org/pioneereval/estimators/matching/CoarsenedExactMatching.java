package org.pioneereval.estimators.matching;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Coarsened exact matching (Iacus, King and Porro 2012) with user-given cut points, as MatchIt
 * {@code matchit(method = "cem", estimand = "ATT", cutpoints = list(...))}.
 *
 * <p>Each coarsened covariate is cut into bins {@code [c_j, c_j+1)} with {@code -Inf} and {@code
 * +Inf} appended (a value on a cut point goes to the higher bin, as in MatchIt); a covariate given
 * without cut points ({@link Builder#exact}) is matched on its exact value. Strata are the full
 * cross of the bins. Strata without both treated and control units are dropped (weight 0). Weights
 * for the ATT (MatchIt {@code get_weights_from_subclass}): treated 1; controls {@code n_T,s /
 * n_C,s}, rescaled so that the control weights sum to the number of matched controls.
 */
public final class CoarsenedExactMatching {
  private final Map<String, double[]> cutPoints;

  private CoarsenedExactMatching(Map<String, double[]> cutPoints) {
    this.cutPoints = cutPoints;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder: one entry per covariate used, in order. */
  public static final class Builder {
    private final Map<String, double[]> cutPoints = new LinkedHashMap<>();

    private Builder() {}

    /** Coarsen {@code covariate} at the given strictly increasing, finite cut points. */
    public Builder cutPoints(String covariate, double... points) {
      if (points.length == 0) {
        throw EstimationErrors.invalidCutPoints(covariate, "none given; use exact(name)");
      }
      for (int i = 0; i < points.length; i++) {
        if (!Double.isFinite(points[i])) {
          throw EstimationErrors.invalidCutPoints(covariate, "cut point " + points[i]);
        }
        if (i > 0 && !(points[i] > points[i - 1])) {
          throw EstimationErrors.invalidCutPoints(
              covariate, points[i] + " does not exceed " + points[i - 1]);
        }
      }
      put(covariate, points.clone());
      return this;
    }

    /** Match exactly on the value of {@code covariate} (e.g. a 0/1 flag or a category code). */
    public Builder exact(String covariate) {
      put(covariate, new double[0]);
      return this;
    }

    private void put(String covariate, double[] points) {
      if (cutPoints.containsKey(covariate)) {
        throw EstimationErrors.duplicateCovariate(covariate);
      }
      cutPoints.put(covariate, points);
    }

    public CoarsenedExactMatching build() {
      if (cutPoints.isEmpty()) {
        throw EstimationErrors.missingInput(
            "at least one covariate to match on", "cutPoints(name, ...) or exact(name)");
      }
      return new CoarsenedExactMatching(new LinkedHashMap<>(cutPoints));
    }
  }

  /** Forms the strata and the ATT weights. */
  public CoarsenedSample match(Covariates covariates, boolean[] treated) {
    int n = covariates.size();
    if (treated.length != n) {
      throw EstimationErrors.matchingLengthMismatch("treated", treated.length, n);
    }
    int[] key = new int[n];
    for (Map.Entry<String, double[]> e : cutPoints.entrySet()) {
      double[] x = covariates.columnView(covariates.indexOf(e.getKey()));
      double[] cuts = e.getValue();
      double[] levels = cuts.length > 0 ? cuts : distinct(x);
      long radix = levels.length + 1L;
      Map<Long, Integer> dense = new HashMap<>();
      for (int i = 0; i < n; i++) {
        long code = cuts.length > 0 ? upperBound(cuts, x[i]) : Arrays.binarySearch(levels, x[i]);
        long combined = key[i] * radix + code;
        Integer id = dense.get(combined);
        if (id == null) {
          id = dense.size();
          dense.put(combined, id);
        }
        key[i] = id;
      }
    }
    int strata = 0;
    for (int k : key) {
      strata = Math.max(strata, k + 1);
    }
    int[] nt = new int[strata];
    int[] nc = new int[strata];
    for (int i = 0; i < n; i++) {
      if (treated[i]) {
        nt[key[i]]++;
      } else {
        nc[key[i]]++;
      }
    }
    int[] label = new int[strata];
    Arrays.fill(label, -1);
    int matched = 0;
    int[] stratum = new int[n];
    for (int i = 0; i < n; i++) {
      int s = key[i];
      if (nt[s] > 0 && nc[s] > 0) {
        if (label[s] < 0) {
          label[s] = matched++;
        }
        stratum[i] = label[s];
      } else {
        stratum[i] = -1;
      }
    }
    if (matched == 0) {
      throw EstimationErrors.noMatchedStrata(strata);
    }
    double[] w = new double[n];
    double sum = 0.0;
    int controls = 0;
    for (int i = 0; i < n; i++) {
      if (stratum[i] < 0) {
        continue;
      }
      int s = key[i];
      if (treated[i]) {
        w[i] = 1.0;
      } else {
        w[i] = (double) nt[s] / nc[s];
        sum += w[i];
        controls++;
      }
    }
    for (int i = 0; i < n; i++) {
      if (stratum[i] >= 0 && !treated[i]) {
        w[i] = controls * w[i] / sum; // MatchIt .make_sum_to_n
      }
    }
    return new CoarsenedSample(cutPoints, stratum, w, strata, matched);
  }

  /** Number of cut points <= v: the bin of v, values on a cut point going to the higher bin. */
  private static int upperBound(double[] cuts, double v) {
    int lo = 0;
    int hi = cuts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cuts[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double[] distinct(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int m = 0;
    for (int i = 0; i < s.length; i++) {
      if (i == 0 || s[i] != s[i - 1]) {
        s[m++] = s[i];
      }
    }
    return Arrays.copyOf(s, m);
  }
}
