package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic (event-study) two-way fixed-effects regression:
 *
 * <pre>
 *   y_it = a_i + l_t + sum_{k in [-L, M], k != r} b_k 1{E_it = k} + X_it'g + e_it
 * </pre>
 *
 * where {@code E_it} is time relative to the unit's adoption ({@link Integer#MIN_VALUE} for
 * never-treated units, which have no event dummies) and {@code r} the reference period (default
 * -1). With {@link Builder#binEndpoints(boolean) binned end points} event times beyond the window
 * are pooled into the end dummies (Schmidheiny and Siegloch 2023); without binning those rows are
 * dropped from the sample. Unit and period effects are absorbed as in {@link
 * TwoWayFixedEffectsDid}. Equivalent to R {@code fixest::feols(y ~ x + i(rel, treat, ref = -1) | id
 * + period)}: CR1_FIXEST reproduces the fixest vignette's {@code base_did} table to 6 decimals. The
 * pre-trend test is the joint Wald test of the leads ({@link EventStudyResult#preTrendWald()}).
 * With staggered adoption and heterogeneous effects these coefficients can be contaminated (Sun and
 * Abraham 2021).
 */
public final class EventStudy {
  /** Marks a never-treated row in the event-time array. */
  public static final int NEVER_TREATED = Integer.MIN_VALUE;

  private final VarianceType varianceType;
  private final int referencePeriod;
  private final int from;
  private final int to;
  private final boolean bin;

  private EventStudy(Builder b) {
    this.varianceType = b.varianceType;
    this.referencePeriod = b.referencePeriod;
    this.from = b.from;
    this.to = b.to;
    this.bin = b.bin;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder. Defaults: CR1_STATA, reference -1, window (-4, 4), binned end points. */
  public static final class Builder {
    private VarianceType varianceType = VarianceType.CR1_STATA;
    private int referencePeriod = -1;
    private int from = -4;
    private int to = 4;
    private boolean bin = true;

    private Builder() {}

    public Builder variance(VarianceType type) {
      this.varianceType = type;
      return this;
    }

    /** The omitted event time, usually -1 (the last period before adoption). */
    public Builder referencePeriod(int eventTime) {
      this.referencePeriod = eventTime;
      return this;
    }

    /**
     * The event times estimated: {@code firstEventTime} (e.g. -4 for four leads) to {@code
     * lastEventTime} (e.g. 3 for three lags).
     */
    public Builder window(int firstEventTime, int lastEventTime) {
      this.from = firstEventTime;
      this.to = lastEventTime;
      return this;
    }

    /** Pool event times beyond the window into the end points (true) or drop those rows. */
    public Builder binEndpoints(boolean binEndpoints) {
      this.bin = binEndpoints;
      return this;
    }

    public EventStudy build() {
      if (from > 0 || to < 0 || to - from < 1) {
        throw EstimationErrors.invalidWindow(-from, to);
      }
      if (referencePeriod < from || referencePeriod > to) {
        throw EstimationErrors.referenceOutsideWindow(referencePeriod, from, to);
      }
      return new EventStudy(this);
    }
  }

  static String eventTimeName(int k) {
    return "event" + (k >= 0 ? "+" : "") + k;
  }

  /**
   * Fits the event study.
   *
   * @param eventTime per row, period minus the unit's adoption period, or {@link #NEVER_TREATED}
   */
  public EventStudyResult fit(PanelObservations obs, int[] eventTime) {
    if (eventTime.length != obs.size()) {
      throw EstimationErrors.lengthMismatch("eventTime", eventTime.length, obs.size());
    }
    int n = obs.size();
    int[] e = new int[n];
    boolean[] keep = new boolean[n];
    boolean dropAny = false;
    for (int i = 0; i < n; i++) {
      int k = eventTime[i];
      keep[i] = true;
      if (k == NEVER_TREATED) {
        e[i] = NEVER_TREATED;
      } else if (k < from || k > to) {
        if (bin) {
          e[i] = k < from ? from : to;
        } else {
          keep[i] = false;
          dropAny = true;
        }
      } else {
        e[i] = k;
      }
    }
    PanelObservations sample = obs;
    if (dropAny) {
      sample = obs.subset(keep);
      int m = 0;
      int[] kept = new int[sample.size()];
      for (int i = 0; i < n; i++) {
        if (keep[i]) {
          kept[m++] = e[i];
        }
      }
      e = kept;
    }
    List<String> names = new ArrayList<>();
    List<double[]> dummies = new ArrayList<>();
    List<Integer> times = new ArrayList<>();
    for (int k = from; k <= to; k++) {
      if (k == referencePeriod) {
        continue;
      }
      double[] dummy = new double[e.length];
      boolean any = false;
      for (int i = 0; i < e.length; i++) {
        if (e[i] == k) {
          dummy[i] = 1.0;
          any = true;
        }
      }
      if (any) {
        names.add(eventTimeName(k));
        dummies.add(dummy);
        times.add(k);
      }
    }
    if (dummies.isEmpty()) {
      throw EstimationErrors.noTreatmentVariation("no row has an event time inside the window");
    }
    RegressionResult r =
        AbsorbedDesign.of(sample, sample.outcome(), names, dummies).fit(varianceType);
    List<EventStudyCoefficient> coefficients = new ArrayList<>();
    List<Integer> leads = new ArrayList<>();
    for (int j = 0; j < times.size(); j++) {
      ConfidenceInterval ci = r.confidenceInterval(j, 0.95);
      coefficients.add(
          new EventStudyCoefficient(
              times.get(j),
              r.coefficient(j),
              r.standardError(j),
              r.tStatistic(j),
              r.pValue(j),
              ci.lower(),
              ci.upper()));
      if (times.get(j) < 0) {
        leads.add(j);
      }
    }
    return new EventStudyResult(
        coefficients, r, leads.stream().mapToInt(Integer::intValue).toArray(), referencePeriod);
  }
}
