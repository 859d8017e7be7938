package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Callaway and Sant'Anna (2021) group-time average treatment effects under staggered adoption, as R
 * {@code did::att_gt} computes them for balanced panels.
 *
 * <p>For cohort g (units first treated in period g) and period t, with base period b:
 *
 * <pre>
 *   ATT(g,t) = E[Y_t - Y_b | G = g] - E[Y_t - Y_b | C]
 * </pre>
 *
 * where C is the never-treated units or the not-yet-treated units ({@link ComparisonGroup}), and b
 * = g - 1 - anticipation for post-treatment cells (t >= g) and, with a {@link BasePeriod#VARYING}
 * base, t - 1 for pre-treatment cells. With covariates the second term is replaced by outcome
 * regression, inverse probability weighting or the doubly robust combination of Sant'Anna and Zhao
 * (2020) ({@link EstimationMethod}), estimated on the cell's treated and comparison units.
 *
 * <p>Standard errors: each cell's influence function IF_i is computed for every unit (0 outside the
 * cell and rescaled by n/n_cell, as did does), and {@code SE = sqrt(mean(IF^2)/n)} with n the
 * number of units: clustered by unit. Without covariates and weights {@code IF_i = 1{G=g}(dY_i -
 * mean_g)/p_g - 1{C}(dY_i - mean_C)/p_C}. {@link GroupTimeEffects#aggregate} adds the influence
 * function of the estimated group shares; {@link GroupTimeEffects#preTrendTest()} is did's Wald
 * pre-test.
 *
 * <p>Without covariates each cell needs only the sums of weights and weighted outcome changes of
 * its treated and comparison units (sufficient statistics); the per-unit arrays are needed for the
 * influence functions. What is dropped is reported ({@link GroupTimeEffects#exclusions()}): units
 * treated in the first period, units treated after the last period (re-coded never treated), cells
 * without comparison units or below {@link CallawaySantAnnaParameters#minimumCellSize()}, cells
 * without propensity-score overlap. Dropped cells are left out of every aggregation (did's {@code
 * na.rm = TRUE}).
 *
 * <p>Reference: Callaway, B. and Sant'Anna, P.H.C. (2021), Difference-in-differences with multiple
 * time periods, Journal of Econometrics 225(2), 200-230; Sant'Anna, P.H.C. and Zhao, J. (2020),
 * Doubly robust difference-in-differences estimators, Journal of Econometrics 219(1), 101-122.
 * Reproduces did's mpdta example: simple ATT -0.0399512752 (SE 0.0120340128), pre-test p 0.16812.
 */
public final class CallawaySantAnna {
  private final CallawaySantAnnaParameters parameters;

  private CallawaySantAnna(CallawaySantAnnaParameters parameters) {
    this.parameters = parameters;
  }

  public static CallawaySantAnna withParameters(CallawaySantAnnaParameters parameters) {
    if (parameters == null) {
      throw EstimationErrors.missingInput("parameters", "CallawaySantAnnaParameters.builder()");
    }
    return new CallawaySantAnna(parameters);
  }

  /**
   * Estimates every identified ATT(g,t) from repeated cross-sections or an unbalanced panel (did
   * {@code panel = FALSE} / {@code allow_unbalanced_panel = TRUE}): each cell runs DRDID's
   * repeated-cross-section estimator of the parameters' {@link EstimationMethod} ({@code
   * reg_did_rc}, {@code std_ipw_did_rc}, {@code drdid_rc}) on the cohort's and the comparison
   * group's observations in its two periods; influence functions are rescaled by n/n1, summed by
   * unit for an unbalanced panel, and n is the number of units (unbalanced panel) or observations
   * (repeated cross-sections). Aggregations, the pre-test and the bootstrap work as for panels. On
   * a balanced panel without covariates this gives the same effects and standard errors as {@link
   * #fit(StaggeredPanel)}.
   */
  public GroupTimeEffects fit(StaggeredObservations observations) {
    return new CallawaySantAnnaObservations(parameters).fit(observations);
  }

  /** Estimates every identified ATT(g,t) of the panel. The panel is not modified. */
  public GroupTimeEffects fit(StaggeredPanel input) {
    validate(input);
    List<Exclusion> exclusions = new ArrayList<>();
    int delta = parameters.anticipation();
    StaggeredPanel panel = recodeLateAndDropAlwaysTreated(input, exclusions);
    boolean anyNever = false;
    for (int u = 0; u < panel.unitCount(); u++) {
      anyNever |= panel.firstTreatedOf(u) == StaggeredPanel.NEVER_TREATED;
    }
    if (!anyNever) {
      if (parameters.comparisonGroup() == ComparisonGroup.NEVER_TREATED) {
        throw EstimationErrors.noNeverTreatedUnits();
      }
      panel = lastCohortAsComparison(panel, exclusions);
    }
    int n = panel.unitCount();
    int[] periods = panel.periodsView();
    int[] g = new int[n];
    for (int u = 0; u < n; u++) {
      g[u] = panel.firstTreatedOf(u);
    }
    int[] groups =
        Arrays.stream(g)
            .filter(v -> v != StaggeredPanel.NEVER_TREATED)
            .distinct()
            .sorted()
            .toArray();
    if (groups.length == 0) {
      throw EstimationErrors.noTreatedGroups("every remaining unit is never treated");
    }
    List<GroupTimeEffect> effects = new ArrayList<>();
    List<double[]> influence = new ArrayList<>();
    int firstT = parameters.basePeriod() == BasePeriod.VARYING ? 1 : 0;
    for (int group : groups) {
      int baseForPost = -1;
      for (int p = 0; p < periods.length; p++) {
        if (periods[p] + delta < group) {
          baseForPost = p;
        }
      }
      for (int p = firstT; p < periods.length; p++) {
        boolean post = group <= periods[p];
        int base = post || parameters.basePeriod() == BasePeriod.UNIVERSAL ? baseForPost : p - 1;
        if (base == p) {
          effects.add(
              new GroupTimeEffect(group, periods[p], periods[base], false, 0.0, Double.NaN, 0, 0));
          influence.add(new double[n]);
          continue;
        }
        int latest = periods[Math.max(p, base)];
        boolean[] treated = new boolean[n];
        boolean[] comparison = new boolean[n];
        int nTreated = 0;
        int nComparison = 0;
        for (int u = 0; u < n; u++) {
          treated[u] = g[u] == group;
          comparison[u] =
              g[u] == StaggeredPanel.NEVER_TREATED
                  || (parameters.comparisonGroup() == ComparisonGroup.NOT_YET_TREATED
                      && g[u] > latest + delta
                      && g[u] != group);
          nTreated += treated[u] ? 1 : 0;
          nComparison += comparison[u] ? 1 : 0;
        }
        if (nComparison == 0) {
          exclusions.add(
              new Exclusion(
                  Exclusion.Reason.NO_COMPARISON_UNITS,
                  group,
                  periods[p],
                  nTreated,
                  "no " + comparisonLabel() + " unit in period " + periods[p]));
          continue;
        }
        int min = parameters.minimumCellSize();
        if (nTreated < min || nComparison < min) {
          exclusions.add(
              new Exclusion(
                  Exclusion.Reason.CELL_BELOW_MINIMUM_SIZE,
                  group,
                  periods[p],
                  nTreated + nComparison,
                  String.format(
                      java.util.Locale.ROOT,
                      "%d treated and %d comparison units, minimum %d",
                      nTreated,
                      nComparison,
                      min)));
          continue;
        }
        double[] inf = new double[n];
        double att =
            parameters.covariates().isEmpty()
                ? unconditional(panel, p, base, treated, comparison, inf)
                : conditional(panel, p, base, treated, comparison, inf, group, exclusions);
        if (Double.isNaN(att)) {
          continue;
        }
        double se = standardError(inf, n);
        effects.add(
            new GroupTimeEffect(
                group, periods[p], periods[base], post, att, se, nTreated, nComparison));
        influence.add(inf);
      }
    }
    double[] unitWeights = new double[n];
    long[] clusters = panel.hasClusters() ? new long[n] : null;
    for (int u = 0; u < n; u++) {
      unitWeights[u] = panel.weight(u);
      if (clusters != null) {
        clusters[u] = panel.clusterOf(u);
      }
    }
    return new GroupTimeEffects(
        parameters,
        SamplingDesign.BALANCED_PANEL,
        effects,
        influence.toArray(new double[0][]),
        g,
        unitWeights,
        clusters == null ? null : GroupTimeEffects.clusterCodes(clusters),
        periods.clone(),
        exclusions);
  }

  private String comparisonLabel() {
    return parameters.comparisonGroup() == ComparisonGroup.NEVER_TREATED
        ? "never-treated"
        : "never- or not-yet-treated";
  }

  private void validate(StaggeredPanel panel) {
    if (panel == null) {
      throw EstimationErrors.missingInput("a panel", "StaggeredPanel.builder()");
    }
    for (String c : parameters.covariates()) {
      if (!panel.covariateNames().contains(c)) {
        throw EstimationErrors.unknownCovariate(c, panel.covariateNames().toString());
      }
    }
    if (panel.periodCount() < 2) {
      throw EstimationErrors.tooFewPrePeriods(panel.periodCount(), "CallawaySantAnna");
    }
  }

  private StaggeredPanel recodeLateAndDropAlwaysTreated(
      StaggeredPanel panel, List<Exclusion> exclusions) {
    int[] periods = panel.periodsView();
    int first = periods[0];
    int last = periods[periods.length - 1];
    int n = panel.unitCount();
    int[] g = panel.firstTreated();
    TreeMap<Integer, Integer> late = new TreeMap<>();
    TreeMap<Integer, Integer> always = new TreeMap<>();
    boolean[] keep = new boolean[n];
    for (int u = 0; u < n; u++) {
      keep[u] = true;
      if (g[u] == StaggeredPanel.NEVER_TREATED) {
        continue;
      }
      if (g[u] > last) {
        late.merge(g[u], 1, Integer::sum);
        g[u] = StaggeredPanel.NEVER_TREATED;
      } else if (g[u] <= first + parameters.anticipation()) {
        always.merge(g[u], 1, Integer::sum);
        keep[u] = false;
      }
    }
    late.forEach(
        (cohort, count) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.TREATED_AFTER_LAST_PERIOD,
                    cohort,
                    0,
                    count,
                    "first treated after the last period " + last + "; used as never treated")));
    always.forEach(
        (cohort, count) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.ALWAYS_TREATED,
                    cohort,
                    0,
                    count,
                    "treated by the first period "
                        + first
                        + (parameters.anticipation() > 0
                            ? " (anticipation " + parameters.anticipation() + ")"
                            : "")
                        + ": no pre-treatment period; units dropped")));
    StaggeredPanel out = late.isEmpty() ? panel : panel.withFirstTreated(g);
    return always.isEmpty() ? out : out.units(keep);
  }

  /**
   * did: without never-treated units the last cohort is the comparison, periods from it dropped.
   */
  private StaggeredPanel lastCohortAsComparison(StaggeredPanel panel, List<Exclusion> exclusions) {
    int[] g = panel.firstTreated();
    int gMax = Arrays.stream(g).max().orElseThrow();
    int[] periods = panel.periodsView();
    int keepPeriods = 0;
    while (keepPeriods < periods.length
        && periods[keepPeriods] < gMax - parameters.anticipation()) {
      keepPeriods++;
    }
    int count = 0;
    for (int u = 0; u < g.length; u++) {
      if (g[u] == gMax) {
        g[u] = StaggeredPanel.NEVER_TREATED;
        count++;
      }
    }
    exclusions.add(
        new Exclusion(
            Exclusion.Reason.LAST_COHORT_USED_AS_COMPARISON,
            gMax,
            0,
            count,
            "no never-treated units: cohort "
                + gMax
                + " serves as comparison; periods from "
                + (gMax - parameters.anticipation())
                + " on are dropped"));
    if (keepPeriods < 2) {
      throw EstimationErrors.noTreatedGroups("fewer than 2 periods before the last cohort adopts");
    }
    return panel.withFirstTreated(g).firstPeriods(keepPeriods);
  }

  /**
   * Weighted difference of mean outcome changes, from the sums of weights and weighted changes of
   * the two groups; {@code IF_i = n w_i (dY_i - eta_T)/W_T} for treated units and {@code -n w_i
   * (dY_i - eta_C)/W_C} for comparison units.
   */
  private static double unconditional(
      StaggeredPanel panel,
      int p,
      int base,
      boolean[] treated,
      boolean[] comparison,
      double[] inf) {
    int n = panel.unitCount();
    double wT = 0.0;
    double sT = 0.0;
    double wC = 0.0;
    double sC = 0.0;
    double[] dy = new double[n];
    for (int u = 0; u < n; u++) {
      if (!treated[u] && !comparison[u]) {
        continue;
      }
      dy[u] = panel.outcome(u, p) - panel.outcome(u, base);
      double w = panel.weight(u);
      if (treated[u]) {
        wT += w;
        sT += w * dy[u];
      } else {
        wC += w;
        sC += w * dy[u];
      }
    }
    double etaT = sT / wT;
    double etaC = sC / wC;
    for (int u = 0; u < n; u++) {
      double w = panel.weight(u);
      if (treated[u]) {
        inf[u] = n * w * (dy[u] - etaT) / wT;
      } else if (comparison[u]) {
        inf[u] = -n * w * (dy[u] - etaC) / wC;
      }
    }
    return etaT - etaC;
  }

  private double conditional(
      StaggeredPanel panel,
      int p,
      int base,
      boolean[] treated,
      boolean[] comparison,
      double[] inf,
      int group,
      List<Exclusion> exclusions) {
    int n = panel.unitCount();
    List<Integer> rows = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if (treated[u] || comparison[u]) {
        rows.add(u);
      }
    }
    int n1 = rows.size();
    List<String> names = parameters.covariates();
    double[][] cov = new double[names.size()][];
    for (int j = 0; j < cov.length; j++) {
      cov[j] = panel.covariateView(names.get(j));
    }
    double[] dy = new double[n1];
    double[] d = new double[n1];
    double[] w = new double[n1];
    double[][] x = new double[n1][names.size() + 1];
    for (int i = 0; i < n1; i++) {
      int u = rows.get(i);
      dy[i] = panel.outcome(u, p) - panel.outcome(u, base);
      d[i] = treated[u] ? 1.0 : 0.0;
      w[i] = panel.weight(u);
      x[i][0] = 1.0;
      for (int j = 0; j < cov.length; j++) {
        x[i][j + 1] = cov[j][u];
      }
    }
    DrDidPanel.Result r = DrDidPanel.estimate(parameters.method(), dy, d, x, w);
    if (r.problem() != DrDidPanel.Problem.NONE) {
      exclusions.add(problemExclusion(r.problem(), group, panel.period(p), n1));
      return Double.NaN;
    }
    double scale = (double) n / n1;
    for (int i = 0; i < n1; i++) {
      inf[rows.get(i)] = scale * r.influence()[i];
    }
    return r.att();
  }

  static Exclusion problemExclusion(DrDidPanel.Problem problem, int group, int period, int rows) {
    return problem == DrDidPanel.Problem.PROPENSITY_SCORE_NEAR_ONE
        ? new Exclusion(
            Exclusion.Reason.PROPENSITY_SCORE_NEAR_ONE,
            group,
            period,
            rows,
            "estimated propensity score reaches "
                + DrDidPanel.OVERLAP_LIMIT
                + " or the logit does not converge (perfect separation)")
        : new Exclusion(
            Exclusion.Reason.OUTCOME_REGRESSION_SINGULAR,
            group,
            period,
            rows,
            "the covariates are collinear among the cell's comparison (or treated) units");
  }

  /** {@code sqrt(mean(IF^2)/n)}; NaN when the influence function is numerically 0 (did: NA). */
  static double standardError(double[] inf, int n) {
    double s = 0.0;
    for (double v : inf) {
      s += v * v;
    }
    double se = Math.sqrt(s / n / n);
    return se <= Math.sqrt(Math.ulp(1.0)) * 10 ? Double.NaN : se;
  }
}
