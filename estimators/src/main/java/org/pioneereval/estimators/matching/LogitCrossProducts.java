package org.pioneereval.estimators.matching;

import java.util.Arrays;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Mergeable sufficient statistics of one IRLS iteration of a (weighted) logistic regression,
 * evaluated at a fixed coefficient vector {@code beta}: with {@code eta_i = x_i'beta}, {@code p_i =
 * 1/(1+exp(-eta_i))}, IRLS weight {@code W_i = w_i p_i (1-p_i)} and working response {@code z_i =
 * eta_i + (y_i - p_i)/(p_i(1-p_i))}, the state holds
 *
 * <ul>
 *   <li>the information matrix {@code X'WX} (K x K) and {@code X'Wz}, from which the next iterate
 *       is {@code beta' = (X'WX)^-1 X'Wz} (glm's IRLS = Newton-Raphson for the logit link);
 *   <li>the log-likelihood {@code sum w_i [y_i log p_i + (1-y_i) log(1-p_i)]} (deviance = -2 logLik
 *       for a 0/1 outcome);
 *   <li>the row count n, the sum of the prior weights, the prior-weighted sums of squares {@code
 *       sum w_i x_ij^2} (a scale for the convergence test of each coefficient) and the number of
 *       rows with a fitted probability within 1e-8 of 0 or 1 (the symptom of separation).
 * </ul>
 *
 * <p>States at the same {@code beta} form a commutative monoid under {@link #merge}: the state of
 * the union of two row sets is the merge of their states (up to floating-point rounding). A Spark
 * job therefore computes one state per partition and reduces them, exactly as Deequ reduces its
 * analyzer states; the IRLS step runs on the driver on the merged K x K statistics. {@link #add}
 * accumulates into this instance (an aggregation buffer); {@link #merge} returns a new instance.
 */
public final class LogitCrossProducts implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** A fitted probability closer than this to 0 or 1 counts as "at the boundary". */
  public static final double BOUNDARY = 1e-8;

  private final double[] beta;
  private long count;
  private double sumOfWeights;
  private final double[] packedInformation; // upper triangle of X'WX, row major
  private final double[] xtwz;
  private final double[] sumsOfSquares;
  private double logLikelihood;
  private long boundaryCount;

  private LogitCrossProducts(double[] beta) {
    int k = beta.length;
    this.beta = beta;
    this.packedInformation = new double[k * (k + 1) / 2];
    this.xtwz = new double[k];
    this.sumsOfSquares = new double[k];
  }

  /** The state of no rows, at coefficients {@code beta} (copied). */
  public static LogitCrossProducts at(double[] beta) {
    if (beta.length < 1) {
      throw EstimationErrors.dimensionMismatch(1, beta.length);
    }
    return new LogitCrossProducts(beta.clone());
  }

  /**
   * Adds one row: covariates {@code x} (including the intercept column if the model has one),
   * outcome {@code y} (1 = treated, 0 = control) and prior weight {@code w} (1 when unweighted).
   */
  public LogitCrossProducts add(double[] x, double y, double w) {
    int k = beta.length;
    if (x.length != k) {
      throw EstimationErrors.dimensionMismatch(k, x.length);
    }
    if (y != 0.0 && y != 1.0) {
      throw EstimationErrors.treatmentNotZeroOrOne((int) Math.min(count, Integer.MAX_VALUE), y);
    }
    if (!(w > 0.0) || Double.isInfinite(w)) {
      throw EstimationErrors.invalidWeight((int) Math.min(count, Integer.MAX_VALUE), w);
    }
    double eta = 0.0;
    for (int j = 0; j < k; j++) {
      eta += x[j] * beta[j];
    }
    // one exp and one log1p per row: e = exp(-|eta|) gives p and both log-probabilities
    double e = Math.exp(-Math.abs(eta));
    double p = eta >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    double v = p * (1.0 - p);
    double wv = w * v;
    // w v z = w (v eta + y - p): no division by a vanishing p(1-p)
    double wz = w * (v * eta + (y - p));
    int q = 0;
    for (int a = 0; a < k; a++) {
      double xa = x[a];
      double wva = wv * xa;
      for (int b = a; b < k; b++) {
        packedInformation[q++] += wva * x[b];
      }
      xtwz[a] += wz * xa;
      sumsOfSquares[a] += w * xa * xa;
    }
    // log p = -(max(-eta, 0) + log1p(e)), log(1-p) = -(max(eta, 0) + log1p(e))
    double log1pE = Math.log1p(e);
    logLikelihood -=
        w * (y * (Math.max(-eta, 0.0) + log1pE) + (1.0 - y) * (Math.max(eta, 0.0) + log1pE));
    if (p < BOUNDARY || p > 1.0 - BOUNDARY) {
      boundaryCount++;
    }
    sumOfWeights += w;
    count++;
    return this;
  }

  /**
   * The state of the union of the rows of this and {@code other}; neither operand changes. Both
   * must have been computed at the same coefficients (a mismatch is a bug in the caller's
   * aggregation and throws {@link IllegalStateException}).
   */
  public LogitCrossProducts merge(LogitCrossProducts other) {
    if (!Arrays.equals(beta, other.beta)) {
      throw new IllegalStateException(
          "cannot merge logit cross-products computed at different coefficients "
              + Arrays.toString(beta)
              + " and "
              + Arrays.toString(other.beta));
    }
    LogitCrossProducts out = new LogitCrossProducts(beta);
    out.count = count + other.count;
    out.sumOfWeights = sumOfWeights + other.sumOfWeights;
    for (int i = 0; i < packedInformation.length; i++) {
      out.packedInformation[i] = packedInformation[i] + other.packedInformation[i];
    }
    for (int i = 0; i < beta.length; i++) {
      out.xtwz[i] = xtwz[i] + other.xtwz[i];
      out.sumsOfSquares[i] = sumsOfSquares[i] + other.sumsOfSquares[i];
    }
    out.logLikelihood = logLikelihood + other.logLikelihood;
    out.boundaryCount = boundaryCount + other.boundaryCount;
    return out;
  }

  /** Number of coefficients K. */
  public int dimension() {
    return beta.length;
  }

  /** The coefficients at which the statistics were evaluated (a copy). */
  public double[] beta() {
    return beta.clone();
  }

  /** Number of rows n. */
  public long count() {
    return count;
  }

  /** Sum of the prior weights. */
  public double sumOfWeights() {
    return sumOfWeights;
  }

  /** A fresh copy of the information matrix {@code X'WX}. */
  public double[][] information() {
    int k = beta.length;
    double[][] out = new double[k][k];
    int q = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        out[a][b] = packedInformation[q];
        out[b][a] = packedInformation[q];
        q++;
      }
    }
    return out;
  }

  /** A fresh copy of {@code X'Wz}. */
  public double[] xtwz() {
    return xtwz.clone();
  }

  /** A fresh copy of the prior-weighted sums of squares {@code sum w x_j^2} per column. */
  public double[] sumsOfSquares() {
    return sumsOfSquares.clone();
  }

  public double logLikelihood() {
    return logLikelihood;
  }

  /** Deviance {@code -2 logLik} (the saturated model of a 0/1 outcome has logLik 0). */
  public double deviance() {
    return -2.0 * logLikelihood;
  }

  /** Rows whose fitted probability is within {@link #BOUNDARY} of 0 or 1. */
  public long boundaryCount() {
    return boundaryCount;
  }

  /**
   * True when both were evaluated at the same coefficients, hold the same counts and every
   * statistic agrees to {@code relativeTolerance} (relative to the larger magnitude, absolute below
   * 1). Floating-point addition is not associative, so merged states are compared with a tolerance.
   */
  public boolean isCloseTo(LogitCrossProducts other, double relativeTolerance) {
    if (!Arrays.equals(beta, other.beta)
        || count != other.count
        || boundaryCount != other.boundaryCount) {
      return false;
    }
    if (!close(sumOfWeights, other.sumOfWeights, relativeTolerance)
        || !close(logLikelihood, other.logLikelihood, relativeTolerance)) {
      return false;
    }
    for (int i = 0; i < packedInformation.length; i++) {
      if (!close(packedInformation[i], other.packedInformation[i], relativeTolerance)) {
        return false;
      }
    }
    for (int i = 0; i < beta.length; i++) {
      if (!close(xtwz[i], other.xtwz[i], relativeTolerance)
          || !close(sumsOfSquares[i], other.sumsOfSquares[i], relativeTolerance)) {
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
    return "LogitCrossProducts{beta="
        + Arrays.toString(beta)
        + ", n="
        + count
        + ", logLik="
        + logLikelihood
        + ", X'Wz="
        + Arrays.toString(xtwz)
        + "}";
  }
}
