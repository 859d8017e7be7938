package org.pioneereval.estimators.survey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pioneereval.estimators.EstimationErrors;

/**
 * The data of a survey GLM reduced to cells: the rows of one PSU that share the same regressor
 * values, each summarised by {@link ResponseSums}. Rows are cells of one row; with categorical
 * regressors (treated, post, age band) a distributed job groups by stratum, PSU and regressors and
 * sends a handful of cells per PSU, from which the fit and its linearised variance are exact.
 *
 * <p>Cells form a commutative monoid: {@link #add} and {@link #addCell} accumulate into this
 * instance, {@link #merge} returns the cells of the union of two row sets.
 */
public final class GlmCells implements GlmScoreSource {
  private final PsuVariance variance;
  private final List<String> names;
  private final TreeMap<PsuKey, Map<Pattern, ResponseSums>> cells = new TreeMap<>();

  /** Regressor values as a hash key (bitwise equality of the doubles). */
  record Pattern(double[] x) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Pattern p && Arrays.equals(x, p.x);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(x);
    }
  }

  private GlmCells(PsuVariance variance, List<String> names) {
    this.variance = variance;
    this.names = List.copyOf(names);
  }

  /** No cells yet, for the regressors {@code coefficientNames} (include the intercept column). */
  public static GlmCells create(PsuVariance variance, List<String> coefficientNames) {
    if (coefficientNames.isEmpty()) {
      throw EstimationErrors.noGlmRegressors();
    }
    return new GlmCells(variance, coefficientNames);
  }

  /** Adds one row: regressors x, response y and sampling weight w. */
  public GlmCells add(PsuKey psu, double[] x, double y, double w) {
    if (!(w >= 0.0) || Double.isInfinite(w)) {
      throw EstimationErrors.negativeSurveyWeight(-1, w);
    }
    if (!Double.isFinite(y)) {
      throw EstimationErrors.nonFiniteSurveyValue("response", -1, y);
    }
    return addCell(psu, x, ResponseSums.of(y, w));
  }

  /** Adds the sums of a cell (rows of {@code psu} with regressors {@code x}) computed elsewhere. */
  public GlmCells addCell(PsuKey psu, double[] x, ResponseSums sums) {
    if (x.length != names.size()) {
      throw EstimationErrors.countMismatch(
          "regressors", x.length, names.size(), "coefficient name");
    }
    for (int j = 0; j < x.length; j++) {
      if (!Double.isFinite(x[j])) {
        throw EstimationErrors.nonFiniteSurveyValue(names.get(j), -1, x[j]);
      }
    }
    cells
        .computeIfAbsent(psu, k -> new LinkedHashMap<>())
        .merge(new Pattern(x.clone()), sums, ResponseSums::plus);
    return this;
  }

  /**
   * Cells of rows already coded by PSU: {@code x[j][i]} regressor j of row i, {@code psuOfRow[i]}
   * an index into {@code psus}. Rows of a PSU with equal regressors share one cell.
   */
  static GlmCells fromRows(
      PsuVariance variance,
      List<String> names,
      List<PsuKey> psus,
      int[] psuOfRow,
      double[][] x,
      double[] y,
      double[] w) {
    int k = names.size();
    List<Map<Pattern, double[]>> buckets = new ArrayList<>(psus.size());
    for (int c = 0; c < psus.size(); c++) {
      buckets.add(new LinkedHashMap<>());
    }
    Pattern probe = new Pattern(new double[k]);
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < k; j++) {
        probe.x()[j] = x[j][i];
      }
      Map<Pattern, double[]> bucket = buckets.get(psuOfRow[i]);
      double[] acc = bucket.get(probe);
      if (acc == null) {
        acc = new double[5];
        bucket.put(new Pattern(probe.x().clone()), acc);
      }
      double wi = w[i];
      acc[0] += 1;
      acc[1] += wi > 0.0 ? 1 : 0;
      acc[2] += wi;
      acc[3] += wi * y[i];
      acc[4] += wi * y[i] * y[i];
    }
    GlmCells cells = create(variance, names);
    for (int c = 0; c < psus.size(); c++) {
      Map<Pattern, ResponseSums> m = new LinkedHashMap<>();
      for (Map.Entry<Pattern, double[]> e : buckets.get(c).entrySet()) {
        double[] a = e.getValue();
        m.put(e.getKey(), new ResponseSums((long) a[0], (long) a[1], a[2], a[3], a[4]));
      }
      if (!m.isEmpty()) {
        cells.cells.put(psus.get(c), m);
      }
    }
    return cells;
  }

  /** The cells of the union of the rows of this and {@code other}; neither operand changes. */
  public GlmCells merge(GlmCells other) {
    if (!other.names.equals(names)) {
      throw EstimationErrors.incompatibleTotals(names.toString(), other.names.toString());
    }
    GlmCells out = new GlmCells(variance, names);
    for (GlmCells source : List.of(this, other)) {
      for (Map.Entry<PsuKey, Map<Pattern, ResponseSums>> e : source.cells.entrySet()) {
        for (Map.Entry<Pattern, ResponseSums> c : e.getValue().entrySet()) {
          out.addCell(e.getKey(), c.getKey().x(), c.getValue());
        }
      }
    }
    return out;
  }

  /** Number of cells over all PSUs. */
  public int cellCount() {
    int n = 0;
    for (Map<Pattern, ResponseSums> m : cells.values()) {
      n += m.size();
    }
    return n;
  }

  /** The PSUs with at least one cell, sorted. */
  public List<PsuKey> psus() {
    return List.copyOf(cells.keySet());
  }

  @Override
  public List<String> coefficientNames() {
    return names;
  }

  @Override
  public PsuVariance variance() {
    return variance;
  }

  @Override
  public GlmScores scoresAt(GlmFamily family, double[] beta) {
    if (cells.isEmpty()) {
      throw EstimationErrors.noPsus();
    }
    int k = names.size();
    long rows = 0;
    long positive = 0;
    double sumW = 0.0;
    for (Map<Pattern, ResponseSums> m : cells.values()) {
      for (ResponseSums s : m.values()) {
        rows += s.rows();
        positive += s.positiveRows();
        sumW += s.sumW();
        if (family == GlmFamily.QUASIBINOMIAL && !(s.sumWY() >= 0.0 && s.sumWY() <= s.sumW())) {
          throw EstimationErrors.responseOutsideUnitInterval(s.sumWY() / s.sumW());
        }
      }
    }
    List<PsuKey> keys = new ArrayList<>(cells.keySet());
    double[][] scores = new double[keys.size()][k];
    double[][] info = new double[k][k];
    double ll = 0.0;
    double pearsonSum = 0.0;
    double pearsonSquares = 0.0;
    int c = 0;
    for (Map<Pattern, ResponseSums> m : cells.values()) {
      double[] score = scores[c++];
      for (Map.Entry<Pattern, ResponseSums> e : m.entrySet()) {
        double[] x = e.getKey().x();
        ResponseSums s = e.getValue();
        double eta = 0.0;
        for (int j = 0; j < k; j++) {
          eta += x[j] * beta[j];
        }
        double mu = family.mean(eta);
        double v = family.variance(mu);
        double resid = s.sumWY() - mu * s.sumW();
        double wv = s.sumW() * v;
        for (int a = 0; a < k; a++) {
          score[a] += x[a] * resid;
          double wva = wv * x[a];
          for (int b = 0; b < k; b++) {
            info[a][b] += wva * x[b];
          }
        }
        ll += family.logLikelihood(s.sumW(), s.sumWY(), s.sumWYY(), mu);
        pearsonSum += resid / Math.sqrt(v);
        pearsonSquares += (s.sumWYY() - 2.0 * mu * s.sumWY() + mu * mu * s.sumW()) / v;
      }
    }
    return new GlmScores(keys, scores, info, ll, rows, positive, sumW, pearsonSum, pearsonSquares);
  }
}
