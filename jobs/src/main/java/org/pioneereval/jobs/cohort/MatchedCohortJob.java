package org.pioneereval.jobs.cohort;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.matching.BalanceTable;
import org.pioneereval.estimators.matching.Caliper;
import org.pioneereval.estimators.matching.CohortCell;
import org.pioneereval.estimators.matching.CohortCellSums;
import org.pioneereval.estimators.matching.CohortEffect;
import org.pioneereval.estimators.matching.CovariateBalance;
import org.pioneereval.estimators.matching.Covariates;
import org.pioneereval.estimators.matching.LogisticRegression;
import org.pioneereval.estimators.matching.LogitFit;
import org.pioneereval.estimators.matching.MatchedCohortDid;
import org.pioneereval.estimators.matching.MatchedSample;
import org.pioneereval.estimators.matching.MatchingDistance;
import org.pioneereval.estimators.matching.NearestNeighbourMatching;
import org.pioneereval.estimators.matching.Replacement;
import org.pioneereval.estimators.matching.SampleSizes;
import org.pioneereval.jobs.cohort.CohortCandidates.Candidates;
import org.pioneereval.jobs.estimate.FamilyAdjustment;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The patient-level matched-cohort design of the Integrated Care Pilots' evaluation (RAND Europe
 * and Ernst &amp; Young 2012; the Nuffield Trust's and the Improvement Analytics Unit's matched
 * controls), written to {@code results/cohort_effects} and {@code results/cohort_balance}:
 *
 * <ol>
 *   <li><b>cohort</b> ({@link CohortCandidates}, Spark): enrolled pioneer patients with their
 *       enrolment month as index month; every comparison-site resident as a control candidate at
 *       each treated index month (pseudo index date); covariates at the index month (age band, sex,
 *       long-term condition, deprivation quintile, emergency and elective admissions and inpatient
 *       cost in the prior 12 months);
 *   <li><b>propensity score</b>: a logit of enrolment on the covariates, fitted by IRLS on
 *       cross-products that Spark reduces per iteration ({@link SparkLogitCrossProducts}), the same
 *       fit as R's {@code glm(binomial)};
 *   <li><b>matching</b>: nearest-neighbour 1:k on the logit of the score, within exact strata of
 *       the index month, with a caliper in standard deviations of the logit score (Austin 2011),
 *       without replacement by default, largest score first, as MatchIt's {@code matchit(method =
 *       "nearest", distance = "glm", link = "linear.logit", exact = ~index_month)}; treated
 *       patients without a control inside the caliper are dropped (the estimand is the effect on
 *       the matched treated, and their number is reported);
 *   <li><b>balance</b>: standardized mean differences and variance ratios before and after matching
 *       (MatchIt's {@code summary}); the report's love plot draws them;
 *   <li><b>outcomes</b>: for each patient the totals in the 12 months before and from the index
 *       month; the matched difference-in-differences in outcome units per patient-year (weighted
 *       OLS of the change on treatment, CR1 by site) and as a rate ratio (Poisson PPML with patient
 *       fixed effects, fixest's cluster-robust SE by site), for the matched cohort and, to show
 *       what matching removes, for all candidates unmatched.
 * </ol>
 *
 * Holm and Benjamini-Hochberg adjusted p-values are computed per design across the family of
 * primary tests (the three ratios) and across the secondary one (the three differences).
 *
 * <p>Memory: Spark does the joins and the aggregation over admissions; the driver holds one row per
 * candidate (covariates and six totals, about 200 bytes) for matching and balance, e.g. 50 MB for
 * 240 thousand candidates. The DiD estimators themselves only see per-site sums.
 */
public final class MatchedCohortJob {

  /** Comparison groups estimated. */
  public enum Design {
    /** Propensity-score matched controls (the design's result). */
    MATCHED,
    /** Every treated patient against every control candidate (weights 1): the naive comparison. */
    UNMATCHED
  }

  /** The two effect scales per outcome. */
  public enum Model {
    /** Rate ratio (counts) or cost ratio (cost): Poisson PPML with patient fixed effects. */
    RATE_RATIO,
    /** Difference-in-differences in outcome units per patient-year. */
    DIFFERENCE
  }

  /** Tests adjusted together. */
  public enum Family {
    PRIMARY,
    SECONDARY
  }

  /**
   * Matching parameters.
   *
   * @param ratio controls per treated patient (k of 1:k)
   * @param caliperStandardDeviations caliper width in SDs of the logit propensity score
   * @param replacement whether a control may be matched to several treated patients
   */
  public record Specification(
      int ratio, double caliperStandardDeviations, Replacement replacement) {
    /** 1:4 without replacement, caliper 0.2 SD of the logit score. */
    public static final Specification DEFAULT = new Specification(4, 0.2, Replacement.WITHOUT);
  }

  /** One effect row of {@code results/cohort_effects}. */
  public record CohortEstimate(
      Design design,
      CohortOutcome outcome,
      Model model,
      Family family,
      double estimate,
      double ciLower,
      double ciUpper,
      double standardError,
      double pValue,
      double pHolm,
      double pBenjaminiHochberg,
      double degreesOfFreedom,
      long treated,
      long controls,
      int clusters,
      double treatedPreMean,
      double treatedPostMean,
      double controlPreMean,
      double controlPostMean) {

    /** What the estimate measures. */
    public String scale() {
      if (model == Model.RATE_RATIO) {
        return outcome.isCost() ? "cost ratio" : "rate ratio";
      }
      return outcome.unit();
    }
  }

  /**
   * What the job produced; when the data cannot support the design (no eligible enrolled patient or
   * no control candidate) nothing is written and {@code skippedBecause} says why.
   */
  public record CohortResult(
      List<CohortEstimate> estimates,
      BalanceTable balance,
      LogitFit propensityModel,
      int candidates,
      Map<YearMonth, Integer> treatedByIndexMonth,
      String skippedBecause) {

    static CohortResult skipped(String reason) {
      return new CohortResult(List.of(), null, null, 0, Map.of(), reason);
    }

    public boolean wasSkipped() {
      return skippedBecause != null;
    }
  }

  /** The schema of {@code results/cohort_effects}. */
  public static final StructType EFFECTS_SCHEMA =
      new StructType()
          .add(CohortColumns.RUN_ID, DataTypes.StringType)
          .add(CohortColumns.DESIGN, DataTypes.StringType)
          .add(CohortColumns.OUTCOME, DataTypes.StringType)
          .add(CohortColumns.OUTCOME_LABEL, DataTypes.StringType)
          .add(CohortColumns.MODEL, DataTypes.StringType)
          .add(CohortColumns.SCALE, DataTypes.StringType)
          .add(CohortColumns.FAMILY, DataTypes.StringType)
          .add(CohortColumns.ESTIMATE, DataTypes.DoubleType)
          .add(CohortColumns.CI_LOWER, DataTypes.DoubleType)
          .add(CohortColumns.CI_UPPER, DataTypes.DoubleType)
          .add(CohortColumns.STD_ERROR, DataTypes.DoubleType)
          .add(CohortColumns.P_VALUE, DataTypes.DoubleType)
          .add(CohortColumns.P_HOLM, DataTypes.DoubleType)
          .add(CohortColumns.P_BH, DataTypes.DoubleType)
          .add(CohortColumns.DF, DataTypes.DoubleType)
          .add(CohortColumns.N_TREATED, DataTypes.LongType)
          .add(CohortColumns.N_CONTROLS, DataTypes.LongType)
          .add(CohortColumns.N_CLUSTERS, DataTypes.IntegerType)
          .add(CohortColumns.TREATED_PRE_MEAN, DataTypes.DoubleType)
          .add(CohortColumns.TREATED_POST_MEAN, DataTypes.DoubleType)
          .add(CohortColumns.CONTROL_PRE_MEAN, DataTypes.DoubleType)
          .add(CohortColumns.CONTROL_POST_MEAN, DataTypes.DoubleType)
          .add(CohortColumns.SPECIFICATION, DataTypes.StringType)
          .add(CohortColumns.ESTIMATED_AT, DataTypes.TimestampType);

  /** The schema of {@code results/cohort_balance}. */
  public static final StructType BALANCE_SCHEMA =
      new StructType()
          .add(CohortColumns.RUN_ID, DataTypes.StringType)
          .add(CohortColumns.COVARIATE, DataTypes.StringType)
          .add(CohortColumns.COVARIATE_LABEL, DataTypes.StringType)
          .add(CohortColumns.BINARY, DataTypes.BooleanType)
          .add(CohortColumns.MEAN_TREATED_BEFORE, DataTypes.DoubleType)
          .add(CohortColumns.MEAN_CONTROL_BEFORE, DataTypes.DoubleType)
          .add(CohortColumns.SMD_BEFORE, DataTypes.DoubleType)
          .add(CohortColumns.VARIANCE_RATIO_BEFORE, DataTypes.DoubleType)
          .add(CohortColumns.MEAN_TREATED_AFTER, DataTypes.DoubleType)
          .add(CohortColumns.MEAN_CONTROL_AFTER, DataTypes.DoubleType)
          .add(CohortColumns.SMD_AFTER, DataTypes.DoubleType)
          .add(CohortColumns.VARIANCE_RATIO_AFTER, DataTypes.DoubleType)
          .add(CohortColumns.ESTIMATED_AT, DataTypes.TimestampType);

  private final Lakehouse lake;
  private final String runId;
  private final Specification specification;

  private MatchedCohortJob(Lakehouse lake, String runId, Specification specification) {
    this.lake = lake;
    this.runId = runId;
    this.specification = specification;
  }

  public static MatchedCohortJob create(Lakehouse lake, String runId) {
    return new MatchedCohortJob(lake, runId, Specification.DEFAULT);
  }

  public MatchedCohortJob withSpecification(Specification spec) {
    return new MatchedCohortJob(lake, runId, spec);
  }

  /**
   * Whether the lake has what the design needs: a silver patient register (lakes ingested before
   * the register existed, or evaluations without patient-level data, skip the design).
   */
  public static boolean applies(Lakehouse lake) {
    return lake.exists(LakeTable.SILVER_PATIENT_REGISTER);
  }

  /** The candidates on the driver, in a deterministic order, with their propensity scores. */
  private record CandidateArrays(
      int size,
      String[] sites,
      boolean[] treated,
      int[] indexMonth,
      double[][] covariates,
      double[][] pre,
      double[][] post,
      double[] propensityScore) {}

  public CohortResult execute() {
    Candidates candidates = CohortCandidates.build(lake);
    Dataset<Row> rows = candidates.rows().cache();
    try {
      CandidateArrays data = collect(rows);
      if (!anyTreated(data.treated()) || data.size() == countTreated(data.treated())) {
        String reason =
            String.format(
                Locale.ROOT,
                "matched cohort skipped: %s (the admissions cover %s to %s; the design needs"
                    + " 12 months before and 12 months from each enrolment month)",
                anyTreated(data.treated())
                    ? "no comparison-site resident to match"
                    : "no enrolled pioneer patient has 12 months of admissions before and from"
                        + " the month of enrolment",
                yearMonth(candidates.firstMonthIndex()),
                yearMonth(candidates.lastMonthIndex()));
        System.err.println(reason);
        return CohortResult.skipped(reason);
      }
      LogitFit fit = propensityModel(rows);
      scoreAll(data, fit);
      MatchedSample sample;
      BalanceTable balance;
      try {
        sample = match(data);
        balance = BalanceTable.of(covariates(data), data.treated(), sample);
      } catch (EstimationException e) {
        throw PipelineErrors.cohortMatchingFailed(e);
      }
      double[] ones = new double[data.size()];
      java.util.Arrays.fill(ones, 1.0);
      List<CohortEstimate> unadjusted = new ArrayList<>();
      unadjusted.addAll(effects(Design.MATCHED, data, sample.weights()));
      unadjusted.addAll(effects(Design.UNMATCHED, data, ones));
      List<CohortEstimate> estimates = adjust(unadjusted);
      Map<YearMonth, Integer> byIndex = new TreeMap<>();
      for (int i = 0; i < data.size(); i++) {
        if (data.treated()[i]) {
          byIndex.merge(yearMonth(data.indexMonth()[i]), 1, Integer::sum);
        }
      }
      write(estimates, balance, fit, sample, data);
      return new CohortResult(estimates, balance, fit, data.size(), byIndex, null);
    } finally {
      rows.unpersist();
    }
  }

  private static boolean anyTreated(boolean[] treated) {
    return countTreated(treated) > 0;
  }

  private static int countTreated(boolean[] treated) {
    int n = 0;
    for (boolean t : treated) {
      if (t) {
        n++;
      }
    }
    return n;
  }

  static YearMonth yearMonth(int monthIndex) {
    return YearMonth.of(Math.floorDiv(monthIndex, 12), Math.floorMod(monthIndex, 12) + 1);
  }

  private static List<String> coefficientNames() {
    List<String> names = new ArrayList<>();
    names.add(CohortCovariate.INTERCEPT);
    for (CohortCovariate c : CohortCovariate.values()) {
      names.add(c.columnName());
    }
    return names;
  }

  /** The propensity logit, one Spark pass over the candidates per IRLS iteration. */
  private LogitFit propensityModel(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (CohortCovariate c : CohortCovariate.values()) {
      columns.add(col(c.columnName()));
    }
    columns.add(col(CohortCandidates.TREATED));
    int k = CohortCovariate.values().length + 1;
    JavaRDD<double[]> design =
        rows.select(columns.toArray(Column[]::new))
            .javaRDD()
            .map(
                r -> {
                  double[] x = new double[k + 1];
                  x[0] = 1.0;
                  for (int j = 1; j < k; j++) {
                    x[j] = r.getDouble(j - 1);
                  }
                  x[k] = r.getBoolean(k - 1) ? 1.0 : 0.0;
                  return x;
                })
            .cache();
    try {
      return LogisticRegression.builder()
          .coefficientNames(coefficientNames())
          .build()
          .fit(new SparkLogitCrossProducts(design, k));
    } catch (EstimationException e) {
      throw PipelineErrors.cohortMatchingFailed(e);
    } finally {
      design.unpersist();
    }
  }

  /** The propensity score of every candidate, into {@code data.propensityScore()}. */
  private static void scoreAll(CandidateArrays data, LogitFit fit) {
    int kc = CohortCovariate.values().length;
    double[] row = new double[kc + 1];
    row[0] = 1.0;
    for (int i = 0; i < data.size(); i++) {
      for (int j = 0; j < kc; j++) {
        row[j + 1] = data.covariates()[j][i];
      }
      data.propensityScore()[i] = fit.propensityScore(row);
    }
  }

  private static CandidateArrays collect(Dataset<Row> rows) {
    List<Row> all =
        rows.orderBy(CohortCandidates.INDEX_MONTH, CohortCandidates.SITE, CohortCandidates.PATIENT)
            .collectAsList();
    int n = all.size();
    int kc = CohortCovariate.values().length;
    int ko = CohortOutcome.values().length;
    String[] sites = new String[n];
    boolean[] treated = new boolean[n];
    int[] index = new int[n];
    double[][] x = new double[kc][n];
    double[][] pre = new double[ko][n];
    double[][] post = new double[ko][n];
    double[] ps = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = all.get(i);
      sites[i] = r.getString(1);
      index[i] = r.getInt(2);
      treated[i] = r.getBoolean(3);
      for (int j = 0; j < kc; j++) {
        x[j][i] = r.getDouble(4 + j);
      }
      for (int o = 0; o < ko; o++) {
        pre[o][i] = r.getDouble(4 + kc + 2 * o);
        post[o][i] = r.getDouble(4 + kc + 2 * o + 1);
      }
    }
    return new CandidateArrays(n, sites, treated, index, x, pre, post, ps);
  }

  private MatchedSample match(CandidateArrays data) {
    NearestNeighbourMatching.Builder builder =
        NearestNeighbourMatching.builder()
            .ratio(specification.ratio())
            .caliper(Caliper.standardDeviations(specification.caliperStandardDeviations()))
            .distance(MatchingDistance.LOGIT_PROPENSITY_SCORE)
            .dropTreatedWithoutControls();
    builder =
        specification.replacement() == Replacement.WITH
            ? builder.withReplacement()
            : builder.withoutReplacement();
    return builder.build().match(data.propensityScore(), data.treated(), data.indexMonth());
  }

  private static Covariates covariates(CandidateArrays data) {
    Covariates.Builder b = Covariates.builder();
    CohortCovariate[] all = CohortCovariate.values();
    for (int j = 0; j < all.length; j++) {
      b.add(all[j].columnName(), data.covariates()[j]);
    }
    return b.build();
  }

  /** Both models for every outcome, from per-(site, group) sums of the weighted totals. */
  private List<CohortEstimate> effects(Design design, CandidateArrays data, double[] weights) {
    List<CohortEstimate> out = new ArrayList<>();
    CohortOutcome[] outcomes = CohortOutcome.values();
    for (int o = 0; o < outcomes.length; o++) {
      Map<String, CohortCellSums> treatedCells = new TreeMap<>();
      Map<String, CohortCellSums> controlCells = new TreeMap<>();
      for (int i = 0; i < data.size(); i++) {
        if (weights[i] <= 0) {
          continue;
        }
        Map<String, CohortCellSums> cells = data.treated()[i] ? treatedCells : controlCells;
        cells
            .computeIfAbsent(data.sites()[i], s -> CohortCellSums.empty())
            .add(weights[i], data.pre()[o][i], data.post()[o][i]);
      }
      List<CohortCell> cells = new ArrayList<>();
      treatedCells.forEach((site, sums) -> cells.add(CohortCell.treated(site, sums)));
      controlCells.forEach((site, sums) -> cells.add(CohortCell.control(site, sums)));
      MatchedCohortDid did = MatchedCohortDid.of(cells);
      CohortEffect ratio;
      CohortEffect difference;
      try {
        ratio = did.rateRatio();
        difference = did.difference();
      } catch (EstimationException e) {
        throw PipelineErrors.cohortMatchingFailed(e);
      }
      out.add(estimate(design, outcomes[o], Model.RATE_RATIO, Family.PRIMARY, ratio));
      out.add(estimate(design, outcomes[o], Model.DIFFERENCE, Family.SECONDARY, difference));
    }
    return out;
  }

  private static CohortEstimate estimate(
      Design design, CohortOutcome outcome, Model model, Family family, CohortEffect e) {
    return new CohortEstimate(
        design,
        outcome,
        model,
        family,
        e.estimate(),
        e.confidenceInterval().lower(),
        e.confidenceInterval().upper(),
        e.standardError(),
        e.pValue(),
        Double.NaN,
        Double.NaN,
        e.degreesOfFreedom(),
        e.treated().patients(),
        e.control().patients(),
        e.clusters(),
        e.treated().meanPre(),
        e.treated().meanPost(),
        e.control().meanPre(),
        e.control().meanPost());
  }

  /** Holm and BH within each (design, family). */
  static List<CohortEstimate> adjust(List<CohortEstimate> estimates) {
    return FamilyAdjustment.adjust(
        estimates,
        MatchedCohortJob::group,
        e -> e.outcome().columnName(),
        CohortEstimate::pValue,
        (e, holm, bh) ->
            new CohortEstimate(
                e.design(),
                e.outcome(),
                e.model(),
                e.family(),
                e.estimate(),
                e.ciLower(),
                e.ciUpper(),
                e.standardError(),
                e.pValue(),
                holm,
                bh,
                e.degreesOfFreedom(),
                e.treated(),
                e.controls(),
                e.clusters(),
                e.treatedPreMean(),
                e.treatedPostMean(),
                e.controlPreMean(),
                e.controlPostMean()));
  }

  private static String group(CohortEstimate e) {
    return e.design() + "/" + e.family();
  }

  private void write(
      List<CohortEstimate> estimates,
      BalanceTable balance,
      LogitFit fit,
      MatchedSample sample,
      CandidateArrays data) {
    Timestamp now = Timestamp.from(Instant.now());
    String spec = specificationJson(fit, sample, balance.sampleSizes(), data);
    List<Row> rows = new ArrayList<>();
    for (CohortEstimate e : estimates) {
      rows.add(
          RowFactory.create(
              runId,
              e.design().name().toLowerCase(Locale.ROOT),
              e.outcome().columnName(),
              e.outcome().label(),
              e.model().name(),
              e.scale(),
              e.family().name().toLowerCase(Locale.ROOT),
              e.estimate(),
              e.ciLower(),
              e.ciUpper(),
              e.standardError(),
              e.pValue(),
              e.pHolm(),
              e.pBenjaminiHochberg(),
              e.degreesOfFreedom(),
              e.treated(),
              e.controls(),
              e.clusters(),
              e.treatedPreMean(),
              e.treatedPostMean(),
              e.controlPreMean(),
              e.controlPostMean(),
              spec,
              now));
    }
    List<Row> balanceRows = new ArrayList<>();
    for (String name : balance.covariateNames()) {
      CovariateBalance before = balance.before(name);
      CovariateBalance after = balance.after(name);
      balanceRows.add(
          RowFactory.create(
              runId,
              name,
              CohortCovariate.fromColumnName(name).label(),
              before.binary(),
              before.meanTreated(),
              before.meanControl(),
              before.standardizedMeanDifference(),
              before.varianceRatio(),
              after.meanTreated(),
              after.meanControl(),
              after.standardizedMeanDifference(),
              after.varianceRatio(),
              now));
    }
    String condition = CohortColumns.RUN_ID + " = '" + runId + "'";
    lake.replaceWhere(
        LakeTable.COHORT_EFFECTS, condition, lake.spark().createDataFrame(rows, EFFECTS_SCHEMA));
    lake.replaceWhere(
        LakeTable.COHORT_BALANCE,
        condition,
        lake.spark().createDataFrame(balanceRows, BALANCE_SCHEMA));
  }

  private String specificationJson(
      LogitFit fit, MatchedSample sample, SampleSizes sizes, CandidateArrays data) {
    StringBuilder coefficients = new StringBuilder();
    for (String name : fit.coefficientNames()) {
      if (coefficients.length() > 0) {
        coefficients.append(',');
      }
      coefficients.append(String.format(Locale.ROOT, "\"%s\":%.10g", name, fit.coefficient(name)));
    }
    return String.format(
        Locale.ROOT,
        "{\"design\":\"nearest-neighbour 1:%d %s replacement on the logit propensity score,"
            + " caliper %.3g SD (%.6g), exact on index month\",\"candidates\":%d,"
            + "\"treated_all\":%d,\"control_candidates\":%d,\"treated_matched\":%d,"
            + "\"treated_unmatched\":%d,\"controls_matched\":%d,\"control_effective_n\":%.1f,"
            + "\"pre_months\":%d,\"post_months\":%d,\"cluster\":\"site\","
            + "\"propensity_model\":{\"iterations\":%d,\"log_likelihood\":%.10g,"
            + "\"coefficients\":{%s}}}",
        specification.ratio(),
        specification.replacement() == Replacement.WITH ? "with" : "without",
        specification.caliperStandardDeviations(),
        sample.caliperWidth(),
        data.size(),
        sizes.treatedAll(),
        sizes.controlAll(),
        sizes.treatedMatched(),
        sizes.unmatchedTreated(),
        sizes.controlMatched(),
        sizes.controlEffective(),
        CohortCandidates.PERIOD_MONTHS,
        CohortCandidates.PERIOD_MONTHS,
        fit.iterations(),
        fit.logLikelihood(),
        coefficients);
  }
}
