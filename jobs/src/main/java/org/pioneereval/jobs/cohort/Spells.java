package org.pioneereval.jobs.cohort;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import org.apache.spark.sql.Column;
import org.pioneereval.contracts.SpellTariff;

/** Column expressions over admitted spells shared by the patient-level designs. */
public final class Spells {
  private Spells() {}

  /** Month index {@code 12 * year + month - 1} of a date column. */
  public static Column monthIndex(Column date) {
    return year(date).multiply(12).plus(month(date)).minus(1);
  }

  /** The spell's cost at the national {@link SpellTariff} of its admission method. */
  public static Column tariff(Column admissionMethod) {
    Column cost = null;
    for (String code : SpellTariff.admissionMethods()) {
      Column is = admissionMethod.equalTo(code);
      double gbp = SpellTariff.gbp(code);
      cost = cost == null ? when(is, lit(gbp)) : cost.when(is, lit(gbp));
    }
    return cost.otherwise(lit(0.0));
  }
}
