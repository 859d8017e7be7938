package org.pioneereval.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The national tariff of one hospital spell by admission method, in GBP at {@link #PRICE_YEAR}
 * prices: what a patient-level analysis costs each spell of the admissions extract at, and what the
 * synthetic generator's expected inpatient cost per spell is. Keys are the {@code admission_method}
 * values of the admissions contract ({@code emergency}, {@code elective}, {@code other}).
 *
 * <p>The values are round figures of the shape of the 2017/18 reference costs (non-elective spells
 * dearer than elective ones); they are fixed here so that the generator and the pipeline cost
 * spells with the same numbers. Inpatient cost of a patient = sum over methods of spells x tariff.
 */
public final class SpellTariff {

  /** The financial year (2017 = 2017/18) of the tariff prices: the deflation base year. */
  public static final int PRICE_YEAR = PriceIndex.BASE_YEAR;

  /** GBP per emergency (non-elective) spell. */
  public static final double EMERGENCY_GBP = 2400.0;

  /** GBP per elective spell (day cases included). */
  public static final double ELECTIVE_GBP = 1500.0;

  /** GBP per spell of any other admission method (maternity, transfers, ...). */
  public static final double OTHER_GBP = 1800.0;

  private static final Map<String, Double> BY_METHOD = byMethodInOrder();

  private SpellTariff() {}

  private static Map<String, Double> byMethodInOrder() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("emergency", EMERGENCY_GBP);
    m.put("elective", ELECTIVE_GBP);
    m.put("other", OTHER_GBP);
    return Collections.unmodifiableMap(m);
  }

  /** The admission methods with a tariff, in the admissions contract's order. */
  public static Set<String> admissionMethods() {
    return BY_METHOD.keySet();
  }

  /**
   * GBP per spell of {@code admissionMethod} (an {@code admission_method} value of the admissions
   * extract) at {@link #PRICE_YEAR} prices.
   */
  public static double gbp(String admissionMethod) {
    Double tariff = BY_METHOD.get(admissionMethod);
    if (tariff == null) {
      throw new IllegalArgumentException(
          "No spell tariff for admission method '"
              + admissionMethod
              + "'; tariffs exist for "
              + BY_METHOD.keySet()
              + ", the admission_method values of the admissions contract.");
    }
    return tariff;
  }
}
