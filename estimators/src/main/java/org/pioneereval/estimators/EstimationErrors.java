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

  // ---- glm ----

  public static EstimationException negativeCount(int row, double value) {
    return error(
        "outcome[%d] = %s is negative: a Poisson model describes counts or other non-negative"
            + " outcomes (its mean exp(x'b) is positive); check the outcome column, or use a"
            + " linear model for outcomes that can be negative",
        row, value);
  }

  public static EstimationException noRegressors() {
    return error(
        "No regressor was given: the Poisson model estimates the coefficient of at least one"
            + " regressor (fixed effects alone have no reported coefficient); add one with"
            + " regressor(name, values) or treatment(values)");
  }

  public static EstimationException duplicateName(String name) {
    return error(
        "The name '%s' is used twice: regressors, fixed effects and cluster variables are looked up"
            + " by name, so each name must be unique; rename one of them",
        name);
  }

  public static EstimationException unknownClusterVariable(String name, String known) {
    return error(
        "No cluster variable named '%s': clustered standard errors sum the scores within the"
            + " groups of a variable of the data (it has %s); add it with cluster(name, ids) or"
            + " cluster by one of the fixed effects",
        name, known);
  }

  public static EstimationException twoWayClusterNeedsTwoVariables(String first, String second) {
    return error(
        "Two-way clustering by '%s' and '%s' needs two different variables: the two-way variance"
            + " adds the one-way variances of both and subtracts that of their intersection; name"
            + " two distinct variables, or use GlmVariance.clustered for one",
        first, second);
  }

  public static EstimationException unknownVariance(String variance, String known) {
    return error(
        "Variance %s was not computed for this fit: only the variances listed in the parameters"
            + " are estimated (%s); add it with PoissonParameters.builder().variance(...)",
        variance, known);
  }

  public static EstimationException noVariance() {
    return error(
        "No variance was requested: coefficients without standard errors cannot be used for"
            + " inference; pass at least one GlmVariance (e.g. GlmVariance.clustered(\"site\"))");
  }

  public static EstimationException invalidTolerance(String what, double value) {
    return error(
        "%s = %s is not a positive number below 1: it is a relative convergence threshold; use"
            + " a small positive value (the defaults are 1e-8 for the deviance and 1e-10 for the"
            + " fixed effects)",
        what, value);
  }

  public static EstimationException invalidIterationLimit(String what, int value) {
    return error(
        "%s = %d is below 1: the algorithm needs at least one iteration; pass a positive limit",
        what, value);
  }

  public static EstimationException allOutcomesZero(int rows) {
    return error(
        "All %d outcomes are zero (after dropping fixed-effect groups whose outcomes are all"
            + " zero): a Poisson model cannot be fitted when nothing is ever counted; check the"
            + " outcome and the sample filter",
        rows);
  }

  public static EstimationException regressorAbsorbed(String name) {
    return error(
        "Regressor '%s' is constant within the fixed effects: its coefficient is not identified"
            + " because the fixed effects absorb it (e.g. a site-level variable with site fixed"
            + " effects); drop the regressor or the fixed effect that absorbs it",
        name);
  }

  public static EstimationException separatedRegressor(String name) {
    return error(
        "Regressor '%s' is non-zero only on rows whose outcome is zero: the Poisson likelihood"
            + " keeps rising as its coefficient goes to minus infinity (separation, Correia,"
            + " Guimaraes and Zylkin 2019), so no estimate exists; drop those rows or the"
            + " regressor, or aggregate to a level where the outcome is not always zero",
        name);
  }

  public static EstimationException poissonNotConverged(int iterations, double deviance) {
    return error(
        "The Poisson IRLS did not converge in %d iterations (deviance %s): the estimates are not"
            + " reliable; raise maxIterations, and check for separation (a regressor or fixed"
            + " effect combination with only zero outcomes) or extreme regressor values",
        iterations, deviance);
  }

  public static EstimationException poissonDiverged(int iteration, String detail) {
    return error(
        "The Poisson IRLS diverged at iteration %d (%s) and step halving found no better point:"
            + " the data push a coefficient towards infinity (separation) or overflow exp(x'b);"
            + " rescale large regressors and check for regressors or groups with only zero"
            + " outcomes",
        iteration, detail);
  }

  public static EstimationException fixedEffectsNotConverged(int sweeps) {
    return error(
        "Absorbing the fixed effects did not converge in %d sweeps: alternating projections are"
            + " slow when fixed-effect dimensions are weakly connected (e.g. few movers between"
            + " sites); raise maxSweeps or fixedEffectTolerance, or drop a fixed-effect dimension",
        sweeps);
  }

  public static EstimationException wrongClusterCount(String type, int expected, int actual) {
    return error(
        "%s needs %d cluster variable(s) but %d were named: the variance type fixes how many"
            + " clusterings are combined; use the factories GlmVariance.clustered(name) or"
            + " GlmVariance.twoWayClustered(first, second)",
        type, expected, actual);
  }

  public static EstimationException tooFewClusterGroups(String variable, int groups) {
    return error(
        "Cluster variable '%s' has only %d group(s) among the rows used: a cluster-robust"
            + " variance needs at least 2 clusters (and is unreliable below about 30); cluster on"
            + " a finer variable or use a heteroskedasticity-robust variance",
        variable, groups);
  }

  // ---- survey ----

  private static String row(int row) {
    return row < 0 ? "" : "[" + row + "]";
  }

  public static EstimationException missingDesignColumn(
      String column, String builderMethod, String alternative) {
    return error(
        "The survey design has no %s: design-based estimates and their variances need every row's"
            + " %s; call %s before build(), or %s",
        column, column, builderMethod, alternative);
  }

  public static EstimationException missingDesignValue(String column, int row) {
    return error(
        "%s%s is missing: every survey row must name its stratum and PSU, since the variance is"
            + " computed from PSU totals within strata; fill the value from the sample frame or drop"
            + " the row before building the design",
        column, row(row));
  }

  public static EstimationException designLengthMismatch(String what, int actual, int expected) {
    return error(
        "%s has %d entries but the survey design has %d rows: design columns and variables"
            + " describe the same respondents; pass one entry per row, in the design's row order",
        what, actual, expected);
  }

  public static EstimationException negativeSurveyWeight(int row, double value) {
    return error(
        "Survey weight%s = %s is negative or not a finite number: sampling weights are inverse"
            + " inclusion probabilities (possibly adjusted for non-response) and must be >= 0;"
            + " check how the weights were derived (trimmed or calibrated weights must stay >= 0),"
            + " and give weight 0 to rows that should not count",
        row(row), value);
  }

  public static EstimationException allWeightsZero(int rows) {
    return error(
        "All %d survey weights are zero: no row contributes to any estimate; check the weight"
            + " column (it may have been read as the wrong variable)",
        rows);
  }

  public static EstimationException invalidFpc(String kind, int row, double value) {
    return error(
        "The finite population correction%s = %s is not a valid %s: population PSU counts must be"
            + " >= 1 and sampling fractions in (0, 1]; pass the number of PSUs in the stratum's"
            + " population with populationPsus(...) or n_h/N_h with samplingFractions(...)",
        row(row), value, kind);
  }

  public static EstimationException invalidPopulationPsus(String stratum, double value) {
    return error(
        "Population PSUs of stratum '%s' = %s is not >= 1: the finite population correction"
            + " 1 - n/N needs the number of PSUs in the stratum's population; pass a count >= the"
            + " sampled PSUs, or Double.POSITIVE_INFINITY for no correction",
        stratum, value);
  }

  public static EstimationException invalidSampledPsus(String stratum, Integer value) {
    return error(
        "Sampled PSUs of stratum '%s' = %s is not >= 1: it counts the PSUs drawn in the stratum;"
            + " pass the design's count of distinct PSUs per stratum",
        stratum, value);
  }

  public static EstimationException fpcNotConstant(String stratum, double first, double second) {
    return error(
        "The finite population correction varies within stratum '%s' (%s and %s): it describes"
            + " the stratum's PSU sampling and must be the same on all its rows; fix the fpc column"
            + " or the stratum ids",
        stratum, first, second);
  }

  public static EstimationException populationBelowSample(
      String stratum, double population, int sampled) {
    return error(
        "Stratum '%s' has %d sampled PSUs but only %s in the population: the finite population"
            + " correction would exceed 100%% sampling (R: \"FPC implies >100%% sampling\"); check"
            + " that fpc counts PSUs (not persons) and that PSU ids are read within strata",
        stratum, sampled, population);
  }

  public static EstimationException missingStratumFpc(String stratum, String known) {
    return error(
        "Stratum '%s' has no finite population correction (strata with one: %s): with a finite"
            + " population correction every stratum needs its population PSU count; add it (or"
            + " Double.POSITIVE_INFINITY for no correction in that stratum)",
        stratum, known);
  }

  public static EstimationException missingStratumSampledPsus(String stratum, String known) {
    return error(
        "Stratum '%s' has no sampled-PSU count (strata with one: %s): when sampled PSUs are"
            + " given, every stratum of the totals needs its count; add it, or omit sampledPsus to"
            + " count the PSUs present in the totals",
        stratum, known);
  }

  public static EstimationException morePsusThanSampled(String stratum, int present, int sampled) {
    return error(
        "Stratum '%s' has totals for %d PSUs but the design sampled %d: the totals and the design"
            + " disagree; aggregate the totals from the same rows and PSU ids as the design",
        stratum, present, sampled);
  }

  public static EstimationException lonelyPsu(String stratum) {
    return error(
        "Stratum (%s) has only one PSU: the variance within a stratum is estimated from the spread"
            + " of its PSU totals, which needs at least two PSUs (R survey: \"Stratum (%s) has only"
            + " one PSU at stage 1\"); merge the stratum with a similar one (collapsed strata), or"
            + " use LonelyPsu.ADJUST (R options(survey.lonely.psu = \"adjust\")) to centre the"
            + " lonely PSU at the grand mean, or, if the PSU was taken with certainty, set the"
            + " stratum's population PSUs to 1",
        stratum, stratum);
  }

  public static EstimationException noPsus() {
    return error(
        "There are no PSU totals: design-based estimates need at least one PSU with rows; check"
            + " that the input is not empty after filtering");
  }

  public static EstimationException unknownPsu(String stratum, String psu) {
    return error(
        "PSU '%s' in stratum '%s' has no totals: only PSUs with rows are held; list them with"
            + " psus()",
        psu, stratum);
  }

  public static EstimationException duplicateSurveyVariable(String name) {
    return error(
        "Survey variable '%s' is listed twice: each column of the PSU totals needs a distinct"
            + " name; rename one of them",
        name);
  }

  public static EstimationException unknownSurveyVariable(String name, String known) {
    return error(
        "No survey variable named '%s': the totals hold %s; add the variable when the totals"
            + " are built, or use one of these names",
        name, known);
  }

  public static EstimationException nonFiniteSurveyValue(String name, int row, double value) {
    return error(
        "%s%s = %s is missing or not finite: design-based estimates need a value in every row"
            + " they use; estimate in a Domain of complete cases (R na.rm = TRUE) or impute first",
        name, row(row), value);
  }

  public static EstimationException incompatibleTotals(String these, String others) {
    return error(
        "Cannot merge totals of %s with totals of %s: merged totals must hold the same columns in"
            + " the same order; build both with the same variable lists",
        these, others);
  }

  public static EstimationException zeroDenominator(String denominator, String what) {
    return error(
        "The estimated total of %s is zero, so the ratio or mean for %s is undefined: the domain"
            + " or denominator has no weighted rows; check the domain definition or drop this"
            + " estimate",
        denominator, what);
  }

  public static EstimationException calibrationTotalsLength(int given, int expected) {
    return error(
        "%d population totals were given for %d calibration variables: linear calibration needs"
            + " the population size first, then one total per auxiliary variable (R calibrate(...,"
            + " population = c(N, T1, ...))); pass %d totals",
        given, expected, expected);
  }

  public static EstimationException singularCalibration(String name) {
    return error(
        "Calibration variables are collinear (at %s): sum w x x' is singular, so the calibration"
            + " equations have no unique solution; drop the redundant auxiliary variable",
        name);
  }

  public static EstimationException alreadyCalibrated(String names) {
    return error(
        "The design is already calibrated on %s: calibrating twice would ignore the first"
            + " residualisation; calibrate once on all auxiliary variables together",
        names);
  }

  public static EstimationException calibratedGlm(String names) {
    return error(
        "Survey GLMs on a calibrated design (calibrated on %s) are not implemented: their"
            + " variance needs the GREG residualisation of the estimating functions; fit the GLM on"
            + " the uncalibrated design",
        names);
  }

  public static EstimationException noGlmRegressors() {
    return error(
        "The GLM has no regressors: at least the intercept is needed; include the intercept"
            + " column (e.g. \"(Intercept)\") in the names");
  }

  public static EstimationException responseOutsideUnitInterval(double value) {
    return error(
        "A quasibinomial response of %s is outside [0, 1]: the logit model describes a"
            + " proportion or a 0/1 indicator; recode the outcome (e.g. top box = score >="
            + " threshold) or use the gaussian family",
        value);
  }

  public static EstimationException glmNotConverged(int iterations, String family) {
    return error(
        "The %s survey GLM did not converge in %d iterations: the likelihood has no finite"
            + " maximum, usually because of perfect separation (a covariate pattern, e.g. a"
            + " treated x post cell, where all or no respondents are top box); merge sparse"
            + " categories or use the gaussian (linear probability) model",
        family, iterations);
  }

  public static EstimationException collinearSurveyRegressors(String name) {
    return error(
        "The survey GLM's regressors are collinear (at or near %s): its coefficient is not"
            + " identified; drop the redundant regressor or check that every DiD cell (treated x"
            + " post) has respondents",
        name);
  }

  public static EstimationException tooFewPsusForGlm(int psus, int parameters) {
    return error(
        "Only %d PSUs for %d coefficients: the residual degrees of freedom (PSUs - strata + 1 -"
            + " K) must be positive for design-based t-tests; use fewer regressors or a design"
            + " with more PSUs (dummies of the PSUs themselves are not counted when fitted with"
            + " SurveyGlm.fitWithPsuFixedEffects)",
        psus, parameters);
  }

  public static EstimationException didIndicatorNotBinary(String what, int row, double value) {
    return error(
        "%s[%d] = %s is not 0 or 1: the survey DiD regresses on treated, post and their product;"
            + " pass 1 for the programme areas (treated) or the post-go-live waves (post) and 0"
            + " otherwise",
        what, row, value);
  }

  public static EstimationException didRegressorsOutOfOrder(String names) {
    return error(
        "The DiD cells have regressors %s: SurveyDid expects (Intercept), treated, post,"
            + " treated:post first; build the cells with SurveyDid.coefficientNames(...) and"
            + " SurveyDid.regressors(...)",
        names);
  }

  public static EstimationException countMismatch(
      String what, int actual, int expected, String perWhat) {
    return error(
        "%s has %d entries but %d are expected, one per %s: the entries are matched by position;"
            + " pass exactly one per %s, in the same order",
        what, actual, expected, perWhat, perWhat);
  }

  public static EstimationException invalidProbability(double p) {
    return error(
        "Quantile probability %s is not in (0, 1): pass e.g. 0.5 for the median or 0.25 for the"
            + " lower quartile",
        p);
  }

  // ---- multiplicity ----

  public static EstimationException pValueOutOfRange(int index, double value) {
    return error(
        "p-value[%d] = %s is not in [0, 1]: adjustments apply to p-values; pass the p-values (not"
            + " t statistics or adjusted values), with NaN for outcomes that were not estimated",
        index, value);
  }

  public static EstimationException duplicateOutcome(String name) {
    return error(
        "Outcome '%s' appears twice in the family: each outcome is one hypothesis and counting it"
            + " twice changes m; list each outcome once",
        name);
  }

  public static EstimationException unknownOutcome(String name, String known) {
    return error("No outcome named '%s' in the family %s; use one of these names", name, known);
  }

  // ---- synth ----

  public static EstimationException synthUnbalanced(
      String unit, int observed, int periods, String detail) {
    return error(
        "Unit '%s' has %d of the %d periods (%s): synthetic control and synthetic DiD compare"
            + " every unit in every period, so the panel must be balanced; drop the unit or the"
            + " incomplete periods, or impute the missing outcomes before estimation",
        unit, observed, periods, detail);
  }

  public static EstimationException synthDuplicateCell(String unit, int period) {
    return error(
        "Unit '%s' has more than one row for period %d: the panel has one outcome per unit and"
            + " period; aggregate the rows (e.g. sum admissions per site and month) first",
        unit, period);
  }

  public static EstimationException synthDuplicateUnit(String unit) {
    return error(
        "Unit label '%s' occurs twice: each outcome row is one unit and weights are reported by"
            + " label; give every unit a distinct label",
        unit);
  }

  public static EstimationException synthUnknownTreatedUnit(String unit, int units) {
    return error(
        "Treated unit '%s' is not among the panel's %d units: the treated block must be a subset"
            + " of the units; check the label's spelling or add the unit's outcome row",
        unit, units);
  }

  public static EstimationException synthNoControls(int units) {
    return error(
        "All %d units are treated, so there are no control units: a synthetic control is a"
            + " weighted average of untreated units; add sites that never joined the programme",
        units);
  }

  public static EstimationException synthNoPrePeriods(int firstTreated, int firstPeriod) {
    return error(
        "No pre-treatment period: the first treated period %d is not after the first period %d,"
            + " and the weights are fitted on periods before treatment; use data that starts"
            + " before the treatment (or check the first treated period)",
        firstTreated, firstPeriod);
  }

  public static EstimationException synthNoPostPeriods(int firstTreated, int lastPeriod) {
    return error(
        "No post-treatment period: the first treated period %d is after the last period %d, so"
            + " there is no effect to estimate; use data that covers the treated periods (or check"
            + " the first treated period)",
        firstTreated, lastPeriod);
  }

  public static EstimationException synthTreatedMissingValue(
      String unit, int period, double value) {
    return error(
        "Treated unit '%s' has no valid outcome in period %d (%s): the estimate averages the"
            + " treated units over every period, so a missing value would bias or void it; impute"
            + " the outcome, or drop the period for all units",
        unit, period, value);
  }

  public static EstimationException synthControlMissingValue(
      String unit, int period, double value) {
    return error(
        "Control unit '%s' has no valid outcome in period %d (%s): the panel must be balanced"
            + " because every control's full series enters the weights; drop this control or"
            + " impute the outcome before estimation",
        unit, period, value);
  }

  public static EstimationException synthUnknownCell(String unit, int period) {
    return error(
        "No outcome for unit '%s' in period %d: the panel has no such unit or period; use one of"
            + " units() and periods()",
        unit, period);
  }

  public static EstimationException synthUnknownWeight(String kind, String label) {
    return error(
        "No weight for %s '%s': weights exist for the control units and pre-periods only; use"
            + " unitWeights() or periodWeights() to list them",
        kind, label);
  }

  public static EstimationException synthTooFewPrePeriodsForNoise(int prePeriods, int controls) {
    return error(
        "%d pre-period(s) and %d control(s) give fewer than 2 first differences: the"
            + " regularisation of the weights is scaled by the standard deviation of the"
            + " controls' pre-period first differences; use more pre-periods (at least 2 with 2"
            + " controls) or SynthMethod.DID",
        prePeriods, controls);
  }

  public static EstimationException synthPlaceboNeedsMoreControls(int controls, int treated) {
    return error(
        "The placebo standard error needs more controls than treated units, but there are %d"
            + " controls and %d treated: each placebo makes %d controls pseudo-treated and needs"
            + " controls left over; add control sites or report the estimate without a placebo SE",
        controls, treated, treated);
  }

  public static EstimationException synthTooFewReplications(int replications) {
    return error(
        "%d placebo replication(s) cannot give a standard deviation: the placebo SE is the spread"
            + " of the placebo estimates; use at least 2 replications (synthdid uses 200)",
        replications);
  }

  public static EstimationException synthInvalidPermutation(int replication, String detail) {
    return error(
        "Placebo permutation %d is not a permutation of the control positions (%s): each"
            + " replication reorders all controls, 0-based in controlUnits() order; pass one"
            + " permutation of 0..N0-1 per replication",
        replication, detail);
  }

  public static EstimationException synthInvalidSetting(
      String setting, String value, String expected) {
    return error(
        "%s = %s is invalid: it must be %s; pass a valid value or leave the synthdid default",
        setting, value, expected);
  }

  public static EstimationException synthEstimateOfAnotherPanel() {
    return error(
        "The estimate was not computed from this panel (its control units, pre-periods or"
            + " treated units differ): the placebo SE re-runs the estimator on the same panel"
            + " with the estimate's weights as start; pass the panel the estimate came from");
  }

  // ---- matching ----

  public static EstimationException matchingLengthMismatch(String what, int actual, int expected) {
    return error(
        "%s has %d entries but there are %d units: every array describes the same units in the"
            + " same order; pass one entry per unit",
        what, actual, expected);
  }

  public static EstimationException noUnitsInGroup(String group) {
    return error(
        "There are no %s units: propensity scores, matching and balance compare treated with"
            + " control units; check the treatment flag and the sample filter",
        group);
  }

  public static EstimationException invalidMatchingRatio(int ratio) {
    return error(
        "ratio = %d is below 1: it is the number of controls matched to each treated unit (k in"
            + " 1:k matching); pass 1 for pair matching or e.g. 4 for 1:4 matching",
        ratio);
  }

  public static EstimationException invalidCaliper(double width) {
    return error(
        "Caliper width %s is not a positive finite number: the caliper is the largest allowed"
            + " distance between a treated unit and its controls; pass e.g."
            + " Caliper.standardDeviations(0.2), or Caliper.none() for no caliper",
        width);
  }

  public static EstimationException invalidPropensityScore(int row, double value) {
    return error(
        "propensityScore[%d] = %s is not strictly between 0 and 1: a propensity score of 0 or 1"
            + " (or a missing one) gives an infinite logit distance or odds weight and means the"
            + " unit has no comparable counterpart; refit the propensity model (check for"
            + " perfect separation) or drop units outside the common support",
        row, value);
  }

  public static EstimationException noControlsInStratum(String stratum, int treated, int strata) {
    return error(
        "Exact-matching stratum %s has %d treated unit(s) but no control (%d stratum/strata like"
            + " this): matching is only allowed within a stratum, so these treated units cannot be"
            + " matched; coarsen the exact-matching variables, drop these treated units from the"
            + " target population explicitly, or call dropTreatedWithoutControls()",
        stratum, treated, strata);
  }

  public static EstimationException noMatches(String detail) {
    return error(
        "No treated unit could be matched (%s): the effect on the treated cannot be estimated"
            + " from an empty matched sample; widen the caliper, coarsen the exact strata or check"
            + " the overlap of the propensity scores",
        detail);
  }

  public static EstimationException subclassesNeedMatchingWithoutReplacement() {
    return error(
        "Matched sets were formed with replacement, so they overlap and are not subclasses: a"
            + " control can belong to several sets; use the matching weights with a"
            + " heteroskedasticity-robust (HC1) variance, or match without replacement to cluster"
            + " on the matched pair");
  }

  public static EstimationException treatmentNotZeroOrOne(int row, double value) {
    return error(
        "treated[%d] = %s is not 0 or 1: the propensity model's outcome is the treatment"
            + " indicator; pass 1 for treated and 0 for control units",
        row, value);
  }

  public static EstimationException invalidLogitIterations(int maxIterations, double tolerance) {
    return error(
        "maxIterations = %d / tolerance = %s are invalid: IRLS needs at least 1 iteration and a"
            + " positive tolerance; use the defaults (25 iterations, 1e-8 as R glm)",
        maxIterations, tolerance);
  }

  public static EstimationException logitCollinear(String covariate) {
    return error(
        "The propensity-model covariates are collinear (at or near '%s'): their coefficients are"
            + " not identified; drop the redundant covariate or the reference level of a"
            + " categorical variable (keep one intercept)",
        covariate);
  }

  public static EstimationException logitDidNotConverge(int iterations, double deviance) {
    return error(
        "The propensity-score logit did not converge in %d IRLS iterations (deviance %s still"
            + " changing): the coefficients keep moving, which usually means near-separation or"
            + " very badly scaled covariates; rescale the covariates (e.g. costs in GBP 1,000s)"
            + " or raise maxIterations",
        iterations, deviance);
  }

  public static EstimationException perfectSeparation(int iterations, long boundaryRows) {
    return error(
        "The propensity-score logit did not converge in %d IRLS iterations and %d unit(s) have"
            + " fitted probabilities within 1e-8 of 0 or 1: a covariate or combination of"
            + " covariates separates treated from control units perfectly (e.g. a category or"
            + " stratum with only treated or only control units), so the maximum-likelihood"
            + " estimate does not exist and these units have no comparable counterpart; drop or"
            + " merge that category, match exactly on it, or restrict the sample to the common"
            + " support",
        iterations, boundaryRows);
  }

  public static EstimationException unknownMatchingCovariate(String name, String known) {
    return error(
        "Covariate '%s' is not among the covariates (%s): coarsened exact matching needs every"
            + " coarsened variable as a column; add it to Covariates or remove its cut points",
        name, known);
  }

  public static EstimationException invalidCutPoints(String covariate, String detail) {
    return error(
        "Cut points for '%s' are invalid (%s): they split the covariate into bins [c_j, c_j+1)"
            + " and must be finite and strictly increasing; pass e.g. cutPoints(\"age\", 40, 65,"
            + " 80)",
        covariate, detail);
  }

  public static EstimationException noMatchedStrata(int strata) {
    return error(
        "None of the %d coarsened strata contains both treated and control units: coarsened exact"
            + " matching keeps only strata with both; use fewer cut points or fewer covariates",
        strata);
  }

  public static EstimationException notATreatedRow(int row) {
    return error(
        "Row %d is not a treated unit of the matched sample: matched sets are indexed by the row"
            + " of their treated unit; pass a row from treatedRows()",
        row);
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

  // ---- matching: matched-cohort DiD from per-cluster sums ----

  public static EstimationException cohortInvalidWeight(double value) {
    return error(
        "A patient's matching weight is %s: weights must be finite and >= 0 (1 for matched"
            + " treated patients, the matching weight for controls, 0 for unmatched patients);"
            + " check the weight column of the matched cohort",
        value);
  }

  public static EstimationException cohortInvalidOutcome(String period, double value) {
    return error(
        "A patient's outcome in the 12 months %s the index date is %s: the before/after"
            + " outcomes (admission counts, costs) must be finite and >= 0; replace missing"
            + " activity by 0 or drop the patient before building the cell sums",
        period, value);
  }

  public static EstimationException cohortTotalsIncomplete(int set, int required) {
    return error(
        "Only %d of the %d cell totals were set: every sum of CohortCellSums.fromTotals() is"
            + " needed by the variances; set all of them (zeroWeightPatients is optional)",
        set, required);
  }

  public static EstimationException cohortTotalsInconsistent(String totals) {
    return error(
        "The cell totals are inconsistent (%s): counts must be >= 0 with patientsWithOutcome <="
            + " patients, and the weighted sums of non-negative weights and outcomes must be >= 0;"
            + " compute every total over the same patients with weight > 0",
        totals);
  }

  public static EstimationException cohortNoTreated(long zeroWeight) {
    return error(
        "The matched cohort has no treated patient with a positive weight (%d treated patients"
            + " have weight 0): the effect on the treated needs matched treated patients; check"
            + " that matching succeeded (caliper, exact matching) and that the treated flag is set",
        zeroWeight);
  }

  public static EstimationException cohortNoControls(long zeroWeight) {
    return error(
        "The matched cohort has no control patient with a positive weight (%d control patients"
            + " have weight 0): the counterfactual change comes from matched controls; check that"
            + " matching found controls and that the comparison-site cells were passed",
        zeroWeight);
  }

  public static EstimationException cohortOutcomeAllZero(String group, String period) {
    return error(
        "The weighted outcome of the %s patients in the 12 months %s the index date is 0: the"
            + " Poisson rate ratio divides post by pre totals of each group, so it is 0, infinite"
            + " or undefined; report the difference in mean changes instead, or use an outcome"
            + " with events in both periods",
        group, period);
  }

  public static EstimationException cohortTooFewClusters(int clusters, String estimator) {
    return error(
        "Only %d cluster(s) hold patients for %s: the cluster-robust variance sums the scores by"
            + " cluster and needs at least 2 clusters (and is unreliable below about 20-30);"
            + " pass the cells of all sites, or cluster on a finer unit (e.g. GP practice)",
        clusters, estimator);
  }

  // ---- two-way panel moments ----

  public static EstimationException panelMomentsShape(String what, int given, int minimum) {
    return error(
        "A two-way panel reduction needs at least %d %s, got %d: with fewer there is nothing to"
            + " estimate after the unit and period effects are absorbed; check the panel's"
            + " periods and the regressors and outcomes passed",
        minimum, what, given);
  }

  public static EstimationException panelMomentsPeriod(int period, int periods) {
    return error(
        "Period index %d is outside 0..%d: periods are indexed densely from 0 (the reference"
            + " period) in the order of the panel's time values; map each time value to its"
            + " position among the distinct values first",
        period, periods - 1);
  }

  public static EstimationException panelMomentsVariance(VarianceType type) {
    return error(
        "%s is not available from per-cluster moments: it needs the residual of every row (HC1)"
            + " or the rows of each cluster (CR2); use IID, CR1_STATA or CR1_FIXEST, or fit the"
            + " rows in memory with TwoWayFixedEffectsDid",
        type);
  }
}
