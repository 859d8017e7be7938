package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Observations under staggered adoption in long form, one row per observation, for {@link
 * CallawaySantAnna} when the data are not a balanced panel:
 *
 * <ul>
 *   <li><b>repeated cross-sections</b> (no unit ids): different people in every period, e.g. the
 *       patient-experience survey's waves. Every row is its own unit: n = rows (did {@code panel =
 *       FALSE});
 *   <li><b>an unbalanced panel</b> ({@link Builder#unitIds(long[])}): units seen in some periods
 *       only. Each group-time cell is still estimated with the repeated-cross-section estimators on
 *       the rows of its two periods, but the influence function is summed by unit and n = units
 *       (did {@code allow_unbalanced_panel = TRUE}).
 * </ul>
 *
 * Every array has one entry per row: the period label (same labels as the first-treated periods,
 * e.g. survey years), the outcome, the first treated period of the row's unit or cohort ({@link
 * StaggeredPanel#NEVER_TREATED} = 0 for never treated), an optional sampling weight, optional
 * covariates (may vary over time: they enter each cell's regressions row by row) and an optional
 * cluster (e.g. the site of a respondent) for {@link MultiplierBootstrap#clustered}. With unit ids,
 * the first treated period, the weight and the cluster must be the same on every row of a unit. All
 * arrays are validated and copied; the object is immutable.
 */
public final class StaggeredObservations {
  private final int[] period;
  private final double[] outcome;
  private final int[] firstTreated;
  private final long[] unitIds;
  private final double[] weights;
  private final long[] clusters;
  private final Map<String, double[]> covariates;
  private final int[] periodLabels;
  private final int[] unitIndex;
  private final int unitCount;

  private StaggeredObservations(
      int[] period,
      double[] outcome,
      int[] firstTreated,
      long[] unitIds,
      double[] weights,
      long[] clusters,
      Map<String, double[]> covariates) {
    this.period = period;
    this.outcome = outcome;
    this.firstTreated = firstTreated;
    this.unitIds = unitIds;
    this.weights = weights;
    this.clusters = clusters;
    this.covariates = covariates;
    this.periodLabels = Arrays.stream(period).distinct().sorted().toArray();
    int n = outcome.length;
    this.unitIndex = new int[n];
    if (unitIds == null) {
      for (int i = 0; i < n; i++) {
        unitIndex[i] = i;
      }
      this.unitCount = n;
    } else {
      long[] ids = Arrays.stream(unitIds).distinct().sorted().toArray();
      for (int i = 0; i < n; i++) {
        unitIndex[i] = Arrays.binarySearch(ids, unitIds[i]);
      }
      this.unitCount = ids.length;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; periods, outcomes and first-treated periods are required, one entry per row. */
  public static final class Builder {
    private int[] periods;
    private double[] outcomes;
    private int[] firstTreated;
    private long[] unitIds;
    private double[] weights;
    private long[] clusters;
    private final Map<String, double[]> covariates = new LinkedHashMap<>();

    private Builder() {}

    /** Per row, the period label (e.g. the survey year). */
    public Builder periods(int[] periodOfRow) {
      this.periods = periodOfRow;
      return this;
    }

    /** Per row, the outcome. */
    public Builder outcomes(double[] outcomeOfRow) {
      this.outcomes = outcomeOfRow;
      return this;
    }

    /** Per row, the first treated period of its unit or cohort ({@code 0} = never treated). */
    public Builder firstTreated(int[] firstTreatedOfRow) {
      this.firstTreated = firstTreatedOfRow;
      return this;
    }

    /**
     * Per row, the id of the unit observed (an unbalanced panel); omit for repeated cross-sections.
     */
    public Builder unitIds(long[] unitOfRow) {
      this.unitIds = unitOfRow;
      return this;
    }

    /** Per row, a sampling weight (e.g. a survey weight); omit for equal weights. */
    public Builder weights(double[] weightOfRow) {
      this.weights = weightOfRow;
      return this;
    }

    /**
     * Per row, the cluster it was sampled in (e.g. its site), coarser than the unit, for the
     * cluster-robust multiplier bootstrap ({@link MultiplierBootstrap#clustered}).
     */
    public Builder clusters(long[] clusterOfRow) {
      this.clusters = clusterOfRow;
      return this;
    }

    /** A covariate per row (may change over periods); names must be distinct. */
    public Builder covariate(String name, double[] perRow) {
      if (covariates.containsKey(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      covariates.put(name, perRow);
      return this;
    }

    public StaggeredObservations build() {
      if (outcomes == null) {
        throw EstimationErrors.missingInput("outcomes", "outcomes(double[])");
      }
      if (periods == null) {
        throw EstimationErrors.missingInput("the period of every row", "periods(int[])");
      }
      if (firstTreated == null) {
        throw EstimationErrors.missingInput("first-treated periods", "firstTreated(int[])");
      }
      int n = outcomes.length;
      check("periods", periods.length, n);
      check("firstTreated", firstTreated.length, n);
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(outcomes[i])) {
          throw EstimationErrors.nonFinite("outcomes", i, outcomes[i]);
        }
      }
      if (unitIds != null) {
        check("unitIds", unitIds.length, n);
      }
      if (weights != null) {
        check("weights", weights.length, n);
        for (int i = 0; i < n; i++) {
          if (!(weights[i] > 0.0) || Double.isInfinite(weights[i])) {
            throw EstimationErrors.invalidWeight(i, weights[i]);
          }
        }
      }
      if (clusters != null) {
        check("clusters", clusters.length, n);
      }
      Map<String, double[]> cov = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : covariates.entrySet()) {
        check("covariate '" + e.getKey() + "'", e.getValue().length, n);
        for (int i = 0; i < n; i++) {
          if (!Double.isFinite(e.getValue()[i])) {
            throw EstimationErrors.nonFinite("covariate '" + e.getKey() + "'", i, e.getValue()[i]);
          }
        }
        cov.put(e.getKey(), e.getValue().clone());
      }
      if (unitIds != null) {
        checkUnits();
      }
      return new StaggeredObservations(
          periods.clone(),
          outcomes.clone(),
          firstTreated.clone(),
          unitIds == null ? null : unitIds.clone(),
          weights == null ? null : weights.clone(),
          clusters == null ? null : clusters.clone(),
          Collections.unmodifiableMap(cov));
    }

    /** One row per unit and period; cohort, weight and cluster constant within a unit. */
    private void checkUnits() {
      Map<Long, Integer> firstRow = new HashMap<>();
      Map<Long, java.util.Set<Integer>> seen = new HashMap<>();
      for (int i = 0; i < unitIds.length; i++) {
        long id = unitIds[i];
        if (!seen.computeIfAbsent(id, k -> new java.util.HashSet<>()).add(periods[i])) {
          throw EstimationErrors.duplicateUnitPeriod(id, periods[i]);
        }
        Integer f = firstRow.putIfAbsent(id, i);
        if (f == null) {
          continue;
        }
        if (firstTreated[f] != firstTreated[i]) {
          throw EstimationErrors.firstTreatedNotConstant(id, firstTreated[f], firstTreated[i]);
        }
        if (weights != null && weights[f] != weights[i]) {
          throw EstimationErrors.unitValueNotConstant("weight", id, weights[f], weights[i]);
        }
        if (clusters != null && clusters[f] != clusters[i]) {
          throw EstimationErrors.unitValueNotConstant("cluster", id, clusters[f], clusters[i]);
        }
      }
    }

    private static void check(String what, int actual, int expected) {
      if (actual != expected) {
        throw EstimationErrors.lengthMismatch(what, actual, expected);
      }
    }
  }

  /** The same rows restricted to those where {@code keep} is true. */
  StaggeredObservations rows(boolean[] keep) {
    int m = 0;
    for (boolean k : keep) {
      m += k ? 1 : 0;
    }
    int[] p = new int[m];
    double[] y = new double[m];
    int[] g = new int[m];
    long[] ids = unitIds == null ? null : new long[m];
    double[] w = weights == null ? null : new double[m];
    long[] c = clusters == null ? null : new long[m];
    Map<String, double[]> cov = new LinkedHashMap<>();
    final int rowsKept = m;
    covariates.forEach((k, v) -> cov.put(k, new double[rowsKept]));
    int j = 0;
    for (int i = 0; i < keep.length; i++) {
      if (!keep[i]) {
        continue;
      }
      p[j] = period[i];
      y[j] = outcome[i];
      g[j] = firstTreated[i];
      if (ids != null) {
        ids[j] = unitIds[i];
      }
      if (w != null) {
        w[j] = weights[i];
      }
      if (c != null) {
        c[j] = clusters[i];
      }
      for (Map.Entry<String, double[]> e : covariates.entrySet()) {
        cov.get(e.getKey())[j] = e.getValue()[i];
      }
      j++;
    }
    return new StaggeredObservations(p, y, g, ids, w, c, Collections.unmodifiableMap(cov));
  }

  /** The same rows with other first-treated periods. */
  StaggeredObservations withFirstTreated(int[] g) {
    return new StaggeredObservations(period, outcome, g, unitIds, weights, clusters, covariates);
  }

  public SamplingDesign design() {
    return unitIds == null
        ? SamplingDesign.REPEATED_CROSS_SECTIONS
        : SamplingDesign.UNBALANCED_PANEL;
  }

  public int observationCount() {
    return outcome.length;
  }

  /** Distinct units: the number of rows for repeated cross-sections. */
  public int unitCount() {
    return unitCount;
  }

  public int periodCount() {
    return periodLabels.length;
  }

  /** A copy of the distinct period labels, increasing. */
  public int[] periods() {
    return periodLabels.clone();
  }

  public boolean isWeighted() {
    return weights != null;
  }

  public boolean hasClusters() {
    return clusters != null;
  }

  public List<String> covariateNames() {
    return new ArrayList<>(covariates.keySet());
  }

  int[] periodLabelsView() {
    return periodLabels;
  }

  int periodOf(int row) {
    return period[row];
  }

  double outcome(int row) {
    return outcome[row];
  }

  int firstTreatedOf(int row) {
    return firstTreated[row];
  }

  int[] firstTreatedView() {
    return firstTreated;
  }

  /** Dense unit index (0..unitCount-1, ordered by id) of a row; the row itself without ids. */
  int unitOf(int row) {
    return unitIndex[row];
  }

  double weight(int row) {
    return weights == null ? 1.0 : weights[row];
  }

  long clusterOf(int row) {
    return clusters[row];
  }

  double[] covariateView(String name) {
    return covariates.get(name);
  }
}
