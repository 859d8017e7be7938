/**
 * Generalised linear models with absorbed fixed effects, Spark-free, for outcome models whose
 * effects are ratios: counts of admissions, attendances or costs, where a DiD effect is a rate
 * ratio rather than a difference.
 *
 * <p>{@link org.pioneereval.estimators.glm.PoissonRegression} is Poisson pseudo-maximum likelihood
 * with any number of fixed-effect dimensions, reproducing R {@code fixest::fepois} (coefficients,
 * iid / heteroskedasticity-robust / one-way / two-way clustered SEs with fixest's small-sample
 * rules, fixed effects, fit statistics). Input: {@link org.pioneereval.estimators.glm.PoissonData};
 * settings: {@link org.pioneereval.estimators.glm.PoissonParameters}; output: {@link
 * org.pioneereval.estimators.glm.PoissonResult} with {@link
 * org.pioneereval.estimators.glm.RateRatio}s.
 */
package org.pioneereval.estimators.glm;
