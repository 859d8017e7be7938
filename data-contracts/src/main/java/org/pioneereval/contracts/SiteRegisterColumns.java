package org.pioneereval.contracts;

import java.util.List;

/**
 * Column names of the {@code site_register} extract, in CSV header order ({@code
 * site_register.odcs.yaml} is the source of truth; a test fails if the two disagree). One row per
 * site.
 */
public final class SiteRegisterColumns {

  public static final String SITE_CODE = "site_code";

  public static final String SITE_NAME = "site_name";

  public static final String SITE_TYPE = "site_type";

  public static final String WAVE = "wave";

  public static final String GO_LIVE_DATE = "go_live_date";

  public static final String REGION = "region";

  public static final String IMD_DECILE = "imd_decile";

  /** Every column, in CSV header order. */
  public static final List<String> ALL =
      List.of(SITE_CODE, SITE_NAME, SITE_TYPE, WAVE, GO_LIVE_DATE, REGION, IMD_DECILE);

  private SiteRegisterColumns() {}
}
