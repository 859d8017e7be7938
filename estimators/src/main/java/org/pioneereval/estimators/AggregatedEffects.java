package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;

/**
 * Group-time effects summarised one way ({@link Aggregation}), as did {@code aggte}: the overall
 * effect with its analytic standard error and, except for SIMPLE, the components (by event time,
 * cohort or calendar period). Standard errors are {@code sqrt(mean(IF^2)/n)} of the aggregated
 * influence function, which includes the estimation of the group-share weights (did {@code wif}).
 * Carries the group-time effects (and so the parameters) it was computed from.
 */
public final class AggregatedEffects {
  private final Aggregation type;
  private final EventTimeWindow window;
  private final double overallAtt;
  private final double[] overallInfluence;
  private final List<AggregatedEffect> effects;
  private final double[][] influence;
  private final GroupTimeEffects source;

  AggregatedEffects(
      Aggregation type,
      EventTimeWindow window,
      double overallAtt,
      double[] overallInfluence,
      List<AggregatedEffect> effects,
      double[][] influence,
      GroupTimeEffects source) {
    this.type = type;
    this.window = window;
    this.overallAtt = overallAtt;
    this.overallInfluence = overallInfluence;
    this.effects = List.copyOf(effects);
    this.influence = influence;
    this.source = source;
  }

  public Aggregation type() {
    return type;
  }

  /** The event-time restrictions of a DYNAMIC aggregation; null for the other types. */
  public EventTimeWindow window() {
    return window;
  }

  /** The overall average effect. */
  public double overallAtt() {
    return overallAtt;
  }

  public double overallStandardError() {
    return CallawaySantAnna.standardError(overallInfluence, source.unitCount());
  }

  /** Components ordered by key (empty for SIMPLE). */
  public List<AggregatedEffect> effects() {
    return effects;
  }

  /** The component with the given event time, cohort or period. */
  public AggregatedEffect effect(int key) {
    for (AggregatedEffect e : effects) {
      if (e.key() == key) {
        return e;
      }
    }
    List<Integer> known = new ArrayList<>();
    effects.forEach(e -> known.add(e.key()));
    throw EstimationErrors.unknownCoefficient(type + " " + key, "keys " + known);
  }

  /** The group-time effects (and through them the parameters) this was aggregated from. */
  public GroupTimeEffects source() {
    return source;
  }

  double[][] influenceView() {
    return influence;
  }

  double[] overallInfluenceView() {
    return overallInfluence;
  }
}
