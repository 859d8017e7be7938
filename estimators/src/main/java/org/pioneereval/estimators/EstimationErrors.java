package org.pioneereval.estimators;

import java.util.Locale;

/**
 * The only place where user-facing {@link EstimationException}s are built. Each message states (1)
 * the problem, (2) why it is a problem, (3) how to fix it, so that an analyst reading a failed job
 * log can act without reading the code.
 */
public final class EstimationErrors {
  private EstimationErrors() {}

  private static EstimationException error(String format, Object... args) {
    return new EstimationException(String.format(Locale.ROOT, format, args));
  }

  public static EstimationException missingCluster(VarianceType type) {
    return error(
        "Must provide a cluster variable for %s; use VarianceType.HC1 for"
            + " heteroskedasticity-robust SEs without clusters (cluster-robust variances sum the"
            + " scores within clusters, e.g. sites)",
        shortName(type));
  }

  private static String shortName(VarianceType type) {
    return type == VarianceType.CR1_STATA || type == VarianceType.CR1_FIXEST ? "CR1" : type.name();
  }

  public static EstimationException missingInput(String what, String builderMethod) {
    return error(
        "Must provide %s: the estimator cannot be computed without it; call %s before build()",
        what, builderMethod);
  }

  public static EstimationException lengthMismatch(String what, int actual, int expected) {
    return error(
        "%s has %d entries but the outcome has %d: every array describes the same rows; pass"
            + " arrays of equal length, one entry per observation",
        what, actual, expected);
  }

  public static EstimationException negativeCode(String what, int row, int value) {
    return error(
        "%s[%d] = %d is negative: ids must be dense codes 0..n-1; recode the ids (e.g. by"
            + " ranking the distinct values) before building the observations",
        what, row, value);
  }

  public static EstimationException sparseCodes(String what, int missingCode, int max) {
    return error(
        "%s is not dense: code %d never occurs although the largest code is %d; ids must be"
            + " dense codes 0..n-1 so that every level has observations; recode the ids",
        what, missingCode, max);
  }

  public static EstimationException nonFinite(String what, int row, double value) {
    return error(
        "%s[%d] = %s is not a finite number: estimation needs complete data; drop or impute the"
            + " row before estimation",
        what, row, value);
  }

  public static EstimationException invalidWeight(int row, double value) {
    return error(
        "weights[%d] = %s is not a positive finite number: analytic weights scale each row's"
            + " contribution and must be > 0; drop rows with zero weight or pass null for an"
            + " unweighted fit",
        row, value);
  }

  public static EstimationException treatmentNotBinary(int row, double value) {
    return error(
        "treatment[%d] = %s is not 0 or 1: the DiD treatment is the treated-and-post indicator;"
            + " pass 1 for treated units in treated periods and 0 otherwise",
        row, value);
  }

  public static EstimationException noTreatmentVariation(String detail) {
    return error(
        "The treatment has no usable variation (%s): a DiD effect is identified only by treated"
            + " and untreated observations within units and periods; check the treatment coding"
            + " and the sample filter",
        detail);
  }

  public static EstimationException collinearRegressors(String names) {
    return error(
        "The regressors are collinear (at or near: %s): their coefficients are not identified"
            + " once the fixed effects are absorbed; drop the redundant covariate or event-time"
            + " dummy (time-invariant covariates are absorbed by the unit fixed effects)",
        names);
  }

  public static EstimationException tooFewObservations(long n, int k) {
    return error(
        "Only %d observations for %d parameters (including absorbed fixed effects): the residual"
            + " degrees of freedom N-K must be positive; use more data or fewer regressors",
        n, k);
  }

  public static EstimationException tooFewClusters(int clusters, VarianceType type) {
    return error(
        "Only %d cluster(s) for %s: a cluster-robust variance needs at least 2 clusters (and"
            + " is unreliable below about 30); add clusters, or use WildClusterBootstrap or"
            + " RandomizationInference with few clusters",
        clusters, type);
  }

  public static EstimationException cr2NeedsRows() {
    return error(
        "CR2 cannot be computed from ClusterMoments: the Bell-McCaffrey adjustment needs the rows"
            + " inside each cluster, which the sufficient statistics do not keep; fit"
            + " RegressionData (observation-level input) or use VarianceType.CR1_STATA");
  }

  public static EstimationException dimensionMismatch(int expected, int actual) {
    return error(
        "Regressor vector has %d entries but these moments have dimension %d: all rows and"
            + " clusters must share the same regressors in the same order; build every"
            + " ClusterMoments with the same K",
        actual, expected);
  }

  public static EstimationException noClusters() {
    return error(
        "No cluster moments were given: the regression needs at least one observation; check"
            + " that the input is not empty after filtering");
  }

  public static EstimationException invalidFixedEffectCounts(int absorbed, int nested) {
    return error(
        "absorbedFixedEffects = %d and fixedEffectsNestedInClusters = %d are inconsistent: the"
            + " counts must be >= 0 and nested <= absorbed; count nested fixed effects as size-1"
            + " per fixed-effect set nested in the cluster variable",
        absorbed, nested);
  }

  public static EstimationException invalidLevel(double level) {
    return error(
        "Confidence level %s is not in (0, 1): the level is a probability; pass e.g. 0.95 for a"
            + " 95%% interval",
        level);
  }

  public static EstimationException unknownCoefficient(String name, String known) {
    return error(
        "No coefficient named '%s': the model has %s; use one of these names", name, known);
  }

  public static EstimationException duplicateCovariate(String name) {
    return error(
        "Covariate '%s' was added twice: each covariate becomes one regressor and duplicates are"
            + " collinear; add each covariate once under a distinct name",
        name);
  }

  public static EstimationException invalidWindow(int leads, int lags) {
    return error(
        "Event window (-%d, %d) is invalid: leads and lags must be >= 0 and span at least two"
            + " event times; pass e.g. window(-4, 3) for four leads and three lags",
        leads, lags);
  }

  public static EstimationException referenceOutsideWindow(int reference, int from, int to) {
    return error(
        "Reference period %d is outside the event window [%d, %d]: the omitted period must be"
            + " one of the estimated event times; choose a reference inside the window (usually"
            + " -1)",
        reference, from, to);
  }

  public static EstimationException noPreTrendCoefficients() {
    return error(
        "The event study has no pre-period coefficients to test: the window contains no lead"
            + " other than the reference period; widen the window to include leads (e.g."
            + " window(-4, 3))");
  }

  public static EstimationException staggeredAdoption(int first, int second) {
    return error(
        "Treated units adopt at different times (%d and %d): this test assumes a single adoption"
            + " period as Stata's estat ptrends/granger do; restrict the sample to one adoption"
            + " cohort or use EventStudy",
        first, second);
  }

  public static EstimationException tooFewPrePeriods(int prePeriods, String test) {
    return error(
        "%s needs at least 2 pre-treatment periods but there are %d: a pre-trend cannot be"
            + " estimated from one period; use data with more periods before adoption",
        test, prePeriods);
  }

  public static EstimationException treatmentNotAtClusterLevel(int cluster) {
    return error(
        "Treatment is not assigned at the cluster level in cluster %d: randomisation inference"
            + " permutes whole adoption paths across clusters, so every row of a cluster must"
            + " switch on at the same period and stay on; cluster at the level treatment was"
            + " assigned (e.g. the site)",
        cluster);
  }

  public static EstimationException unitNotNestedInCluster(int unit) {
    return error(
        "Unit %d appears in more than one cluster: the wild cluster bootstrap absorbs the unit"
            + " fixed effects, which is exact only when units are nested in clusters; cluster at"
            + " the unit level or at a level that contains whole units (e.g. the site)",
        unit);
  }

  public static EstimationException invalidDraws(int draws) {
    return error(
        "draws = %d is too small: p-values from fewer than 99 replications are too coarse; use"
            + " at least 99 (9999 is usual for publication)",
        draws);
  }

  public static EstimationException noPermutationVariation() {
    return error(
        "Permuting treatment across clusters cannot change the assignment: all clusters share"
            + " the same adoption path; randomisation inference needs treated and untreated"
            + " clusters");
  }

  public static EstimationException unbalancedStaggeredPanel(
      long unitId, int observed, int periods) {
    return error(
        "Unit %d has %d of the %d periods: group-time effects are computed here on a balanced panel"
            + " (one outcome per unit and period); drop units with missing periods or impute them"
            + " before estimation",
        unitId, observed, periods);
  }

  public static EstimationException duplicateUnitPeriod(long unitId, int period) {
    return error(
        "Unit %d has more than one row for period %d: a panel has one outcome per unit and period;"
            + " aggregate or de-duplicate the rows first (the unit id must be unique by period)",
        unitId, period);
  }

  public static EstimationException firstTreatedNotConstant(long unitId, int first, int second) {
    return error(
        "Unit %d has first-treated periods %d and %d: the adoption period must be the same in every"
            + " row of a unit (treatment is irreversible); give each unit one first-treated period"
            + " (0 for never treated)",
        unitId, first, second);
  }

  public static EstimationException periodsNotIncreasing(int index, int previous, int current) {
    return error(
        "periods[%d] = %d does not exceed the previous period %d: the outcome columns must be"
            + " ordered in time; pass strictly increasing period values (e.g. years 2003..2007)",
        index, current, previous);
  }

  public static EstimationException noNeverTreatedUnits() {
    return error(
        "There are no never-treated units: the never-treated comparison group is empty; use"
            + " ComparisonGroup.NOT_YET_TREATED (did: control_group = \"notyettreated\") or add"
            + " units that never adopt (first-treated period 0)");
  }

  public static EstimationException noTreatedGroups(String detail) {
    return error(
        "No treated group can be estimated (%s): group-time effects need units first treated after"
            + " the first period (plus anticipation); check the first-treated coding (0 = never"
            + " treated) and the periods",
        detail);
  }

  public static EstimationException invalidAnticipation(int anticipation) {
    return error(
        "anticipation = %d is negative: it counts the periods before adoption in which units may"
            + " already react; pass 0 (no anticipation) or a positive number of periods",
        anticipation);
  }

  public static EstimationException unknownCovariate(String name, String known) {
    return error(
        "Covariate '%s' is not in the panel: the parameters name covariates the panel must carry"
            + " (the panel has %s); add it with covariate(name, values) or remove it from the"
            + " parameters",
        name, known);
  }

  public static EstimationException invalidMinimumCellSize(int size) {
    return error(
        "minimumCellSize = %d is below 1: it is the smallest number of treated and of comparison"
            + " units a group-time cell needs; pass 1 or more (e.g. the disclosure threshold)",
        size);
  }

  public static EstimationException noPostTreatmentEffects(String aggregation) {
    return error(
        "No post-treatment group-time effect is available for the %s aggregation: every"
            + " post-treatment cell was dropped or none exists; check the exclusions on the"
            + " group-time effects (e.g. cells below the minimum size)",
        aggregation);
  }

  public static EstimationException eventWindowEmpty(String detail) {
    return error(
        "No event time is left for the dynamic aggregation (%s): the balance or min/max event-time"
            + " restrictions exclude every group-time effect; relax balanceEventTime, minEventTime"
            + " or maxEventTime",
        detail);
  }

  public static EstimationException singularPreTrendCovariance() {
    return error(
        "The covariance matrix of the pre-treatment group-time effects is singular: the Wald"
            + " pre-test cannot be computed (as in did, which then returns no statistic); this"
            + " happens with very small groups; report the individual pre-period effects instead");
  }

  public static EstimationException noPreTreatmentEffects() {
    return error(
        "There are no pre-treatment group-time effects to test: every group is first treated right"
            + " after the first period or the base period is universal with one pre-period; use"
            + " data with more periods before adoption");
  }

  public static EstimationException invalidBootstrapIterations(int iterations) {
    return error(
        "iterations = %d is too small for a multiplier bootstrap: quantiles from fewer than 99"
            + " draws are too coarse; use at least 99 (did uses 999 by default)",
        iterations);
  }

  public static EstimationException noNeverTreatedCohort() {
    return error(
        "No never-treated (or treated-after-the-sample) cohort: the Sun and Abraham estimator needs"
            + " a clean control cohort as reference; add never-treated units or restrict the sample"
            + " to periods before the last cohort adopts (and treat that cohort as the control)");
  }

  public static EstimationException cohortsNeedBalancedTiming(long unitId) {
    return error(
        "Unit %d changes cohort between rows: the cohort (first treated period) is a property of"
            + " the unit; pass one cohort per unit, repeated on each of its rows",
        unitId);
  }

  // ---- staggered: repeated cross-sections, unbalanced panels, clustered bootstrap ----

  public static EstimationException unitValueNotConstant(
      String what, long unitId, Object first, Object second) {
    return error(
        "Unit %d has %s %s on one row and %s on another: with unit ids (an unbalanced panel) the"
            + " %s is a property of the unit, used for its one influence-function value; pass the"
            + " same value on every row of the unit",
        unitId, what, first, second, what);
  }

  public static EstimationException noClustersForBootstrap(SamplingDesign design) {
    return error(
        "The clustered multiplier bootstrap needs clusters, but the %s the effects were estimated"
            + " from has none: the influence functions are summed by cluster before the draws; set"
            + " clusters(...) on the StaggeredPanel or StaggeredObservations builder (e.g. the"
            + " site of each unit), or use MultiplierBootstrap.of(...) to draw one weight per unit",
        design == SamplingDesign.BALANCED_PANEL ? "panel" : "data");
  }
}
