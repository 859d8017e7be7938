package org.pioneereval.contracts;

import java.util.List;

/**
 * Column names of the {@code costs} extract, in CSV header order ({@code costs.odcs.yaml} is the
 * source of truth; a test fails if the two disagree). One row per site, month and care setting.
 */
public final class CostsColumns {

  public static final String SITE_CODE = "site_code";

  public static final String PERIOD_MONTH = "period_month";

  public static final String SETTING = "setting";

  public static final String AMOUNT_GBP = "amount_gbp";

  public static final String PRICE_YEAR = "price_year";

  public static final String EXTRACT_BATCH = "extract_batch";

  /** Every column, in CSV header order. */
  public static final List<String> ALL =
      List.of(SITE_CODE, PERIOD_MONTH, SETTING, AMOUNT_GBP, PRICE_YEAR, EXTRACT_BATCH);

  private CostsColumns() {}
}
