package org.pioneereval.jobs.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pioneereval.estimators.multiplicity.AdjustedPValues;
import org.pioneereval.estimators.multiplicity.PValueAdjustment;

/**
 * Holm and Benjamini-Hochberg adjusted p-values within families of tests, for the result rows of
 * any estimate job: each row names its family and its test (unique within the family), and is
 * rebuilt with its two adjusted p-values.
 */
public final class FamilyAdjustment {
  private FamilyAdjustment() {}

  /** Rebuilds a row with its Holm and Benjamini-Hochberg p-values. */
  @FunctionalInterface
  public interface Rebuild<T> {
    T with(T row, double pHolm, double pBenjaminiHochberg);
  }

  /** The rows in their order, each with the adjustments over the raw p-values of its family. */
  public static <T> List<T> adjust(
      List<T> rows,
      Function<T, String> family,
      Function<T, String> test,
      Function<T, Double> pValue,
      Rebuild<T> rebuild) {
    Map<String, Map<String, Double>> raw = new LinkedHashMap<>();
    for (T r : rows) {
      raw.computeIfAbsent(family.apply(r), f -> new LinkedHashMap<>())
          .put(test.apply(r), pValue.apply(r));
    }
    Map<String, AdjustedPValues> holm = new HashMap<>();
    Map<String, AdjustedPValues> bh = new HashMap<>();
    raw.forEach(
        (f, p) -> {
          holm.put(f, AdjustedPValues.of(PValueAdjustment.HOLM, p));
          bh.put(f, AdjustedPValues.of(PValueAdjustment.BENJAMINI_HOCHBERG, p));
        });
    List<T> adjusted = new ArrayList<>(rows.size());
    for (T r : rows) {
      String f = family.apply(r);
      String t = test.apply(r);
      adjusted.add(rebuild.with(r, holm.get(f).adjusted(t), bh.get(f).adjusted(t)));
    }
    return adjusted;
  }
}
