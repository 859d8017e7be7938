package org.pioneereval.jobs.did;

import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.BootstrapWeights;
import org.pioneereval.estimators.CallawaySantAnna;
import org.pioneereval.estimators.ChiSquaredTest;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.EventStudy;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.GoodmanBaconDecomposition;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.MultiplierBootstrap;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.RandomizationInference;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.SamplingDesign;
import org.pioneereval.estimators.StaggeredObservations;
import org.pioneereval.estimators.StaggeredPanel;
import org.pioneereval.estimators.SunAbraham;
import org.pioneereval.estimators.SunAbrahamResult;
import org.pioneereval.estimators.TwoByTwoDid;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.estimators.UniformBands;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.estimators.WildClusterBootstrap;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * {@code pioneer-eval did} as a job: reads an analyst's panel or repeated cross-section (CSV,
 * Parquet or Delta; see {@link InputFormat}), runs the chosen estimator of the {@code estimators}
 * module on it and returns a {@link DidResult}. The session is passed in; nothing is written (the
 * command writes the JSON).
 *
 * <ul>
 *   <li><b>twfe</b>: {@code y = unit + period + b D + X'g + e}; optional wild cluster bootstrap
 *       (restricted, Webb weights, seeded; Roodman et al. 2019) and randomisation inference
 *       (permuted adoption paths across clusters) of {@code b = 0}.
 *   <li><b>2x2</b>: {@code y = a + b1 G + b2 Post + b3 G x Post}, G = unit treated at some point,
 *       Post = from the last adoption period on; rows between the first and the last adoption
 *       period are left out (with one adoption date there are none).
 *   <li><b>event-study</b>: one coefficient per event time in the window (reference period omitted;
 *       end points binned unless trimmed) and the joint Wald test of the leads.
 *   <li><b>cs</b>: Callaway and Sant'Anna ATT(g,t) with analytic influence-function SEs (did's
 *       {@code sqrt(mean(IF^2)/n)}, n = units, or observations for repeated cross-sections), the
 *       requested aggregation, did's Wald pre-test and optionally the multiplier bootstrap
 *       clustered by the cluster column. A balanced panel ({@code --sampling panel}) needs every
 *       unit in every period and one value per unit of cohort, weight, cluster and covariates; an
 *       unbalanced panel links rows by the unit; repeated cross-sections treat every row as its own
 *       observation (the unit column is its group, e.g. the site, and the default cluster).
 *   <li><b>sun-abraham</b>: interaction-weighted event study and ATT with never-treated units as
 *       the control cohort, SEs of the chosen variance type clustered by the cluster column.
 *   <li><b>bacon</b>: the Goodman-Bacon decomposition of the TWFE coefficient of a balanced panel.
 * </ul>
 *
 * The staggered estimators need whole-period time values; the cohort is {@code --cohort}, or the
 * unit's first period with treatment 1.
 *
 * <p>Standard errors follow {@link org.pioneereval.estimators.VarianceType}; clusters default to
 * the unit. With repeated cross-sections the unit is the group whose effect is absorbed (e.g. the
 * hospital), as in Stata {@code didregress ..., group() time()}.
 */
public final class DidAnalysis {

  private final SparkSession spark;
  private final DidSpecification spec;

  private DidAnalysis(SparkSession spark, DidSpecification spec) {
    this.spark = spark;
    this.spec = spec;
  }

  public static DidAnalysis create(SparkSession spark, DidSpecification specification) {
    return new DidAnalysis(spark, specification);
  }

  public DidResult execute() {
    InputFormat format = InputFormat.detect(spec.input());
    PanelFile.Usable usable = PanelFile.usable(spark, spec, format);
    try {
      if (ClusterMomentsTwfe.applies(spec)) {
        Optional<DidResult> reduced = ClusterMomentsTwfe.estimate(spec, format, usable);
        if (reduced.isPresent()) {
          return reduced.get();
        }
      }
      return estimate(format, PanelFile.collect(spec, usable));
    } catch (EstimationException e) {
      throw PipelineErrors.didEstimationFailed(e);
    } finally {
      usable.release();
    }
  }

  private DidResult estimate(InputFormat format, PanelRows rows) {
    double[] d = treatment(rows);
    boolean[] treatedUnit = new boolean[rows.unitCount()];
    for (int i = 0; i < d.length; i++) {
      treatedUnit[rows.unit()[i]] |= d[i] == 1.0;
    }
    int treatedUnits = 0;
    for (boolean t : treatedUnit) {
      treatedUnits += t ? 1 : 0;
    }
    DidResult.DataSummary data =
        new DidResult.DataSummary(
            rows.rowsRead(),
            rows.size(),
            rows.rowsDroppedMissing(),
            rows.unitCount(),
            rows.periodCount(),
            rows.clusterCount(),
            treatedUnits,
            DidResult.Computation.ROWS_ON_DRIVER);
    PanelObservations obs = observations(rows, d);
    Optional<DidEstimate> effect = Optional.empty();
    Optional<EventStudyResult> eventStudy = Optional.empty();
    Optional<WaldTest> preTrend = Optional.empty();
    Optional<BootstrapResult> bootstrap = Optional.empty();
    Optional<RandomizationResult> randomization = Optional.empty();
    Optional<DidResult.CallawaySantAnnaOutput> cs = Optional.empty();
    Optional<SunAbrahamResult> sunAbraham = Optional.empty();
    Optional<GoodmanBaconDecomposition.Result> bacon = Optional.empty();
    switch (spec.method()) {
      case TWFE -> {
        effect = Optional.of(TwoWayFixedEffectsDid.withVariance(spec.variance()).fit(obs));
        if (spec.bootstrapDraws() > 0) {
          bootstrap =
              Optional.of(
                  WildClusterBootstrap.builder()
                      .draws(spec.bootstrapDraws())
                      .weights(BootstrapWeights.WEBB)
                      .restricted()
                      .seed(spec.seed())
                      .build()
                      .test(obs));
        }
        if (spec.randomizationPermutations() > 0) {
          randomization =
              Optional.of(
                  RandomizationInference.builder()
                      .permutations(spec.randomizationPermutations())
                      .seed(spec.seed())
                      .build()
                      .test(obs));
        }
      }
      case TWO_BY_TWO -> effect = Optional.of(twoByTwo(rows, d, treatedUnit));
      case EVENT_STUDY -> {
        EventStudyResult es =
            EventStudy.builder()
                .variance(spec.variance())
                .referencePeriod(spec.referencePeriod())
                .window(spec.windowFirst(), spec.windowLast())
                .binEndpoints(spec.binEndpoints())
                .build()
                .fit(obs, eventTimes(rows, d));
        eventStudy = Optional.of(es);
        boolean anyLead = es.coefficients().stream().anyMatch(c -> c.eventTime() < 0);
        preTrend = anyLead ? Optional.of(es.preTrendWald()) : Optional.empty();
      }
      case CALLAWAY_SANT_ANNA -> cs = Optional.of(callawaySantAnna(rows, cohorts(rows, d)));
      case SUN_ABRAHAM ->
          sunAbraham =
              Optional.of(
                  SunAbraham.withVariance(spec.variance())
                      .fit(obs, sunAbrahamCohorts(rows, cohorts(rows, d))));
      case GOODMAN_BACON ->
          bacon =
              Optional.of(
                  GoodmanBaconDecomposition.decompose(
                      balancedPanel(rows, cohorts(rows, d)).build()));
    }
    return new DidResult(
        spec,
        format,
        data,
        effect,
        eventStudy,
        preTrend,
        bootstrap,
        randomization,
        cs,
        sunAbraham,
        bacon);
  }

  /** Per row, the unit's first treated period (time units), or NaN for never-treated units. */
  private static double[] cohorts(PanelRows rows, double[] d) {
    if (rows.cohort() != null) {
      return rows.cohort();
    }
    double[] adoption = new double[rows.unitCount()];
    Arrays.fill(adoption, Double.NaN);
    for (int i = 0; i < d.length; i++) {
      int u = rows.unit()[i];
      if (d[i] == 1.0 && !(rows.timeValue()[i] >= adoption[u])) {
        adoption[u] = rows.timeValue()[i];
      }
    }
    double[] out = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = adoption[rows.unit()[i]];
    }
    return out;
  }

  private static int label(double value) {
    return Double.isNaN(value) ? StaggeredPanel.NEVER_TREATED : (int) Math.round(value);
  }

  private DidResult.CallawaySantAnnaOutput callawaySantAnna(PanelRows rows, double[] cohort) {
    CallawaySantAnna estimator = CallawaySantAnna.withParameters(spec.callawaySantAnnaParameters());
    GroupTimeEffects gt =
        spec.sampling() == SamplingDesign.BALANCED_PANEL
            ? estimator.fit(balancedPanel(rows, cohort).build())
            : estimator.fit(staggeredObservations(rows, cohort));
    AggregatedEffects aggregation = gt.aggregate(spec.aggregation());
    Optional<ChiSquaredTest> preTest;
    try {
      preTest = Optional.of(gt.preTrendTest());
    } catch (EstimationException e) {
      preTest = Optional.empty();
    }
    Optional<UniformBands> cellBands = Optional.empty();
    Optional<UniformBands> aggregationBands = Optional.empty();
    if (spec.bootstrapDraws() > 0) {
      MultiplierBootstrap boot =
          MultiplierBootstrap.clustered(spec.bootstrapDraws(), spec.seed(), LEVEL);
      cellBands = Optional.of(boot.bands(gt));
      if (!aggregation.effects().isEmpty()) {
        aggregationBands = Optional.of(boot.bands(aggregation));
      }
    }
    return new DidResult.CallawaySantAnnaOutput(
        gt, aggregation, preTest, cellBands, aggregationBands);
  }

  /** Level of the multiplier bootstrap's simultaneous bands. */
  public static final double LEVEL = 0.95;

  /**
   * The wide balanced panel: one outcome per unit and period; cohort, weight, cluster and
   * covariates must be one value per unit.
   */
  private StaggeredPanel.Builder balancedPanel(PanelRows rows, double[] cohort) {
    int n = rows.unitCount();
    int t = rows.periodCount();
    int[] labels = periodLabels(rows);
    double[][] y = new double[n][t];
    int[] count = new int[n];
    for (int i = 0; i < rows.size(); i++) {
      y[rows.unit()[i]][rows.period()[i]] = rows.outcome()[i];
      count[rows.unit()[i]]++;
    }
    int incomplete = 0;
    for (int c : count) {
      incomplete += c == t ? 0 : 1;
    }
    if (incomplete > 0) {
      throw PipelineErrors.didUnbalancedPanel(incomplete, t);
    }
    long[] ids = new long[n];
    for (int u = 0; u < n; u++) {
      ids[u] = u;
    }
    StaggeredPanel.Builder b =
        StaggeredPanel.builder()
            .periods(labels)
            .outcomes(y)
            .unitIds(ids)
            .firstTreated(perUnit(rows, labelsOf(cohort), cohortOption()));
    if (rows.weights() != null) {
      b.weights(perUnit(rows, rows.weights(), "--weights", spec.weights().orElseThrow()));
    }
    double[] cluster = new double[rows.size()];
    for (int i = 0; i < cluster.length; i++) {
      cluster[i] = rows.cluster()[i];
    }
    double[] clusterOfUnit = perUnit(rows, cluster, "--cluster", spec.clusterColumn());
    long[] c = new long[n];
    for (int u = 0; u < n; u++) {
      c[u] = (long) clusterOfUnit[u];
    }
    b.clusters(c);
    if (spec.method() == DidMethod.CALLAWAY_SANT_ANNA) {
      for (int j = 0; j < spec.covariates().size(); j++) {
        String name = spec.covariates().get(j);
        b.covariate(name, perUnit(rows, rows.covariates().get(j), "--covariates", name));
      }
    }
    return b;
  }

  private String[] cohortOption() {
    return spec.cohort().isPresent()
        ? new String[] {"--cohort", spec.cohort().get()}
        : new String[] {"--treatment", spec.treatment().orElseThrow()};
  }

  private int[] perUnit(PanelRows rows, double[] labels, String[] option) {
    double[] v = perUnit(rows, labels, option[0], option[1]);
    int[] out = new int[v.length];
    for (int u = 0; u < v.length; u++) {
      out[u] = (int) v[u];
    }
    return out;
  }

  /** The one value per unit of a per-row column, or an error naming the column. */
  private static double[] perUnit(PanelRows rows, double[] values, String option, String column) {
    double[] out = new double[rows.unitCount()];
    boolean[] seen = new boolean[out.length];
    boolean[] varies = new boolean[out.length];
    for (int i = 0; i < values.length; i++) {
      int u = rows.unit()[i];
      if (seen[u] && Double.compare(out[u], values[i]) != 0) {
        varies[u] = true;
      }
      out[u] = values[i];
      seen[u] = true;
    }
    int count = 0;
    for (boolean v : varies) {
      count += v ? 1 : 0;
    }
    if (count > 0) {
      throw PipelineErrors.didValueVariesWithinUnit(option, column, count);
    }
    return out;
  }

  private static double[] labelsOf(double[] cohort) {
    double[] out = new double[cohort.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = label(cohort[i]);
    }
    return out;
  }

  /** The integer period label of each period code (whole time values, checked when read). */
  private static int[] periodLabels(PanelRows rows) {
    int[] labels = new int[rows.periodCount()];
    for (int i = 0; i < rows.size(); i++) {
      labels[rows.period()[i]] = label(rows.timeValue()[i]);
    }
    return labels;
  }

  /** Long-form rows for an unbalanced panel (linked by unit) or repeated cross-sections. */
  private StaggeredObservations staggeredObservations(PanelRows rows, double[] cohort) {
    int n = rows.size();
    int[] period = new int[n];
    int[] g = new int[n];
    long[] cluster = new long[n];
    for (int i = 0; i < n; i++) {
      period[i] = label(rows.timeValue()[i]);
      g[i] = label(cohort[i]);
      cluster[i] = rows.cluster()[i];
    }
    StaggeredObservations.Builder b =
        StaggeredObservations.builder()
            .outcomes(rows.outcome())
            .periods(period)
            .firstTreated(g)
            .clusters(cluster);
    if (spec.sampling() == SamplingDesign.UNBALANCED_PANEL) {
      long[] ids = new long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = rows.unit()[i];
      }
      b.unitIds(ids);
      String[] option = cohortOption();
      perUnit(rows, labelsOf(cohort), option[0], option[1]);
      if (rows.weights() != null) {
        perUnit(rows, rows.weights(), "--weights", spec.weights().orElseThrow());
      }
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        c[i] = cluster[i];
      }
      perUnit(rows, c, "--cluster", spec.clusterColumn());
    }
    if (rows.weights() != null) {
      b.weights(rows.weights());
    }
    for (int j = 0; j < spec.covariates().size(); j++) {
      b.covariate(spec.covariates().get(j), rows.covariates().get(j));
    }
    return b.build();
  }

  /**
   * Sun and Abraham's cohorts as period codes: the first period at or after the cohort (the number
   * of periods when it is after the last), {@link SunAbraham#NEVER_TREATED} for never-treated rows.
   */
  private static int[] sunAbrahamCohorts(PanelRows rows, double[] cohort) {
    int[] labels = periodLabels(rows);
    int[] out = new int[rows.size()];
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(cohort[i])) {
        out[i] = SunAbraham.NEVER_TREATED;
        continue;
      }
      int code = labels.length;
      for (int p = 0; p < labels.length; p++) {
        if (labels[p] >= label(cohort[i])) {
          code = p;
          break;
        }
      }
      out[i] = code;
    }
    return out;
  }

  private static double[] treatment(PanelRows rows) {
    if (rows.treatment() != null) {
      return rows.treatment();
    }
    double[] d = new double[rows.size()];
    for (int i = 0; i < d.length; i++) {
      double cohort = rows.cohort()[i];
      d[i] = !Double.isNaN(cohort) && rows.timeValue()[i] >= cohort ? 1.0 : 0.0;
    }
    return d;
  }

  /**
   * Time minus the cohort, or minus the unit's first period with treatment 1; {@link
   * EventStudy#NEVER_TREATED} for never-treated rows.
   */
  private static int[] eventTimes(PanelRows rows, double[] d) {
    int n = rows.size();
    int[] e = new int[n];
    double[] adoption = new double[rows.unitCount()];
    Arrays.fill(adoption, Double.NaN);
    if (rows.cohort() == null) {
      for (int i = 0; i < n; i++) {
        int u = rows.unit()[i];
        if (d[i] == 1.0 && !(rows.timeValue()[i] >= adoption[u])) {
          adoption[u] = rows.timeValue()[i];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      double start = rows.cohort() != null ? rows.cohort()[i] : adoption[rows.unit()[i]];
      e[i] =
          Double.isNaN(start)
              ? EventStudy.NEVER_TREATED
              : (int) Math.round(rows.timeValue()[i] - start);
    }
    return e;
  }

  private PanelObservations observations(PanelRows rows, double[] d) {
    PanelObservations.Builder b =
        PanelObservations.builder()
            .outcome(rows.outcome())
            .unit(rows.unit())
            .time(rows.period())
            .treatment(d)
            .cluster(rows.cluster());
    if (rows.weights() != null) {
      b.weights(rows.weights());
    }
    for (int j = 0; j < spec.covariates().size(); j++) {
      b.covariate(spec.covariates().get(j), rows.covariates().get(j));
    }
    return b.build();
  }

  /** Ever-treated vs never-treated, before the first vs from the last adoption period. */
  private DidEstimate twoByTwo(PanelRows rows, double[] d, boolean[] treatedUnit) {
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    int[] adoption = new int[rows.unitCount()];
    Arrays.fill(adoption, Integer.MAX_VALUE);
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 1.0) {
        int u = rows.unit()[i];
        adoption[u] = Math.min(adoption[u], rows.period()[i]);
      }
    }
    for (int u = 0; u < adoption.length; u++) {
      if (treatedUnit[u]) {
        first = Math.min(first, adoption[u]);
        last = Math.max(last, adoption[u]);
      }
    }
    int m = 0;
    for (int p : rows.period()) {
      m += p < first || p >= last ? 1 : 0;
    }
    double[] y = new double[m];
    boolean[] group = new boolean[m];
    boolean[] post = new boolean[m];
    int[] cluster = new int[m];
    double[] w = rows.weights() == null ? null : new double[m];
    int[] clusterCode = new int[rows.clusterCount()];
    Arrays.fill(clusterCode, -1);
    int clusters = 0;
    int j = 0;
    for (int i = 0; i < d.length; i++) {
      int p = rows.period()[i];
      if (p < first || p >= last) {
        y[j] = rows.outcome()[i];
        group[j] = treatedUnit[rows.unit()[i]];
        post[j] = p >= last;
        int g = rows.cluster()[i];
        if (clusterCode[g] < 0) {
          clusterCode[g] = clusters++;
        }
        cluster[j] = clusterCode[g];
        if (w != null) {
          w[j] = rows.weights()[i];
        }
        j++;
      }
    }
    return TwoByTwoDid.withVariance(spec.variance()).fit(y, group, post, cluster, w);
  }
}
