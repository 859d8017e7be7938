package org.pioneereval.estimators.survey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Design-weighted generalised linear model with Taylor-linearised (PSU sandwich) variance, as R
 * {@code survey::svyglm} (Binder 1983, Int Stat Rev 51:279-292; Lumley 2010, Complex Surveys, ch.
 * 5).
 *
 * <p>Coefficients solve the weighted score equations {@code sum_i w_i x_i (y_i - mu(x_i' beta)) =
 * 0} (Newton-Raphson with step halving; identical to {@code glm(weights = w)}). Variance:
 *
 * <pre>
 *   V(beta) = A^-1 V_design(sum_c s_c) A^-1,   A = sum w V(mu) x x',   s_c = sum_{i in c} w x (y - mu)
 * </pre>
 *
 * <p>where {@code V_design} is the stratified between-PSU variance with finite population
 * correction of {@link PsuVariance}. t-tests use {@code PSUs - strata + 1 - K} degrees of freedom
 * (R's {@code df.residual}), without counting PSU fixed effects in {@link #fitWithPsuFixedEffects}.
 * The fit sees the data only through {@link GlmScoreSource}, i.e. per-PSU score totals, so it runs
 * unchanged on totals from a distributed aggregation.
 */
public final class SurveyGlm {
  private static final int MAX_ITERATIONS = 50;
  private static final int MAX_HALVINGS = 30;
  private static final double TOLERANCE = 1e-10;

  private final GlmFamily family;

  private SurveyGlm(GlmFamily family) {
    this.family = family;
  }

  /** Design-weighted least squares (R {@code svyglm(y ~ x, design)}). */
  public static SurveyGlm gaussian() {
    return new SurveyGlm(GlmFamily.GAUSSIAN);
  }

  /** Design-weighted logistic regression (R {@code svyglm(..., family = quasibinomial())}). */
  public static SurveyGlm quasibinomial() {
    return new SurveyGlm(GlmFamily.QUASIBINOMIAL);
  }

  public static SurveyGlm of(GlmFamily family) {
    return new SurveyGlm(family);
  }

  public GlmFamily family() {
    return family;
  }

  /**
   * Fits {@code y ~ 1 + columns} on a row-level design (an intercept named {@code (Intercept)} is
   * added first, as in R formulas).
   *
   * @param names names of the regressor columns (without the intercept)
   * @param columns {@code columns[j][i]}: regressor j in row i
   */
  public SurveyGlmResult fit(
      SurveyDesign design, double[] y, List<String> names, double[]... columns) {
    return fit(cells(design, y, names, columns));
  }

  /**
   * The rows of a design as {@link GlmCells} with an intercept, for {@link #fit(GlmScoreSource)};
   * rows of a PSU with the same regressors share one cell.
   */
  public GlmCells cells(SurveyDesign design, double[] y, List<String> names, double[]... columns) {
    if (design.isCalibrated()) {
      throw EstimationErrors.calibratedGlm(design.calibratedOn().toString());
    }
    if (names.size() != columns.length) {
      throw EstimationErrors.designLengthMismatch("regressor names", names.size(), columns.length);
    }
    int n = design.rowCount();
    List<String> all = new ArrayList<>();
    all.add("(Intercept)");
    all.addAll(names);
    double[] yy = design.checkedColumn("response", y, null);
    double[][] xs = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      xs[j] = design.checkedColumn(names.get(j), columns[j], null);
    }
    for (int i = 0; i < n; i++) {
      if (!family.accepts(yy[i])) {
        throw EstimationErrors.responseOutsideUnitInterval(yy[i]);
      }
    }
    double[][] x = new double[all.size()][];
    x[0] = new double[n];
    java.util.Arrays.fill(x[0], 1.0);
    System.arraycopy(xs, 0, x, 1, xs.length);
    int[] psuOfRow = new int[n];
    for (int i = 0; i < n; i++) {
      psuOfRow[i] = design.psuIndex(i);
    }
    return GlmCells.fromRows(
        design.variance(), all, design.psus(), psuOfRow, x, yy, design.weights());
  }

  /** Fits from per-PSU score totals. */
  public SurveyGlmResult fit(GlmScoreSource source) {
    return fit(source, 0);
  }

  /**
   * As {@link #fit(GlmScoreSource)} for a model with PSU fixed effects, e.g. a two-way fixed
   * effects DiD {@code y ~ treated_post + factor(site) + factor(wave)} on a design whose PSU is the
   * site. {@code psuEffects} name the dummies of the PSUs (one per PSU but the first), each
   * constant within every PSU (the caller guarantees it; it is not checked).
   *
   * <p>Coefficients and covariance are those of {@link #fit(GlmScoreSource)}; only the residual
   * degrees of freedom differ. Counting one parameter per PSU, R's {@code df.residual = PSUs -
   * strata + 1 - K} is negative whenever every PSU has its own dummy (R then prints NaN p-values);
   * here the PSU effects, nested in the PSUs, are not counted, as fixest's {@code fixef.K =
   * "nested"} rule does for fixed effects nested in the cluster: {@code df = PSUs - strata + 1 - (K
   * - psuEffects)}. R: {@code summary(fit, df.resid = df)} and {@code confint(fit, ddf = df)}.
   *
   * @param psuEffects names of coefficients in {@link GlmScoreSource#coefficientNames()}
   */
  public SurveyGlmResult fitWithPsuFixedEffects(
      GlmScoreSource source, Collection<String> psuEffects) {
    List<String> names = source.coefficientNames();
    Set<String> nested = new LinkedHashSet<>(psuEffects);
    for (String name : nested) {
      if (!names.contains(name)) {
        throw EstimationErrors.unknownCoefficient(name, names.toString());
      }
    }
    return fit(source, nested.size());
  }

  private SurveyGlmResult fit(GlmScoreSource source, int nestedInPsus) {
    List<String> names = source.coefficientNames();
    int k = names.size();
    double[] beta = new double[k];
    GlmScores current = source.scoresAt(family, beta);
    int iterations = 0;
    boolean converged = false;
    while (!converged) {
      if (++iterations > MAX_ITERATIONS) {
        throw EstimationErrors.glmNotConverged(MAX_ITERATIONS, family.name());
      }
      double[][] inv = Matrices.invertSpd(current.information(), new int[1]);
      if (inv == null) {
        if (iterations == 1) {
          invert(current.information(), names); // collinear regressors: throws naming the column
        }
        // fitted probabilities reached 0 or 1: separation
        throw EstimationErrors.glmNotConverged(iterations, family.name());
      }
      double[] step = Matrices.multiply(inv, current.totalScore());
      GlmScores next = null;
      double[] candidate = null;
      for (int h = 0; h <= MAX_HALVINGS; h++) {
        candidate = new double[k];
        for (int j = 0; j < k; j++) {
          candidate[j] = beta[j] + step[j];
        }
        next = source.scoresAt(family, candidate);
        if (Double.isFinite(next.logLikelihood())
            && next.logLikelihood()
                >= current.logLikelihood() - 1e-12 * (Math.abs(current.logLikelihood()) + 1.0)) {
          break;
        }
        for (int j = 0; j < k; j++) {
          step[j] /= 2.0;
        }
      }
      if (!Double.isFinite(next.logLikelihood())) {
        throw EstimationErrors.glmNotConverged(iterations, family.name());
      }
      converged = true;
      for (int j = 0; j < k; j++) {
        if (Math.abs(step[j]) > TOLERANCE * (1.0 + Math.abs(candidate[j]))) {
          converged = false;
        }
      }
      beta = candidate;
      current = next;
    }
    double[][] ainv = invert(current.information(), names);
    double[][] meat = source.variance().covariance(current.psus(), current.psuScores());
    double[][] vcov = Matrices.multiply(Matrices.multiply(ainv, meat), ainv);
    int df = source.variance().degreesOfFreedom(current.psus()) + 1 - (k - nestedInPsus);
    if (df < 1) {
      throw EstimationErrors.tooFewPsusForGlm(current.psus().size(), k - nestedInPsus);
    }
    long n = current.positiveRows();
    double sw = current.sumWeights();
    double pearsonMean = current.pearsonSum() / sw;
    double dispersion = (current.pearsonSquares() / sw - pearsonMean * pearsonMean) * n / (n - 1.0);
    return new SurveyGlmResult(
        family,
        names,
        beta,
        vcov,
        df,
        dispersion,
        current.rows(),
        current.psus().size(),
        iterations,
        source.variance().lonelyPsuRule());
  }

  private static double[][] invert(double[][] information, List<String> names) {
    int[] failed = new int[1];
    double[][] inv = Matrices.invertSpd(information, failed);
    if (inv == null) {
      throw EstimationErrors.collinearSurveyRegressors(names.get(failed[0]));
    }
    return inv;
  }
}
