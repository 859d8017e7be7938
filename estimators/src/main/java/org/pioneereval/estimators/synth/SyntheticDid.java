package org.pioneereval.estimators.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.synth.SynthMethod.TimeWeighting;
import org.pioneereval.estimators.synth.SynthMethod.UnitWeighting;

/**
 * Synthetic control, synthetic difference-in-differences and their relatives for a block design
 * (one treated site or a block of sites, all treated from the same period), a Spark-free port of
 * the R package {@code synthdid} (Arkhangelsky, Athey, Hirshberg, Imbens and Wager 2021, "Synthetic
 * Difference-in-Differences", AER 111(12): 4088-4118) that reproduces its numbers.
 *
 * <p>With {@code N0} controls, {@code N1} treated units, {@code T0} pre- and {@code T1}
 * post-periods, the estimate is {@code tau = (-omega, 1/N1)' Y (-lambda, 1/T1)}. For fitted weights
 * the outcome matrix is first collapsed: treated rows are averaged, post-period columns are
 * averaged. Then
 *
 * <ul>
 *   <li>the noise level {@code sigma} is the standard deviation of all first differences of the
 *       controls' pre-period outcomes;
 *   <li>unit weights: {@code min zeta_omega^2 |omega|^2 + |A omega - b|^2 / T0} over the simplex,
 *       where the columns of A are the controls' pre-period series and b the treated average's,
 *       each demeaned over the pre-periods when the method has an intercept; {@code zeta_omega =
 *       eta_omega sigma};
 *   <li>time weights (SDID): {@code min zeta_lambda^2 |lambda|^2 + |A lambda - b|^2 / N0} over the
 *       simplex, where the columns of A are the pre-periods and b the post-period average over the
 *       controls, each demeaned across controls; {@code zeta_lambda = 1e-6 sigma};
 *   <li>each problem runs 100 Frank-Wolfe iterations from uniform weights, sets weights {@code <=
 *       max/4} to 0, renormalises, and runs up to 10,000 more; an iteration that lowers the
 *       objective by at most {@code (1e-5 sigma)^2} stops it. The solver often stops at the cap
 *       (the unit weights of California Proposition 99 do), so the result is the cap iterate, and
 *       the iterations are replicated exactly (same start, vertex choice, line search and stopping
 *       rule as synthdid).
 * </ul>
 *
 * <p>Standard error: the placebo method ({@link #placebo}), which needs more controls than treated
 * units and assumes homoskedasticity across units (Arkhangelsky et al. 2021, section 5). The
 * jackknife and bootstrap of synthdid are not provided: both are undefined or unreliable with one
 * treated unit, the usual case for a site-level evaluation.
 */
public final class SyntheticDid {
  /** synthdid's {@code max.iter}. */
  public static final int MAX_ITERATIONS_DEFAULT = 10_000;

  /** synthdid's {@code max.iter.pre.sparsify}. */
  public static final int ITERATIONS_BEFORE_SPARSIFY_DEFAULT = 100;

  /** synthdid's {@code min.decrease = 1e-5 * noise.level}. */
  static final double MIN_DECREASE_FACTOR = 1e-5;

  private final SynthMethod method;
  private final double unitEta;
  private final double timeEta;
  private final int maxIterations;
  private final int iterationsBeforeSparsify;

  private SyntheticDid(
      SynthMethod method,
      double unitEta,
      double timeEta,
      int maxIterations,
      int iterationsBeforeSparsify) {
    this.method = method;
    this.unitEta = unitEta;
    this.timeEta = timeEta;
    this.maxIterations = maxIterations;
    this.iterationsBeforeSparsify = iterationsBeforeSparsify;
  }

  /** The estimator with synthdid's defaults for the given method. */
  public static SyntheticDid withMethod(SynthMethod method) {
    return builder().method(method).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder. Defaults are synthdid's: the method's {@code eta_omega}, {@code eta_lambda = 1e-6},
   * 100 iterations before sparsifying, at most 10,000 after.
   */
  public static final class Builder {
    private SynthMethod method;
    private double unitEta = Double.NaN;
    private double timeEta = SynthMethod.MINIMAL_ETA;
    private int maxIterations = MAX_ITERATIONS_DEFAULT;
    private int iterationsBeforeSparsify = ITERATIONS_BEFORE_SPARSIFY_DEFAULT;

    private Builder() {}

    public Builder method(SynthMethod value) {
      this.method = value;
      return this;
    }

    /**
     * Overrides {@code eta_omega} (synthdid: {@code eta.omega}); the ridge is {@code eta_omega *
     * sigma}. Larger values spread the unit weights towards uniform (DID weights).
     */
    public Builder unitWeightRegularization(double eta) {
      this.unitEta = eta;
      return this;
    }

    /**
     * Overrides {@code eta_lambda} (synthdid: {@code eta.lambda}, 1e-6); larger values spread the
     * time weights towards uniform.
     */
    public Builder timeWeightRegularization(double eta) {
      this.timeEta = eta;
      return this;
    }

    /** Cap on Frank-Wolfe iterations after sparsifying (synthdid: {@code max.iter}). */
    public Builder maxIterations(int count) {
      this.maxIterations = count;
      return this;
    }

    /** Frank-Wolfe iterations before sparsifying (synthdid: {@code max.iter.pre.sparsify}). */
    public Builder iterationsBeforeSparsify(int count) {
      this.iterationsBeforeSparsify = count;
      return this;
    }

    public SyntheticDid build() {
      if (method == null) {
        throw EstimationErrors.missingInput("the estimator (DID, SC, SDID, ...)", "method(..)");
      }
      if (!Double.isNaN(unitEta) && !(unitEta >= 0.0 && unitEta < Double.POSITIVE_INFINITY)) {
        throw EstimationErrors.synthInvalidSetting(
            "unitWeightRegularization", Double.toString(unitEta), "a finite number >= 0");
      }
      if (!(timeEta >= 0.0 && timeEta < Double.POSITIVE_INFINITY)) {
        throw EstimationErrors.synthInvalidSetting(
            "timeWeightRegularization", Double.toString(timeEta), "a finite number >= 0");
      }
      if (maxIterations < 1) {
        throw EstimationErrors.synthInvalidSetting(
            "maxIterations", Integer.toString(maxIterations), "at least 1");
      }
      if (iterationsBeforeSparsify < 1) {
        throw EstimationErrors.synthInvalidSetting(
            "iterationsBeforeSparsify", Integer.toString(iterationsBeforeSparsify), "at least 1");
      }
      return new SyntheticDid(method, unitEta, timeEta, maxIterations, iterationsBeforeSparsify);
    }
  }

  public SynthMethod method() {
    return method;
  }

  /** The point estimate, weights and parameters. */
  public SynthEstimate estimate(SynthPanel panel) {
    SynthParameters parameters = parameters(panel);
    Workspace w = new Workspace(panel, method);
    int n0 = panel.controlCount();
    int[] controls = range(0, n0);
    int[] treated = range(n0, n0 + panel.treatedCount());
    Fit fit = w.fit(controls, treated, null, null, parameters);
    return toEstimate(panel, parameters, fit);
  }

  /** The point estimate and its placebo standard error. */
  public SynthResult estimateWithPlacebo(SynthPanel panel, PlaceboDraws draws) {
    return placebo(panel, estimate(panel), draws);
  }

  /**
   * The placebo standard error of an estimate of this panel (Arkhangelsky et al. 2021, Algorithm 4,
   * as {@code synthdid::vcov(estimate, method = "placebo")}): for each permutation the treated
   * units are dropped, the last N1 permuted controls are pseudo-treated, and the estimate's method
   * is re-run with the estimate's parameters (sigma, ridges, stopping rule: they are not
   * re-estimated), starting from the estimate's time weights and from its unit weights restricted
   * to the placebo controls and renormalised (uniform if they sum to 0).
   */
  public static SynthResult placebo(SynthPanel panel, SynthEstimate estimate, PlaceboDraws draws) {
    int n0 = panel.controlCount();
    int n1 = panel.treatedCount();
    checkSamePanel(panel, estimate);
    if (n0 <= n1) {
      throw EstimationErrors.synthPlaceboNeedsMoreControls(n0, n1);
    }
    SynthParameters parameters = estimate.parameters();
    Workspace w = new Workspace(panel, parameters.method());
    double[] omega = new double[n0];
    for (int i = 0; i < n0; i++) {
      omega[i] = estimate.unitWeights().get(i).weight();
    }
    double[] lambda = new double[panel.prePeriodCount()];
    for (int t = 0; t < lambda.length; t++) {
      lambda[t] = estimate.periodWeights().get(t).weight();
    }
    int placeboControls = n0 - n1;
    List<int[]> permutations = draws.permutations(n0);
    double[] taus = new double[permutations.size()];
    for (int r = 0; r < taus.length; r++) {
      int[] p = permutations.get(r);
      int[] controls = Arrays.copyOfRange(p, 0, placeboControls);
      int[] treated = Arrays.copyOfRange(p, placeboControls, n0);
      double[] omegaStart = new double[placeboControls];
      double sum = 0.0;
      for (int i = 0; i < placeboControls; i++) {
        omegaStart[i] = omega[controls[i]];
        sum += omegaStart[i];
      }
      for (int i = 0; i < placeboControls; i++) {
        omegaStart[i] = sum != 0.0 ? omegaStart[i] / sum : 1.0 / placeboControls;
      }
      taus[r] = w.fit(controls, treated, omegaStart, lambda, parameters).tau;
    }
    double mean = 0.0;
    for (double t : taus) {
      mean += t;
    }
    mean /= taus.length;
    double ss = 0.0;
    for (double t : taus) {
      ss += (t - mean) * (t - mean);
    }
    int r = taus.length;
    double se = Math.sqrt((r - 1.0) / r) * Math.sqrt(ss / (r - 1.0));
    double tau = estimate.estimate();
    List<Double> list = new ArrayList<>(r);
    for (double t : taus) {
      list.add(t);
    }
    ConfidenceInterval ci =
        new ConfidenceInterval(
            tau - PlaceboStandardError.Z_95 * se, tau + PlaceboStandardError.Z_95 * se, 0.95);
    return new SynthResult(estimate, new PlaceboStandardError(se, ci, r, list));
  }

  private static void checkSamePanel(SynthPanel panel, SynthEstimate estimate) {
    List<String> controls = panel.controlUnits();
    boolean same =
        estimate.unitWeights().size() == controls.size()
            && estimate.periodWeights().size() == panel.prePeriodCount()
            && estimate.treatedUnits().equals(panel.treatedUnits())
            && estimate.postPeriods() == panel.postPeriodCount();
    int[] periods = panel.periods();
    for (int i = 0; same && i < controls.size(); i++) {
      same = estimate.unitWeights().get(i).unit().equals(controls.get(i));
    }
    for (int t = 0; same && t < panel.prePeriodCount(); t++) {
      same = estimate.periodWeights().get(t).period() == periods[t];
    }
    if (!same) {
      throw EstimationErrors.synthEstimateOfAnotherPanel();
    }
  }

  /** sigma, the ridges and the stopping rule for this panel (synthdid's defaults). */
  SynthParameters parameters(SynthPanel panel) {
    int n1 = panel.treatedCount();
    int t1 = panel.postPeriodCount();
    boolean fitsUnits = method.unitWeighting() == UnitWeighting.FITTED;
    boolean fitsTimes = method.timeWeighting() == TimeWeighting.FITTED;
    double sigma = method.fitsWeights() ? noiseLevel(panel) : Double.NaN;
    double etaOmega =
        fitsUnits ? (Double.isNaN(unitEta) ? method.defaultUnitEta(n1, t1) : unitEta) : Double.NaN;
    double etaLambda = fitsTimes ? timeEta : Double.NaN;
    return new SynthParameters(
        method,
        sigma,
        etaOmega,
        etaLambda,
        etaOmega * sigma,
        etaLambda * sigma,
        MIN_DECREASE_FACTOR * sigma,
        iterationsBeforeSparsify,
        maxIterations);
  }

  /** Standard deviation of all first differences of the controls' pre-period outcomes. */
  static double noiseLevel(SynthPanel panel) {
    double[][] y = panel.orderedOutcomes();
    int n0 = panel.controlCount();
    int t0 = panel.prePeriodCount();
    int count = n0 * (t0 - 1);
    if (count < 2) {
      throw EstimationErrors.synthTooFewPrePeriodsForNoise(t0, n0);
    }
    double sum = 0.0;
    for (int i = 0; i < n0; i++) {
      for (int t = 1; t < t0; t++) {
        sum += y[i][t] - y[i][t - 1];
      }
    }
    double mean = sum / count;
    double ss = 0.0;
    for (int i = 0; i < n0; i++) {
      for (int t = 1; t < t0; t++) {
        double d = (y[i][t] - y[i][t - 1]) - mean;
        ss += d * d;
      }
    }
    return Math.sqrt(ss / (count - 1));
  }

  private static SynthEstimate toEstimate(SynthPanel panel, SynthParameters p, Fit fit) {
    List<UnitWeight> units = new ArrayList<>();
    List<String> labels = panel.controlUnits();
    for (int i = 0; i < labels.size(); i++) {
      units.add(new UnitWeight(labels.get(i), fit.omega[i]));
    }
    List<PeriodWeight> periods = new ArrayList<>();
    int[] labelsT = panel.periods();
    for (int t = 0; t < panel.prePeriodCount(); t++) {
      periods.add(new PeriodWeight(labelsT[t], fit.lambda[t]));
    }
    return new SynthEstimate(
        p.method(),
        fit.tau,
        units,
        periods,
        fit.unitIntercept,
        fit.timeIntercept,
        p,
        fit.omegaTrace,
        fit.lambdaTrace,
        panel.treatedUnits(),
        panel.postPeriodCount());
  }

  static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  /** synthdid's {@code sparsify_function}: weights {@code <= max/4} become 0, then renormalise. */
  static double[] sparsify(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double[] out = new double[v.length];
    double sum = 0.0;
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] <= max / 4.0 ? 0.0 : v[i];
      sum += out[i];
    }
    for (int i = 0; i < v.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  /** One fit's weights, estimate, intercepts and solver traces (indices relative to the fit). */
  private static final class Fit {
    double tau;
    double[] omega;
    double[] lambda;
    double unitIntercept;
    double timeIntercept;
    FrankWolfeTrace omegaTrace = FrankWolfeTrace.NOT_FITTED;
    FrankWolfeTrace lambdaTrace = FrankWolfeTrace.NOT_FITTED;
  }

  /**
   * The panel's outcome rows with what every fit of it shares: the per-unit pre-period columns of
   * the unit-weight problem (demeaned when the method has an intercept) with their Gram cache, and
   * each unit's post-period mean. Fits address units by row index (controls first, then treated).
   */
  private static final class Workspace {
    private final double[][] y;
    private final int t0;
    private final int periods;
    private final SynthMethod method;
    private final double[] postMean;
    private final SimplexLeastSquares.ColumnStore unitColumns;

    Workspace(SynthPanel panel, SynthMethod method) {
      this.y = panel.orderedOutcomes();
      this.t0 = panel.prePeriodCount();
      this.periods = panel.periods().length;
      this.method = method;
      int n = y.length;
      this.postMean = new double[n];
      double[][] columns = new double[n][];
      for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int t = t0; t < periods; t++) {
          s += y[i][t];
        }
        postMean[i] = s / (periods - t0);
        columns[i] = preSeries(y[i]);
      }
      this.unitColumns = new SimplexLeastSquares.ColumnStore(columns);
    }

    private double[] preSeries(double[] row) {
      double[] c = Arrays.copyOf(row, t0);
      return method.hasUnitIntercept() ? demeaned(c) : c;
    }

    Fit fit(
        int[] controls,
        int[] treated,
        double[] omegaStart,
        double[] lambdaStart,
        SynthParameters p) {
      int n0 = controls.length;
      int n1 = treated.length;
      Fit fit = new Fit();
      // time weights
      switch (method.timeWeighting()) {
        case NONE:
          fit.lambda = new double[t0];
          break;
        case UNIFORM:
          fit.lambda = uniform(t0);
          break;
        default:
          double[][] cols = new double[t0][];
          for (int t = 0; t < t0; t++) {
            double[] c = new double[n0];
            for (int i = 0; i < n0; i++) {
              c[i] = y[controls[i]][t];
            }
            cols[t] = demeaned(c);
          }
          double[] target = new double[n0];
          for (int i = 0; i < n0; i++) {
            target[i] = postMean[controls[i]];
          }
          SimplexLeastSquares lambdaProblem =
              new SimplexLeastSquares(
                  new SimplexLeastSquares.ColumnStore(cols), range(0, t0), demeaned(target));
          double[] start = lambdaStart == null ? uniform(t0) : lambdaStart;
          Weights lambda = solveTwoRounds(lambdaProblem, start, p.zetaLambda(), p);
          fit.lambda = lambda.x();
          fit.lambdaTrace = lambda.trace();
      }
      // unit weights
      if (method.unitWeighting() == UnitWeighting.UNIFORM) {
        fit.omega = uniform(n0);
      } else {
        double[] treatedPre = new double[t0];
        for (int t = 0; t < t0; t++) {
          double s = 0.0;
          for (int k : treated) {
            s += y[k][t];
          }
          treatedPre[t] = s / n1;
        }
        double[] b = method.hasUnitIntercept() ? demeaned(treatedPre) : treatedPre;
        SimplexLeastSquares omegaProblem = new SimplexLeastSquares(unitColumns, controls, b);
        double[] start = omegaStart == null ? uniform(n0) : omegaStart;
        Weights omega = solveTwoRounds(omegaProblem, start, p.zetaOmega(), p);
        fit.omega = omega.x();
        fit.omegaTrace = omega.trace();
      }
      // tau = (-omega, 1/N1)' Y (-lambda, 1/T1), row vector first as in synthdid
      int t1 = periods - t0;
      double tau = 0.0;
      for (int t = 0; t < periods; t++) {
        double s = 0.0;
        for (int i = 0; i < n0; i++) {
          s += -fit.omega[i] * y[controls[i]][t];
        }
        for (int k : treated) {
          s += y[k][t] / n1;
        }
        tau += s * (t < t0 ? -fit.lambda[t] : 1.0 / t1);
      }
      fit.tau = tau;
      fit.unitIntercept = method.hasUnitIntercept() ? unitIntercept(fit, controls, treated) : 0.0;
      fit.timeIntercept =
          method.timeWeighting() == TimeWeighting.NONE ? 0.0 : timeIntercept(fit, controls);
      return fit;
    }

    private double unitIntercept(Fit fit, int[] controls, int[] treated) {
      double s = 0.0;
      for (int t = 0; t < t0; t++) {
        double gap = 0.0;
        for (int k : treated) {
          gap += y[k][t] / treated.length;
        }
        for (int i = 0; i < controls.length; i++) {
          gap -= fit.omega[i] * y[controls[i]][t];
        }
        s += gap;
      }
      return s / t0;
    }

    private double timeIntercept(Fit fit, int[] controls) {
      double s = 0.0;
      for (int c : controls) {
        double gap = postMean[c];
        for (int t = 0; t < t0; t++) {
          gap -= fit.lambda[t] * y[c][t];
        }
        s += gap;
      }
      return s / controls.length;
    }

    /** 100 iterations, sparsify, then up to maxIterations (synthdid's two rounds). */
    private static Weights solveTwoRounds(
        SimplexLeastSquares problem, double[] start, double zeta, SynthParameters p) {
      SimplexLeastSquares.Solution first =
          problem.solve(start, zeta, p.minDecrease(), p.iterationsBeforeSparsify());
      SimplexLeastSquares.Solution second =
          problem.solve(sparsify(first.x()), zeta, p.minDecrease(), p.maxIterations());
      return new Weights(
          second.x(),
          new FrankWolfeTrace(first.iterations(), second.iterations(), second.objective()));
    }
  }

  private record Weights(double[] x, FrankWolfeTrace trace) {}

  static double[] uniform(int n) {
    double[] out = new double[n];
    Arrays.fill(out, 1.0 / n);
    return out;
  }

  static double[] demeaned(double[] v) {
    double s = 0.0;
    for (double x : v) {
      s += x;
    }
    double mean = s / v.length;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - mean;
    }
    return out;
  }
}
