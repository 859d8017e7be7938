package org.pioneereval.estimators.survey;

/**
 * Error distribution and link of a {@link SurveyGlm}, both with the canonical link, so that the
 * score of a row is {@code w x (y - mu)} and the expected information {@code w V(mu) x x'}.
 */
public enum GlmFamily {
  /** Identity link, constant variance: design-weighted least squares (R {@code gaussian()}). */
  GAUSSIAN {
    @Override
    double mean(double eta) {
      return eta;
    }

    @Override
    double variance(double mu) {
      return 1.0;
    }

    @Override
    double logLikelihood(double sumW, double sumWy, double sumWyy, double mu) {
      return -0.5 * (sumWyy - 2.0 * mu * sumWy + mu * mu * sumW);
    }

    @Override
    boolean accepts(double y) {
      return Double.isFinite(y);
    }
  },
  /**
   * Logit link, variance {@code mu(1 - mu)} times a dispersion (R {@code quasibinomial()}); y in
   * [0, 1], usually a 0/1 indicator such as top-box satisfaction.
   */
  QUASIBINOMIAL {
    @Override
    double mean(double eta) {
      return eta >= 0 ? 1.0 / (1.0 + Math.exp(-eta)) : Math.exp(eta) / (1.0 + Math.exp(eta));
    }

    @Override
    double variance(double mu) {
      return mu * (1.0 - mu);
    }

    @Override
    double logLikelihood(double sumW, double sumWy, double sumWyy, double mu) {
      double ll = 0.0;
      if (sumWy != 0.0) {
        ll += sumWy * Math.log(mu);
      }
      if (sumW - sumWy != 0.0) {
        ll += (sumW - sumWy) * Math.log1p(-mu);
      }
      return ll;
    }

    @Override
    boolean accepts(double y) {
      return y >= 0.0 && y <= 1.0;
    }
  };

  /** Inverse link {@code mu(eta)}. */
  abstract double mean(double eta);

  /** Variance function {@code V(mu)}. */
  abstract double variance(double mu);

  /** Weighted (quasi-)log-likelihood of a cell with sums of w, w y, w y^2 at mean mu. */
  abstract double logLikelihood(double sumW, double sumWy, double sumWyy, double mu);

  abstract boolean accepts(double y);
}
