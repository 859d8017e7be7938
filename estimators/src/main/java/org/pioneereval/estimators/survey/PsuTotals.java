package org.pioneereval.estimators.survey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Mergeable per-PSU sufficient statistics of a design-based analysis: for each PSU c, the weighted
 * totals {@code sum_{i in c} w_i x_i a_i'} where {@code x_i = (1, auxiliaries)} are the calibration
 * variables (just 1 without calibration) and {@code a_i = (1, auxiliaries, variables)}. Without
 * calibration these are the plain PSU totals {@code (sum w, sum w v_1, ..., sum w v_m)}.
 *
 * <p>Every design-based estimator of this package is a smooth function of these totals, and its
 * linearised variance needs only the PSU totals of the linearised scores, which are linear
 * combinations of these columns. So a distributed job can reduce any number of rows to one small
 * matrix per PSU (group by stratum and PSU, sum {@code w * x_k * a_p}) and send only those, with
 * the {@link PsuVariance}, to the driver. A domain (subpopulation) estimate uses columns already
 * multiplied by the domain indicator ({@code d * y} and {@code d}), so every PSU stays in the
 * variance, as R {@code survey} keeps all PSUs for {@code subset()} and {@code svyby()}.
 *
 * <p>Totals form a commutative monoid: {@link #add} accumulates into this instance (an aggregation
 * buffer) and {@link #merge} returns the totals of the union of two row sets; estimates are the
 * same whichever way the rows were partitioned (up to floating-point rounding).
 */
public final class PsuTotals {
  /** The column of the constant 1: its total is the estimated population size {@code sum w}. */
  public static final String ONE = "(one)";

  private final PsuVariance variance;
  private final List<String> auxiliaries;
  private final List<String> variables;
  private final List<String> columns;
  private final TreeMap<PsuKey, double[][]> totals;

  private PsuTotals(
      PsuVariance variance,
      List<String> auxiliaries,
      List<String> variables,
      TreeMap<PsuKey, double[][]> totals) {
    this.variance = variance;
    this.auxiliaries = List.copyOf(auxiliaries);
    this.variables = List.copyOf(variables);
    List<String> cols = new ArrayList<>();
    cols.add(ONE);
    cols.addAll(auxiliaries);
    cols.addAll(variables);
    Set<String> seen = new HashSet<>();
    for (String c : cols) {
      if (!seen.add(c)) {
        throw EstimationErrors.duplicateSurveyVariable(c);
      }
    }
    this.columns = List.copyOf(cols);
    this.totals = totals;
  }

  /** Empty totals of the analysis {@code variables}, without calibration variables. */
  public static PsuTotals forVariables(PsuVariance variance, List<String> variables) {
    return new PsuTotals(variance, List.of(), variables, new TreeMap<>());
  }

  /**
   * Empty totals of the analysis {@code variables} together with their cross-products with the
   * calibration {@code auxiliaries} (the intercept is always a calibration variable), for {@link
   * #calibrate}.
   */
  public static PsuTotals forCalibration(
      PsuVariance variance, List<String> auxiliaries, List<String> variables) {
    return new PsuTotals(variance, auxiliaries, variables, new TreeMap<>());
  }

  /** Adds one row of a design without calibration variables. */
  public PsuTotals add(PsuKey psu, double weight, double[] values) {
    return add(psu, weight, new double[0], values);
  }

  /** Adds one row: its weight, calibration variable values and analysis variable values. */
  public PsuTotals add(PsuKey psu, double weight, double[] auxiliaryValues, double[] values) {
    if (auxiliaryValues.length != auxiliaries.size()) {
      throw EstimationErrors.countMismatch(
          "auxiliary values", auxiliaryValues.length, auxiliaries.size(), "auxiliary variable");
    }
    if (values.length != variables.size()) {
      throw EstimationErrors.countMismatch(
          "values", values.length, variables.size(), "analysis variable");
    }
    if (!(weight >= 0.0) || Double.isInfinite(weight)) {
      throw EstimationErrors.negativeSurveyWeight(-1, weight);
    }
    int k = 1 + auxiliaries.size();
    double[] a = new double[columns.size()];
    a[0] = 1.0;
    System.arraycopy(auxiliaryValues, 0, a, 1, auxiliaryValues.length);
    System.arraycopy(values, 0, a, k, values.length);
    for (int j = 0; j < a.length; j++) {
      if (!Double.isFinite(a[j])) {
        throw EstimationErrors.nonFiniteSurveyValue(columns.get(j), -1, a[j]);
      }
    }
    double[][] t = totals.computeIfAbsent(psu, key -> new double[k][a.length]);
    for (int r = 0; r < k; r++) {
      double wx = weight * a[r];
      double[] row = t[r];
      for (int j = 0; j < a.length; j++) {
        row[j] += wx * a[j];
      }
    }
    return this;
  }

  /**
   * Adds a PSU's totals computed elsewhere (e.g. by a Spark aggregation): {@code
   * crossProducts[k][p] = sum_i w_i x_ik a_ip} over the PSU's rows, with rows k over {@code (1,
   * auxiliaries)} and columns p over {@link #columns()}. Without auxiliaries it is one row: {@code
   * (sum w, sum w v_1, ...)}. Totals of a PSU already present are summed.
   */
  public PsuTotals addTotals(PsuKey psu, double[][] crossProducts) {
    int k = 1 + auxiliaries.size();
    if (crossProducts.length != k) {
      throw EstimationErrors.countMismatch(
          "PSU total rows", crossProducts.length, k, "calibration variable plus the intercept");
    }
    double[][] t = totals.computeIfAbsent(psu, key -> new double[k][columns.size()]);
    for (int r = 0; r < k; r++) {
      if (crossProducts[r].length != columns.size()) {
        throw EstimationErrors.countMismatch(
            "PSU total columns", crossProducts[r].length, columns.size(), "column of columns()");
      }
      for (int j = 0; j < columns.size(); j++) {
        if (!Double.isFinite(crossProducts[r][j])) {
          throw EstimationErrors.nonFiniteSurveyValue(columns.get(j), -1, crossProducts[r][j]);
        }
        t[r][j] += crossProducts[r][j];
      }
    }
    return this;
  }

  /** Totals of the union of the rows of this and {@code other}; neither operand changes. */
  public PsuTotals merge(PsuTotals other) {
    if (!other.auxiliaries.equals(auxiliaries) || !other.variables.equals(variables)) {
      throw EstimationErrors.incompatibleTotals(columns.toString(), other.columns.toString());
    }
    PsuTotals out = new PsuTotals(variance, auxiliaries, variables, new TreeMap<>());
    for (Map.Entry<PsuKey, double[][]> e : totals.entrySet()) {
      out.addTotals(e.getKey(), e.getValue());
    }
    for (Map.Entry<PsuKey, double[][]> e : other.totals.entrySet()) {
      out.addTotals(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The design-based estimator without calibration (Horvitz-Thompson totals). */
  public LinearisedTotals estimator() {
    List<PsuKey> keys = psus();
    int p = columns.size();
    double[] sum = new double[p];
    double[][] scores = new double[keys.size()][];
    int c = 0;
    for (double[][] t : totals.values()) {
      scores[c++] = t[0].clone();
      for (int j = 0; j < p; j++) {
        sum[j] += t[0][j];
      }
    }
    return new LinearisedTotals(columns, sum, keys, scores, variance, List.of());
  }

  /**
   * The linear (GREG) calibration estimator: weights {@code w_i g_i} with {@code g_i = 1 + x_i'
   * lambda} reproduce the known population totals {@code T} of {@code x = (1, auxiliaries)}, where
   * {@code lambda = (sum w x x')^-1 (T - sum w x)} (Deville and Sarndal 1992, JASA 87:376-382; R
   * {@code survey::calibrate(design, ~aux, population = T)}, linear, unbounded). The variance uses
   * the scores {@code w_i g_i (z_i - x_i' B_z)} with {@code B_z} the design-weighted (uncalibrated)
   * regression of the linearised variable z on x, as {@code survey} residualises them.
   *
   * @param populationTotals {@code T}: population size, then one total per auxiliary, in order
   */
  public LinearisedTotals calibrate(double[] populationTotals) {
    int k = 1 + auxiliaries.size();
    if (populationTotals.length != k) {
      throw EstimationErrors.calibrationTotalsLength(populationTotals.length, k);
    }
    if (auxiliaries.isEmpty() && totals.isEmpty()) {
      throw EstimationErrors.noPsus();
    }
    int p = columns.size();
    double[][] all = new double[k][p];
    for (double[][] t : totals.values()) {
      for (int r = 0; r < k; r++) {
        for (int j = 0; j < p; j++) {
          all[r][j] += t[r][j];
        }
      }
    }
    Calibration cal = Calibration.solve(all, populationTotals, columns.subList(0, k));
    List<PsuKey> keys = psus();
    double[][] scores = new double[keys.size()][];
    int c = 0;
    for (double[][] t : totals.values()) {
      scores[c++] = cal.residualisedScores(t);
    }
    return new LinearisedTotals(
        columns, cal.calibratedTotals(all), keys, scores, variance, auxiliaries);
  }

  /** Column names: {@link #ONE}, the auxiliaries, then the variables. */
  public List<String> columns() {
    return columns;
  }

  public List<String> auxiliaries() {
    return auxiliaries;
  }

  public List<String> variables() {
    return variables;
  }

  public PsuVariance variance() {
    return variance;
  }

  /** The PSUs with totals, sorted by stratum then PSU id. */
  public List<PsuKey> psus() {
    return Collections.unmodifiableList(new ArrayList<>(totals.keySet()));
  }

  /** A copy of one PSU's totals (rows: 1 and auxiliaries; columns: {@link #columns()}). */
  public double[][] totals(PsuKey psu) {
    double[][] t = totals.get(psu);
    if (t == null) {
      throw EstimationErrors.unknownPsu(psu.stratum(), psu.psu());
    }
    double[][] out = new double[t.length][];
    for (int r = 0; r < t.length; r++) {
      out[r] = t[r].clone();
    }
    return out;
  }

  /** Package-private bulk constructor for row-level code that has already summed per PSU. */
  static PsuTotals of(
      PsuVariance variance,
      List<String> auxiliaries,
      List<String> variables,
      List<PsuKey> keys,
      double[][][] sums) {
    TreeMap<PsuKey, double[][]> map = new TreeMap<>();
    for (int c = 0; c < keys.size(); c++) {
      map.put(keys.get(c), sums[c]);
    }
    return new PsuTotals(variance, auxiliaries, variables, map);
  }
}
