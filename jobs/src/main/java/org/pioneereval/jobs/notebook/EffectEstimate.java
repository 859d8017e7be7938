package org.pioneereval.jobs.notebook;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * One row of {@code results/did_effects}: the effect of becoming a pioneer on one outcome by one
 * estimator in one run, with its inference as the estimate stage wrote it.
 *
 * @param relativeEffect the effect as a share of the pioneer sites' mean before go-live
 * @param wildBootstrapPValue TWFE rows: the wild cluster bootstrap p-value of no effect
 * @param preTrendPValue TWFE rows of site-month outcomes: the event study's pre-trend Wald p-value
 */
public record EffectEstimate(
    String runId,
    PanelOutcome outcome,
    Estimator estimator,
    double estimate,
    double standardError,
    double pValue,
    OptionalDouble wildBootstrapPValue,
    double ciLower,
    double ciUpper,
    long observations,
    int clusters,
    int pioneerSites,
    int comparisonSites,
    double baselineMean,
    double relativeEffect,
    String varianceType,
    OptionalDouble preTrendPValue) {

  static EffectEstimate fromRow(Row row) {
    return new EffectEstimate(
        row.getAs(EffectColumns.RUN_ID),
        outcomeNamed(row.getAs(EffectColumns.OUTCOME)),
        Estimator.valueOf(row.getAs(EffectColumns.ESTIMATOR)),
        row.getAs(EffectColumns.ESTIMATE),
        row.getAs(EffectColumns.STD_ERROR),
        row.getAs(EffectColumns.P_VALUE),
        optional(row, EffectColumns.WILD_BOOTSTRAP_P_VALUE),
        row.getAs(EffectColumns.CI_LOWER),
        row.getAs(EffectColumns.CI_UPPER),
        row.getAs(EffectColumns.N_OBSERVATIONS),
        row.getAs(EffectColumns.N_CLUSTERS),
        row.getAs(EffectColumns.N_PIONEER_SITES),
        row.getAs(EffectColumns.N_COMPARISON_SITES),
        row.getAs(EffectColumns.BASELINE_MEAN),
        row.getAs(EffectColumns.RELATIVE_EFFECT),
        row.getAs(EffectColumns.VARIANCE_TYPE),
        optional(row, EffectColumns.PRE_TREND_WALD_P_VALUE));
  }

  static PanelOutcome outcomeNamed(String column) {
    for (PanelOutcome outcome : PanelOutcome.values()) {
      if (outcome.columnName().equals(column)) {
        return outcome;
      }
    }
    throw new IllegalStateException("results/did_effects names an unknown outcome: " + column);
  }

  private static OptionalDouble optional(Row row, String column) {
    if (!Arrays.asList(row.schema().fieldNames()).contains(column)) {
      return OptionalDouble.empty(); // a lake written before the column was added
    }
    int index = row.fieldIndex(column);
    return row.isNullAt(index) ? OptionalDouble.empty() : OptionalDouble.of(row.getDouble(index));
  }

  /** One plain sentence a reader can take without the table (as the report writes it). */
  public String sentence() {
    return outcome.label()
        + " ("
        + (estimator == Estimator.TWFE ? "TWFE" : "2x2")
        + "): after go-live, pioneer sites were "
        + Formats.number(Math.abs(estimate))
        + " "
        + outcome.unit()
        + (estimate >= 0 ? " higher" : " lower")
        + " than the comparison sites' trend implies ("
        + Formats.percent(relativeEffect)
        + " of their baseline; 95% CI "
        + Formats.number(ciLower)
        + " to "
        + Formats.number(ciUpper)
        + "). "
        + (excludesZero()
            ? "The interval excludes no effect."
            : "The interval includes no effect, so the data are consistent with no change.");
  }

  /** True when the 95% interval excludes no effect. */
  public boolean excludesZero() {
    return ciLower > 0 || ciUpper < 0;
  }

  /** e.g. {@code emergency_admissions_rate TWFE 0.0759 [-0.0540, 0.2058] p=0.247}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s %s [%s, %s] p=%.3f",
        outcome.columnName(),
        estimator,
        Formats.number(estimate),
        Formats.number(ciLower),
        Formats.number(ciUpper),
        pValue);
  }
}
