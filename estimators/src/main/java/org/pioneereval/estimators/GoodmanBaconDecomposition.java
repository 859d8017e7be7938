package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Goodman-Bacon (2021) decomposition of the two-way fixed-effects DiD coefficient of a balanced
 * panel with staggered adoption (no covariates, unweighted) into all 2x2 DiD comparisons between
 * timing groups, as R {@code bacondecomp::bacon(y ~ post, id_var, time_var)}:
 *
 * <pre>
 *   b_TWFE = sum_k s_kU b_kU + sum_{k < l} (s_kl b_kl + s_lk b_lk),   sum of weights = 1
 * </pre>
 *
 * with n_k the share of units in timing group k, D_k the share of periods group k is treated, n_kl
 * = n_k/(n_k+n_l) and, before normalisation, {@code s_kU = (n_k+n_U)^2 n_kU(1-n_kU) D_k(1-D_k)},
 * {@code s_kl = ((n_k+n_l)(1-D_l))^2 n_kl(1-n_kl) (D_k-D_l)/(1-D_l) (1-D_k)/(1-D_l)} (earlier k vs
 * later l, before l adopts) and {@code s_lk = ((n_k+n_l)D_k)^2 n_kl(1-n_kl) (D_l/D_k)
 * (D_k-D_l)/D_k} (later l vs earlier k, after k adopted). Each b is a 2x2 difference of mean
 * outcome changes. Units treated from the first period form an always-treated group (their
 * comparisons are "later vs always treated"); units treated after the last period are never treated
 * (reported). The weighted sum equals the TWFE estimate exactly (castle doctrine: 0.0818116).
 *
 * <p>Reference: Goodman-Bacon, A. (2021), Difference-in-differences with variation in treatment
 * timing, Journal of Econometrics 225(2), 254-277.
 */
public final class GoodmanBaconDecomposition {
  private GoodmanBaconDecomposition() {}

  /** The kind of a 2x2 comparison. */
  public enum ComparisonType {
    /** A timing group against never-treated units (bacondecomp "Treated vs Untreated"). */
    TREATED_VS_NEVER_TREATED,
    /** An earlier group against a later group before it adopts ("Earlier vs Later Treated"). */
    EARLIER_VS_LATER_TREATED,
    /**
     * A later group against an earlier, already treated group ("Later vs Earlier Treated"): the
     * "forbidden" comparison that biases TWFE when effects change over time.
     */
    LATER_VS_EARLIER_TREATED,
    /** A group against units treated throughout ("Later vs Always Treated"). */
    LATER_VS_ALWAYS_TREATED
  }

  /** One 2x2 comparison: treated timing group, comparison group (0 = never), estimate, weight. */
  public record Comparison(
      int treatedGroup, int comparisonGroup, ComparisonType type, double estimate, double weight) {}

  /** Total weight of a comparison type and the weighted average of its estimates. */
  public record TypeSummary(ComparisonType type, double weight, double averageEstimate) {}

  /** The decomposition: every 2x2 comparison, their weighted sum (= TWFE), and exclusions. */
  public record Result(
      List<Comparison> comparisons, double twfeEstimate, List<Exclusion> exclusions) {
    public Result {
      comparisons = List.copyOf(comparisons);
      exclusions = List.copyOf(exclusions);
    }

    /** Weights and weighted average estimates per comparison type (types with weight only). */
    public Map<ComparisonType, TypeSummary> byType() {
      Map<ComparisonType, double[]> acc = new EnumMap<>(ComparisonType.class);
      for (Comparison c : comparisons) {
        double[] a = acc.computeIfAbsent(c.type(), k -> new double[2]);
        a[0] += c.weight();
        a[1] += c.weight() * c.estimate();
      }
      Map<ComparisonType, TypeSummary> out = new EnumMap<>(ComparisonType.class);
      acc.forEach((k, a) -> out.put(k, new TypeSummary(k, a[0], a[1] / a[0])));
      return out;
    }

    /** The comparison of {@code treatedGroup} against {@code comparisonGroup} (0 = never). */
    public Comparison comparison(int treatedGroup, int comparisonGroup) {
      for (Comparison c : comparisons) {
        if (c.treatedGroup() == treatedGroup && c.comparisonGroup() == comparisonGroup) {
          return c;
        }
      }
      throw EstimationErrors.unknownCoefficient(
          treatedGroup + " vs " + comparisonGroup, comparisons.size() + " comparisons");
    }
  }

  /** Decomposes the TWFE coefficient of the panel's outcome on its treated-and-post indicator. */
  public static Result decompose(StaggeredPanel panel) {
    if (panel == null) {
      throw EstimationErrors.missingInput("a panel", "StaggeredPanel.builder()");
    }
    int[] periods = panel.periodsView();
    int nT = periods.length;
    int n = panel.unitCount();
    List<Exclusion> exclusions = new ArrayList<>();
    // timing group of each unit: index of first treated period, nT = never
    TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
    TreeMap<Integer, Integer> late = new TreeMap<>();
    for (int u = 0; u < n; u++) {
      int g = panel.firstTreatedOf(u);
      int start = nT;
      if (g != StaggeredPanel.NEVER_TREATED) {
        if (g > periods[nT - 1]) {
          late.merge(g, 1, Integer::sum);
        } else {
          start = 0;
          while (periods[start] < g) {
            start++;
          }
        }
      }
      groups.computeIfAbsent(start, k -> new ArrayList<>()).add(u);
    }
    late.forEach(
        (g, count) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.TREATED_AFTER_LAST_PERIOD,
                    g,
                    0,
                    count,
                    "first treated after the last period; used as never treated")));
    int[] starts = groups.keySet().stream().mapToInt(Integer::intValue).toArray();
    int gCount = starts.length;
    double[] share = new double[gCount];
    double[] treatedShare = new double[gCount];
    double[][] meanByPeriod = new double[gCount][nT];
    for (int i = 0; i < gCount; i++) {
      List<Integer> units = groups.get(starts[i]);
      share[i] = (double) units.size() / n;
      treatedShare[i] = (double) (nT - starts[i]) / nT;
      for (int u : units) {
        for (int p = 0; p < nT; p++) {
          meanByPeriod[i][p] += panel.outcome(u, p) / units.size();
        }
      }
    }
    int never = Arrays.binarySearch(starts, nT);
    if (gCount < 2 || (gCount == 2 && never >= 0 && starts[0] == 0)) {
      throw EstimationErrors.noTreatmentVariation("fewer than two timing groups with variation");
    }
    List<Comparison> raw = new ArrayList<>();
    for (int i = 0; i < gCount; i++) {
      if (starts[i] == nT) {
        continue;
      }
      int gi = periods[starts[i]];
      double dk = treatedShare[i];
      if (never >= 0 && starts[i] > 0) {
        double nkU = share[i] / (share[i] + share[never]);
        double s = sq(share[i] + share[never]) * nkU * (1 - nkU) * dk * (1 - dk);
        double b =
            window(meanByPeriod[i], starts[i], nT, 0, starts[i])
                - window(meanByPeriod[never], starts[i], nT, 0, starts[i]);
        raw.add(new Comparison(gi, 0, ComparisonType.TREATED_VS_NEVER_TREATED, b, s));
      }
      for (int j = i + 1; j < gCount; j++) {
        if (starts[j] == nT) {
          continue;
        }
        int k = i; // earlier
        int l = j; // later
        double dl = treatedShare[l];
        double nkl = share[k] / (share[k] + share[l]);
        int gl = periods[starts[l]];
        if (starts[k] > 0) {
          double skl =
              sq((share[k] + share[l]) * (1 - dl))
                  * nkl
                  * (1 - nkl)
                  * (dk - dl)
                  / (1 - dl)
                  * (1 - dk)
                  / (1 - dl);
          double bkl =
              window(meanByPeriod[k], starts[k], starts[l], 0, starts[k])
                  - window(meanByPeriod[l], starts[k], starts[l], 0, starts[k]);
          raw.add(new Comparison(gi, gl, ComparisonType.EARLIER_VS_LATER_TREATED, bkl, skl));
        }
        double slk = sq((share[k] + share[l]) * dk) * nkl * (1 - nkl) * (dl / dk) * (dk - dl) / dk;
        double blk =
            window(meanByPeriod[l], starts[l], nT, starts[k], starts[l])
                - window(meanByPeriod[k], starts[l], nT, starts[k], starts[l]);
        raw.add(
            new Comparison(
                gl,
                gi,
                starts[k] == 0
                    ? ComparisonType.LATER_VS_ALWAYS_TREATED
                    : ComparisonType.LATER_VS_EARLIER_TREATED,
                blk,
                slk));
      }
    }
    double total = raw.stream().mapToDouble(Comparison::weight).sum();
    List<Comparison> out = new ArrayList<>();
    double twfe = 0.0;
    for (Comparison c : raw) {
      Comparison normalised =
          new Comparison(
              c.treatedGroup(), c.comparisonGroup(), c.type(), c.estimate(), c.weight() / total);
      out.add(normalised);
      twfe += normalised.weight() * normalised.estimate();
    }
    return new Result(out, twfe, exclusions);
  }

  private static double sq(double v) {
    return v * v;
  }

  /** Mean over periods [postFrom, postTo) minus mean over [preFrom, preTo). */
  private static double window(double[] y, int postFrom, int postTo, int preFrom, int preTo) {
    double post = 0.0;
    for (int p = postFrom; p < postTo; p++) {
      post += y[p];
    }
    double pre = 0.0;
    for (int p = preFrom; p < preTo; p++) {
      pre += y[p];
    }
    return post / (postTo - postFrom) - pre / (preTo - preFrom);
  }
}
