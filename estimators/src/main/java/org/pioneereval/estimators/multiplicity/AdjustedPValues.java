package org.pioneereval.estimators.multiplicity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pioneereval.estimators.EstimationErrors;

/**
 * The p-values of a named family of outcomes (e.g. overall satisfaction, care coordinated, involved
 * in decisions, knew whom to contact) and their adjustment by one {@link PValueAdjustment}. Decide
 * the family before looking at the results: adjusting over a family chosen after the fact does not
 * control the error rate.
 *
 * @param method the adjustment that produced {@code adjusted}
 * @param outcomes outcome names, in input order
 * @param raw the unadjusted p-values ({@code NaN} = not estimated)
 * @param adjusted the adjusted p-values, same order
 */
public record AdjustedPValues(
    PValueAdjustment method, List<String> outcomes, double[] raw, double[] adjusted) {

  public AdjustedPValues {
    outcomes = List.copyOf(outcomes);
    raw = raw.clone();
    adjusted = adjusted.clone();
  }

  /**
   * Adjusts the p-values of a family given as outcome name to p-value, in the map's iteration order
   * (use a {@link LinkedHashMap} to keep a reporting order).
   */
  public static AdjustedPValues of(PValueAdjustment method, Map<String, Double> pValues) {
    List<String> names = new ArrayList<>(pValues.keySet());
    double[] p = new double[names.size()];
    for (int i = 0; i < p.length; i++) {
      Double v = pValues.get(names.get(i));
      p[i] = v == null ? Double.NaN : v;
    }
    return of(method, names, p);
  }

  /** Adjusts {@code pValues[i]}, the p-value of {@code outcomes.get(i)}. */
  public static AdjustedPValues of(
      PValueAdjustment method, List<String> outcomes, double[] pValues) {
    if (outcomes.size() != pValues.length) {
      throw EstimationErrors.countMismatch("outcomes", outcomes.size(), pValues.length, "p-value");
    }
    Set<String> seen = new HashSet<>();
    for (String o : outcomes) {
      if (!seen.add(o)) {
        throw EstimationErrors.duplicateOutcome(o);
      }
    }
    return new AdjustedPValues(method, outcomes, pValues, method.adjust(pValues));
  }

  @Override
  public double[] raw() {
    return raw.clone();
  }

  @Override
  public double[] adjusted() {
    return adjusted.clone();
  }

  /** The adjusted p-value of one outcome. */
  public double adjusted(String outcome) {
    return adjusted[index(outcome)];
  }

  /** The unadjusted p-value of one outcome. */
  public double raw(String outcome) {
    return raw[index(outcome)];
  }

  /** Outcomes whose adjusted p-value is at most {@code alpha}, in input order. */
  public List<String> rejected(double alpha) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < adjusted.length; i++) {
      if (adjusted[i] <= alpha) {
        out.add(outcomes.get(i));
      }
    }
    return out;
  }

  private int index(String outcome) {
    int i = outcomes.indexOf(outcome);
    if (i < 0) {
      throw EstimationErrors.unknownOutcome(outcome, outcomes.toString());
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdjustedPValues a
        && method == a.method
        && outcomes.equals(a.outcomes)
        && java.util.Arrays.equals(raw, a.raw)
        && java.util.Arrays.equals(adjusted, a.adjusted);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * method.hashCode() + outcomes.hashCode())
        + java.util.Arrays.hashCode(adjusted);
  }

  @Override
  public String toString() {
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = 0; i < raw.length; i++) {
      rows.put(outcomes.get(i), raw[i] + " -> " + adjusted[i]);
    }
    return "AdjustedPValues{" + method + ", " + rows + "}";
  }
}
