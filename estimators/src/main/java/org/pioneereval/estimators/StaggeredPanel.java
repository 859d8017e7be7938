package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A balanced panel under staggered adoption in wide form: one row per unit with its outcome in
 * every period, the period in which it was first treated ({@link #NEVER_TREATED} = 0 for units that
 * never adopt), an optional sampling weight and optional time-invariant covariates (e.g. the
 * base-period value). This is the per-unit input of {@link CallawaySantAnna} and {@link
 * GoodmanBaconDecomposition}: a Spark job collects one small row per unit (site, practice,
 * patient), and all group-time computations run on these arrays. Period values are the calendar
 * labels (e.g. years 2003..2007) in strictly increasing order; first-treated periods use the same
 * labels. All arrays are validated and copied; the panel is immutable.
 */
public final class StaggeredPanel {
  /** First-treated value of units that are never treated (R {@code did}: {@code gname = 0}). */
  public static final int NEVER_TREATED = 0;

  private final int[] periods;
  private final double[][] outcomes;
  private final int[] firstTreated;
  private final long[] unitIds;
  private final double[] weights;
  private final long[] clusters;
  private final Map<String, double[]> covariates;

  private StaggeredPanel(
      int[] periods,
      double[][] outcomes,
      int[] firstTreated,
      long[] unitIds,
      double[] weights,
      long[] clusters,
      Map<String, double[]> covariates) {
    this.periods = periods;
    this.outcomes = outcomes;
    this.firstTreated = firstTreated;
    this.unitIds = unitIds;
    this.weights = weights;
    this.clusters = clusters;
    this.covariates = covariates;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder pre-filled from long-format rows (one row per unit and period), as a data frame or a
   * Spark collect would give them: the rows are pivoted to one outcome per unit and period. Units
   * are ordered by id. The panel must be balanced.
   *
   * @param unitId the unit of each row
   * @param period the period label of each row
   * @param outcome the outcome of each row
   * @param firstTreated the unit's first treated period on each row ({@link #NEVER_TREATED} =
   *     never)
   */
  public static Builder fromRows(
      long[] unitId, int[] period, double[] outcome, int[] firstTreated) {
    int n = outcome.length;
    checkLength("unitId", unitId.length, n);
    checkLength("period", period.length, n);
    checkLength("firstTreated", firstTreated.length, n);
    int[] sortedPeriods = Arrays.stream(period).distinct().sorted().toArray();
    long[] ids = Arrays.stream(unitId).distinct().sorted().toArray();
    Map<Long, Integer> unitIndex = new HashMap<>();
    for (int u = 0; u < ids.length; u++) {
      unitIndex.put(ids[u], u);
    }
    double[][] y = new double[ids.length][sortedPeriods.length];
    boolean[][] seen = new boolean[ids.length][sortedPeriods.length];
    int[] g = new int[ids.length];
    boolean[] gSet = new boolean[ids.length];
    int[] count = new int[ids.length];
    for (int i = 0; i < n; i++) {
      int u = unitIndex.get(unitId[i]);
      int p = Arrays.binarySearch(sortedPeriods, period[i]);
      if (seen[u][p]) {
        throw EstimationErrors.duplicateUnitPeriod(unitId[i], period[i]);
      }
      seen[u][p] = true;
      count[u]++;
      y[u][p] = outcome[i];
      if (gSet[u] && g[u] != firstTreated[i]) {
        throw EstimationErrors.firstTreatedNotConstant(unitId[i], g[u], firstTreated[i]);
      }
      g[u] = firstTreated[i];
      gSet[u] = true;
    }
    for (int u = 0; u < ids.length; u++) {
      if (count[u] != sortedPeriods.length) {
        throw EstimationErrors.unbalancedStaggeredPanel(ids[u], count[u], sortedPeriods.length);
      }
    }
    return new Builder().periods(sortedPeriods).outcomes(y).firstTreated(g).unitIds(ids);
  }

  /** Builder; periods, outcomes and first-treated periods are required. */
  public static final class Builder {
    private int[] periods;
    private double[][] outcomes;
    private int[] firstTreated;
    private long[] unitIds;
    private double[] weights;
    private long[] clusters;
    private final Map<String, double[]> covariates = new LinkedHashMap<>();

    private Builder() {}

    /** The period labels of the outcome columns, strictly increasing (e.g. 2003..2007). */
    public Builder periods(int... periodLabels) {
      this.periods = periodLabels;
      return this;
    }

    /** {@code outcomes[unit][period]}: every unit has one outcome in every period. */
    public Builder outcomes(double[][] outcomesByUnitAndPeriod) {
      this.outcomes = outcomesByUnitAndPeriod;
      return this;
    }

    /** Per unit, the first treated period label, or {@link #NEVER_TREATED}. */
    public Builder firstTreated(int[] firstTreatedPeriod) {
      this.firstTreated = firstTreatedPeriod;
      return this;
    }

    /** Per unit, an id used in messages and reports (default 0..n-1). */
    public Builder unitIds(long[] ids) {
      this.unitIds = ids;
      return this;
    }

    /** Per unit, a sampling weight (did: {@code weightsname}); omit for equal weights. */
    public Builder weights(double[] unitWeights) {
      this.weights = unitWeights;
      return this;
    }

    /**
     * Per unit, the cluster it was sampled in, coarser than the unit (e.g. the site of a patient;
     * did {@code clustervars}), for the cluster-robust multiplier bootstrap ({@link
     * MultiplierBootstrap#clustered}). Analytic standard errors stay clustered by unit.
     */
    public Builder clusters(long[] clusterOfUnit) {
      this.clusters = clusterOfUnit;
      return this;
    }

    /** A time-invariant covariate per unit (e.g. its base-period value); names must be distinct. */
    public Builder covariate(String name, double[] perUnit) {
      if (covariates.containsKey(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      covariates.put(name, perUnit);
      return this;
    }

    public StaggeredPanel build() {
      if (periods == null) {
        throw EstimationErrors.missingInput("period labels", "periods(int...)");
      }
      if (outcomes == null) {
        throw EstimationErrors.missingInput("outcomes", "outcomes(double[][])");
      }
      if (firstTreated == null) {
        throw EstimationErrors.missingInput("first-treated periods", "firstTreated(int[])");
      }
      int n = outcomes.length;
      int t = periods.length;
      for (int p = 1; p < t; p++) {
        if (periods[p] <= periods[p - 1]) {
          throw EstimationErrors.periodsNotIncreasing(p, periods[p - 1], periods[p]);
        }
      }
      checkLength("firstTreated", firstTreated.length, n);
      long[] ids = unitIds == null ? new long[n] : unitIds.clone();
      if (unitIds == null) {
        for (int u = 0; u < n; u++) {
          ids[u] = u;
        }
      } else {
        checkLength("unitIds", unitIds.length, n);
      }
      double[][] y = new double[n][];
      for (int u = 0; u < n; u++) {
        if (outcomes[u].length != t) {
          throw EstimationErrors.unbalancedStaggeredPanel(ids[u], outcomes[u].length, t);
        }
        for (int p = 0; p < t; p++) {
          if (!Double.isFinite(outcomes[u][p])) {
            throw EstimationErrors.nonFinite("outcomes[" + u + "]", p, outcomes[u][p]);
          }
        }
        y[u] = outcomes[u].clone();
      }
      double[] w = null;
      if (weights != null) {
        checkLength("weights", weights.length, n);
        for (int u = 0; u < n; u++) {
          if (!(weights[u] > 0.0) || Double.isInfinite(weights[u])) {
            throw EstimationErrors.invalidWeight(u, weights[u]);
          }
        }
        w = weights.clone();
      }
      if (clusters != null) {
        checkLength("clusters", clusters.length, n);
      }
      Map<String, double[]> cov = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : covariates.entrySet()) {
        checkLength("covariate '" + e.getKey() + "'", e.getValue().length, n);
        for (int u = 0; u < n; u++) {
          if (!Double.isFinite(e.getValue()[u])) {
            throw EstimationErrors.nonFinite("covariate '" + e.getKey() + "'", u, e.getValue()[u]);
          }
        }
        cov.put(e.getKey(), e.getValue().clone());
      }
      return new StaggeredPanel(
          periods.clone(),
          y,
          firstTreated.clone(),
          ids,
          w,
          clusters == null ? null : clusters.clone(),
          Collections.unmodifiableMap(cov));
    }
  }

  private static void checkLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw EstimationErrors.lengthMismatch(what, actual, expected);
    }
  }

  /** The same panel restricted to the units where {@code keep} is true. */
  StaggeredPanel units(boolean[] keep) {
    List<Integer> rows = new ArrayList<>();
    for (int u = 0; u < keep.length; u++) {
      if (keep[u]) {
        rows.add(u);
      }
    }
    int m = rows.size();
    double[][] y = new double[m][];
    int[] g = new int[m];
    long[] ids = new long[m];
    double[] w = weights == null ? null : new double[m];
    long[] c = clusters == null ? null : new long[m];
    Map<String, double[]> cov = new LinkedHashMap<>();
    covariates.forEach((k, v) -> cov.put(k, new double[m]));
    for (int i = 0; i < m; i++) {
      int u = rows.get(i);
      y[i] = outcomes[u];
      g[i] = firstTreated[u];
      ids[i] = unitIds[u];
      if (w != null) {
        w[i] = weights[u];
      }
      if (c != null) {
        c[i] = clusters[u];
      }
      for (Map.Entry<String, double[]> e : covariates.entrySet()) {
        cov.get(e.getKey())[i] = e.getValue()[u];
      }
    }
    return new StaggeredPanel(periods, y, g, ids, w, c, Collections.unmodifiableMap(cov));
  }

  /** The same units with only the first {@code count} periods. */
  StaggeredPanel firstPeriods(int count) {
    double[][] y = new double[outcomes.length][];
    for (int u = 0; u < y.length; u++) {
      y[u] = Arrays.copyOf(outcomes[u], count);
    }
    return new StaggeredPanel(
        Arrays.copyOf(periods, count), y, firstTreated, unitIds, weights, clusters, covariates);
  }

  /** The same units with other first-treated periods. */
  StaggeredPanel withFirstTreated(int[] g) {
    return new StaggeredPanel(periods, outcomes, g, unitIds, weights, clusters, covariates);
  }

  public int unitCount() {
    return outcomes.length;
  }

  public int periodCount() {
    return periods.length;
  }

  /** A copy of the period labels. */
  public int[] periods() {
    return periods.clone();
  }

  /** A copy of the first-treated periods per unit. */
  public int[] firstTreated() {
    return firstTreated.clone();
  }

  /** A copy of the unit ids. */
  public long[] unitIds() {
    return unitIds.clone();
  }

  public boolean isWeighted() {
    return weights != null;
  }

  public List<String> covariateNames() {
    return new ArrayList<>(covariates.keySet());
  }

  public boolean hasClusters() {
    return clusters != null;
  }

  long clusterOf(int unit) {
    return clusters[unit];
  }

  int period(int index) {
    return periods[index];
  }

  int[] periodsView() {
    return periods;
  }

  double outcome(int unit, int periodIndex) {
    return outcomes[unit][periodIndex];
  }

  int firstTreatedOf(int unit) {
    return firstTreated[unit];
  }

  long unitId(int unit) {
    return unitIds[unit];
  }

  /** Sampling weight of a unit (1 when unweighted). */
  double weight(int unit) {
    return weights == null ? 1.0 : weights[unit];
  }

  double[] covariateView(String name) {
    return covariates.get(name);
  }
}
