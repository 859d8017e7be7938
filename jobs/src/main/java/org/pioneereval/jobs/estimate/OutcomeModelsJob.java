package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.pioneereval.jobs.estimate.OutcomeModelColumns.*;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.glm.GlmVariance;
import org.pioneereval.estimators.glm.PoissonData;
import org.pioneereval.estimators.glm.PoissonParameters;
import org.pioneereval.estimators.glm.PoissonRegression;
import org.pioneereval.estimators.glm.PoissonResult;
import org.pioneereval.estimators.glm.RateRatio;
import org.pioneereval.estimators.survey.GlmCells;
import org.pioneereval.estimators.survey.PsuKey;
import org.pioneereval.estimators.survey.PsuVariance;
import org.pioneereval.estimators.survey.ResponseSums;
import org.pioneereval.estimators.survey.SurveyCoefficient;
import org.pioneereval.estimators.survey.SurveyGlm;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * Outcome models as reviewers expect them beside the linear DiD of {@link EstimateJob}, written to
 * {@code results/outcome_models}:
 *
 * <ul>
 *   <li>admissions (counts): Poisson pseudo-maximum-likelihood with site and month fixed effects
 *       and the site's population as exposure ({@code log(population)} offset), i.e. fixest {@code
 *       fepois(admissions ~ treated_post | site + month, offset = ~log(population), cluster =
 *       ~site)}; the effect is the rate ratio {@code exp(b)};
 *   <li>costs (skewed, at base-year prices): the same model on total cost, whose {@code exp(b)} is
 *       the ratio of cost per resident to its counterfactual (the level effect in pounds per
 *       resident is {@link EstimateJob}'s TWFE row);
 *   <li>satisfaction (survey responses, different respondents every wave: repeated cross-sections):
 *       a design-weighted regression of each respondent's score on the treatment, site and wave
 *       effects ({@code svyglm(score ~ treated_post + site + wave, svydesign(ids = ~site, weights =
 *       ~survey_weight))}), with Taylor-linearised SEs clustered by site (the PSU) and t-tests on
 *       {@code sites - 1 + 1 - (K - (sites - 1)) = sites - waves - 1} degrees of freedom (svyglm's
 *       {@code df.residual} without the site dummies, which are nested in the PSU; counting them it
 *       would be negative); the mean-score DiD in score points is the primary test, the top-box
 *       share (score {@value #TOP_BOX_THRESHOLD} or more, "agree" / "good") in percentage points
 *       the secondary one.
 * </ul>
 *
 * <p>Standard errors are clustered by site with fixest's small-sample rule (site fixed effects
 * nested in the cluster are not counted). Holm (family-wise error) and Benjamini-Hochberg (false
 * discovery rate) adjusted p-values are computed across the family of primary outcomes, one test
 * per outcome, and stored beside the raw p-value.
 *
 * <p>Only the site-month panel (one row per site and month, the sufficient statistics of the
 * admissions and cost extracts) reaches the driver.
 */
public final class OutcomeModelsJob {

  /** The models this job fits. */
  public enum Model {
    /** Poisson PPML, site + month FE, population exposure: rate ratio. */
    PPML_RATE_RATIO("rate ratio"),
    /** Poisson PPML on total cost, site + month FE, population exposure: cost ratio. */
    PPML_COST_RATIO("cost ratio"),
    /** Design-weighted regression of each response's score, site + wave FE: score points. */
    SURVEY_MEAN_SCORE("score points"),
    /** The same on the top-box indicator (score 4 or more on 1-5), x100: percentage points. */
    SURVEY_TOP_BOX("percentage points");

    private final String scale;

    Model(String scale) {
      this.scale = scale;
    }

    public String scale() {
      return scale;
    }
  }

  /** Tests adjusted together for multiplicity. */
  public enum Family {
    PRIMARY,
    SECONDARY
  }

  /** A count (or cost total) modelled with population as exposure. */
  private record CountOutcome(PanelOutcome outcome, String countColumn, Model model) {}

  private static final List<CountOutcome> COUNT_OUTCOMES =
      List.of(
          new CountOutcome(
              PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
              PanelColumns.EMERGENCY_ADMISSIONS,
              Model.PPML_RATE_RATIO),
          new CountOutcome(
              PanelOutcome.ELECTIVE_ADMISSIONS_RATE,
              PanelColumns.ELECTIVE_ADMISSIONS,
              Model.PPML_RATE_RATIO),
          new CountOutcome(
              PanelOutcome.COST_PER_CAPITA,
              PanelColumns.COST_GBP_BASE_YEAR,
              Model.PPML_COST_RATIO));

  private static final String SITE = "site";
  private static final String MONTH = "month";
  private static final String TREATED_POST = "treated_post";

  /** Scores at or above this (on the 1-5 scales) count as top box. */
  public static final int TOP_BOX_THRESHOLD = 4;

  private static final String SUM_W = "sum_w";
  private static final String SUM_WY = "sum_wy";
  private static final String SUM_WYY = "sum_wyy";
  private static final String ROWS = "rows";
  private static final String POSITIVE_ROWS = "positive_rows";

  /** The schema of {@code results/outcome_models}. */
  public static final StructType SCHEMA =
      new StructType()
          .add(RUN_ID, DataTypes.StringType)
          .add(OUTCOME, DataTypes.StringType)
          .add(OUTCOME_LABEL, DataTypes.StringType)
          .add(MODEL, DataTypes.StringType)
          .add(SCALE, DataTypes.StringType)
          .add(FAMILY, DataTypes.StringType)
          .add(ESTIMATE, DataTypes.DoubleType)
          .add(CI_LOWER, DataTypes.DoubleType)
          .add(CI_UPPER, DataTypes.DoubleType)
          .add(STD_ERROR, DataTypes.DoubleType)
          .add(P_VALUE, DataTypes.DoubleType)
          .add(P_HOLM, DataTypes.DoubleType)
          .add(P_BH, DataTypes.DoubleType)
          .add(N_OBSERVATIONS, DataTypes.LongType)
          .add(N_CLUSTERS, DataTypes.IntegerType)
          .add(SPECIFICATION, DataTypes.StringType)
          .add(ESTIMATED_AT, DataTypes.TimestampType);

  private final Lakehouse lake;
  private final String runId;
  private final Set<PanelOutcome> outcomes;

  private OutcomeModelsJob(Lakehouse lake, String runId, Set<PanelOutcome> outcomes) {
    this.lake = lake;
    this.runId = runId;
    this.outcomes = outcomes;
  }

  public static OutcomeModelsJob create(Lakehouse lake, String runId) {
    return new OutcomeModelsJob(lake, runId, EstimateSelection.ALL.outcomes());
  }

  /**
   * Only these outcomes' models; the multiplicity adjustments then run over the models of these
   * outcomes alone.
   */
  public OutcomeModelsJob withOutcomes(Set<PanelOutcome> chosen) {
    return new OutcomeModelsJob(lake, runId, Set.copyOf(chosen));
  }

  /** One model's estimate, as written to the results table. */
  public record ModelEstimate(
      PanelOutcome outcome,
      Model model,
      Family family,
      double estimate,
      double ciLower,
      double ciUpper,
      double standardError,
      double pValue,
      double pHolm,
      double pBenjaminiHochberg,
      long observations,
      int clusters,
      String specification) {}

  public List<ModelEstimate> execute() {
    List<Row> siteMonth = siteMonthRows();
    List<ModelEstimate> unadjusted = new ArrayList<>();
    for (int c = 0; c < COUNT_OUTCOMES.size(); c++) {
      if (outcomes.contains(COUNT_OUTCOMES.get(c).outcome())) {
        CountOutcome count = COUNT_OUTCOMES.get(c);
        int column = SITE_MONTH_COUNTS_FROM + c;
        unadjusted.add(
            fitted(count.outcome(), count.model(), () -> poisson(siteMonth, count, column)));
      }
    }
    boolean survey = outcomes.stream().anyMatch(o -> o.level() == PanelOutcome.Level.SITE_WAVE);
    List<Row> cells = survey ? surveyCells(responsesWithTreatment()) : List.of();
    for (PanelOutcome outcome : PanelOutcome.values()) {
      if (outcome.level() == PanelOutcome.Level.SITE_WAVE && outcomes.contains(outcome)) {
        for (Model model : List.of(Model.SURVEY_MEAN_SCORE, Model.SURVEY_TOP_BOX)) {
          unadjusted.add(fitted(outcome, model, () -> survey(cells, outcome, model)));
        }
      }
    }
    List<ModelEstimate> estimates = adjust(unadjusted);
    write(estimates);
    return estimates;
  }

  /** One model's fit, its estimation failure reported as the user's input error it is. */
  private static ModelEstimate fitted(
      PanelOutcome outcome, Model model, Supplier<ModelEstimate> fit) {
    try {
      return fit.get();
    } catch (EstimationException e) {
      throw PipelineErrors.outcomeModelFailed(outcome.columnName(), model.name(), e);
    }
  }

  /**
   * Index of the first count column in {@link #siteMonthRows} (site, month, population, treated).
   */
  private static final int SITE_MONTH_COUNTS_FROM = 4;

  /**
   * The site-month panel on the driver, read once for every count outcome: site, month, population,
   * treated_post, then the count columns of {@link #COUNT_OUTCOMES} in order.
   */
  private List<Row> siteMonthRows() {
    List<Column> columns = new ArrayList<>();
    columns.add(col(PanelColumns.SITE_CODE));
    columns.add(col(PanelColumns.PERIOD_START));
    columns.add(col(PanelColumns.POPULATION).cast("double"));
    columns.add(col(PanelColumns.TREATED_POST));
    for (CountOutcome count : COUNT_OUTCOMES) {
      columns.add(col(count.countColumn()).cast("double"));
    }
    return lake.read(LakeTable.SITE_MONTH_PANEL, "panel")
        .select(columns.toArray(Column[]::new))
        .orderBy(PanelColumns.SITE_CODE, PanelColumns.PERIOD_START)
        .collectAsList();
  }

  private ModelEstimate poisson(List<Row> siteMonth, CountOutcome count, int countIndex) {
    List<Row> rows = new ArrayList<>();
    for (Row r : siteMonth) {
      if (!r.isNullAt(countIndex) && !r.isNullAt(2) && r.getDouble(2) > 0 && !r.isNullAt(3)) {
        rows.add(r);
      }
    }
    int n = rows.size();
    double[] y = new double[n];
    double[] offset = new double[n];
    double[] treated = new double[n];
    int[] site = new int[n];
    int[] month = new int[n];
    Map<String, Integer> sites = new HashMap<>();
    Map<Object, Integer> months = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      site[i] = sites.computeIfAbsent(r.getString(0), k -> sites.size());
      month[i] = months.computeIfAbsent(r.get(1), k -> months.size());
      y[i] = r.getDouble(countIndex);
      offset[i] = Math.log(r.getDouble(2));
      treated[i] = r.getBoolean(3) ? 1.0 : 0.0;
    }
    if (n == 0 || noneTreated(treated)) {
      throw PipelineErrors.noTreatedSites(count.outcome().columnName());
    }
    PoissonData data =
        PoissonData.builder()
            .outcome(y)
            .treatment(treated)
            .fixedEffect(SITE, site)
            .fixedEffect(MONTH, month)
            .offset(offset)
            .build();
    GlmVariance bySite = GlmVariance.clustered(SITE);
    PoissonResult fit =
        PoissonRegression.withParameters(PoissonParameters.builder().variance(bySite).build())
            .fit(data);
    RateRatio ratio = fit.treatmentRateRatio(bySite);
    String spec =
        String.format(
            Locale.ROOT,
            "{\"model\":\"%s\",\"outcome\":\"%s\",\"count\":\"%s\",\"exposure\":\"%s\","
                + "\"fixed_effects\":[\"site\",\"month\"],\"cluster\":\"site\","
                + "\"variance\":\"%s\",\"small_sample\":\"fixest (FE nested in cluster not"
                + " counted)\",\"rows_dropped_all_zero_groups\":%d,\"iterations\":%d}",
            count.model(),
            count.outcome().columnName(),
            count.countColumn(),
            PanelColumns.POPULATION,
            bySite,
            fit.observationsDropped(),
            fit.iterations());
    return new ModelEstimate(
        count.outcome(),
        count.model(),
        Family.PRIMARY,
        ratio.estimate(),
        ratio.lower(),
        ratio.upper(),
        ratio.standardError(),
        fit.pValue(PoissonData.TREATMENT, bySite),
        Double.NaN,
        Double.NaN,
        fit.observations(),
        sites.size(),
        spec);
  }

  /** Each response with its site's treatment status in its wave (from the site-wave panel). */
  private Dataset<Row> responsesWithTreatment() {
    Dataset<Row> treatment =
        lake.read(LakeTable.SITE_WAVE_PANEL, "panel")
            .select(
                col(PanelColumns.SITE_CODE),
                col(PanelColumns.SURVEY_WAVE),
                col(PanelColumns.TREATED_POST).as(TREATED_POST));
    return lake.read(LakeTable.SILVER_PATIENT_EXPERIENCE, "ingest")
        .withColumn(PanelColumns.SURVEY_WAVE, col(PatientExperienceColumns.SURVEY_WAVE).cast("int"))
        .join(treatment, new String[] {PanelColumns.SITE_CODE, PanelColumns.SURVEY_WAVE});
  }

  /**
   * The survey-weighted TWFE of one item. Spark reduces the responses to one cell per site (the
   * PSU) and wave: the sums of w, w y and w y^2 (all regressors are constant within a cell), from
   * which the fit and its linearised variance are exact ({@link GlmCells}).
   */
  /**
   * One aggregation for every item and model: per site (the PSU), wave and treatment status the
   * sums of w, w y and w y^2 and the row counts of each item's mean-score and top-box response,
   * over the responses that answered the item.
   */
  private static List<Row> surveyCells(Dataset<Row> responses) {
    Column w = col(PatientExperienceColumns.SURVEY_WEIGHT).cast("double");
    List<Column> sums = new ArrayList<>();
    for (PanelOutcome outcome : PanelOutcome.values()) {
      if (outcome.level() != PanelOutcome.Level.SITE_WAVE) {
        continue;
      }
      Column item = col(outcome.columnName());
      for (Model model : List.of(Model.SURVEY_MEAN_SCORE, Model.SURVEY_TOP_BOX)) {
        Column y =
            model == Model.SURVEY_TOP_BOX
                ? when(item.geq(TOP_BOX_THRESHOLD), lit(1.0)).otherwise(lit(0.0))
                : item.cast("double");
        Column answered = item.isNotNull();
        sums.add(sum(when(answered, w)).as(cellColumn(outcome, model, SUM_W)));
        sums.add(sum(when(answered, w.multiply(y))).as(cellColumn(outcome, model, SUM_WY)));
        sums.add(
            sum(when(answered, w.multiply(y).multiply(y))).as(cellColumn(outcome, model, SUM_WYY)));
        sums.add(count(when(answered, lit(1))).as(cellColumn(outcome, model, ROWS)));
        sums.add(
            count(when(answered.and(w.gt(0)), lit(1)))
                .as(cellColumn(outcome, model, POSITIVE_ROWS)));
      }
    }
    return responses
        .groupBy(col(PanelColumns.SITE_CODE), col(PanelColumns.SURVEY_WAVE), col(TREATED_POST))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new))
        .orderBy(PanelColumns.SITE_CODE, PanelColumns.SURVEY_WAVE)
        .collectAsList();
  }

  private static String cellColumn(PanelOutcome outcome, Model model, String sum) {
    return outcome.columnName() + "__" + model.name().toLowerCase(Locale.ROOT) + "__" + sum;
  }

  private ModelEstimate survey(List<Row> allCells, PanelOutcome outcome, Model model) {
    List<Row> cells = new ArrayList<>();
    for (Row c : allCells) {
      if (c.<Long>getAs(cellColumn(outcome, model, ROWS)) > 0) {
        cells.add(c);
      }
    }
    TreeMap<String, Integer> sites = new TreeMap<>();
    TreeMap<Integer, Integer> waves = new TreeMap<>();
    for (Row c : cells) {
      sites.put(c.getString(0), 0);
      waves.put(c.getInt(1), 0);
    }
    index(sites);
    index(waves);
    // intercept, treatment, then site and wave dummies without their first level
    List<String> names = new ArrayList<>();
    names.add("(Intercept)");
    names.add(TREATED_POST);
    List<String> siteEffects = new ArrayList<>();
    sites.keySet().stream().skip(1).forEach(site -> siteEffects.add(SITE + ":" + site));
    names.addAll(siteEffects);
    waves.keySet().stream().skip(1).forEach(wave -> names.add("wave:" + wave));
    GlmCells glmCells = GlmCells.create(PsuVariance.withReplacement(), names);
    boolean anyTreated = false;
    long observations = 0;
    for (Row c : cells) {
      double[] x = new double[names.size()];
      x[0] = 1.0;
      x[1] = c.getBoolean(2) ? 1.0 : 0.0;
      anyTreated |= c.getBoolean(2);
      int site = sites.get(c.getString(0));
      int wave = waves.get(c.getInt(1));
      if (site > 0) {
        x[1 + site] = 1.0;
      }
      if (wave > 0) {
        x[sites.size() + wave] = 1.0;
      }
      observations += c.<Long>getAs(cellColumn(outcome, model, ROWS));
      glmCells.addCell(
          PsuKey.unstratified(c.getString(0)),
          x,
          new ResponseSums(
              c.<Long>getAs(cellColumn(outcome, model, ROWS)),
              c.<Long>getAs(cellColumn(outcome, model, POSITIVE_ROWS)),
              c.<Double>getAs(cellColumn(outcome, model, SUM_W)),
              c.<Double>getAs(cellColumn(outcome, model, SUM_WY)),
              c.<Double>getAs(cellColumn(outcome, model, SUM_WYY))));
    }
    if (!anyTreated) {
      throw PipelineErrors.noTreatedSites(outcome.columnName());
    }
    // the site dummies are nested in the PSU: counting them, svyglm's df.residual (PSUs - 1 + 1 -
    // K) is -waves for every design, so they are left out of K as fixest does for PPML
    SurveyCoefficient b =
        SurveyGlm.gaussian()
            .fitWithPsuFixedEffects(glmCells, siteEffects)
            .coefficient(TREATED_POST);
    double scale = model == Model.SURVEY_TOP_BOX ? 100.0 : 1.0;
    ConfidenceInterval ci = b.confidenceInterval(0.95);
    String spec =
        String.format(
            Locale.ROOT,
            "{\"model\":\"%s\",\"outcome\":\"%s\",\"response\":\"%s\","
                + "\"design\":{\"psu\":\"site\",\"strata\":null,\"weights\":\"%s\","
                + "\"fpc\":null},\"fixed_effects\":[\"site\",\"wave\"],"
                + "\"variance\":\"Taylor linearisation (svyglm)\",\"df\":%d}",
            model,
            outcome.columnName(),
            model == Model.SURVEY_TOP_BOX
                ? outcome.columnName() + " >= " + TOP_BOX_THRESHOLD + " (x100)"
                : outcome.columnName(),
            PatientExperienceColumns.SURVEY_WEIGHT,
            b.degreesOfFreedom());
    return new ModelEstimate(
        outcome,
        model,
        model == Model.SURVEY_TOP_BOX ? Family.SECONDARY : Family.PRIMARY,
        scale * b.estimate(),
        scale * ci.lower(),
        scale * ci.upper(),
        scale * b.standardError(),
        b.pValue(),
        Double.NaN,
        Double.NaN,
        observations,
        sites.size(),
        spec);
  }

  private static <K> void index(TreeMap<K, Integer> levels) {
    int next = 0;
    for (Map.Entry<K, Integer> level : levels.entrySet()) {
      level.setValue(next++);
    }
  }

  private static boolean noneTreated(double[] treated) {
    for (double t : treated) {
      if (t != 0) {
        return false;
      }
    }
    return true;
  }

  /** Holm and Benjamini-Hochberg p-values within each family. */
  static List<ModelEstimate> adjust(List<ModelEstimate> estimates) {
    return FamilyAdjustment.adjust(
        estimates,
        e -> e.family().name(),
        OutcomeModelsJob::key,
        ModelEstimate::pValue,
        (e, holm, bh) ->
            new ModelEstimate(
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
                e.observations(),
                e.clusters(),
                e.specification()));
  }

  private static String key(ModelEstimate e) {
    return e.outcome().columnName() + "/" + e.model();
  }

  private void write(List<ModelEstimate> estimates) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (ModelEstimate e : estimates) {
      rows.add(
          RowFactory.create(
              runId,
              e.outcome().columnName(),
              e.outcome().label(),
              e.model().name(),
              e.model().scale(),
              e.family().name().toLowerCase(Locale.ROOT),
              e.estimate(),
              e.ciLower(),
              e.ciUpper(),
              e.standardError(),
              e.pValue(),
              e.pHolm(),
              e.pBenjaminiHochberg(),
              e.observations(),
              e.clusters(),
              e.specification(),
              now));
    }

    lake.replaceWhere(
        LakeTable.OUTCOME_MODELS,
        RUN_ID + " = '" + runId + "'",
        lake.spark().createDataFrame(rows, SCHEMA));
  }
}
