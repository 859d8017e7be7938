package org.pioneereval.contracts;

import java.util.List;

/**
 * Column names of the {@code population} extract, in CSV header order ({@code population.odcs.yaml}
 * is the source of truth; a test fails if the two disagree). One row per site and month.
 */
public final class PopulationColumns {

  public static final String SITE_CODE = "site_code";

  public static final String PERIOD_MONTH = "period_month";

  public static final String POPULATION = "population";

  public static final String EXTRACT_BATCH = "extract_batch";

  /** Every column, in CSV header order. */
  public static final List<String> ALL =
      List.of(SITE_CODE, PERIOD_MONTH, POPULATION, EXTRACT_BATCH);

  private PopulationColumns() {}
}
