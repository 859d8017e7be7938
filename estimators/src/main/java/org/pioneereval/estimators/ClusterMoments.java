package org.pioneereval.estimators;

import java.util.Arrays;

/**
 * Mergeable sufficient statistics of one cluster for weighted least squares: the row count n, the
 * sum of weights, {@code X'WX} (K x K), {@code X'Wy} and {@code y'Wy}.
 *
 * <p>Moments form a commutative monoid under {@link #merge}: merging the moments of two row sets
 * equals the moments of their union (up to floating-point rounding), so a distributed job can
 * reduce any number of rows to one small object per cluster. From a list of cluster moments the WLS
 * coefficients {@code b = (sum X_g'WX_g)^-1 sum X_g'Wy_g} are exact, and the cluster scores {@code
 * s_g = X_g'Wy_g - X_g'WX_g b} give the cluster-robust (CR1) variance without row-level data; see
 * {@link LinearRegression}.
 *
 * <p>{@link #add} accumulates into this instance (an aggregation buffer); {@link #merge} returns a
 * new instance and leaves both operands unchanged.
 */
public final class ClusterMoments {
  private final int dimension;
  private long count;
  private double sumOfWeights;
  private final double[] packedXtwx; // upper triangle, row major
  private final double[] xtwy;
  private double ytwy;

  private ClusterMoments(int dimension) {
    this.dimension = dimension;
    this.packedXtwx = new double[dimension * (dimension + 1) / 2];
    this.xtwy = new double[dimension];
  }

  /** Moments of no rows for K = {@code dimension} regressors. */
  public static ClusterMoments empty(int dimension) {
    if (dimension < 1) {
      throw EstimationErrors.dimensionMismatch(1, dimension);
    }
    return new ClusterMoments(dimension);
  }

  /**
   * Moments assembled from sums already formed elsewhere (e.g. by {@link TwoWayPanelMoments} after
   * absorbing fixed effects): {@code n} rows with total weight {@code sumOfWeights}, the symmetric
   * {@code xtwx} (only its upper triangle is read), {@code xtwy} and {@code ytwy}.
   */
  public static ClusterMoments fromSums(
      long n, double sumOfWeights, double[][] xtwx, double[] xtwy, double ytwy) {
    int k = xtwy.length;
    if (xtwx.length != k) {
      throw EstimationErrors.dimensionMismatch(k, xtwx.length);
    }
    ClusterMoments m = empty(k);
    int p = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        m.packedXtwx[p++] = xtwx[i][j];
      }
    }
    System.arraycopy(xtwy, 0, m.xtwy, 0, k);
    m.ytwy = ytwy;
    m.sumOfWeights = sumOfWeights;
    m.count = n;
    return m;
  }

  /** Adds one row with regressors {@code x}, outcome {@code y} and analytic weight {@code w}. */
  public ClusterMoments add(double[] x, double y, double w) {
    if (x.length != dimension) {
      throw EstimationErrors.dimensionMismatch(dimension, x.length);
    }
    if (!(w > 0.0) || Double.isInfinite(w)) {
      throw EstimationErrors.invalidWeight((int) count, w);
    }
    int p = 0;
    for (int i = 0; i < dimension; i++) {
      double wxi = w * x[i];
      for (int j = i; j < dimension; j++) {
        packedXtwx[p++] += wxi * x[j];
      }
      xtwy[i] += wxi * y;
    }
    ytwy += w * y * y;
    sumOfWeights += w;
    count++;
    return this;
  }

  /** Moments of the union of the rows of this and {@code other}; neither operand changes. */
  public ClusterMoments merge(ClusterMoments other) {
    if (other.dimension != dimension) {
      throw EstimationErrors.dimensionMismatch(dimension, other.dimension);
    }
    ClusterMoments out = new ClusterMoments(dimension);
    out.count = count + other.count;
    out.sumOfWeights = sumOfWeights + other.sumOfWeights;
    for (int i = 0; i < packedXtwx.length; i++) {
      out.packedXtwx[i] = packedXtwx[i] + other.packedXtwx[i];
    }
    for (int i = 0; i < dimension; i++) {
      out.xtwy[i] = xtwy[i] + other.xtwy[i];
    }
    out.ytwy = ytwy + other.ytwy;
    return out;
  }

  /** Number of regressors K. */
  public int dimension() {
    return dimension;
  }

  /** Number of rows n. */
  public long count() {
    return count;
  }

  public double sumOfWeights() {
    return sumOfWeights;
  }

  /** A fresh copy of {@code X'WX}. */
  public double[][] xtwx() {
    double[][] out = new double[dimension][dimension];
    int p = 0;
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        out[i][j] = packedXtwx[p];
        out[j][i] = packedXtwx[p];
        p++;
      }
    }
    return out;
  }

  /** A fresh copy of {@code X'Wy}. */
  public double[] xtwy() {
    return xtwy.clone();
  }

  public double ytwy() {
    return ytwy;
  }

  /**
   * True when both hold the same count and every statistic agrees to {@code relativeTolerance}
   * (relative to the larger magnitude, absolute below 1). Floating-point addition is not exactly
   * associative, so merged moments are compared with a tolerance.
   */
  public boolean isCloseTo(ClusterMoments other, double relativeTolerance) {
    if (other.dimension != dimension || other.count != count) {
      return false;
    }
    if (!close(sumOfWeights, other.sumOfWeights, relativeTolerance)
        || !close(ytwy, other.ytwy, relativeTolerance)) {
      return false;
    }
    for (int i = 0; i < packedXtwx.length; i++) {
      if (!close(packedXtwx[i], other.packedXtwx[i], relativeTolerance)) {
        return false;
      }
    }
    for (int i = 0; i < dimension; i++) {
      if (!close(xtwy[i], other.xtwy[i], relativeTolerance)) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(double a, double b, double tol) {
    return Math.abs(a - b) <= tol * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  @Override
  public String toString() {
    return "ClusterMoments{n="
        + count
        + ", sumW="
        + sumOfWeights
        + ", X'Wy="
        + Arrays.toString(xtwy)
        + ", y'Wy="
        + ytwy
        + "}";
  }
}
