package org.pioneereval.estimators.glm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A {@link PoissonRegression} fit: coefficients (log rate ratios), the requested variances, fit
 * statistics as fixest prints them, the fixed-effect coefficients and what was dropped. Inference
 * uses the normal distribution (z-values), as fixest does for Poisson models. Accessors without a
 * {@link GlmVariance} use the first variance of {@link PoissonParameters#variances()}.
 *
 * @param parameters the parameters of the fit
 * @param coefficientNames regressor names ({@link PoissonData#INTERCEPT} first when there are no
 *     fixed effects)
 * @param coefficients the estimates, in name order
 * @param variances each requested variance, in request order
 * @param observations N, the rows used
 * @param observationsDropped rows left out (each counted once)
 * @param dropped what was left out and why
 * @param iterations IRLS iterations (fixest {@code iterations})
 * @param deviance the Poisson deviance at the estimate
 * @param logLikelihood {@code sum(y eta - mu - lgamma(y + 1))}
 * @param nullLogLikelihood log likelihood of the intercept-only model (with the offset)
 * @param squaredCorrelation squared correlation of outcome and fitted mean (fixest {@code sq.cor})
 * @param parameterCount coefficients plus fixed effects: {@code k + sum(sizes) - (Q - 1)}
 * @param fixedEffects coefficients of each fixed-effect dimension, by dense id; the first level of
 *     every dimension after the first is 0 (R's treatment contrasts), so differences within a
 *     dimension are what is identified
 */
public record PoissonResult(
    PoissonParameters parameters,
    List<String> coefficientNames,
    double[] coefficients,
    Map<GlmVariance, VarianceEstimate> variances,
    int observations,
    int observationsDropped,
    List<DroppedObservations> dropped,
    int iterations,
    double deviance,
    double logLikelihood,
    double nullLogLikelihood,
    double squaredCorrelation,
    int parameterCount,
    Map<String, double[]> fixedEffects) {

  public PoissonResult {
    coefficientNames = List.copyOf(coefficientNames);
    coefficients = coefficients.clone();
    variances = Collections.unmodifiableMap(new LinkedHashMap<>(variances));
    dropped = List.copyOf(dropped);
    Map<String, double[]> fe = new LinkedHashMap<>();
    fixedEffects.forEach((k, v) -> fe.put(k, v.clone()));
    fixedEffects = Collections.unmodifiableMap(fe);
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** The coefficients of one fixed-effect dimension, by dense id (a copy). */
  public double[] fixedEffect(String name) {
    double[] fe = fixedEffects.get(name);
    if (fe == null) {
      throw EstimationErrors.unknownCoefficient(name, fixedEffects.keySet().toString());
    }
    return fe.clone();
  }

  public int indexOf(String name) {
    int i = coefficientNames.indexOf(name);
    if (i < 0) {
      throw EstimationErrors.unknownCoefficient(name, coefficientNames.toString());
    }
    return i;
  }

  public double coefficient(String name) {
    return coefficients[indexOf(name)];
  }

  /** The default variance (the first requested). */
  public GlmVariance defaultVariance() {
    return parameters.variances().get(0);
  }

  public VarianceEstimate variance(GlmVariance variance) {
    VarianceEstimate v = variances.get(variance);
    if (v == null) {
      throw EstimationErrors.unknownVariance(variance.toString(), variances.keySet().toString());
    }
    return v;
  }

  public double standardError(String name) {
    return standardError(name, defaultVariance());
  }

  public double standardError(String name, GlmVariance variance) {
    return variance(variance).standardError(indexOf(name));
  }

  public double zStatistic(String name, GlmVariance variance) {
    return coefficient(name) / standardError(name, variance);
  }

  /** Two-sided p-value of {@code b = 0} from the normal distribution. */
  public double pValue(String name, GlmVariance variance) {
    double z = Math.abs(zStatistic(name, variance));
    return 2.0 * new NormalDistribution(null, 0.0, 1.0).cumulativeProbability(-z);
  }

  /** Interval for the coefficient (log scale), {@code b -+ z_{(1+level)/2} se}. */
  public ConfidenceInterval confidenceInterval(String name, GlmVariance variance, double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
    double q = new NormalDistribution(null, 0.0, 1.0).inverseCumulativeProbability(0.5 + level / 2);
    double b = coefficient(name);
    double se = standardError(name, variance);
    return new ConfidenceInterval(b - q * se, b + q * se, level);
  }

  /** {@code exp(b)} with its 95% interval under the default variance. */
  public RateRatio rateRatio(String name) {
    return rateRatio(name, defaultVariance(), 0.95);
  }

  public RateRatio rateRatio(String name, GlmVariance variance, double level) {
    ConfidenceInterval ci = confidenceInterval(name, variance, level);
    double b = coefficient(name);
    return new RateRatio(
        name,
        Math.exp(b),
        Math.exp(ci.lower()),
        Math.exp(ci.upper()),
        level,
        b,
        standardError(name, variance),
        variance);
  }

  /** DiD convenience: the rate ratio of {@link PoissonData#TREATMENT} with its 95% interval. */
  public RateRatio treatmentRateRatio() {
    return rateRatio(PoissonData.TREATMENT);
  }

  public RateRatio treatmentRateRatio(GlmVariance variance) {
    return rateRatio(PoissonData.TREATMENT, variance, 0.95);
  }

  /** {@code 1 - logLik / nullLogLik} (etable "Pseudo R2"). */
  public double pseudoR2() {
    return 1.0 - logLikelihood / nullLogLikelihood;
  }

  /** {@code 1 - (logLik - K) / (nullLogLik - 1)} (fixest "Adj. Pseudo R2"). */
  public double adjustedPseudoR2() {
    return 1.0 - (logLikelihood - parameterCount) / (nullLogLikelihood - 1.0);
  }
}
