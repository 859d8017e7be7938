package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pioneereval.estimators.internal.DenseCodes;

/**
 * The rows of a DiD design: outcome, unit (site, patient, ...), time period, treated-and-post
 * indicator, cluster, optional analytic weights, named covariates and optional further fixed-effect
 * dimensions. Ids are dense codes (0..U-1, 0..T-1, 0..G-1). Works for balanced and unbalanced
 * panels and for repeated cross-sections (then the "unit" is the group whose effect is absorbed,
 * e.g. the hospital, and each row is a different respondent). All arrays are validated and copied.
 */
public final class PanelObservations {
  private final double[] outcome;
  private final int[] unit;
  private final int[] time;
  private final double[] treatment;
  private final int[] cluster;
  private final double[] weights;
  private final Map<String, double[]> covariates;
  private final Map<String, int[]> extraFixedEffects;
  private final int unitCount;
  private final int timeCount;
  private final int clusterCount;

  private PanelObservations(
      double[] outcome,
      int[] unit,
      int[] time,
      double[] treatment,
      int[] cluster,
      double[] weights,
      Map<String, double[]> covariates,
      Map<String, int[]> extraFixedEffects) {
    this.outcome = outcome;
    this.unit = unit;
    this.time = time;
    this.treatment = treatment;
    this.cluster = cluster;
    this.weights = weights;
    this.covariates = covariates;
    this.extraFixedEffects = extraFixedEffects;
    this.unitCount = LinearRegression.countClusters(unit);
    this.timeCount = LinearRegression.countClusters(time);
    this.clusterCount = cluster == null ? 0 : LinearRegression.countClusters(cluster);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; outcome, unit and time are required, the rest optional. */
  public static final class Builder {
    private double[] outcome;
    private int[] unit;
    private int[] time;
    private double[] treatment;
    private int[] cluster;
    private double[] weights;
    private final Map<String, double[]> covariates = new LinkedHashMap<>();
    private final Map<String, int[]> extraFixedEffects = new LinkedHashMap<>();

    private Builder() {}

    public Builder outcome(double[] y) {
      this.outcome = y;
      return this;
    }

    /** Dense unit ids 0..U-1; their fixed effects are absorbed. */
    public Builder unit(int[] unitIds) {
      this.unit = unitIds;
      return this;
    }

    /** Dense period ids 0..T-1; their fixed effects are absorbed. */
    public Builder time(int[] timeIds) {
      this.time = timeIds;
      return this;
    }

    /** The 0/1 treated-and-post indicator. */
    public Builder treatment(double[] d) {
      this.treatment = d;
      return this;
    }

    /** Dense cluster ids 0..G-1; may equal the unit ids. */
    public Builder cluster(int[] clusterIds) {
      this.cluster = clusterIds;
      return this;
    }

    /** Analytic weights (e.g. population); omit for an unweighted fit. */
    public Builder weights(double[] w) {
      this.weights = w;
      return this;
    }

    /** A time-varying covariate; repeatable, names must be distinct. */
    public Builder covariate(String name, double[] x) {
      if (covariates.containsKey(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      covariates.put(name, x);
      return this;
    }

    /**
     * A further fixed-effect dimension (dense ids) absorbed together with unit and time effects by
     * alternating projections; repeatable.
     */
    public Builder fixedEffect(String name, int[] ids) {
      if (extraFixedEffects.containsKey(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      extraFixedEffects.put(name, ids);
      return this;
    }

    public PanelObservations build() {
      if (outcome == null) {
        throw EstimationErrors.missingInput("an outcome", "outcome(double[])");
      }
      if (unit == null) {
        throw EstimationErrors.missingInput("unit ids", "unit(int[])");
      }
      if (time == null) {
        throw EstimationErrors.missingInput("time ids", "time(int[])");
      }
      int n = outcome.length;
      checkFinite("outcome", outcome);
      checkLength("unit", unit.length, n);
      checkLength("time", time.length, n);
      checkDense("unit", unit);
      checkDense("time", time);
      double[] d = null;
      if (treatment != null) {
        checkLength("treatment", treatment.length, n);
        for (int i = 0; i < n; i++) {
          if (treatment[i] != 0.0 && treatment[i] != 1.0) {
            throw EstimationErrors.treatmentNotBinary(i, treatment[i]);
          }
        }
        d = treatment.clone();
      }
      int[] c = null;
      if (cluster != null) {
        checkLength("cluster", cluster.length, n);
        checkDense("cluster", cluster);
        c = cluster.clone();
      }
      double[] w = null;
      if (weights != null) {
        checkLength("weights", weights.length, n);
        for (int i = 0; i < n; i++) {
          if (!(weights[i] > 0.0) || Double.isInfinite(weights[i])) {
            throw EstimationErrors.invalidWeight(i, weights[i]);
          }
        }
        w = weights.clone();
      }
      Map<String, double[]> cov = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : covariates.entrySet()) {
        checkLength("covariate '" + e.getKey() + "'", e.getValue().length, n);
        checkFinite("covariate '" + e.getKey() + "'", e.getValue());
        cov.put(e.getKey(), e.getValue().clone());
      }
      Map<String, int[]> fe = new LinkedHashMap<>();
      for (Map.Entry<String, int[]> e : extraFixedEffects.entrySet()) {
        checkLength("fixed effect '" + e.getKey() + "'", e.getValue().length, n);
        checkDense("fixed effect '" + e.getKey() + "'", e.getValue());
        fe.put(e.getKey(), e.getValue().clone());
      }
      return new PanelObservations(
          outcome.clone(),
          unit.clone(),
          time.clone(),
          d,
          c,
          w,
          Collections.unmodifiableMap(cov),
          Collections.unmodifiableMap(fe));
    }
  }

  private static void checkLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw EstimationErrors.lengthMismatch(what, actual, expected);
    }
  }

  private static void checkFinite(String what, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw EstimationErrors.nonFinite(what, i, v[i]);
      }
    }
  }

  static void checkDense(String what, int[] ids) {
    DenseCodes.checkDense(what, ids);
  }

  /** The same rows with another outcome (e.g. a bootstrap or placebo outcome). */
  public PanelObservations withOutcome(double[] y) {
    checkLength("outcome", y.length, outcome.length);
    checkFinite("outcome", y);
    return new PanelObservations(
        y.clone(), unit, time, treatment, cluster, weights, covariates, extraFixedEffects);
  }

  /** The same rows with another treatment indicator (e.g. a permuted assignment). */
  public PanelObservations withTreatment(double[] d) {
    checkLength("treatment", d.length, outcome.length);
    for (int i = 0; i < d.length; i++) {
      if (d[i] != 0.0 && d[i] != 1.0) {
        throw EstimationErrors.treatmentNotBinary(i, d[i]);
      }
    }
    return new PanelObservations(
        outcome, unit, time, d.clone(), cluster, weights, covariates, extraFixedEffects);
  }

  /** The rows where {@code keep} is true, with every id re-coded densely. */
  PanelObservations subset(boolean[] keep) {
    int m = 0;
    for (boolean k : keep) {
      if (k) {
        m++;
      }
    }
    int[] rows = new int[m];
    int p = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        rows[p++] = i;
      }
    }
    Map<String, double[]> cov = new LinkedHashMap<>();
    covariates.forEach((k, v) -> cov.put(k, pick(v, rows)));
    Map<String, int[]> fe = new LinkedHashMap<>();
    extraFixedEffects.forEach((k, v) -> fe.put(k, recode(pick(v, rows))));
    return new PanelObservations(
        pick(outcome, rows),
        recode(pick(unit, rows)),
        recode(pick(time, rows)),
        treatment == null ? null : pick(treatment, rows),
        cluster == null ? null : recode(pick(cluster, rows)),
        weights == null ? null : pick(weights, rows),
        Collections.unmodifiableMap(cov),
        Collections.unmodifiableMap(fe));
  }

  static double[] pick(double[] v, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = v[rows[i]];
    }
    return out;
  }

  static int[] pick(int[] v, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = v[rows[i]];
    }
    return out;
  }

  /** Dense re-coding preserving the order of the original codes. */
  static int[] recode(int[] ids) {
    int max = -1;
    for (int id : ids) {
      max = Math.max(max, id);
    }
    int[] map = new int[max + 1];
    java.util.Arrays.fill(map, -1);
    for (int id : ids) {
      map[id] = 0;
    }
    int next = 0;
    for (int v = 0; v <= max; v++) {
      if (map[v] == 0) {
        map[v] = next++;
      }
    }
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = map[ids[i]];
    }
    return out;
  }

  public int size() {
    return outcome.length;
  }

  public int unitCount() {
    return unitCount;
  }

  public int timeCount() {
    return timeCount;
  }

  /** Number of clusters, 0 when no cluster ids were given. */
  public int clusterCount() {
    return clusterCount;
  }

  public List<String> covariateNames() {
    return new ArrayList<>(covariates.keySet());
  }

  public boolean hasTreatment() {
    return treatment != null;
  }

  double[] outcome() {
    return outcome;
  }

  int[] unit() {
    return unit;
  }

  int[] time() {
    return time;
  }

  double[] treatment() {
    return treatment;
  }

  int[] cluster() {
    return cluster;
  }

  double[] weights() {
    return weights;
  }

  Map<String, double[]> covariates() {
    return covariates;
  }

  Map<String, int[]> extraFixedEffects() {
    return extraFixedEffects;
  }
}
