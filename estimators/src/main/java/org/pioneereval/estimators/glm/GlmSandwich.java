package org.pioneereval.estimators.glm;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.internal.Matrices;

/**
 * The variances of {@link GlmVarianceType} from the bread {@code (X~'WX~)^-1} and the per-row
 * scores {@code w_i e_i x~_i}, with fixest's small-sample factors and its {@code fixef.K =
 * "nested"} count of parameters.
 */
final class GlmSandwich {
  private final double[][] bread;
  private final double[][] scores; // k columns of n scores
  private final int n;
  private final int k;
  private final int parameterCount;
  private final int[][] fixedEffects;
  private final int[] sizes;
  private final Map<String, int[]> groups;

  GlmSandwich(
      double[][] bread,
      double[][] scores,
      int parameterCount,
      int[][] fixedEffects,
      int[] sizes,
      Map<String, int[]> groups) {
    this.bread = bread;
    this.scores = scores;
    this.n = scores[0].length;
    this.k = scores.length;
    this.parameterCount = parameterCount;
    this.fixedEffects = fixedEffects;
    this.sizes = sizes;
    this.groups = groups;
  }

  static void checkClusterNames(List<GlmVariance> variances, PoissonData data) {
    for (GlmVariance v : variances) {
      for (String c : v.clusters()) {
        if (data.groupIds(c) == null) {
          List<String> known = new java.util.ArrayList<>(data.fixedEffectNames());
          known.addAll(data.clusterNames());
          throw EstimationErrors.unknownClusterVariable(
              c, known.isEmpty() ? "none" : known.toString());
        }
      }
    }
  }

  VarianceEstimate estimate(GlmVariance variance) {
    return switch (variance.type()) {
      case IID -> {
        int kk = parameterCount;
        checkDf(kk);
        double f = (n - 1.0) / (n - kk);
        yield new VarianceEstimate(variance, scale(bread, f), kk, 0, f);
      }
      case HETEROSKEDASTIC -> {
        int kk = parameterCount;
        checkDf(kk);
        double[][] meat = new double[k][k];
        double[] s = new double[k];
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < k; a++) {
            s[a] = scores[a][i];
          }
          addOuter(meat, s);
        }
        double f = (double) n / (n - kk);
        yield new VarianceEstimate(variance, scale(sandwich(meat), f), kk, 0, f);
      }
      case CLUSTERED -> {
        String name = variance.clusters().get(0);
        int[] ids = groups.get(name);
        int g = Codes.count(ids);
        if (g < 2) {
          throw EstimationErrors.tooFewClusterGroups(name, g);
        }
        int kk = nestedK(List.of(ids));
        checkDf(kk);
        double f = g / (g - 1.0) * (n - 1.0) / (n - kk);
        yield new VarianceEstimate(variance, scale(sandwich(meat(ids, g)), f), kk, g, f);
      }
      case TWO_WAY_CLUSTERED -> {
        String na = variance.clusters().get(0);
        String nb = variance.clusters().get(1);
        int[] a = groups.get(na);
        int[] b = groups.get(nb);
        int ga = Codes.count(a);
        int gb = Codes.count(b);
        if (ga < 2) {
          throw EstimationErrors.tooFewClusterGroups(na, ga);
        }
        if (gb < 2) {
          throw EstimationErrors.tooFewClusterGroups(nb, gb);
        }
        int[] count = new int[1];
        int[] ab = Codes.cross(a, ga, b, gb, count);
        double[][] meat = meat(a, ga);
        double[][] mb = meat(b, gb);
        double[][] mab = meat(ab, count[0]);
        for (int i = 0; i < k; i++) {
          for (int j = 0; j < k; j++) {
            meat[i][j] += mb[i][j] - mab[i][j];
          }
        }
        int gmin = Math.min(ga, gb);
        int kk = nestedK(List.of(a, b));
        checkDf(kk);
        double f = gmin / (gmin - 1.0) * (n - 1.0) / (n - kk);
        double[][] v = scale(sandwich(meat), f);
        yield new VarianceEstimate(variance, positiveSemiDefinite(v), kk, gmin, f);
      }
    };
  }

  /** fixest {@code fixef.K = "nested"}: no parameters for fixed effects nested in a cluster. */
  private int nestedK(List<int[]> clusters) {
    int kk = parameterCount;
    boolean any = false;
    for (int q = 0; q < fixedEffects.length; q++) {
      for (int[] c : clusters) {
        if (Codes.nestedIn(fixedEffects[q], sizes[q], c)) {
          kk -= sizes[q] - 1;
          any = true;
          break;
        }
      }
    }
    return any ? Math.max(kk, k + 1) : kk;
  }

  private void checkDf(int kk) {
    if (n - kk <= 0) {
      throw EstimationErrors.tooFewObservations(n, kk);
    }
  }

  private double[][] meat(int[] ids, int g) {
    double[][] sums = new double[g][k];
    for (int a = 0; a < k; a++) {
      double[] sa = scores[a];
      for (int i = 0; i < n; i++) {
        sums[ids[i]][a] += sa[i];
      }
    }
    double[][] meat = new double[k][k];
    for (double[] s : sums) {
      addOuter(meat, s);
    }
    return meat;
  }

  private double[][] sandwich(double[][] meat) {
    return Matrices.multiply(Matrices.multiply(bread, meat), bread);
  }

  private static void addOuter(double[][] m, double[] s) {
    for (int a = 0; a < s.length; a++) {
      for (int b = 0; b < s.length; b++) {
        m[a][b] += s[a] * s[b];
      }
    }
  }

  private static double[][] scale(double[][] m, double c) {
    double[][] out = new double[m.length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        out[i][j] = m[i][j] * c;
      }
    }
    return out;
  }

  /**
   * As fixest ({@code mat_posdef_fix}, Cameron, Gelbach and Miller 2011): when a variance is
   * negative, negative eigenvalues are set to zero.
   */
  private static double[][] positiveSemiDefinite(double[][] v) {
    boolean negative = false;
    for (int i = 0; i < v.length; i++) {
      negative |= v[i][i] < 0.0;
    }
    if (!negative) {
      return v;
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(v, false));
    RealMatrix q = eig.getV();
    double[] values = eig.getRealEigenvalues();
    int m = v.length;
    double[][] out = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0.0;
        for (int e = 0; e < m; e++) {
          s += q.getEntry(i, e) * Math.max(values[e], 0.0) * q.getEntry(j, e);
        }
        out[i][j] = s;
      }
    }
    return out;
  }
}
