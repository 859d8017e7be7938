package org.pioneereval.estimators.survey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Taylor-linearisation (ultimate cluster) variance of a vector of estimated totals from its PSU
 * score totals, with strata, finite population correction and a lonely-PSU rule. This is the only
 * part of the design that the variance needs besides the per-PSU totals, so it is all a distributed
 * job must send to the driver with them.
 *
 * <p>For PSU score totals {@code t_hc} (p-vectors) in stratum h with {@code n_h} sampled PSUs out
 * of {@code N_h}:
 *
 * <pre>
 *   V = sum_h (1 - n_h/N_h) * n_h/(n_h - 1) * sum_c (t_hc - tbar_h)(t_hc - tbar_h)'
 * </pre>
 *
 * <p>(Wolter 2007, Introduction to Variance Estimation, ch. 6; R {@code survey::svyrecvar} with one
 * stage, Lumley 2010, Complex Surveys, sec. 2.2). Without a finite population correction the factor
 * {@code 1 - n_h/N_h} is 1 (sampling with replacement). A stratum with {@code n_h = N_h} (all its
 * PSUs taken, "certainty" PSUs) contributes 0. When the number of sampled PSUs per stratum is known
 * ({@link #sampledPsus}), PSUs absent from the totals count as PSUs with zero totals (a domain with
 * no members there), as R pads them; otherwise {@code n_h} is the number of PSUs given. A stratum
 * with one PSU follows {@link LonelyPsu}.
 */
public final class PsuVariance {
  /** Below this {@code 1 - n/N} a stratum is self-representing (R survey's threshold). */
  private static final double CERTAINTY = 1e-7;

  private final Map<String, Double> populationPsus;
  private final Map<String, Integer> sampledPsus;
  private final LonelyPsu lonelyPsu;

  private PsuVariance(
      Map<String, Double> populationPsus, Map<String, Integer> sampledPsus, LonelyPsu lonelyPsu) {
    this.populationPsus = populationPsus;
    this.sampledPsus = sampledPsus;
    this.lonelyPsu = lonelyPsu;
  }

  /** No finite population correction (PSUs sampled with replacement, or a negligible fraction). */
  public static PsuVariance withReplacement() {
    return new PsuVariance(Map.of(), Map.of(), LonelyPsu.FAIL);
  }

  /**
   * Finite population correction from the number of PSUs in the population of each stratum ({@code
   * N_h}, R's {@code fpc} column); {@link Double#POSITIVE_INFINITY} means no correction in that
   * stratum. Every stratum of the totals must be listed.
   */
  public static PsuVariance withPopulationPsus(Map<String, Double> populationPsusByStratum) {
    for (Map.Entry<String, Double> e : populationPsusByStratum.entrySet()) {
      Double v = e.getValue();
      if (v == null || !(v >= 1.0)) {
        throw EstimationErrors.invalidPopulationPsus(e.getKey(), v == null ? Double.NaN : v);
      }
    }
    return new PsuVariance(
        Map.copyOf(new TreeMap<>(populationPsusByStratum)), Map.of(), LonelyPsu.FAIL);
  }

  /**
   * The number of PSUs sampled in each stratum ({@code n_h}, which R keeps in the design), so that
   * PSUs missing from the totals of a domain still count. Every stratum of the totals must be
   * listed.
   */
  public PsuVariance sampledPsus(Map<String, Integer> sampledPsusByStratum) {
    for (Map.Entry<String, Integer> e : sampledPsusByStratum.entrySet()) {
      if (e.getValue() == null || e.getValue() < 1) {
        throw EstimationErrors.invalidSampledPsus(e.getKey(), e.getValue());
      }
    }
    return new PsuVariance(populationPsus, Map.copyOf(sampledPsusByStratum), lonelyPsu);
  }

  /** The same variance with another lonely-PSU rule (default {@link LonelyPsu#FAIL}). */
  public PsuVariance lonelyPsu(LonelyPsu rule) {
    return new PsuVariance(populationPsus, sampledPsus, rule);
  }

  public LonelyPsu lonelyPsuRule() {
    return lonelyPsu;
  }

  /** Population PSUs by stratum; empty without a finite population correction. */
  public Map<String, Double> populationPsus() {
    return populationPsus;
  }

  /** Sampled PSUs by stratum; empty when they are counted from the totals. */
  public Map<String, Integer> sampledPsusByStratum() {
    return sampledPsus;
  }

  /**
   * Design degrees of freedom: number of PSUs minus number of strata (R {@code degf}), counting the
   * sampled PSUs of {@link #sampledPsus} when known and the given PSUs otherwise.
   */
  public int degreesOfFreedom(Collection<PsuKey> psus) {
    Map<String, Integer> counts = countByStratum(psus);
    int total = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      total += sampledPsus.getOrDefault(e.getKey(), e.getValue());
    }
    return total - counts.size();
  }

  /**
   * The p x p covariance of the totals whose PSU score totals are {@code scores[c]} for {@code
   * psus.get(c)}. PSU keys must be distinct.
   */
  public double[][] covariance(List<PsuKey> psus, double[][] scores) {
    if (psus.size() != scores.length) {
      throw new IllegalStateException(psus.size() + " PSU keys for " + scores.length + " totals");
    }
    if (psus.isEmpty()) {
      throw EstimationErrors.noPsus();
    }
    int p = scores[0].length;
    Map<String, List<double[]>> byStratum = new TreeMap<>();
    for (int c = 0; c < scores.length; c++) {
      byStratum.computeIfAbsent(psus.get(c).stratum(), s -> new ArrayList<>()).add(scores[c]);
    }
    double[][] v = new double[p][p];
    for (Map.Entry<String, List<double[]>> e : byStratum.entrySet()) {
      addStratum(v, e.getKey(), e.getValue(), p);
    }
    return v;
  }

  private void addStratum(double[][] v, String stratum, List<double[]> totals, int p) {
    int present = totals.size();
    int n = sampledPsus.isEmpty() ? present : sampledCount(stratum);
    if (present > n) {
      throw EstimationErrors.morePsusThanSampled(stratum, present, n);
    }
    double fpc = 1.0;
    if (!populationPsus.isEmpty()) {
      Double population = populationPsus.get(stratum);
      if (population == null) {
        throw EstimationErrors.missingStratumFpc(stratum, populationPsus.keySet().toString());
      }
      if (population < n) {
        throw EstimationErrors.populationBelowSample(stratum, population, n);
      }
      fpc = Double.isInfinite(population) ? 1.0 : (population - n) / population;
    }
    if (fpc < CERTAINTY) {
      return; // self-representing stratum: no sampling variance
    }
    double[] mean = new double[p];
    for (double[] t : totals) {
      for (int j = 0; j < p; j++) {
        mean[j] += t[j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= n;
    }
    if (n == 1) {
      if (lonelyPsu == LonelyPsu.FAIL) {
        throw EstimationErrors.lonelyPsu(stratum);
      }
      // ADJUST: deviation from zero (the grand mean of estimating-function totals), scale 1 - n/N
      for (double[] t : totals) {
        addOuter(v, t, new double[p], fpc);
      }
      return;
    }
    double scale = fpc * n / (n - 1.0);
    for (double[] t : totals) {
      addOuter(v, t, mean, scale);
    }
    // PSUs of the stratum with no rows in this domain: zero totals, deviation -mean
    double[] zero = new double[p];
    for (int k = present; k < n; k++) {
      addOuter(v, zero, mean, scale);
    }
  }

  private int sampledCount(String stratum) {
    Integer n = sampledPsus.get(stratum);
    if (n == null) {
      throw EstimationErrors.missingStratumSampledPsus(stratum, sampledPsus.keySet().toString());
    }
    return n;
  }

  private static void addOuter(double[][] v, double[] t, double[] centre, double scale) {
    int p = t.length;
    double[] d = new double[p];
    for (int j = 0; j < p; j++) {
      d[j] = t[j] - centre[j];
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        v[a][b] += scale * d[a] * d[b];
      }
    }
  }

  private static Map<String, Integer> countByStratum(Collection<PsuKey> psus) {
    Map<String, Integer> counts = new TreeMap<>();
    for (PsuKey k : new TreeSet<>(psus)) {
      counts.merge(k.stratum(), 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public String toString() {
    return "PsuVariance{populationPsus="
        + populationPsus
        + ", sampledPsus="
        + sampledPsus
        + ", lonelyPsu="
        + lonelyPsu
        + "}";
  }
}
