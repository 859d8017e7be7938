package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Weighted least squares with iid, heteroskedasticity-robust and cluster-robust inference.
 *
 * <p>Coefficients: {@code b = (X'WX)^-1 X'Wy}. Variance: {@code V = c (X'WX)^-1 (sum_g s_g s_g')
 * (X'WX)^-1} with scores {@code s_g = X_g'W_g u_g}; the factor {@code c} and the t degrees of
 * freedom follow the {@link VarianceType} (Stata {@code regress/areg} for CR1_STATA, R {@code
 * fixest}/Stata {@code reghdfe} for CR1_FIXEST, R {@code clubSandwich} for CR2). The regressors are
 * usually already purged of absorbed fixed effects (Frisch-Waugh-Lovell); the caller states how
 * many fixed-effect parameters were absorbed ({@link Builder#absorbedFixedEffects}) and how many of
 * those are nested in the clusters ({@link Builder#fixedEffectsNestedInClusters}), so that K is
 * counted as the reference software counts it.
 *
 * <p>Two inputs: a collection of {@link ClusterMoments} (one per cluster; for HC1 one per
 * observation), which is all a distributed job needs to send to the driver, or {@link
 * RegressionData} with the rows (required for CR2).
 */
public final class LinearRegression {
  private final VarianceType varianceType;
  private final int absorbed;
  private final int nested;
  private final List<String> names;

  private LinearRegression(Builder b) {
    this.varianceType = b.varianceType;
    this.absorbed = b.absorbed;
    this.nested = b.nested;
    this.names = b.names;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link LinearRegression}. Defaults: IID, no absorbed fixed effects. */
  public static final class Builder {
    private VarianceType varianceType = VarianceType.IID;
    private int absorbed;
    private int nested;
    private List<String> names;

    private Builder() {}

    public Builder variance(VarianceType type) {
      this.varianceType = type;
      return this;
    }

    /**
     * Number of fixed-effect parameters absorbed before the fit (e.g. U unit effects absorbed by
     * within-unit demeaning, which also absorb the intercept). Counted in K.
     */
    public Builder absorbedFixedEffects(int count) {
      this.absorbed = count;
      return this;
    }

    /**
     * How many of the absorbed parameters {@link VarianceType#CR1_FIXEST} leaves out of K because
     * their fixed-effect set is nested in the cluster variable: {@code size-1} per nested set.
     */
    public Builder fixedEffectsNestedInClusters(int count) {
      this.nested = count;
      return this;
    }

    /** Names of the K regressors, in column order (default x0, x1, ...). */
    public Builder coefficientNames(List<String> coefficientNames) {
      this.names = List.copyOf(coefficientNames);
      return this;
    }

    public LinearRegression build() {
      if (absorbed < 0 || nested < 0 || nested > absorbed) {
        throw EstimationErrors.invalidFixedEffectCounts(absorbed, nested);
      }
      return new LinearRegression(this);
    }
  }

  /**
   * Fits from cluster-level sufficient statistics. For {@link VarianceType#HC1} each element must
   * describe one observation; {@link VarianceType#CR2} is not available (it needs the rows).
   */
  public RegressionResult fit(Collection<ClusterMoments> clusters) {
    if (clusters.isEmpty()) {
      throw EstimationErrors.noClusters();
    }
    if (varianceType == VarianceType.CR2) {
      throw EstimationErrors.cr2NeedsRows();
    }
    int k = clusters.iterator().next().dimension();
    ClusterMoments total = ClusterMoments.empty(k);
    for (ClusterMoments m : clusters) {
      total = total.merge(m);
    }
    List<String> coefNames = namesFor(k);
    double[][] xtwx = total.xtwx();
    double[][] inv = invert(xtwx, coefNames);
    double[] beta = Matrices.multiply(inv, total.xtwy());
    long n = total.count();
    int kFull = k + absorbed;
    checkDegreesOfFreedom(n, kFull);
    int g = clusters.size();
    double[][] vcov;
    if (varianceType == VarianceType.IID) {
      double rss =
          total.ytwy()
              - 2.0 * Matrices.dot(beta, total.xtwy())
              + Matrices.quadraticForm(xtwx, beta);
      vcov = scale(inv, Math.max(rss, 0.0) / (n - kFull));
    } else {
      if (g < 2) {
        throw EstimationErrors.tooFewClusters(g, varianceType);
      }
      double[][] meat = new double[k][k];
      for (ClusterMoments m : clusters) {
        double[] s = m.xtwy();
        double[] xb = Matrices.multiply(m.xtwx(), beta);
        for (int i = 0; i < k; i++) {
          s[i] -= xb[i];
        }
        addOuter(meat, s);
      }
      vcov = scale(sandwich(inv, meat), smallSampleFactor(n, g, kFull));
    }
    return new RegressionResult(
        coefNames,
        beta,
        vcov,
        varianceType,
        n,
        varianceType.isClustered() ? g : 0,
        df(n, g, kFull),
        kUsed(kFull));
  }

  /** Fits from the rows; every variance type is available. */
  public RegressionResult fit(RegressionData data) {
    double[][] x = data.columns();
    double[] y = data.outcome();
    double[] w = data.weights();
    int[] cluster = data.cluster();
    int n = y.length;
    int k = x.length;
    List<String> coefNames = names != null ? namesFor(k) : data.names();
    if (varianceType.isClustered() && cluster == null) {
      throw EstimationErrors.missingCluster(varianceType);
    }
    double[][] xtwx = new double[k][k];
    double[] xtwy = new double[k];
    double[] row = new double[k];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      for (int a = 0; a < k; a++) {
        row[a] = x[a][i];
      }
      for (int a = 0; a < k; a++) {
        double wa = wi * row[a];
        if (wa == 0.0) {
          continue;
        }
        for (int b = a; b < k; b++) {
          xtwx[a][b] += wa * row[b];
        }
        xtwy[a] += wa * y[i];
      }
    }
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < a; b++) {
        xtwx[a][b] = xtwx[b][a];
      }
    }
    double[][] inv = invert(xtwx, coefNames);
    double[] beta = Matrices.multiply(inv, xtwy);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      double fit = 0.0;
      for (int a = 0; a < k; a++) {
        fit += x[a][i] * beta[a];
      }
      u[i] = y[i] - fit;
    }
    int kFull = k + absorbed;
    checkDegreesOfFreedom(n, kFull);
    int g = 0;
    double[][] vcov;
    switch (varianceType) {
      case IID -> {
        double rss = 0.0;
        for (int i = 0; i < n; i++) {
          rss += (w == null ? 1.0 : w[i]) * u[i] * u[i];
        }
        vcov = scale(inv, rss / (n - kFull));
      }
      case HC1 -> {
        double[][] meat = new double[k][k];
        double[] s = new double[k];
        for (int i = 0; i < n; i++) {
          double wu = (w == null ? 1.0 : w[i]) * u[i];
          for (int a = 0; a < k; a++) {
            s[a] = x[a][i] * wu;
          }
          addOuter(meat, s);
        }
        vcov = scale(sandwich(inv, meat), (double) n / (n - kFull));
      }
      case CR1_STATA, CR1_FIXEST -> {
        g = countClusters(cluster);
        if (g < 2) {
          throw EstimationErrors.tooFewClusters(g, varianceType);
        }
        double[][] scores = new double[g][k];
        for (int i = 0; i < n; i++) {
          double wu = (w == null ? 1.0 : w[i]) * u[i];
          double[] s = scores[cluster[i]];
          for (int a = 0; a < k; a++) {
            s[a] += x[a][i] * wu;
          }
        }
        double[][] meat = new double[k][k];
        for (double[] s : scores) {
          addOuter(meat, s);
        }
        vcov = scale(sandwich(inv, meat), smallSampleFactor(n, g, kFull));
      }
      case CR2 -> {
        g = countClusters(cluster);
        if (g < 2) {
          throw EstimationErrors.tooFewClusters(g, varianceType);
        }
        vcov = sandwich(inv, Cr2.meat(x, u, w, cluster, g, inv));
      }
      default -> throw new IllegalStateException("unhandled variance type " + varianceType);
    }
    return new RegressionResult(
        coefNames, beta, vcov, varianceType, n, g, df(n, g, kFull), kUsed(kFull));
  }

  private List<String> namesFor(int k) {
    if (names != null) {
      if (names.size() != k) {
        throw EstimationErrors.lengthMismatch("coefficientNames", names.size(), k);
      }
      return names;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add("x" + i);
    }
    return out;
  }

  private static double[][] invert(double[][] xtwx, List<String> names) {
    int[] failed = new int[1];
    double[][] inv = Matrices.invertSpd(xtwx, failed);
    if (inv == null) {
      throw EstimationErrors.collinearRegressors(names.get(failed[0]));
    }
    return inv;
  }

  private void checkDegreesOfFreedom(long n, int kFull) {
    if (n - kFull <= 0) {
      throw EstimationErrors.tooFewObservations(n, kFull);
    }
  }

  private int kUsed(int kFull) {
    return varianceType == VarianceType.CR1_FIXEST ? kFull - nested : kFull;
  }

  private double smallSampleFactor(long n, int g, int kFull) {
    if (varianceType == VarianceType.HC1) {
      // one moment per observation: G/(G-1)(N-1)/(N-K) = N/(N-K)
      return (double) n / (n - kFull);
    }
    int k = kUsed(kFull);
    return (double) g / (g - 1) * (double) (n - 1) / (n - k);
  }

  private double df(long n, int g, int kFull) {
    return varianceType.isClustered() ? g - 1 : n - kFull;
  }

  static int countClusters(int[] cluster) {
    int max = -1;
    for (int c : cluster) {
      max = Math.max(max, c);
    }
    return max + 1;
  }

  static void addOuter(double[][] m, double[] s) {
    int k = s.length;
    for (int a = 0; a < k; a++) {
      double sa = s[a];
      for (int b = 0; b < k; b++) {
        m[a][b] += sa * s[b];
      }
    }
  }

  static double[][] sandwich(double[][] bread, double[][] meat) {
    return Matrices.multiply(Matrices.multiply(bread, meat), bread);
  }

  static double[][] scale(double[][] m, double c) {
    double[][] out = new double[m.length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        out[i][j] = m[i][j] * c;
      }
    }
    return out;
  }
}
