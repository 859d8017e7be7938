package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Result of {@link SunAbraham}: the cohort x relative-period effects, their interaction-weighted
 * averages per relative period and over post periods, the regression they come from and the
 * exclusions. Weighted averages use the cohorts' shares of observations in each cell; their
 * standard errors are {@code sqrt(w'Vw)}; p-values and intervals use t with the regression's
 * degrees of freedom (G-1 when clustered), as fixest.
 */
public final class SunAbrahamResult {
  /**
   * One cohort-specific effect {@code b_{c,e}}: cohort (first treated period code), relative period
   * e, estimate, standard error and the number of observations in the cell.
   */
  public record CohortEffect(
      int cohort, int relativePeriod, double estimate, double standardError, int observations) {}

  /** A weighted average of cohort effects with its delta-method standard error. */
  public record WeightedEffect(
      double estimate, double standardError, double tStatistic, double pValue) {}

  private final List<CohortEffect> cohortEffects;
  private final RegressionResult regression;
  private final int referencePeriod;
  private final List<Exclusion> exclusions;

  SunAbrahamResult(
      List<CohortEffect> cohortEffects,
      RegressionResult regression,
      int referencePeriod,
      List<Exclusion> exclusions) {
    this.cohortEffects = List.copyOf(cohortEffects);
    this.regression = regression;
    this.referencePeriod = referencePeriod;
    this.exclusions = List.copyOf(exclusions);
  }

  /** All cohort x relative-period effects, ordered by relative period, then cohort. */
  public List<CohortEffect> cohortEffects() {
    return cohortEffects;
  }

  public CohortEffect cohortEffect(int cohort, int relativePeriod) {
    for (CohortEffect e : cohortEffects) {
      if (e.cohort() == cohort && e.relativePeriod() == relativePeriod) {
        return e;
      }
    }
    throw EstimationErrors.unknownCoefficient(
        SunAbraham.cellName(cohort, relativePeriod), regression.coefficientNames().toString());
  }

  /**
   * The interaction-weighted event study: per relative period e (reference omitted), the cohort
   * effects weighted by the cohorts' observation shares at e (fixest's default {@code sunab}
   * display).
   */
  public List<EventStudyCoefficient> eventTimeEffects() {
    TreeSet<Integer> es = new TreeSet<>();
    cohortEffects.forEach(c -> es.add(c.relativePeriod()));
    List<EventStudyCoefficient> out = new ArrayList<>();
    TDistribution t = new TDistribution(null, regression.degreesOfFreedom());
    double q = t.inverseCumulativeProbability(0.975);
    for (int e : es) {
      WeightedEffect w = average(e, e);
      out.add(
          new EventStudyCoefficient(
              e,
              w.estimate(),
              w.standardError(),
              w.tStatistic(),
              w.pValue(),
              w.estimate() - q * w.standardError(),
              w.estimate() + q * w.standardError()));
    }
    return out;
  }

  /** The average effect over all post-treatment cells (e >= 0), fixest {@code agg = "att"}. */
  public WeightedEffect att() {
    return average(0, Integer.MAX_VALUE);
  }

  /** Observation-share weighted average of the cells with relative period in [from, to]. */
  public WeightedEffect average(int from, int to) {
    int k = regression.coefficientNames().size();
    double[] w = new double[k];
    double total = 0.0;
    for (int j = 0; j < cohortEffects.size(); j++) {
      int e = cohortEffects.get(j).relativePeriod();
      if (e >= from && e <= to) {
        w[j] = cohortEffects.get(j).observations();
        total += w[j];
      }
    }
    if (total == 0.0) {
      throw EstimationErrors.noPostTreatmentEffects("Sun-Abraham");
    }
    double est = 0.0;
    for (int j = 0; j < k; j++) {
      w[j] /= total;
      est += w[j] * regression.coefficient(j);
    }
    double se = Math.sqrt(Matrices.quadraticForm(regression.vcov(), w));
    double tStat = est / se;
    double p =
        2.0
            * new TDistribution(null, regression.degreesOfFreedom())
                .cumulativeProbability(-Math.abs(tStat));
    return new WeightedEffect(est, se, tStat, p);
  }

  public int referencePeriod() {
    return referencePeriod;
  }

  /** The interacted regression (cohort cells first, then covariates and period effects). */
  public RegressionResult regression() {
    return regression;
  }

  public List<Exclusion> exclusions() {
    return exclusions;
  }
}
