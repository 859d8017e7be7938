package org.pioneereval.contracts;

import java.util.Map;

/**
 * The GDP deflator by financial year, used to move costs delivered in cash prices of their {@code
 * price_year} to constant prices of {@link #BASE_YEAR}.
 *
 * <p>Index values follow the shape of HM Treasury's GDP deflator series (2017/18 = 100); they are
 * fixed here so that the synthetic generator and the panel stage deflate with the same numbers.
 */
public final class PriceIndex {

  /**
   * The financial year (2017 = 2017/18) whose prices all costs are expressed in after deflation.
   */
  public static final int BASE_YEAR = 2017;

  /** First and last financial year a cost extract may carry. */
  public static final int FIRST_YEAR = 2009;

  public static final int LAST_YEAR = 2018;

  private static final Map<Integer, Double> GDP_DEFLATOR =
      Map.of(
          2009, 85.6,
          2010, 87.2,
          2011, 88.9,
          2012, 90.6,
          2013, 92.3,
          2014, 93.4,
          2015, 94.1,
          2016, 96.1,
          2017, 100.0,
          2018, 102.1);

  private PriceIndex() {}

  /** True when {@code priceYear} is a financial year this index covers. */
  public static boolean covers(int priceYear) {
    return GDP_DEFLATOR.containsKey(priceYear);
  }

  /** The factor that turns cash prices of {@code priceYear} into {@link #BASE_YEAR} prices. */
  public static double toBaseYearFactor(int priceYear) {
    Double index = GDP_DEFLATOR.get(priceYear);
    if (index == null) {
      throw new IllegalArgumentException(
          "No GDP deflator for price year "
              + priceYear
              + "; price years "
              + FIRST_YEAR
              + ".."
              + LAST_YEAR
              + " are covered.");
    }
    return GDP_DEFLATOR.get(BASE_YEAR) / index;
  }

  /** The financial year (April to March) that a calendar month falls in: 2014-02 is 2013/14. */
  public static int financialYearOf(int year, int month) {
    return month >= 4 ? year : year - 1;
  }
}
