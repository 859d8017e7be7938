package org.pioneereval.jobs.cohort;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.SiteRegisterColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The candidates of the matched cohort, built in Spark from the silver patient register, site
 * register and admissions: one row per (patient, index month).
 *
 * <ul>
 *   <li><b>treated</b>: residents of a pioneer site with an enrolment date; index month = the month
 *       of enrolment;
 *   <li><b>control candidates</b>: residents of comparison sites, once for every distinct index
 *       month of the treated (a pseudo index date), matched only within the same index month;
 *   <li>residents of pioneer sites who were not enrolled are neither (their site ran the
 *       programme).
 * </ul>
 *
 * Only (patient, index month) pairs whose 12 months before and 12 months from the index month lie
 * inside the months the admissions extract covers are kept. Each row carries the covariates of
 * {@link CohortCovariate} and, per {@link CohortOutcome}, the pre- and post-period totals; a spell
 * counts in the month of its admission date and is costed at the {@link Spells#tariff national
 * tariff} of its admission method.
 */
final class CohortCandidates {

  static final String TREATED = "treated";
  static final String INDEX_MONTH = "index_month";
  static final String SITE = "site_code";
  static final String PATIENT = "patient_key";

  /** Months in each of the pre and post periods. */
  static final int PERIOD_MONTHS = 12;

  private static final String SITE_TYPE_PIONEER = "pioneer";
  private static final String SITE_TYPE_COMPARISON = "comparison";
  private static final String MONTH_INDEX = "month_index";
  private static final String SPELL_COST = "spell_cost_gbp";
  private static final String METHOD = "admission_method";
  private static final String[] AGE_BANDS_FROM_18 = {"18-44", "45-64", "65-74", "75-84", "85+"};

  private CohortCandidates() {}

  /** The candidate rows and the months the admissions cover. */
  record Candidates(Dataset<Row> rows, int firstMonthIndex, int lastMonthIndex) {}

  /** Month index {@code 12 * year + month - 1} of a date column. */
  static Column monthIndex(Column date) {
    return Spells.monthIndex(date);
  }

  static Candidates build(Lakehouse lake) {
    Dataset<Row> admissions =
        lake.read(LakeTable.SILVER_ADMISSIONS, "ingest")
            .select(
                col(AdmissionsColumns.PATIENT_KEY).as(PATIENT),
                col(AdmissionsColumns.SITE_CODE).as(SITE),
                monthIndex(col(AdmissionsColumns.ADMISSION_DATE)).as(MONTH_INDEX),
                col(AdmissionsColumns.ADMISSION_METHOD).as(METHOD),
                Spells.tariff(col(AdmissionsColumns.ADMISSION_METHOD)).as(SPELL_COST));
    Row window = admissions.agg(min(MONTH_INDEX), max(MONTH_INDEX)).first();
    if (window.isNullAt(0)) {
      throw PipelineErrors.noCohortData("the silver admissions table has no rows");
    }
    int first = window.getInt(0);
    int last = window.getInt(1);

    Dataset<Row> sites =
        lake.read(LakeTable.SILVER_SITE_REGISTER, "ingest")
            .select(
                col(SiteRegisterColumns.SITE_CODE).as(SITE),
                col(SiteRegisterColumns.SITE_TYPE).as("site_type"));
    Dataset<Row> register =
        lake.read(LakeTable.SILVER_PATIENT_REGISTER, "ingest")
            .select(
                col(PatientRegisterColumns.PATIENT_KEY).as(PATIENT),
                col(PatientRegisterColumns.SITE_CODE).as(SITE),
                col(PatientRegisterColumns.AGE_BAND),
                col(PatientRegisterColumns.SEX),
                col(PatientRegisterColumns.LTC_FLAG),
                col(PatientRegisterColumns.IMD_QUINTILE),
                col(PatientRegisterColumns.ENROLMENT_DATE))
            .join(sites, SITE);
    Dataset<Row> treated =
        register
            .where(
                col("site_type")
                    .equalTo(SITE_TYPE_PIONEER)
                    .and(col(PatientRegisterColumns.ENROLMENT_DATE).isNotNull()))
            .withColumn(INDEX_MONTH, monthIndex(col(PatientRegisterColumns.ENROLMENT_DATE)))
            .withColumn(TREATED, lit(true));
    Dataset<Row> indexMonths = treated.select(INDEX_MONTH).distinct();
    Dataset<Row> controls =
        register
            .where(col("site_type").equalTo(SITE_TYPE_COMPARISON))
            .crossJoin(broadcast(indexMonths))
            .withColumn(TREATED, lit(false));
    Column eligible =
        col(INDEX_MONTH)
            .minus(PERIOD_MONTHS)
            .geq(first)
            .and(col(INDEX_MONTH).plus(PERIOD_MONTHS - 1).leq(last));
    Dataset<Row> pairs =
        treated.unionByName(controls).where(eligible).drop(PatientRegisterColumns.ENROLMENT_DATE);

    List<Column> totals = new ArrayList<>();
    Column pre =
        col(MONTH_INDEX)
            .geq(col(INDEX_MONTH).minus(PERIOD_MONTHS))
            .and(col(MONTH_INDEX).lt(col(INDEX_MONTH)));
    Column post =
        col(MONTH_INDEX)
            .geq(col(INDEX_MONTH))
            .and(col(MONTH_INDEX).lt(col(INDEX_MONTH).plus(PERIOD_MONTHS)));
    for (CohortOutcome o : CohortOutcome.values()) {
      Column value =
          o.isCost()
              ? col(SPELL_COST)
              : when(col(METHOD).equalTo(o.admissionMethod()), lit(1.0)).otherwise(lit(0.0));
      totals.add(sum(when(pre, value).otherwise(lit(0.0))).as(o.preColumn()));
      totals.add(sum(when(post, value).otherwise(lit(0.0))).as(o.postColumn()));
    }
    Dataset<Row> windowed =
        admissions
            .join(pairs.select(PATIENT, SITE, INDEX_MONTH), new String[] {PATIENT, SITE})
            .where(
                col(MONTH_INDEX)
                    .geq(col(INDEX_MONTH).minus(PERIOD_MONTHS))
                    .and(col(MONTH_INDEX).lt(col(INDEX_MONTH).plus(PERIOD_MONTHS))))
            .groupBy(PATIENT, SITE, INDEX_MONTH)
            .agg(totals.get(0), totals.subList(1, totals.size()).toArray(Column[]::new));

    Dataset<Row> withTotals =
        pairs.join(windowed, new String[] {PATIENT, SITE, INDEX_MONTH}, "left");
    for (CohortOutcome o : CohortOutcome.values()) {
      withTotals =
          withTotals
              .withColumn(o.preColumn(), nullToZero(o.preColumn()))
              .withColumn(o.postColumn(), nullToZero(o.postColumn()));
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col(PATIENT));
    columns.add(col(SITE));
    columns.add(col(INDEX_MONTH));
    columns.add(col(TREATED));
    for (CohortCovariate c : CohortCovariate.values()) {
      columns.add(covariate(c).cast("double").as(c.columnName()));
    }
    for (CohortOutcome o : CohortOutcome.values()) {
      columns.add(col(o.preColumn()));
      columns.add(col(o.postColumn()));
    }
    return new Candidates(withTotals.select(columns.toArray(Column[]::new)), first, last);
  }

  private static Column nullToZero(String column) {
    return when(col(column).isNull(), lit(0.0)).otherwise(col(column));
  }

  private static Column covariate(CohortCovariate c) {
    Column age = col(PatientRegisterColumns.AGE_BAND);
    return switch (c) {
      case AGE_18_44 -> indicator(age.equalTo(AGE_BANDS_FROM_18[0]));
      case AGE_45_64 -> indicator(age.equalTo(AGE_BANDS_FROM_18[1]));
      case AGE_65_74 -> indicator(age.equalTo(AGE_BANDS_FROM_18[2]));
      case AGE_75_84 -> indicator(age.equalTo(AGE_BANDS_FROM_18[3]));
      case AGE_85_PLUS -> indicator(age.equalTo(AGE_BANDS_FROM_18[4]));
      case FEMALE -> indicator(col(PatientRegisterColumns.SEX).equalTo("F"));
      case LONG_TERM_CONDITION -> indicator(col(PatientRegisterColumns.LTC_FLAG));
      case IMD_QUINTILE -> col(PatientRegisterColumns.IMD_QUINTILE);
      case PRIOR_EMERGENCY -> col(CohortOutcome.EMERGENCY_ADMISSIONS.preColumn());
      case PRIOR_ELECTIVE -> col(CohortOutcome.ELECTIVE_ADMISSIONS.preColumn());
      case PRIOR_COST -> col(CohortOutcome.INPATIENT_COST.preColumn()).divide(1000.0);
    };
  }

  private static Column indicator(Column condition) {
    return when(condition, lit(1.0)).otherwise(lit(0.0));
  }
}
