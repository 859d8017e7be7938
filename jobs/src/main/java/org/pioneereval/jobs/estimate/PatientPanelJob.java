package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.SiteRegisterColumns;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.estimators.TwoWayPanelMoments;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.cohort.CohortOutcome;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.cohort.Spells;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * Two-way fixed-effects DiD on the <b>patient x month</b> panel, written to {@code
 * results/patient_panel_effects}: {@code y_it = patient_i + month_t + b D_it + e_it} for every
 * resident on the patient register and every month the admissions extract covers, with {@code D_it
 * = 1} for residents of a pioneer site from the first whole month after its go-live (the site-level
 * panel's rule), standard errors CR1 clustered by site (Stata {@code areg} / estimatr {@code
 * se_type = "stata"}: K counts the patient effects), t with sites - 1 df.
 *
 * <p>Outcomes ({@link CohortOutcome}): emergency and elective admissions, reported per 1,000
 * patients per month (the unit of the site-level rates, and the same estimand with the residents
 * rather than the sites weighted equally), and inpatient cost at the national tariff per patient
 * per month.
 *
 * <p>Nothing row-level reaches the driver. Spark counts each patient's admissions per month, keeps
 * one row per resident with the months that had any (most patient-months are zero and are not
 * materialised), partitions the residents by site and streams them through {@link
 * TwoWayPanelMoments}, which absorbs the patient effects exactly (within-patient demeaning) with
 * the month effects as demeaned dummies; the driver receives one (months + 1)-square matrix per
 * site and solves. A re-run gives identical numbers (every site is summed in one partition in
 * patient order).
 */
public final class PatientPanelJob {

  /** Admission counts are reported per this many patient-months. */
  public static final double PER_PATIENTS = 1000.0;

  /** The variance of every patient-panel estimate. */
  public static final VarianceType VARIANCE = VarianceType.CR1_STATA;

  private static final String PATIENT = "patient_key";
  private static final String SITE = "site_code";
  private static final String MONTH = "month_index";
  private static final String FIRST_TREATED = "first_treated_month";
  private static final String MONTHS = "months";
  private static final String SITE_TYPE_PIONEER = "pioneer";

  /** The schema of {@code results/patient_panel_effects}. */
  public static final StructType SCHEMA =
      new StructType()
          .add(PatientPanelColumns.RUN_ID, DataTypes.StringType)
          .add(PatientPanelColumns.OUTCOME, DataTypes.StringType)
          .add(PatientPanelColumns.OUTCOME_LABEL, DataTypes.StringType)
          .add(PatientPanelColumns.UNIT, DataTypes.StringType)
          .add(PatientPanelColumns.SITE_OUTCOME, DataTypes.StringType)
          .add(PatientPanelColumns.ESTIMATE, DataTypes.DoubleType)
          .add(PatientPanelColumns.STD_ERROR, DataTypes.DoubleType)
          .add(PatientPanelColumns.CI_LOWER, DataTypes.DoubleType)
          .add(PatientPanelColumns.CI_UPPER, DataTypes.DoubleType)
          .add(PatientPanelColumns.P_VALUE, DataTypes.DoubleType)
          .add(PatientPanelColumns.DF, DataTypes.DoubleType)
          .add(PatientPanelColumns.N_PATIENT_MONTHS, DataTypes.LongType)
          .add(PatientPanelColumns.N_PATIENTS, DataTypes.LongType)
          .add(PatientPanelColumns.N_TREATED_PATIENTS, DataTypes.LongType)
          .add(PatientPanelColumns.N_CLUSTERS, DataTypes.IntegerType)
          .add(PatientPanelColumns.VARIANCE, DataTypes.StringType)
          .add(PatientPanelColumns.SPECIFICATION, DataTypes.StringType)
          .add(PatientPanelColumns.ESTIMATED_AT, DataTypes.TimestampType);

  /** One estimate, on the reporting scale ({@link #unit(CohortOutcome)}). */
  public record PatientEffect(
      CohortOutcome outcome,
      double estimate,
      double standardError,
      double ciLower,
      double ciUpper,
      double pValue,
      double degreesOfFreedom,
      long patientMonths,
      long patients,
      long treatedPatients,
      int clusters) {

    /** The site-level panel outcome with the same unit and estimand, if any. */
    public Optional<PanelOutcome> siteOutcome() {
      return PatientPanelJob.siteOutcome(outcome);
    }
  }

  private final Lakehouse lake;
  private final String runId;

  private PatientPanelJob(Lakehouse lake, String runId) {
    this.lake = lake;
    this.runId = runId;
  }

  public static PatientPanelJob create(Lakehouse lake, String runId) {
    return new PatientPanelJob(lake, runId);
  }

  /** Whether the lake has a patient register (the panel's residents). */
  public static boolean applies(Lakehouse lake) {
    return MatchedCohortJob.applies(lake);
  }

  /** Unit of an outcome's estimate. */
  public static String unit(CohortOutcome outcome) {
    return outcome.isCost()
        ? "GBP per patient per month (inpatient spells at tariff)"
        : "admissions per 1,000 patients per month";
  }

  static Optional<PanelOutcome> siteOutcome(CohortOutcome outcome) {
    return switch (outcome) {
      case EMERGENCY_ADMISSIONS -> Optional.of(PanelOutcome.EMERGENCY_ADMISSIONS_RATE);
      case ELECTIVE_ADMISSIONS -> Optional.of(PanelOutcome.ELECTIVE_ADMISSIONS_RATE);
      case INPATIENT_COST -> Optional.empty();
    };
  }

  private static double scale(CohortOutcome outcome) {
    return outcome.isCost() ? 1.0 : PER_PATIENTS;
  }

  /** Estimates every outcome, writes the run's rows and returns them. */
  public List<PatientEffect> execute() {
    Dataset<Row> admissions =
        lake.read(LakeTable.SILVER_ADMISSIONS, "ingest")
            .select(
                col(AdmissionsColumns.PATIENT_KEY).as(PATIENT),
                Spells.monthIndex(col(AdmissionsColumns.ADMISSION_DATE)).as(MONTH),
                col(AdmissionsColumns.ADMISSION_METHOD).as("method"),
                Spells.tariff(col(AdmissionsColumns.ADMISSION_METHOD)).as("cost"));
    Row window = admissions.agg(min(MONTH), max(MONTH)).first();
    if (window.isNullAt(0)) {
      throw PipelineErrors.noPatientPanelData("the silver admissions table has no rows");
    }
    int first = window.getInt(0);
    int last = window.getInt(1);
    int months = last - first + 1;

    List<Column> perMonth = new ArrayList<>();
    for (CohortOutcome o : CohortOutcome.values()) {
      Column value =
          o.isCost()
              ? col("cost")
              : when(col("method").equalTo(o.admissionMethod()), lit(1.0)).otherwise(lit(0.0));
      perMonth.add(sum(value).as(o.columnName()));
    }
    List<Column> monthFields = new ArrayList<>();
    monthFields.add(col(MONTH));
    for (CohortOutcome o : CohortOutcome.values()) {
      monthFields.add(col(o.columnName()));
    }
    Dataset<Row> byPatient =
        admissions
            .groupBy(PATIENT, MONTH)
            .agg(perMonth.get(0), perMonth.subList(1, perMonth.size()).toArray(Column[]::new))
            .groupBy(PATIENT)
            .agg(collect_list(struct(monthFields.toArray(Column[]::new))).as(MONTHS));

    Dataset<Row> sites =
        lake.read(LakeTable.SILVER_SITE_REGISTER, "ingest")
            .select(
                col(SiteRegisterColumns.SITE_CODE).as(SITE),
                when(
                        col(SiteRegisterColumns.SITE_TYPE)
                            .equalTo(SITE_TYPE_PIONEER)
                            .and(col(SiteRegisterColumns.GO_LIVE_DATE).isNotNull()),
                        firstWholeMonthFrom(col(SiteRegisterColumns.GO_LIVE_DATE)))
                    .as(FIRST_TREATED));
    Dataset<Row> registered =
        lake.read(LakeTable.SILVER_PATIENT_REGISTER, "ingest")
            .select(
                col(PatientRegisterColumns.PATIENT_KEY).as(PATIENT),
                col(PatientRegisterColumns.SITE_CODE).as(SITE))
            .join(sites, SITE);
    Dataset<Row> residents = registered.join(byPatient, new String[] {PATIENT}, "left");

    // the sites from the register alone: the admissions need not be aggregated for this
    Map<String, Integer> siteIndex = new HashMap<>();
    for (Row r : registered.select(SITE).distinct().orderBy(SITE).collectAsList()) {
      siteIndex.put(r.getString(0), siteIndex.size());
    }
    if (siteIndex.size() < 2) {
      throw PipelineErrors.noPatientPanelData(
          "the patient register holds residents of " + siteIndex.size() + " site(s)");
    }
    int outcomes = CohortOutcome.values().length;
    TwoWayPanelMoments moments =
        SparkPanelMoments.reduce(
            residents,
            SITE,
            new Column[] {col(SITE), col(PATIENT)},
            siteIndex.size(),
            new ResidentReducer(siteIndex, first, months, outcomes),
            TwoWayPanelMoments.create(months, 1, outcomes));

    List<PatientEffect> effects = new ArrayList<>();
    for (CohortOutcome o : CohortOutcome.values()) {
      DidEstimate e;
      try {
        e = moments.fitTreatment(o.ordinal(), VARIANCE, List.of(TwoWayFixedEffectsDid.TREATMENT));
      } catch (EstimationException ex) {
        throw PipelineErrors.patientPanelFailed(o.columnName(), ex);
      }
      double s = scale(o);
      effects.add(
          new PatientEffect(
              o,
              s * e.estimate(),
              s * e.standardError(),
              s * e.ciLower(),
              s * e.ciUpper(),
              e.pValue(),
              e.degreesOfFreedom(),
              moments.rows(),
              moments.units(),
              moments.treatedUnits(),
              moments.clusterCount()));
    }
    write(effects, first, last);
    return effects;
  }

  /** Month index of the first month that starts on or after {@code goLive}. */
  private static Column firstWholeMonthFrom(Column goLive) {
    return Spells.monthIndex(goLive).plus(when(dayofmonth(goLive).gt(1), lit(1)).otherwise(0));
  }

  private static String yearMonth(int monthIndex) {
    return YearMonth.of(Math.floorDiv(monthIndex, 12), Math.floorMod(monthIndex, 12) + 1)
        .toString();
  }

  private void write(List<PatientEffect> effects, int first, int last) {
    ObjectNode spec = new ObjectMapper().createObjectNode();
    spec.put("model", "y_it = patient_i + month_t + b D_it + e_it (OLS)");
    spec.put("fixed_effects", "patient (absorbed by within-patient demeaning), month (dummies)");
    spec.put(
        "treatment",
        "resident of a pioneer site, from the first whole month after its go-live date");
    spec.put("residents", "every patient on silver/patient_register, every month of the window");
    spec.put("first_month", yearMonth(first));
    spec.put("last_month", yearMonth(last));
    spec.put("variance", VARIANCE.name());
    spec.put("cluster", SITE);
    spec.put("admissions_scale", "per " + (int) PER_PATIENTS + " patients per month");
    spec.put("reduction", "Spark, per-site TwoWayPanelMoments");
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (PatientEffect e : effects) {
      rows.add(
          RowFactory.create(
              runId,
              e.outcome().columnName(),
              e.outcome().label(),
              unit(e.outcome()),
              e.siteOutcome().map(PanelOutcome::columnName).orElse(null),
              e.estimate(),
              e.standardError(),
              e.ciLower(),
              e.ciUpper(),
              e.pValue(),
              e.degreesOfFreedom(),
              e.patientMonths(),
              e.patients(),
              e.treatedPatients(),
              e.clusters(),
              VARIANCE.name(),
              spec.toString(),
              now));
    }
    lake.replaceWhere(
        LakeTable.PATIENT_PANEL_EFFECTS,
        PatientPanelColumns.RUN_ID + " = '" + runId + "'",
        lake.spark().createDataFrame(rows, SCHEMA));
  }

  /**
   * One resident per row (site, first treated month or null, the months with admissions); every
   * month of the window is a row of the panel, zero where the resident had no admission.
   */
  private static final class ResidentReducer
      implements MapPartitionsFunction<Row, TwoWayPanelMoments> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> siteIndex;
    private final int first;
    private final int months;
    private final int outcomes;

    ResidentReducer(Map<String, Integer> siteIndex, int first, int months, int outcomes) {
      this.siteIndex = new HashMap<>(siteIndex);
      this.first = first;
      this.months = months;
      this.outcomes = outcomes;
    }

    @Override
    public Iterator<TwoWayPanelMoments> call(Iterator<Row> input) {
      TwoWayPanelMoments m = TwoWayPanelMoments.create(months, 1, outcomes);
      double[][] y = new double[months][outcomes];
      double[] x = new double[1];
      double[] zero = new double[outcomes];
      while (input.hasNext()) {
        Row r = input.next();
        int firstTreated =
            r.isNullAt(r.fieldIndex(FIRST_TREATED))
                ? Integer.MAX_VALUE
                : r.getInt(r.fieldIndex(FIRST_TREATED));
        int at = r.fieldIndex(MONTHS);
        List<Row> active = r.isNullAt(at) ? List.of() : r.getList(at);
        for (Row a : active) {
          int t = a.getInt(0) - first;
          for (int o = 0; o < outcomes; o++) {
            y[t][o] = a.getDouble(1 + o);
          }
        }
        m.startUnit(siteIndex.get(r.getString(r.fieldIndex(SITE))));
        for (int t = 0; t < months; t++) {
          x[0] = first + t >= firstTreated ? 1.0 : 0.0;
          m.add(t, x, y[t], 1.0);
        }
        m.finishUnit();
        for (Row a : active) {
          System.arraycopy(zero, 0, y[a.getInt(0) - first], 0, outcomes);
        }
      }
      return List.of(m).iterator();
    }
  }
}
