package org.pioneereval.estimators.glm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pioneereval.estimators.EstimationErrors;

/**
 * The rows of a Poisson model: a non-negative outcome (a count, or any non-negative amount: PPML
 * does not need integers), named regressors, any number of named fixed-effect dimensions (dense ids
 * 0..G-1, absorbed), named cluster variables for the standard errors (dense ids; the fixed effects
 * can be clustered on by name as well) and an optional offset (e.g. {@code log(population)} to
 * model a rate). Without fixed effects the model gets an intercept named {@link #INTERCEPT}. All
 * arrays are validated and copied.
 */
public final class PoissonData {
  /** Name of the regressor added by {@link Builder#treatment(double[])}. */
  public static final String TREATMENT = "treatment";

  /** Name of the intercept added when there is no fixed effect (as fixest prints it). */
  public static final String INTERCEPT = "(Intercept)";

  private final double[] outcome;
  private final double[] offset;
  private final Map<String, double[]> regressors;
  private final Map<String, int[]> fixedEffects;
  private final Map<String, int[]> clusters;

  private PoissonData(
      double[] outcome,
      double[] offset,
      Map<String, double[]> regressors,
      Map<String, int[]> fixedEffects,
      Map<String, int[]> clusters) {
    this.outcome = outcome;
    this.offset = offset;
    this.regressors = regressors;
    this.fixedEffects = fixedEffects;
    this.clusters = clusters;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; the outcome and at least one regressor are required. */
  public static final class Builder {
    private double[] outcome;
    private double[] offset;
    private final Map<String, double[]> regressors = new LinkedHashMap<>();
    private final Map<String, int[]> fixedEffects = new LinkedHashMap<>();
    private final Map<String, int[]> clusters = new LinkedHashMap<>();

    private Builder() {}

    /** The non-negative outcome (counts, or non-negative amounts such as costs). */
    public Builder outcome(double[] y) {
      this.outcome = y;
      return this;
    }

    /** A regressor; repeatable, in the order its coefficient is reported. */
    public Builder regressor(String name, double[] x) {
      checkNew(name);
      regressors.put(name, x);
      return this;
    }

    /**
     * The 0/1 treated-and-post indicator of a difference-in-differences, as the regressor {@link
     * #TREATMENT}; {@link PoissonResult#treatmentRateRatio} reads its rate ratio.
     */
    public Builder treatment(double[] d) {
      return regressor(TREATMENT, d);
    }

    /** A fixed-effect dimension (dense ids), absorbed; repeatable. Also usable as a cluster. */
    public Builder fixedEffect(String name, int[] ids) {
      checkNew(name);
      fixedEffects.put(name, ids);
      return this;
    }

    /** A cluster variable (dense ids) that is not a fixed effect; repeatable. */
    public Builder cluster(String name, int[] ids) {
      checkNew(name);
      clusters.put(name, ids);
      return this;
    }

    /** A known offset with coefficient 1, e.g. {@code log(population at risk)}. */
    public Builder offset(double[] values) {
      this.offset = values;
      return this;
    }

    private void checkNew(String name) {
      if (regressors.containsKey(name)
          || fixedEffects.containsKey(name)
          || clusters.containsKey(name)
          || INTERCEPT.equals(name)) {
        throw EstimationErrors.duplicateName(name);
      }
    }

    public PoissonData build() {
      if (outcome == null) {
        throw EstimationErrors.missingInput("an outcome", "outcome(double[])");
      }
      if (regressors.isEmpty()) {
        throw EstimationErrors.noRegressors();
      }
      int n = outcome.length;
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(outcome[i])) {
          throw EstimationErrors.nonFinite("outcome", i, outcome[i]);
        }
        if (outcome[i] < 0.0) {
          throw EstimationErrors.negativeCount(i, outcome[i]);
        }
      }
      Map<String, double[]> x = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : regressors.entrySet()) {
        String what = "regressor '" + e.getKey() + "'";
        x.put(e.getKey(), finiteCopy(what, e.getValue(), n));
      }
      if (x.containsKey(TREATMENT)) {
        checkTreatment(x.get(TREATMENT));
      }
      double[] off = offset == null ? null : finiteCopy("offset", offset, n);
      return new PoissonData(
          outcome.clone(),
          off,
          Collections.unmodifiableMap(x),
          ids(fixedEffects, "fixed effect", n),
          ids(clusters, "cluster", n));
    }

    private static void checkTreatment(double[] d) {
      int treated = 0;
      for (int i = 0; i < d.length; i++) {
        if (d[i] != 0.0 && d[i] != 1.0) {
          throw EstimationErrors.treatmentNotBinary(i, d[i]);
        }
        treated += d[i] == 1.0 ? 1 : 0;
      }
      if (treated == 0 || treated == d.length) {
        throw EstimationErrors.noTreatmentVariation(
            treated == 0 ? "no row is treated" : "every row is treated");
      }
    }

    private static double[] finiteCopy(String what, double[] v, int n) {
      if (v.length != n) {
        throw EstimationErrors.lengthMismatch(what, v.length, n);
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(v[i])) {
          throw EstimationErrors.nonFinite(what, i, v[i]);
        }
      }
      return v.clone();
    }

    private static Map<String, int[]> ids(Map<String, int[]> in, String kind, int n) {
      Map<String, int[]> out = new LinkedHashMap<>();
      for (Map.Entry<String, int[]> e : in.entrySet()) {
        String what = kind + " '" + e.getKey() + "'";
        if (e.getValue().length != n) {
          throw EstimationErrors.lengthMismatch(what, e.getValue().length, n);
        }
        Codes.checkDense(what, e.getValue());
        out.put(e.getKey(), e.getValue().clone());
      }
      return Collections.unmodifiableMap(out);
    }
  }

  /** Number of rows. */
  public int size() {
    return outcome.length;
  }

  /** Regressor names in coefficient order (without the intercept). */
  public List<String> regressorNames() {
    return new ArrayList<>(regressors.keySet());
  }

  public List<String> fixedEffectNames() {
    return new ArrayList<>(fixedEffects.keySet());
  }

  /** The cluster variables that are not fixed effects. */
  public List<String> clusterNames() {
    return new ArrayList<>(clusters.keySet());
  }

  double[] outcome() {
    return outcome;
  }

  /** The offset, or null. */
  double[] offset() {
    return offset;
  }

  Map<String, double[]> regressors() {
    return regressors;
  }

  Map<String, int[]> fixedEffects() {
    return fixedEffects;
  }

  Map<String, int[]> clusters() {
    return clusters;
  }

  /** Ids of a cluster variable or fixed effect by name, or null. */
  int[] groupIds(String name) {
    int[] ids = clusters.get(name);
    return ids != null ? ids : fixedEffects.get(name);
  }
}
