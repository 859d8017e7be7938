package org.pioneereval.estimators.matching;

import java.util.ArrayList;
import java.util.List;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Logistic regression (the propensity-score model) fitted by iteratively reweighted least squares
 * on sufficient statistics: each iteration asks a {@link CrossProductSource} for {@code X'WX},
 * {@code X'Wz} and the log-likelihood at the current coefficients and solves {@code beta' =
 * (X'WX)^-1 X'Wz}. The rows are never needed here, so the same code fits the model on an array or
 * on millions of patients in Spark (one distributed pass per iteration).
 *
 * <p>This is R's {@code glm(treat ~ ..., family = binomial())} (MatchIt {@code distance = "glm"}):
 * the maximum-likelihood estimate of {@code P(treat = 1 | x) = 1/(1+exp(-x'beta))}. Iterations
 * start at {@code beta = 0}. Convergence needs both glm's criterion {@code |dev - dev_old| / (|dev|
 * + 0.1) < tolerance} and a small last step on the scale of the linear predictor, {@code max_j
 * |delta beta_j| rms(x_j) < tolerance}; the second test is what tells a converged fit from
 * separation, where the deviance flattens while coefficients keep growing (glm then reports
 * "converged" with fitted probabilities near 0 or 1). Variance: the inverse information {@code
 * (X'WX)^-1} at the final coefficients (model-based, as {@code vcov(glm)}).
 *
 * <p>Failures: collinear covariates ({@link EstimationErrors#logitCollinear}); no convergence
 * within {@code maxIterations} with fitted probabilities at the boundary ({@link
 * EstimationErrors#perfectSeparation}) or without ({@link EstimationErrors#logitDidNotConverge}).
 */
public final class LogisticRegression {
  /** R glm's default {@code maxit}. */
  public static final int MAX_ITERATIONS_DEFAULT = 25;

  /** R glm's default {@code epsilon}. */
  public static final double TOLERANCE_DEFAULT = 1e-8;

  private final List<String> names;
  private final int maxIterations;
  private final double tolerance;

  private LogisticRegression(Builder b) {
    this.names = b.names;
    this.maxIterations = b.maxIterations;
    this.tolerance = b.tolerance;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link LogisticRegression}. */
  public static final class Builder {
    private List<String> names;
    private int maxIterations = MAX_ITERATIONS_DEFAULT;
    private double tolerance = TOLERANCE_DEFAULT;

    private Builder() {}

    /** Names of the K covariate columns, in column order (e.g. "(Intercept)", "age", ...). */
    public Builder coefficientNames(List<String> coefficientNames) {
      this.names = List.copyOf(coefficientNames);
      return this;
    }

    /** Names as varargs. */
    public Builder coefficientNames(String... coefficientNames) {
      return coefficientNames(List.of(coefficientNames));
    }

    public Builder maxIterations(int iterations) {
      this.maxIterations = iterations;
      return this;
    }

    public Builder tolerance(double relativeTolerance) {
      this.tolerance = relativeTolerance;
      return this;
    }

    public LogisticRegression build() {
      if (names == null || names.isEmpty()) {
        throw EstimationErrors.missingInput(
            "the propensity-model coefficient names", "coefficientNames(...)");
      }
      if (maxIterations < 1 || !(tolerance > 0.0) || Double.isInfinite(tolerance)) {
        throw EstimationErrors.invalidLogitIterations(maxIterations, tolerance);
      }
      return new LogisticRegression(this);
    }
  }

  /** Fits the model; the source must return K = {@code coefficientNames().size()} columns. */
  public LogitFit fit(CrossProductSource source) {
    int k = names.size();
    double[] beta = new double[k];
    double[] previousBeta = null;
    double previousDeviance = Double.NaN;
    LogitCrossProducts state = null;
    for (int iteration = 1; iteration <= maxIterations; iteration++) {
      state = source.crossProducts(beta.clone());
      if (state.dimension() != k) {
        throw EstimationErrors.dimensionMismatch(k, state.dimension());
      }
      double deviance = state.deviance();
      if (previousBeta != null
          && converged(state, deviance, previousDeviance, beta, previousBeta)) {
        return result(state, iteration);
      }
      int[] failed = new int[1];
      double[][] inverse = Matrices.invertSpd(state.information(), failed);
      if (inverse == null) {
        if (state.boundaryCount() > 0 && iteration > 1) {
          throw EstimationErrors.perfectSeparation(iteration, state.boundaryCount());
        }
        throw EstimationErrors.logitCollinear(names.get(failed[0]));
      }
      previousBeta = beta;
      previousDeviance = deviance;
      beta = Matrices.multiply(inverse, state.xtwz());
    }
    if (state.boundaryCount() > 0) {
      throw EstimationErrors.perfectSeparation(maxIterations, state.boundaryCount());
    }
    throw EstimationErrors.logitDidNotConverge(maxIterations, state.deviance());
  }

  private boolean converged(
      LogitCrossProducts state,
      double deviance,
      double previousDeviance,
      double[] beta,
      double[] previousBeta) {
    if (!(Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < tolerance)) {
      return false;
    }
    double[] squares = state.sumsOfSquares();
    double sw = state.sumOfWeights();
    for (int j = 0; j < beta.length; j++) {
      double rms = Math.sqrt(squares[j] / sw);
      if (!(Math.abs(beta[j] - previousBeta[j]) * rms < tolerance)) {
        return false;
      }
    }
    return true;
  }

  private LogitFit result(LogitCrossProducts state, int iterations) {
    int[] failed = new int[1];
    double[][] vcov = Matrices.invertSpd(state.information(), failed);
    if (vcov == null) {
      throw EstimationErrors.logitCollinear(names.get(failed[0]));
    }
    return new LogitFit(
        new ArrayList<>(names),
        state.beta(),
        vcov,
        state.logLikelihood(),
        iterations,
        state.count(),
        state.sumOfWeights(),
        maxIterations,
        tolerance);
  }
}
