package org.pioneereval.estimators;

import java.util.List;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Coefficients, variance matrix and t-based inference of a {@link LinearRegression} fit. P-values
 * and intervals use the t distribution with {@link #degreesOfFreedom()} (G-1 for clustered
 * variances, N-K otherwise), as Stata and fixest report them.
 */
public final class RegressionResult {
  private final List<String> names;
  private final double[] beta;
  private final double[][] vcov;
  private final VarianceType varianceType;
  private final long nObservations;
  private final int nClusters;
  private final double degreesOfFreedom;
  private final int parameterCount;

  RegressionResult(
      List<String> names,
      double[] beta,
      double[][] vcov,
      VarianceType varianceType,
      long nObservations,
      int nClusters,
      double degreesOfFreedom,
      int parameterCount) {
    this.names = List.copyOf(names);
    this.beta = beta;
    this.vcov = vcov;
    this.varianceType = varianceType;
    this.nObservations = nObservations;
    this.nClusters = nClusters;
    this.degreesOfFreedom = degreesOfFreedom;
    this.parameterCount = parameterCount;
  }

  public List<String> coefficientNames() {
    return names;
  }

  /** Position of the named coefficient. */
  public int indexOf(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw EstimationErrors.unknownCoefficient(name, names.toString());
    }
    return i;
  }

  public double[] coefficients() {
    return beta.clone();
  }

  public double coefficient(int i) {
    return beta[i];
  }

  public double coefficient(String name) {
    return beta[indexOf(name)];
  }

  /** A copy of the variance-covariance matrix of the coefficients. */
  public double[][] vcov() {
    return Matrices.copy(vcov);
  }

  public double standardError(int i) {
    return Math.sqrt(vcov[i][i]);
  }

  public double standardError(String name) {
    return standardError(indexOf(name));
  }

  public double tStatistic(int i) {
    return beta[i] / standardError(i);
  }

  /** Two-sided p-value of {@code H0: b_i = 0} from t with {@link #degreesOfFreedom()}. */
  public double pValue(int i) {
    double t = Math.abs(tStatistic(i));
    return 2.0 * new TDistribution(null, degreesOfFreedom).cumulativeProbability(-t);
  }

  public ConfidenceInterval confidenceInterval(int i, double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
    double q =
        new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(0.5 + level / 2.0);
    double se = standardError(i);
    return new ConfidenceInterval(beta[i] - q * se, beta[i] + q * se, level);
  }

  /** Joint Wald test that the coefficients at {@code indices} are all zero (F form). */
  public WaldTest waldTest(int... indices) {
    double[][] v = Matrices.select(vcov, indices);
    double[] b = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      b[i] = beta[indices[i]];
    }
    int[] failed = new int[1];
    double[][] vi = Matrices.invertSpd(v, failed);
    if (vi == null) {
      throw EstimationErrors.collinearRegressors(names.get(indices[failed[0]]));
    }
    int q = indices.length;
    double f = Matrices.quadraticForm(vi, b) / q;
    double p = 1.0 - new FDistribution(null, q, degreesOfFreedom).cumulativeProbability(f);
    return new WaldTest(f, q, degreesOfFreedom, p);
  }

  public VarianceType varianceType() {
    return varianceType;
  }

  public long nObservations() {
    return nObservations;
  }

  /** Number of clusters G for clustered variance types, 0 otherwise. */
  public int nClusters() {
    return nClusters;
  }

  /** Degrees of freedom of the t and F reference distributions. */
  public double degreesOfFreedom() {
    return degreesOfFreedom;
  }

  /** K as used in the small-sample factor (after leaving out nested fixed effects for fixest). */
  public int parameterCount() {
    return parameterCount;
  }
}
