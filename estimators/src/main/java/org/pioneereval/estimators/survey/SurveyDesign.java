package org.pioneereval.estimators.survey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A complex survey design at row level: strata, primary sampling units (PSUs, e.g. GP practices),
 * sampling weights and the finite population correction, as R {@code survey::svydesign(id = ~psu,
 * strata = ~stratum, weights = ~w, fpc = ~N, nest = TRUE)} describes one-stage (ultimate cluster)
 * sampling; optionally calibrated by linear GREG ({@link #calibrate}).
 *
 * <p>Estimators reduce the rows to {@link PsuTotals} (sums of weighted values per PSU within
 * stratum) and compute every estimate and its Taylor-linearised variance from those totals alone,
 * so the same results follow from totals a distributed job computed; see {@link PsuTotals} and
 * {@link LinearisedTotals} for the formulas and {@link PsuVariance} for the variance. The design's
 * degrees of freedom are PSUs minus strata (R {@code degf}).
 *
 * <p>Weights must be finite and non-negative (zero weights leave a row out but keep its PSU).
 * Missing values in a design column are errors; missing values in an analysis variable are errors
 * unless the row lies outside the {@link Domain} being estimated, so R's {@code na.rm = TRUE}
 * corresponds to a domain of complete cases.
 */
public final class SurveyDesign {
  private final int rows;
  private final int[] psuOfRow;
  private final List<PsuKey> psus;
  private final double[] weights;
  private final PsuVariance variance;
  private final int strata;
  private final CalibrationState calibration;

  private record CalibrationState(
      List<String> names, double[][] columns, double[] populationTotals, double[] g) {}

  private SurveyDesign(
      int rows,
      int[] psuOfRow,
      List<PsuKey> psus,
      double[] weights,
      PsuVariance variance,
      int strata,
      CalibrationState calibration) {
    this.rows = rows;
    this.psuOfRow = psuOfRow;
    this.psus = psus;
    this.weights = weights;
    this.variance = variance;
    this.strata = strata;
    this.calibration = calibration;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link SurveyDesign}; weights and PSU ids (or {@link #rowsArePsus}) required. */
  public static final class Builder {
    private String[] strataIds;
    private String[] psuIds;
    private boolean rowsArePsus;
    private double[] weights;
    private double[] fpcValues;
    private boolean fpcAreFractions;
    private LonelyPsu lonelyPsu = LonelyPsu.FAIL;

    private Builder() {}

    /** Stratum of each row (omit for an unstratified design). */
    public Builder strata(String[] ids) {
      this.strataIds = ids.clone();
      return this;
    }

    public Builder strata(long[] ids) {
      return strata(toStrings(ids));
    }

    /** PSU (cluster) id of each row, read within its stratum. */
    public Builder clusters(String[] ids) {
      this.psuIds = ids.clone();
      this.rowsArePsus = false;
      return this;
    }

    public Builder clusters(long[] ids) {
      return clusters(toStrings(ids));
    }

    /** Each row is its own PSU: respondents sampled individually (R {@code id = ~1}). */
    public Builder rowsArePsus() {
      this.rowsArePsus = true;
      this.psuIds = null;
      return this;
    }

    /** Sampling weight of each row (inverse inclusion probability, possibly adjusted). */
    public Builder weights(double[] weights) {
      this.weights = weights.clone();
      return this;
    }

    /**
     * Number of PSUs in the population of each row's stratum ({@code N_h}, R's {@code fpc} as
     * counts); constant within a stratum. Without this or {@link #samplingFractions} there is no
     * finite population correction.
     */
    public Builder populationPsus(double[] perRow) {
      this.fpcValues = perRow.clone();
      this.fpcAreFractions = false;
      return this;
    }

    /**
     * Sampling fraction of PSUs in each row's stratum ({@code n_h / N_h} in (0, 1], R's {@code fpc}
     * as fractions); constant within a stratum.
     */
    public Builder samplingFractions(double[] perRow) {
      this.fpcValues = perRow.clone();
      this.fpcAreFractions = true;
      return this;
    }

    /** What to do with strata of one PSU; default {@link LonelyPsu#FAIL} as in R. */
    public Builder lonelyPsu(LonelyPsu rule) {
      this.lonelyPsu = rule;
      return this;
    }

    public SurveyDesign build() {
      if (weights == null) {
        throw EstimationErrors.missingDesignColumn(
            "weights",
            "weights(double[])",
            "for a simple random sample pass a weight of N/n (or 1) for every row");
      }
      if (psuIds == null && !rowsArePsus) {
        throw EstimationErrors.missingDesignColumn(
            "PSU (cluster) ids",
            "clusters(...)",
            "call rowsArePsus() if respondents were sampled individually (R svydesign(id = ~1))");
      }
      int n = weights.length;
      checkLength("strata", strataIds == null ? n : strataIds.length, n);
      checkLength("PSU ids", psuIds == null ? n : psuIds.length, n);
      checkLength(
          fpcAreFractions ? "sampling fractions" : "population PSUs",
          fpcValues == null ? n : fpcValues.length,
          n);
      boolean positive = false;
      for (int i = 0; i < n; i++) {
        double w = weights[i];
        if (!(w >= 0.0) || Double.isInfinite(w)) {
          throw EstimationErrors.negativeSurveyWeight(i, w);
        }
        positive |= w > 0.0;
      }
      if (!positive) {
        throw EstimationErrors.allWeightsZero(n);
      }
      // hash coding, then codes in sorted key order (a TreeMap per row is several times slower)
      Map<PsuKey, Integer> firstSeen = new HashMap<>();
      int[] seenCode = new int[n];
      for (int i = 0; i < n; i++) {
        String stratum = strataIds == null ? PsuKey.NO_STRATUM : strataIds[i];
        if (stratum == null || (strataIds != null && stratum.isEmpty())) {
          throw EstimationErrors.missingDesignValue("stratum", i);
        }
        String psu = rowsArePsus ? Integer.toString(i) : psuIds[i];
        if (psu == null || psu.isEmpty()) {
          throw EstimationErrors.missingDesignValue("PSU id", i);
        }
        PsuKey key = new PsuKey(stratum, psu);
        Integer code = firstSeen.putIfAbsent(key, firstSeen.size());
        seenCode[i] = code == null ? firstSeen.size() - 1 : code;
      }
      List<PsuKey> psus = new ArrayList<>(firstSeen.keySet());
      Collections.sort(psus);
      int[] sortedCode = new int[psus.size()];
      for (int c = 0; c < psus.size(); c++) {
        sortedCode[firstSeen.get(psus.get(c))] = c;
      }
      int[] psuOfRow = new int[n];
      for (int i = 0; i < n; i++) {
        psuOfRow[i] = sortedCode[seenCode[i]];
      }
      Map<String, Integer> sampled = new TreeMap<>();
      for (PsuKey k : psus) {
        sampled.merge(k.stratum(), 1, Integer::sum);
      }
      PsuVariance variance =
          fpcValues == null
              ? PsuVariance.withReplacement()
              : PsuVariance.withPopulationPsus(populationByStratum(psus, psuOfRow, sampled));
      variance = variance.sampledPsus(sampled).lonelyPsu(lonelyPsu);
      return new SurveyDesign(
          n, psuOfRow, List.copyOf(psus), weights, variance, sampled.size(), null);
    }

    private Map<String, Double> populationByStratum(
        List<PsuKey> psus, int[] psuOfRow, Map<String, Integer> sampled) {
      Map<String, Double> value = new HashMap<>();
      for (int i = 0; i < psuOfRow.length; i++) {
        double f = fpcValues[i];
        String stratum = psus.get(psuOfRow[i]).stratum();
        if (fpcAreFractions ? !(f > 0.0 && f <= 1.0) : !(f >= 1.0)) {
          throw EstimationErrors.invalidFpc(
              fpcAreFractions ? "sampling fraction" : "population PSUs", i, f);
        }
        Double previous = value.putIfAbsent(stratum, f);
        if (previous != null && previous != f) {
          throw EstimationErrors.fpcNotConstant(stratum, previous, f);
        }
      }
      Map<String, Double> population = new TreeMap<>();
      for (Map.Entry<String, Double> e : value.entrySet()) {
        int n = sampled.get(e.getKey());
        double pop = fpcAreFractions ? n / e.getValue() : e.getValue();
        if (pop < n) {
          throw EstimationErrors.populationBelowSample(e.getKey(), pop, n);
        }
        population.put(e.getKey(), pop);
      }
      return population;
    }

    private static void checkLength(String what, int actual, int expected) {
      if (actual != expected) {
        throw EstimationErrors.designLengthMismatch(what, actual, expected);
      }
    }

    private static String[] toStrings(long[] ids) {
      String[] out = new String[ids.length];
      for (int i = 0; i < ids.length; i++) {
        out[i] = Long.toString(ids[i]);
      }
      return out;
    }
  }

  /**
   * This design calibrated by linear GREG to known population totals: the population size and the
   * total of each auxiliary variable (R {@code calibrate(design, ~aux1 + aux2, population = c(N,
   * T1, T2))}, linear calibration, no bounds). See {@link PsuTotals#calibrate}.
   *
   * @param names auxiliary variable names
   * @param columns {@code columns[a][i]}: value of auxiliary a in row i (no missing values)
   * @param populationTotals population size, then the auxiliaries' totals
   */
  public SurveyDesign calibrate(List<String> names, double[][] columns, double[] populationTotals) {
    if (calibration != null) {
      throw EstimationErrors.alreadyCalibrated(calibration.names().toString());
    }
    if (names.size() != columns.length) {
      throw EstimationErrors.designLengthMismatch("auxiliary names", names.size(), columns.length);
    }
    double[][] aux = new double[columns.length][];
    for (int a = 0; a < columns.length; a++) {
      aux[a] = checkedColumn(names.get(a), columns[a], null);
    }
    PsuTotals sums = sums(names, aux, List.of(), new double[0][]);
    int k = 1 + names.size();
    if (populationTotals.length != k) {
      throw EstimationErrors.calibrationTotalsLength(populationTotals.length, k);
    }
    double[][] all = new double[k][k];
    for (PsuKey key : sums.psus()) {
      double[][] t = sums.totals(key);
      for (int r = 0; r < k; r++) {
        for (int j = 0; j < k; j++) {
          all[r][j] += t[r][j];
        }
      }
    }
    double[] lambda =
        Calibration.solve(all, populationTotals, sums.columns().subList(0, k)).lambda();
    double[] g = new double[rows];
    for (int i = 0; i < rows; i++) {
      double gi = 1.0 + lambda[0];
      for (int a = 0; a < aux.length; a++) {
        gi += lambda[a + 1] * aux[a][i];
      }
      g[i] = gi;
    }
    return new SurveyDesign(
        rows,
        psuOfRow,
        psus,
        weights,
        variance,
        strata,
        new CalibrationState(List.copyOf(names), aux, populationTotals.clone(), g));
  }

  /** The same design with another lonely-PSU rule. */
  public SurveyDesign lonelyPsu(LonelyPsu rule) {
    return new SurveyDesign(
        rows, psuOfRow, psus, weights, variance.lonelyPsu(rule), strata, calibration);
  }

  /**
   * Per-PSU totals of the named variables over all rows ({@code columns[j][i]}: variable j in row
   * i), with the calibration cross-products when the design is calibrated.
   */
  public PsuTotals psuTotals(List<String> names, double[][] columns) {
    if (names.size() != columns.length) {
      throw EstimationErrors.designLengthMismatch("variable names", names.size(), columns.length);
    }
    double[][] checked = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      checked[j] = checkedColumn(names.get(j), columns[j], null);
    }
    if (calibration == null) {
      return sums(List.of(), new double[0][], names, checked);
    }
    return sums(calibration.names(), calibration.columns(), names, checked);
  }

  /** The estimator (GREG if calibrated) of totals of the named variables. */
  public LinearisedTotals estimator(List<String> names, double[][] columns) {
    return estimatorOf(psuTotals(names, columns));
  }

  private LinearisedTotals estimatorOf(PsuTotals totals) {
    return calibration == null
        ? totals.estimator()
        : totals.calibrate(calibration.populationTotals);
  }

  /** {@code sum w y} (R {@code svytotal}). */
  public SurveyEstimate total(String name, double[] y) {
    return estimator(List.of(name), new double[][] {y}).total(name);
  }

  /** {@code sum w d y}: the total of y in a domain (R {@code svyby(~y, ~d, svytotal)}). */
  public SurveyEstimate total(String name, double[] y, Domain domain) {
    double[] dy = checkedColumn(name, y, domain);
    return estimatorOf(domainSums(name, dy, domain)).total(name, domain.name());
  }

  /** {@code sum w y / sum w} (R {@code svymean}). */
  public SurveyEstimate mean(String name, double[] y) {
    return estimator(List.of(name), new double[][] {y}).mean(name);
  }

  /**
   * {@code sum w d y / sum w d}, the mean of y in a domain (R {@code svymean(~y, subset(design,
   * d))} or {@code svyby}); rows outside the domain may hold missing values.
   */
  public SurveyEstimate mean(String name, double[] y, Domain domain) {
    double[] dy = checkedColumn(name, y, domain);
    return estimatorOf(domainSums(name, dy, domain))
        .ratio(SurveyStatistic.MEAN, name, domainColumn(name, domain), domain.name());
  }

  /** {@code sum w y / sum w x} (R {@code svyratio}). */
  public SurveyEstimate ratio(String numerator, double[] y, String denominator, double[] x) {
    return estimator(List.of(numerator, denominator), new double[][] {y, x})
        .ratio(numerator, denominator);
  }

  /** {@code sum w d y / sum w d x} (R {@code svyratio(~y, ~x, subset(design, d))}). */
  public SurveyEstimate ratio(
      String numerator, double[] y, String denominator, double[] x, Domain domain) {
    double[] dy = checkedColumn(numerator, y, domain);
    double[] dx = checkedColumn(denominator, x, domain);
    PsuTotals t = psuTotalsChecked(List.of(numerator, denominator), new double[][] {dy, dx});
    return estimatorOf(t).ratio(SurveyStatistic.RATIO, numerator, denominator, domain.name());
  }

  private PsuTotals domainSums(String name, double[] dy, Domain domain) {
    double[] d = new double[rows];
    for (int i = 0; i < rows; i++) {
      d[i] = domain.contains(i) ? 1.0 : 0.0;
    }
    return psuTotalsChecked(List.of(name, domainColumn(name, domain)), new double[][] {dy, d});
  }

  private static String domainColumn(String name, Domain domain) {
    String d = "[" + domain.name() + "]";
    return d.equals(name) ? d + "'" : d;
  }

  private PsuTotals psuTotalsChecked(List<String> names, double[][] columns) {
    if (calibration == null) {
      return sums(List.of(), new double[0][], names, columns);
    }
    return sums(calibration.names(), calibration.columns(), names, columns);
  }

  /** Values of a variable, zero outside the domain; missing or non-finite inside is an error. */
  double[] checkedColumn(String name, double[] values, Domain domain) {
    if (values.length != rows) {
      throw EstimationErrors.designLengthMismatch(name, values.length, rows);
    }
    if (domain != null && domain.size() != rows) {
      throw EstimationErrors.designLengthMismatch("domain " + domain.name(), domain.size(), rows);
    }
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      if (domain != null && !domain.contains(i)) {
        continue;
      }
      if (!Double.isFinite(values[i])) {
        throw EstimationErrors.nonFiniteSurveyValue(name, i, values[i]);
      }
      out[i] = values[i];
    }
    return out;
  }

  private PsuTotals sums(
      List<String> auxNames, double[][] aux, List<String> names, double[][] columns) {
    int k = 1 + aux.length;
    int p = k + columns.length;
    double[][][] sums = new double[psus.size()][k][p];
    double[] a = new double[p];
    a[0] = 1.0;
    for (int i = 0; i < rows; i++) {
      double w = weights[i];
      if (w == 0.0) {
        continue;
      }
      for (int j = 1; j < k; j++) {
        a[j] = aux[j - 1][i];
      }
      for (int j = 0; j < columns.length; j++) {
        a[k + j] = columns[j][i];
      }
      double[][] t = sums[psuOfRow[i]];
      for (int r = 0; r < k; r++) {
        double wx = w * a[r];
        double[] row = t[r];
        for (int j = 0; j < p; j++) {
          row[j] += wx * a[j];
        }
      }
    }
    return PsuTotals.of(variance, auxNames, names, psus, sums);
  }

  /** Number of rows. */
  public int rowCount() {
    return rows;
  }

  /** Number of sampled PSUs. */
  public int psuCount() {
    return psus.size();
  }

  public int strataCount() {
    return strata;
  }

  /** PSUs minus strata (R {@code degf}). */
  public int degreesOfFreedom() {
    return psus.size() - strata;
  }

  /** The sampled PSUs, sorted by stratum then id. */
  public List<PsuKey> psus() {
    return psus;
  }

  /** The PSU of a row. */
  public PsuKey psuOf(int row) {
    return psus.get(psuOfRow[row]);
  }

  /** The sampling weights as given (before calibration). */
  public double[] weights() {
    return weights.clone();
  }

  /** The weights estimates use: calibrated {@code w g} when calibrated, else the weights. */
  public double[] analysisWeights() {
    double[] out = weights.clone();
    if (calibration != null) {
      for (int i = 0; i < rows; i++) {
        out[i] *= calibration.g()[i];
      }
    }
    return out;
  }

  /** Calibration variables (empty when not calibrated). */
  public List<String> calibratedOn() {
    return calibration == null ? List.of() : calibration.names();
  }

  public boolean isCalibrated() {
    return calibration != null;
  }

  /** The variance rule: finite population correction, sampled PSUs, lonely-PSU rule. */
  public PsuVariance variance() {
    return variance;
  }

  int psuIndex(int row) {
    return psuOfRow[row];
  }

  @Override
  public String toString() {
    return "SurveyDesign{rows="
        + rows
        + ", PSUs="
        + psus.size()
        + ", strata="
        + strata
        + ", "
        + variance
        + (calibration == null ? "" : ", calibrated on " + calibration.names())
        + "}";
  }
}
