package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;

/**
 * Pre-trend diagnostics after a two-way fixed-effects DiD with one adoption period, as Stata's
 * {@code estat ptrends} and {@code estat granger} after {@code didregress} report them. Both add
 * terms to the TWFE model {@code y = a_i + l_t + b D + e} and test them with the same variance type
 * (CR1_STATA reproduces Stata: hospdd ptrends F(1,45) = 0.55, p = .4615; granger F(2,45) = 0.33, p
 * = .7239). Treated units are those with any treated row; A is their common adoption period.
 */
public final class ParallelTrendsTests {
  private final VarianceType varianceType;

  private ParallelTrendsTests(VarianceType varianceType) {
    this.varianceType = varianceType;
  }

  public static ParallelTrendsTests withVariance(VarianceType varianceType) {
    return new ParallelTrendsTests(varianceType);
  }

  /**
   * Linear pre-trend test ({@code estat ptrends}): adds {@code Treated_i * t * 1{t < A}} and
   * reports the F(1, df) test that its coefficient (the difference in linear pre-treatment trends)
   * is zero.
   */
  public WaldTest linearTrend(PanelObservations obs) {
    Setup s = setup(obs, "Linear pre-trend test");
    double[] trend = new double[obs.size()];
    int[] time = obs.time();
    for (int i = 0; i < trend.length; i++) {
      trend[i] = s.treatedRow[i] && time[i] < s.adoption ? time[i] : 0.0;
    }
    RegressionResult r =
        AbsorbedDesign.of(
                obs,
                obs.outcome(),
                List.of(TwoWayFixedEffectsDid.TREATMENT, "treated*t*pre"),
                List.of(obs.treatment(), trend))
            .fit(varianceType);
    return r.waldTest(1);
  }

  /**
   * Granger-type anticipation test ({@code estat granger}): adds leads {@code Treated_i * 1{t = p}}
   * for every pre-treatment period p except the first (the base) and reports their joint F(A-1, df)
   * test.
   */
  public WaldTest granger(PanelObservations obs) {
    Setup s = setup(obs, "Granger anticipation test");
    int[] time = obs.time();
    List<String> names = new ArrayList<>(List.of(TwoWayFixedEffectsDid.TREATMENT));
    List<double[]> regs = new ArrayList<>(List.of(obs.treatment()));
    for (int p = 1; p < s.adoption; p++) {
      double[] lead = new double[obs.size()];
      for (int i = 0; i < lead.length; i++) {
        lead[i] = s.treatedRow[i] && time[i] == p ? 1.0 : 0.0;
      }
      names.add("lead" + p);
      regs.add(lead);
    }
    RegressionResult r = AbsorbedDesign.of(obs, obs.outcome(), names, regs).fit(varianceType);
    int[] idx = new int[s.adoption - 1];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = j + 1;
    }
    return r.waldTest(idx);
  }

  private record Setup(boolean[] treatedRow, int adoption) {}

  private static Setup setup(PanelObservations obs, String test) {
    TwoWayFixedEffectsDid.checkTreatment(obs);
    int[] unit = obs.unit();
    int[] time = obs.time();
    double[] d = obs.treatment();
    int[] firstTreated = new int[obs.unitCount()];
    java.util.Arrays.fill(firstTreated, Integer.MAX_VALUE);
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 1.0) {
        firstTreated[unit[i]] = Math.min(firstTreated[unit[i]], time[i]);
      }
    }
    int adoption = -1;
    for (int a : firstTreated) {
      if (a == Integer.MAX_VALUE) {
        continue;
      }
      if (adoption >= 0 && a != adoption) {
        throw EstimationErrors.staggeredAdoption(Math.min(a, adoption), Math.max(a, adoption));
      }
      adoption = a;
    }
    if (adoption < 2) {
      throw EstimationErrors.tooFewPrePeriods(adoption, test);
    }
    boolean[] treatedRow = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      treatedRow[i] = firstTreated[unit[i]] != Integer.MAX_VALUE;
    }
    return new Setup(treatedRow, adoption);
  }
}
