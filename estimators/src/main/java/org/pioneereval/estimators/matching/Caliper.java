package org.pioneereval.estimators.matching;

import org.pioneereval.estimators.EstimationErrors;

/**
 * The largest allowed distance between a treated unit and a matched control (MatchIt {@code
 * caliper}, {@code std.caliper}). In standard deviations the width is multiplied by the sample
 * standard deviation (n-1) of the distance over all treated and control units, as MatchIt does;
 * with {@link MatchingDistance#LOGIT_PROPENSITY_SCORE} that is the SD of the logit propensity
 * score. A control at exactly the caliper distance is eligible ({@code <=}).
 *
 * @param width the caliper in {@link #unit()}s; {@code +Infinity} for no caliper
 * @param unit standard deviations of the distance or distance units
 */
public record Caliper(double width, Unit unit) {
  /** How {@link #width()} is expressed. */
  public enum Unit {
    /** Multiples of the standard deviation of the distance (MatchIt {@code std.caliper = TRUE}). */
    STANDARD_DEVIATIONS,
    /** Raw distance units (MatchIt {@code std.caliper = FALSE}). */
    DISTANCE_UNITS
  }

  public Caliper {
    if (unit == null || Double.isNaN(width) || !(width > 0.0)) {
      throw EstimationErrors.invalidCaliper(width);
    }
  }

  /** No caliper: every control is eligible. */
  public static Caliper none() {
    return new Caliper(Double.POSITIVE_INFINITY, Unit.DISTANCE_UNITS);
  }

  /** {@code width} standard deviations of the distance (e.g. 0.2). */
  public static Caliper standardDeviations(double width) {
    checkFinite(width);
    return new Caliper(width, Unit.STANDARD_DEVIATIONS);
  }

  /** {@code width} in distance units (e.g. 0.05 on the propensity-score scale). */
  public static Caliper distanceUnits(double width) {
    checkFinite(width);
    return new Caliper(width, Unit.DISTANCE_UNITS);
  }

  private static void checkFinite(double width) {
    if (!Double.isFinite(width)) {
      throw EstimationErrors.invalidCaliper(width);
    }
  }

  public boolean isNone() {
    return width == Double.POSITIVE_INFINITY;
  }

  /** The width in distance units, given the SD of the distance. */
  double widthInDistanceUnits(double distanceStandardDeviation) {
    return unit == Unit.STANDARD_DEVIATIONS ? width * distanceStandardDeviation : width;
  }
}
