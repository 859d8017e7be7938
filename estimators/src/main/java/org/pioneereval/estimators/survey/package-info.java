/**
 * Design-based (randomisation) inference for weighted complex surveys, e.g. patient-experience
 * surveys fielded as repeated cross-sections: {@link
 * org.pioneereval.estimators.survey.SurveyDesign} (strata, PSUs, weights, finite population
 * correction, GREG calibration), totals, means, ratios and domain estimates with Taylor-linearised
 * variance ({@link org.pioneereval.estimators.survey.LinearisedTotals}), quantiles ({@link
 * org.pioneereval.estimators.survey.SurveyQuantile}), design-weighted GLMs ({@link
 * org.pioneereval.estimators.survey.SurveyGlm}) and the satisfaction DiD ({@link
 * org.pioneereval.estimators.survey.SurveyDid}). Conventions follow R {@code survey} 4.1 (Lumley).
 *
 * <p>Distributed use: every estimator runs on per-PSU sufficient statistics, so a Spark job groups
 * rows by stratum and PSU (and, for GLMs, by the regressors) and sends only {@link
 * org.pioneereval.estimators.survey.PsuTotals} or {@link
 * org.pioneereval.estimators.survey.GlmCells} with the design's {@link
 * org.pioneereval.estimators.survey.PsuVariance} to the driver:
 *
 * <ul>
 *   <li>totals, means, ratios, domains: sum {@code w * v} per PSU for each needed column ({@code
 *       v}, {@code d * v}, {@code d}); with calibration also {@code w * x_k * v} and {@code w * x_k
 *       * x_l};
 *   <li>GLMs with categorical regressors (the DiD): sums of {@code w}, {@code w y}, {@code w y^2}
 *       per stratum, PSU and regressor pattern; with continuous regressors, a {@link
 *       org.pioneereval.estimators.survey.GlmScoreSource} that aggregates per-PSU scores once per
 *       Newton iteration;
 *   <li>domains: keep every sampled PSU (pass the sampled PSU counts with {@link
 *       org.pioneereval.estimators.survey.PsuVariance#sampledPsus} if a filter drops PSUs).
 * </ul>
 */
package org.pioneereval.estimators.survey;
