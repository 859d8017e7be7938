package org.pioneereval.estimators.glm;

import java.util.ArrayList;
import java.util.List;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Everything that determines a {@link PoissonRegression} fit, carried by every {@link
 * PoissonResult}. Defaults follow R {@code fixest::fepois}: IRLS stops when the relative change of
 * the deviance {@code |dev - dev_old| / (0.1 + |dev|)} falls below {@code 1e-8}, after at most 25
 * iterations. The fixed effects are absorbed more tightly than fixest's {@code fixef.tol = 1e-6}
 * (here {@code 1e-12}, relative), so that results agree with the exact maximum-likelihood solution.
 * The default variance is {@link GlmVariance#heteroskedastic()}: Poisson pseudo-maximum likelihood
 * does not assume the Poisson variance, so model-based SEs are rarely appropriate.
 *
 * @param variances the variances to estimate, the first being the default of the result's accessors
 * @param devianceTolerance fixest {@code glm.tol}
 * @param maxIterations fixest {@code glm.iter}
 * @param fixedEffectTolerance convergence of the alternating projections, relative to the column
 * @param maxSweeps limit of alternating-projection sweeps per column and IRLS iteration
 */
public record PoissonParameters(
    List<GlmVariance> variances,
    double devianceTolerance,
    int maxIterations,
    double fixedEffectTolerance,
    int maxSweeps) {
  public static final double DEVIANCE_TOLERANCE_DEFAULT = 1e-8;
  public static final int MAX_ITERATIONS_DEFAULT = 25;
  public static final double FIXED_EFFECT_TOLERANCE_DEFAULT = 1e-12;
  public static final int MAX_SWEEPS_DEFAULT = 100_000;

  public PoissonParameters {
    variances = List.copyOf(variances);
    if (variances.isEmpty()) {
      throw EstimationErrors.noVariance();
    }
    checkTolerance("devianceTolerance", devianceTolerance);
    checkTolerance("fixedEffectTolerance", fixedEffectTolerance);
    if (maxIterations < 1) {
      throw EstimationErrors.invalidIterationLimit("maxIterations", maxIterations);
    }
    if (maxSweeps < 1) {
      throw EstimationErrors.invalidIterationLimit("maxSweeps", maxSweeps);
    }
  }

  private static void checkTolerance(String what, double value) {
    if (!(value > 0.0 && value < 1.0)) {
      throw EstimationErrors.invalidTolerance(what, value);
    }
  }

  public static PoissonParameters defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; every setter is optional. */
  public static final class Builder {
    private final List<GlmVariance> variances = new ArrayList<>();
    private double devianceTolerance = DEVIANCE_TOLERANCE_DEFAULT;
    private int maxIterations = MAX_ITERATIONS_DEFAULT;
    private double fixedEffectTolerance = FIXED_EFFECT_TOLERANCE_DEFAULT;
    private int maxSweeps = MAX_SWEEPS_DEFAULT;

    private Builder() {}

    /** Adds a variance to estimate; repeatable. The first one is the results' default. */
    public Builder variance(GlmVariance variance) {
      if (!variances.contains(variance)) {
        variances.add(variance);
      }
      return this;
    }

    public Builder devianceTolerance(double tolerance) {
      this.devianceTolerance = tolerance;
      return this;
    }

    public Builder maxIterations(int iterations) {
      this.maxIterations = iterations;
      return this;
    }

    public Builder fixedEffectTolerance(double tolerance) {
      this.fixedEffectTolerance = tolerance;
      return this;
    }

    public Builder maxSweeps(int sweeps) {
      this.maxSweeps = sweeps;
      return this;
    }

    public PoissonParameters build() {
      List<GlmVariance> v =
          variances.isEmpty() ? List.of(GlmVariance.heteroskedastic()) : variances;
      return new PoissonParameters(
          v, devianceTolerance, maxIterations, fixedEffectTolerance, maxSweeps);
    }
  }
}
