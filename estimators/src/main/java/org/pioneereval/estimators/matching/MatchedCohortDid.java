package org.pioneereval.estimators.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.VarianceType;

/**
 * Before-after effect of a programme on a matched patient cohort, from per-(cluster, group)
 * sufficient statistics only ({@link CohortCell}s holding {@link CohortCellSums}): memory and time
 * grow with the number of clusters, not of patients.
 *
 * <p>Data: each patient i has a cluster c(i) (its site), a treated flag {@code D_i}, a matching
 * weight {@code w_i >= 0} (1 for matched treated, MatchIt's k:1 weights for controls, 0 for
 * unmatched: left out) and non-negative outcomes {@code y_pre,i}, {@code y_post,i} in the 12 months
 * before and after its (pseudo) index date; {@code d_i = y_post,i - y_pre,i}. Sums {@code S_g},
 * {@code S_cg} run over group g (T treated, C control), and over cluster c within group g.
 *
 * <h2>1. Difference in mean changes ({@link #difference()}, {@link #differenceRobust()})</h2>
 *
 * WLS of {@code d} on {@code (1, D)} with analytic weights w (Stata {@code regress d D [aw=w]}, R
 * {@code lm(d ~ D, weights = w)}): {@code b = m_T - m_C}, {@code m_g = S_g(w d) / S_g(w)}, the
 * weighted mean change of group g. With residuals {@code e_i = d_i - m_g(i)} and the bread of the
 * two-column design, the cluster-robust variance is {@code V = f sum_c u_c^2} with {@code u_c =
 * a_cT / W_T - a_cC / W_C}, {@code a_cg = S_cg(w e) = S_cg(w d) - m_g S_cg(w)}, {@code W_g =
 * S_g(w)}, and Stata's CR1 factor {@code f = G/(G-1) (N-1)/(N-K)}, N the patients with {@code w >
 * 0}, K = 2, G the clusters holding any of them ({@code vce(cluster c)}; = R {@code
 * sandwich::vcovCL(type = "HC1")}, whose HC1 factor is {@code (N-1)/(N-K)}, with {@code cadjust =
 * TRUE}; = clubSandwich {@code CR1S}); t with G-1 degrees of freedom. {@link #differenceRobust()}:
 * HC1 ({@code vce(robust)}, = {@code sandwich::vcovHC(type = "HC1")}), {@code V = N/(N-K) sum_g
 * S_g(w^2 e^2) / W_g^2}, {@code S_g(w^2 e^2) = S_g(w^2 d^2) - 2 m_g S_g(w^2 d) + m_g^2 S_g(w^2)}
 * (computed from raw moments: adequate unless the spread of d is below about 1e-6 of its mean); t
 * with N-K degrees of freedom. Both variances are invariant to rescaling the weights, so Stata's
 * normalisation of analytic weights to sum to N changes nothing.
 *
 * <h2>2. Poisson rate ratio ({@link #rateRatio()})</h2>
 *
 * Poisson pseudo-maximum likelihood on the two-period panel with patient and period fixed effects
 * and the treated-and-post indicator, weights w, as R {@code fixest::fepois(y ~ treat_post |
 * patient + period, weights = ~w, cluster = ~cluster)} (= {@code glm(family = poisson)} with
 * patient dummies). Given {@code n_i = y_pre + y_post}, the concentrated likelihood equals the
 * conditional (binomial-logit) likelihood of {@code y_post} given {@code n_i} up to a constant,
 * with post share {@code p_g} per group, whose weighted score equations give {@code p_g = S_g(w
 * y_post) / S_g(w n)} and the closed form
 *
 * <pre>  exp(b) = [S_T(w y_post) / S_T(w y_pre)] / [S_C(w y_post) / S_C(w y_pre)].</pre>
 *
 * The outcome need not be a count (inpatient cost works the same way: PPML). Cluster-robust
 * sandwich: the per-patient scores of (period, treat_post) are {@code w_i (y_post,i - n_i p_g) (1,
 * D_i)}, the Hessian {@code sum_i w_i n_i p_g (1 - p_g) (1, D_i)(1, D_i)'} (the same as fixest's
 * scores and bread on the demeaned regressor, by Frisch-Waugh-Lovell), so the influence of cluster
 * c on b is
 *
 * <pre>  u_c = [S_cT(w y_post)/S_T(w y_post) - S_cT(w y_pre)/S_T(w y_pre)]
 *       - [S_cC(w y_post)/S_C(w y_post) - S_cC(w y_pre)/S_C(w y_pre)]</pre>
 *
 * and {@code Var(b) = G/(G-1) (N-1)/(N-K) sum_c u_c^2} with fixest's default {@code ssc()}: N = 2 x
 * the patients with {@code w > 0} and {@code n_i > 0} (fepois drops patients whose outcome is 0 in
 * both periods), K = 3 (fixest's nparams {@code 1 + P + 2 - 1} minus the P - 1 patient effects,
 * which are nested in the clusters, {@code fixef.K = "nested"}), G the clusters holding a kept
 * patient ({@code cluster.adj}); p-value and interval {@code exp(b -+ t_{G-1} se)} with t and G-1
 * degrees of freedom (fixest's default {@code t.df = "min"} for clustered SEs).
 *
 * <p>Reference numbers: {@code src/test/resources/reference/matched_cohort/matched_cohort_did.R} (R
 * lm/glm with patient dummies + sandwich).
 */
public final class MatchedCohortDid {
  /** Confidence level of the intervals unless {@link #atLevel} says otherwise. */
  public static final double LEVEL_DEFAULT = 0.95;

  private static final int DIFFERENCE_PARAMETERS = 2;
  private static final int RATE_RATIO_PARAMETERS = 3;

  /** Merged cells, one per (cluster, group); clusters in sorted order. */
  private final List<ClusterCells> clusters;

  private final CohortCellSums treatedTotal;
  private final CohortCellSums controlTotal;
  private final double level;

  private record ClusterCells(String cluster, CohortCellSums treated, CohortCellSums control) {}

  private MatchedCohortDid(
      List<ClusterCells> clusters,
      CohortCellSums treatedTotal,
      CohortCellSums controlTotal,
      double level) {
    this.clusters = clusters;
    this.treatedTotal = treatedTotal;
    this.controlTotal = controlTotal;
    this.level = level;
  }

  /**
   * The estimator on these cells; cells with the same cluster and group are merged, so their order
   * and splitting do not matter. Needs treated and control patients with a positive weight in at
   * least two clusters.
   */
  public static MatchedCohortDid of(Collection<CohortCell> cells) {
    Map<String, CohortCellSums[]> byCluster = new TreeMap<>();
    for (CohortCell cell : cells) {
      CohortCellSums[] pair =
          byCluster.computeIfAbsent(
              cell.cluster(),
              k -> new CohortCellSums[] {CohortCellSums.empty(), CohortCellSums.empty()});
      int g = cell.group() == CohortGroup.TREATED ? 0 : 1;
      pair[g] = pair[g].merge(cell.sums());
    }
    List<ClusterCells> list = new ArrayList<>(byCluster.size());
    CohortCellSums treated = CohortCellSums.empty();
    CohortCellSums control = CohortCellSums.empty();
    for (Map.Entry<String, CohortCellSums[]> e : byCluster.entrySet()) {
      CohortCellSums[] pair = e.getValue();
      list.add(new ClusterCells(e.getKey(), pair[0], pair[1]));
      treated = treated.merge(pair[0]);
      control = control.merge(pair[1]);
    }
    if (treated.patients() == 0) {
      throw EstimationErrors.cohortNoTreated(treated.zeroWeightPatients());
    }
    if (control.patients() == 0) {
      throw EstimationErrors.cohortNoControls(control.zeroWeightPatients());
    }
    return new MatchedCohortDid(List.copyOf(list), treated, control, LEVEL_DEFAULT);
  }

  /** The same estimator with intervals at {@code level} (in (0, 1), e.g. 0.9). */
  public MatchedCohortDid atLevel(double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
    return new MatchedCohortDid(clusters, treatedTotal, controlTotal, level);
  }

  public double level() {
    return level;
  }

  /** The treated patients with a positive weight, summed over clusters. */
  public CohortGroupSummary treated() {
    return summary(treatedTotal);
  }

  /** The control patients with a positive weight, summed over clusters. */
  public CohortGroupSummary control() {
    return summary(controlTotal);
  }

  /** Difference in weighted mean changes, cluster-robust CR1 (Stata), t(G-1). */
  public CohortEffect difference() {
    Difference d = differenceParts();
    int g = 0;
    double meat = 0.0;
    for (ClusterCells c : clusters) {
      if (c.treated.patients() + c.control.patients() == 0) {
        continue;
      }
      g++;
      double aT = c.treated.weightedChange() - d.meanT * c.treated.sumOfWeights();
      double aC = c.control.weightedChange() - d.meanC * c.control.sumOfWeights();
      double u = aT / d.weightT - aC / d.weightC;
      meat += u * u;
    }
    if (g < 2) {
      throw EstimationErrors.cohortTooFewClusters(g, "the difference in mean changes");
    }
    long n = d.n;
    double f = g / (g - 1.0) * (n - 1.0) / (n - DIFFERENCE_PARAMETERS);
    return effect(
        CohortEstimator.DIFFERENCE_IN_MEAN_CHANGES,
        VarianceType.CR1_STATA,
        d.estimate,
        Math.sqrt(f * meat),
        g - 1.0,
        g,
        n,
        DIFFERENCE_PARAMETERS,
        f);
  }

  /**
   * Difference in weighted mean changes with the heteroskedasticity-robust HC1 variance (Stata
   * {@code vce(robust)}), t(N-K); for comparison with {@link #difference()}, as it ignores the
   * correlation of patients within a site.
   */
  public CohortEffect differenceRobust() {
    Difference d = differenceParts();
    long n = d.n;
    double ssT = squaredResiduals(treatedTotal, d.meanT);
    double ssC = squaredResiduals(controlTotal, d.meanC);
    double f = n / (double) (n - DIFFERENCE_PARAMETERS);
    double v = f * (ssT / (d.weightT * d.weightT) + ssC / (d.weightC * d.weightC));
    return effect(
        CohortEstimator.DIFFERENCE_IN_MEAN_CHANGES,
        VarianceType.HC1,
        d.estimate,
        Math.sqrt(v),
        (double) (n - DIFFERENCE_PARAMETERS),
        populatedClusters(),
        n,
        DIFFERENCE_PARAMETERS,
        f);
  }

  /**
   * Rate ratio from Poisson PML with patient and period fixed effects (fixest {@code fepois}),
   * cluster-robust with fixest's default small-sample factor, t(G-1).
   */
  public CohortEffect rateRatio() {
    double preT = treatedTotal.weightedPre();
    double postT = treatedTotal.weightedPost();
    double preC = controlTotal.weightedPre();
    double postC = controlTotal.weightedPost();
    if (!(preT > 0.0)) {
      throw EstimationErrors.cohortOutcomeAllZero("treated", "before");
    }
    if (!(postT > 0.0)) {
      throw EstimationErrors.cohortOutcomeAllZero("treated", "after");
    }
    if (!(preC > 0.0)) {
      throw EstimationErrors.cohortOutcomeAllZero("control", "before");
    }
    if (!(postC > 0.0)) {
      throw EstimationErrors.cohortOutcomeAllZero("control", "after");
    }
    double b = Math.log(postT) - Math.log(preT) - (Math.log(postC) - Math.log(preC));
    int g = 0;
    double meat = 0.0;
    for (ClusterCells c : clusters) {
      if (c.treated.patientsWithOutcome() + c.control.patientsWithOutcome() == 0) {
        continue;
      }
      g++;
      double u =
          (c.treated.weightedPost() / postT - c.treated.weightedPre() / preT)
              - (c.control.weightedPost() / postC - c.control.weightedPre() / preC);
      meat += u * u;
    }
    if (g < 2) {
      throw EstimationErrors.cohortTooFewClusters(g, "the Poisson rate ratio");
    }
    long n = 2 * (treatedTotal.patientsWithOutcome() + controlTotal.patientsWithOutcome());
    double f = g / (g - 1.0) * (n - 1.0) / (n - RATE_RATIO_PARAMETERS);
    return effect(
        CohortEstimator.POISSON_RATE_RATIO,
        VarianceType.CR1_FIXEST,
        b,
        Math.sqrt(f * meat),
        g - 1.0,
        g,
        n,
        RATE_RATIO_PARAMETERS,
        f);
  }

  private record Difference(
      double estimate, double meanT, double meanC, double weightT, double weightC, long n) {}

  private Difference differenceParts() {
    double weightT = treatedTotal.sumOfWeights();
    double weightC = controlTotal.sumOfWeights();
    double meanT = treatedTotal.weightedChange() / weightT;
    double meanC = controlTotal.weightedChange() / weightC;
    long n = treatedTotal.patients() + controlTotal.patients();
    if (n <= DIFFERENCE_PARAMETERS) {
      throw EstimationErrors.tooFewObservations(n, DIFFERENCE_PARAMETERS);
    }
    return new Difference(meanT - meanC, meanT, meanC, weightT, weightC, n);
  }

  /** {@code sum w^2 (d - m)^2} from the raw moments, clamped at 0 against rounding. */
  private static double squaredResiduals(CohortCellSums s, double mean) {
    double v =
        s.squaredWeightSquaredChange()
            - 2.0 * mean * s.squaredWeightChange()
            + mean * mean * s.sumOfSquaredWeights();
    return Math.max(v, 0.0);
  }

  private int populatedClusters() {
    int g = 0;
    for (ClusterCells c : clusters) {
      if (c.treated.patients() + c.control.patients() > 0) {
        g++;
      }
    }
    return g;
  }

  private CohortEffect effect(
      CohortEstimator estimator,
      VarianceType type,
      double coefficient,
      double se,
      double df,
      int g,
      long n,
      int k,
      double factor) {
    TDistribution t = new TDistribution(null, df, 1e-14);
    double tStat = coefficient / se;
    double p = 2.0 * t.cumulativeProbability(-Math.abs(tStat));
    double q = t.inverseCumulativeProbability(0.5 + level / 2.0);
    double lower = coefficient - q * se;
    double upper = coefficient + q * se;
    boolean ratio = estimator == CohortEstimator.POISSON_RATE_RATIO;
    ConfidenceInterval ci =
        ratio
            ? new ConfidenceInterval(Math.exp(lower), Math.exp(upper), level)
            : new ConfidenceInterval(lower, upper, level);
    return new CohortEffect(
        estimator,
        type,
        ratio ? Math.exp(coefficient) : coefficient,
        coefficient,
        se,
        tStat,
        p,
        df,
        ci,
        g,
        n,
        k,
        factor,
        treated(),
        control());
  }

  private static CohortGroupSummary summary(CohortCellSums s) {
    double w = s.sumOfWeights();
    return new CohortGroupSummary(
        s.patients(), s.patientsWithOutcome(), w, s.weightedPre() / w, s.weightedPost() / w);
  }
}
