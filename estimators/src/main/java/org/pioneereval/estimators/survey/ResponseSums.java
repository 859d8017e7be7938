package org.pioneereval.estimators.survey;

/**
 * Weighted sums of the response over the rows of one GLM cell (rows of one PSU sharing the same
 * regressors): {@code sum w}, {@code sum w y} and {@code sum w y^2}, which determine the cell's
 * score, information, log-likelihood and Pearson residual sums at any beta. A distributed job
 * computes them as plain sums grouped by stratum, PSU and regressors.
 *
 * @param rows rows in the cell
 * @param positiveRows rows with a positive weight (R's n in the dispersion)
 * @param sumW {@code sum w}
 * @param sumWY {@code sum w y}
 * @param sumWYY {@code sum w y^2}
 */
public record ResponseSums(long rows, long positiveRows, double sumW, double sumWY, double sumWYY) {

  /** The sums of a single row. */
  public static ResponseSums of(double y, double w) {
    return new ResponseSums(1, w > 0.0 ? 1 : 0, w, w * y, w * y * y);
  }

  /** The sums of the union of two cells' rows. */
  public ResponseSums plus(ResponseSums o) {
    return new ResponseSums(
        rows + o.rows,
        positiveRows + o.positiveRows,
        sumW + o.sumW,
        sumWY + o.sumWY,
        sumWYY + o.sumWYY);
  }
}
