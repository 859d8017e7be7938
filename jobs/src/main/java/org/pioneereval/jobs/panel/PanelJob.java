package org.pioneereval.jobs.panel;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;
import static org.pioneereval.jobs.panel.PanelColumns.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.CostsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.contracts.PopulationColumns;
import org.pioneereval.contracts.PriceIndex;
import org.pioneereval.contracts.SiteRegisterColumns;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.lake.JoinKeys;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;

/**
 * The panel stage: silver extracts to the two analysis panels.
 *
 * <ul>
 *   <li>{@code panel/site_month_panel}: one row per site and month with population, emergency and
 *       elective admissions and their rates per 1,000, total cost at base-year prices and per
 *       capita, and treatment status. A site-month without an accepted admissions (or costs) drop
 *       has a null rate (or cost), never a zero: missing data is not "no admissions".
 *   <li>{@code panel/site_wave_panel}: one row per site and survey wave with survey-weighted mean
 *       scores of each patient-experience item, respondents and weights.
 * </ul>
 *
 * <p>A site's rows depend only on that site's inputs: its site-register row (type, wave, go-live
 * date), its population, admissions, costs and survey rows (matched on the rows' {@code site_code},
 * not on the folder they were delivered in) and its accepted drops in the ingest log (the coverage
 * that turns a missing drop into a null, keyed on the drop's site). Nothing is pooled, ranked or
 * normalised across sites, and the price deflator is a constant of the code. So {@link #forSites}
 * can rebuild the rows of some sites alone ({@link Lakehouse#replaceWhere} on {@code site_code},
 * one Delta commit per panel table) and give the same tables as a full rebuild, provided the inputs
 * of every other site are unchanged since their rows were built; deciding that is the caller's job
 * (the nightly run's).
 */
public final class PanelJob {

  /** Spells per 1,000 residents. */
  public static final double PER_THOUSAND = 1000.0;

  private static final String EMERGENCY = "emergency";
  private static final String ELECTIVE = "elective";

  private final Lakehouse lake;
  private final String runId;

  /** The sites to rebuild; empty: all of them (the tables are overwritten). */
  private final Optional<SortedSet<String>> only;

  private PanelJob(Lakehouse lake, String runId, Optional<SortedSet<String>> only) {
    this.lake = lake;
    this.runId = runId;
    this.only = only;
  }

  /** A full rebuild: both panel tables overwritten from the current silver tables. */
  public static PanelJob create(Lakehouse lake, String runId) {
    return new PanelJob(lake, runId, Optional.empty());
  }

  /**
   * Rebuilds only the rows of these sites, in one Delta commit per panel table (the rows of other
   * sites keep their values and the {@code panel_run_id} of the run that built them). With no site
   * nothing is written. The tables must exist (a partial rebuild of a table that was never built
   * would leave out every other site).
   */
  public PanelJob forSites(Collection<String> sites) {
    return new PanelJob(lake, runId, Optional.of(new TreeSet<>(sites)));
  }

  /** Rebuilds the panels (all sites, or those of {@link #forSites}); returns their row counts. */
  public PanelResult execute() {
    Dataset<Row> sites = siteAttributes();
    long sitesTotal = sites.count();
    if (only.isEmpty()) {
      lake.overwrite(LakeTable.SITE_MONTH_PANEL, siteMonthPanel(sites));
      lake.overwrite(LakeTable.SITE_WAVE_PANEL, siteWavePanel(sites));
    } else if (!only.get().isEmpty()) {
      if (!lake.exists(LakeTable.SITE_MONTH_PANEL) || !lake.exists(LakeTable.SITE_WAVE_PANEL)) {
        throw new IllegalStateException("partial panel rebuild before a full one");
      }
      String condition = SITE_CODE + " IN (" + quoted(only.get()) + ")";
      Dataset<Row> chosen = sites.filter(inScope(SITE_CODE));
      lake.replaceWhere(LakeTable.SITE_MONTH_PANEL, condition, siteMonthPanel(chosen));
      lake.replaceWhere(LakeTable.SITE_WAVE_PANEL, condition, siteWavePanel(chosen));
    }
    return new PanelResult(
        lake.read(LakeTable.SITE_MONTH_PANEL, "panel").count(),
        lake.read(LakeTable.SITE_WAVE_PANEL, "panel").count(),
        only,
        sitesTotal);
  }

  /**
   * Row counts of the panels after the rebuild, the sites rebuilt (empty: all, a full rebuild) and
   * the number of sites in the site register.
   */
  public record PanelResult(
      long siteMonthRows,
      long siteWaveRows,
      Optional<SortedSet<String>> sitesRebuilt,
      long sitesTotal) {

    public boolean partial() {
      return sitesRebuilt.isPresent();
    }

    /** Sites whose rows were rebuilt: those chosen, or every site of the register. */
    public long sitesRebuiltCount() {
      return sitesRebuilt.map(s -> (long) s.size()).orElse(sitesTotal);
    }
  }

  /** True for rows of the chosen sites (every row in a full rebuild). */
  private Column inScope(String siteColumn) {
    return only.map(s -> col(siteColumn).isin(s.toArray())).orElse(lit(true));
  }

  private static String quoted(Collection<String> sites) {
    return sites.stream()
        .map(s -> "'" + s.replace("'", "''") + "'")
        .collect(Collectors.joining(", "));
  }

  private Dataset<Row> siteAttributes() {
    return lake.read(LakeTable.SILVER_SITE_REGISTER, "ingest")
        .select(
            col(SiteRegisterColumns.SITE_CODE).as(SITE_CODE),
            col(SiteRegisterColumns.SITE_TYPE).as(SITE_TYPE),
            col(SiteRegisterColumns.WAVE).as(WAVE),
            col(SiteRegisterColumns.GO_LIVE_DATE).as(GO_LIVE_DATE),
            col(SiteRegisterColumns.SITE_TYPE).equalTo("pioneer").as(PIONEER));
  }

  private static Column treatment(Column periodStart) {
    Column pioneer = col(PIONEER).and(col(GO_LIVE_DATE).isNotNull());
    return when(pioneer, periodStart.geq(col(GO_LIVE_DATE))).otherwise(lit(false));
  }

  private static Column eventTime(Column periodStart) {
    return when(
        col(GO_LIVE_DATE).isNotNull(), months_between(periodStart, col(GO_LIVE_DATE)).cast("int"));
  }

  Dataset<Row> siteMonthPanel(Dataset<Row> sites) {
    Dataset<Row> population =
        lake.read(LakeTable.SILVER_POPULATION, "ingest")
            .filter(inScope(PopulationColumns.SITE_CODE))
            .select(
                col(PopulationColumns.SITE_CODE).as(SITE_CODE),
                col(PopulationColumns.PERIOD_MONTH).as(PERIOD_MONTH),
                col(PopulationColumns.POPULATION).as(POPULATION));

    Dataset<Row> admissionsCovered = acceptedDrops(Extract.ADMISSIONS, "admissions_delivered");
    Column method = col(AdmissionsColumns.ADMISSION_METHOD);
    Dataset<Row> admissions =
        lake.read(LakeTable.SILVER_ADMISSIONS, "ingest")
            .filter(inScope(AdmissionsColumns.SITE_CODE))
            .groupBy(
                col(AdmissionsColumns.SITE_CODE).as(SITE_CODE),
                trunc(col(AdmissionsColumns.ADMISSION_DATE), "month").as(PERIOD_MONTH))
            .agg(
                sum(when(method.equalTo(EMERGENCY), 1).otherwise(0)).as(EMERGENCY_ADMISSIONS),
                sum(when(method.equalTo(ELECTIVE), 1).otherwise(0)).as(ELECTIVE_ADMISSIONS));

    Dataset<Row> costsCovered = acceptedDrops(Extract.COSTS, "costs_delivered");
    Dataset<Row> costs =
        lake.read(LakeTable.SILVER_COSTS, "ingest")
            .filter(inScope(CostsColumns.SITE_CODE))
            .groupBy(
                col(CostsColumns.SITE_CODE).as(SITE_CODE),
                trunc(col(CostsColumns.PERIOD_MONTH), "month").as(PERIOD_MONTH))
            .agg(
                sum(col(CostsColumns.AMOUNT_GBP).multiply(deflator(col(CostsColumns.PRICE_YEAR))))
                    .as(COST_GBP_BASE_YEAR));

    Column month = col(PERIOD_MONTH);
    Column batch = org.apache.spark.sql.functions.date_format(month, "yyyy-MM");
    Dataset<Row> panel =
        population
            .withColumn(IngestColumns.DROP_BATCH, batch)
            .join(sites, SITE_CODE)
            .join(admissions, JoinKeys.of(SITE_CODE, PERIOD_MONTH), "left")
            .join(costs, JoinKeys.of(SITE_CODE, PERIOD_MONTH), "left")
            .join(admissionsCovered, JoinKeys.of(SITE_CODE, IngestColumns.DROP_BATCH), "left")
            .join(costsCovered, JoinKeys.of(SITE_CODE, IngestColumns.DROP_BATCH), "left");
    Column admissionsDelivered = coalesce(col("admissions_delivered"), lit(false));
    Column costsDelivered = coalesce(col("costs_delivered"), lit(false));
    return panel
        .select(
            col(SITE_CODE),
            month,
            month.as(PERIOD_START),
            col(SITE_TYPE),
            col(WAVE),
            col(GO_LIVE_DATE),
            col(PIONEER),
            treatment(month).as(TREATED_POST),
            eventTime(month).as(EVENT_TIME_MONTHS),
            col(POPULATION),
            when(admissionsDelivered, coalesce(col(EMERGENCY_ADMISSIONS), lit(0L)))
                .as(EMERGENCY_ADMISSIONS),
            when(admissionsDelivered, coalesce(col(ELECTIVE_ADMISSIONS), lit(0L)))
                .as(ELECTIVE_ADMISSIONS),
            when(
                    admissionsDelivered,
                    coalesce(col(EMERGENCY_ADMISSIONS), lit(0L))
                        .multiply(PER_THOUSAND)
                        .divide(col(POPULATION)))
                .as(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName()),
            when(
                    admissionsDelivered,
                    coalesce(col(ELECTIVE_ADMISSIONS), lit(0L))
                        .multiply(PER_THOUSAND)
                        .divide(col(POPULATION)))
                .as(PanelOutcome.ELECTIVE_ADMISSIONS_RATE.columnName()),
            when(costsDelivered, col(COST_GBP_BASE_YEAR)).as(COST_GBP_BASE_YEAR),
            when(costsDelivered, col(COST_GBP_BASE_YEAR).divide(col(POPULATION)))
                .as(PanelOutcome.COST_PER_CAPITA.columnName()),
            lit(runId).as(PANEL_RUN_ID))
        .orderBy(SITE_CODE, PERIOD_MONTH);
  }

  Dataset<Row> siteWavePanel(Dataset<Row> sites) {
    Dataset<Row> responses =
        lake.read(LakeTable.SILVER_PATIENT_EXPERIENCE, "ingest")
            .filter(inScope(PatientExperienceColumns.SITE_CODE));
    Column weight = col(PatientExperienceColumns.SURVEY_WEIGHT);
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as(RESPONDENTS));
    aggregates.add(sum(weight).as(SUM_WEIGHTS));
    for (PanelOutcome outcome : PanelOutcome.values()) {
      if (outcome.level() != PanelOutcome.Level.SITE_WAVE) {
        continue;
      }
      Column item = col(outcome.columnName());
      aggregates.add(
          sum(when(item.isNotNull(), weight.multiply(item)))
              .divide(sum(when(item.isNotNull(), weight)))
              .as(outcome.columnName()));
    }
    Dataset<Row> means =
        responses
            .groupBy(
                col(PatientExperienceColumns.SITE_CODE).as(SITE_CODE),
                col(PatientExperienceColumns.SURVEY_WAVE).cast("int").as(SURVEY_WAVE))
            .agg(
                aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    Column periodStart = make_date(col(SURVEY_WAVE), lit(1), lit(1));
    List<Column> columns = new ArrayList<>();
    columns.add(col(SITE_CODE));
    columns.add(col(SURVEY_WAVE));
    columns.add(periodStart.as(PERIOD_START));
    columns.add(col(SITE_TYPE));
    columns.add(col(WAVE));
    columns.add(col(GO_LIVE_DATE));
    columns.add(col(PIONEER));
    columns.add(treatment(periodStart).as(TREATED_POST));
    columns.add(eventTime(periodStart).as(EVENT_TIME_MONTHS));
    columns.add(col(RESPONDENTS));
    columns.add(col(SUM_WEIGHTS));
    for (PanelOutcome outcome : PanelOutcome.values()) {
      if (outcome.level() == PanelOutcome.Level.SITE_WAVE) {
        columns.add(col(outcome.columnName()));
      }
    }
    columns.add(lit(runId).as(PANEL_RUN_ID));
    return means
        .join(sites, SITE_CODE)
        .select(columns.toArray(Column[]::new))
        .orderBy(SITE_CODE, SURVEY_WAVE);
  }

  /** (site_code, drop_batch, flag) for every batch of an extract that has an accepted drop. */
  private Dataset<Row> acceptedDrops(Extract extract, String flag) {
    return lake.read(LakeTable.INGEST_LOG, "ingest")
        .filter(
            col(IngestColumns.EXTRACT)
                .equalTo(extract.folderName())
                .and(col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_ACCEPTED))
                .and(inScope(IngestColumns.DROP_SITE)))
        .select(col(IngestColumns.DROP_SITE).as(SITE_CODE), col(IngestColumns.DROP_BATCH))
        .distinct()
        .withColumn(flag, lit(true));
  }

  /** Spark expression: the factor from cash prices of a price year to base-year prices. */
  static Column deflator(Column priceYear) {
    List<Column> entries = new ArrayList<>();
    for (int year = PriceIndex.FIRST_YEAR; year <= PriceIndex.LAST_YEAR; year++) {
      entries.add(lit(year));
      entries.add(lit(PriceIndex.toBaseYearFactor(year)));
    }
    return try_element_at(map(entries.toArray(Column[]::new)), priceYear.cast("int"));
  }
}
