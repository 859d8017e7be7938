package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Sun and Abraham (2021) interaction-weighted event study, as R {@code fixest::feols(y ~ x +
 * sunab(cohort, period) | unit + period)}:
 *
 * <pre>
 *   y_it = a_i + l_t + sum_{c treated} sum_{e != r} b_{c,e} 1{C_i = c} 1{t - c = e} + X_it'g + e_it
 * </pre>
 *
 * with one dummy per treated cohort c and relative period e except the reference r (default -1),
 * and never-treated units (and units first treated after the sample) as the clean control cohort.
 * The cohort-specific effects {@code b_{c,e}} are averaged with weights equal to the cohort's share
 * of the treated observations: per relative period ({@link SunAbrahamResult#eventTimeEffects()},
 * fixest's default display) and over all post periods e >= 0 ({@link SunAbrahamResult#att()},
 * fixest {@code summary(agg = "att")}); standard errors by the delta method {@code w'Vw} with the
 * regression's variance.
 *
 * <p>Standard errors follow the {@link VarianceType}; {@link VarianceType#CR1_FIXEST} clustered by
 * unit reproduces fixest (unit effects nested in the clusters are not counted in K; t with G-1
 * degrees of freedom): base_stagg ATT -1.133749 (0.205070). Rows of always-treated units (cohort at
 * or before the first period) have no pre-period and are dropped and reported.
 *
 * <p>Reference: Sun, L. and Abraham, S. (2021), Estimating dynamic treatment effects in event
 * studies with heterogeneous treatment effects, Journal of Econometrics 225(2), 175-199.
 */
public final class SunAbraham {
  /** Marks a never-treated row in the cohort array. */
  public static final int NEVER_TREATED = Integer.MIN_VALUE;

  private final VarianceType varianceType;
  private final int referencePeriod;

  private SunAbraham(VarianceType varianceType, int referencePeriod) {
    this.varianceType = varianceType;
    this.referencePeriod = referencePeriod;
  }

  /** Reference relative period -1, as fixest's {@code sunab(ref.p = -1)}. */
  public static SunAbraham withVariance(VarianceType varianceType) {
    return new SunAbraham(varianceType, -1);
  }

  /** The same estimator with another omitted relative period (must be negative). */
  public SunAbraham referencePeriod(int relativePeriod) {
    if (relativePeriod >= 0) {
      throw EstimationErrors.referenceOutsideWindow(relativePeriod, Integer.MIN_VALUE, -1);
    }
    return new SunAbraham(varianceType, relativePeriod);
  }

  /**
   * Fits the interacted regression.
   *
   * @param obs rows with outcome, unit, time (dense period codes 0..T-1, in time order), cluster
   *     and covariates
   * @param cohort per row, the unit's first treated period as a period code of {@code obs}'s time
   *     scale (may exceed T-1 for adoption after the sample), or {@link #NEVER_TREATED}
   */
  public SunAbrahamResult fit(PanelObservations obs, int[] cohort) {
    if (cohort.length != obs.size()) {
      throw EstimationErrors.lengthMismatch("cohort", cohort.length, obs.size());
    }
    int n = obs.size();
    int[] unit = obs.unit();
    int[] time = obs.time();
    int lastPeriod = obs.timeCount() - 1;
    int[] unitCohort = new int[obs.unitCount()];
    boolean[] seen = new boolean[obs.unitCount()];
    for (int i = 0; i < n; i++) {
      int c = cohort[i] != NEVER_TREATED && cohort[i] > lastPeriod ? NEVER_TREATED : cohort[i];
      if (seen[unit[i]] && unitCohort[unit[i]] != c) {
        throw EstimationErrors.cohortsNeedBalancedTiming(unit[i]);
      }
      seen[unit[i]] = true;
      unitCohort[unit[i]] = c;
    }
    List<Exclusion> exclusions = new ArrayList<>();
    TreeMap<Integer, Integer> late = new TreeMap<>();
    TreeMap<Integer, Integer> always = new TreeMap<>();
    boolean anyNever = false;
    for (int u = 0; u < unitCohort.length; u++) {
      if (unitCohort[u] == NEVER_TREATED) {
        anyNever = true;
      } else if (unitCohort[u] <= 0) {
        always.merge(unitCohort[u], 1, Integer::sum);
      }
    }
    for (int i = 0; i < n; i++) {
      if (cohort[i] != NEVER_TREATED && cohort[i] > lastPeriod && time[i] == 0) {
        late.merge(cohort[i], 1, Integer::sum);
      }
    }
    if (!anyNever) {
      throw EstimationErrors.noNeverTreatedCohort();
    }
    late.forEach(
        (c, count) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.TREATED_AFTER_LAST_PERIOD,
                    c,
                    0,
                    count,
                    "cohort adopts after the last period; used as never treated")));
    always.forEach(
        (c, count) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.ALWAYS_TREATED,
                    c,
                    0,
                    count,
                    "treated by the first period: no pre-period; rows dropped")));
    PanelObservations sample = obs;
    int[] rowCohort = new int[n];
    for (int i = 0; i < n; i++) {
      rowCohort[i] = unitCohort[unit[i]];
    }
    if (!always.isEmpty()) {
      boolean[] keep = new boolean[n];
      List<Integer> kept = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keep[i] = rowCohort[i] == NEVER_TREATED || rowCohort[i] > 0;
        if (keep[i]) {
          kept.add(rowCohort[i]);
        }
      }
      sample = obs.subset(keep);
      rowCohort = kept.stream().mapToInt(Integer::intValue).toArray();
      // time codes may have been re-coded densely; they stay aligned when no period vanished
      if (sample.timeCount() != obs.timeCount()) {
        throw EstimationErrors.noTreatmentVariation(
            "a period has only always-treated rows; drop that period first");
      }
    }
    int[] t = sample.time();
    int m = sample.size();
    TreeMap<Integer, TreeMap<Integer, Integer>> cellCounts = new TreeMap<>();
    for (int i = 0; i < m; i++) {
      if (rowCohort[i] == NEVER_TREATED) {
        continue;
      }
      int e = t[i] - rowCohort[i];
      if (e == referencePeriod) {
        continue;
      }
      cellCounts.computeIfAbsent(e, k -> new TreeMap<>()).merge(rowCohort[i], 1, Integer::sum);
    }
    if (cellCounts.isEmpty()) {
      throw EstimationErrors.noTreatmentVariation("no treated cohort has a non-reference period");
    }
    List<String> names = new ArrayList<>();
    List<double[]> dummies = new ArrayList<>();
    List<int[]> cells = new ArrayList<>();
    for (var byE : cellCounts.entrySet()) {
      for (var byC : byE.getValue().entrySet()) {
        int e = byE.getKey();
        int c = byC.getKey();
        double[] dummy = new double[m];
        for (int i = 0; i < m; i++) {
          if (rowCohort[i] == c && t[i] - c == e) {
            dummy[i] = 1.0;
          }
        }
        names.add(cellName(c, e));
        dummies.add(dummy);
        cells.add(new int[] {c, e, byC.getValue()});
      }
    }
    RegressionResult r =
        AbsorbedDesign.of(sample, sample.outcome(), names, dummies).fit(varianceType);
    List<SunAbrahamResult.CohortEffect> cohortEffects = new ArrayList<>();
    for (int j = 0; j < cells.size(); j++) {
      cohortEffects.add(
          new SunAbrahamResult.CohortEffect(
              cells.get(j)[0],
              cells.get(j)[1],
              r.coefficient(j),
              r.standardError(j),
              cells.get(j)[2]));
    }
    return new SunAbrahamResult(cohortEffects, r, referencePeriod, exclusions);
  }

  static String cellName(int cohort, int relativePeriod) {
    return String.format(Locale.ROOT, "cohort=%d:rel=%d", cohort, relativePeriod);
  }
}
