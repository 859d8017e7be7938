package org.pioneereval.jobs.did;

import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.BootstrapWeights;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.EventStudy;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.RandomizationInference;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.TwoByTwoDid;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
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
 * </ul>
 *
 * Standard errors follow {@link org.pioneereval.estimators.VarianceType}; clusters default to the
 * unit. With repeated cross-sections the unit is the group whose effect is absorbed (e.g. the
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
    PanelRows rows = PanelFile.collect(spark, spec, format);
    try {
      return estimate(format, rows);
    } catch (EstimationException e) {
      throw PipelineErrors.didEstimationFailed(e);
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
            treatedUnits);
    PanelObservations obs = observations(rows, d);
    Optional<DidEstimate> effect = Optional.empty();
    Optional<EventStudyResult> eventStudy = Optional.empty();
    Optional<WaldTest> preTrend = Optional.empty();
    Optional<BootstrapResult> bootstrap = Optional.empty();
    Optional<RandomizationResult> randomization = Optional.empty();
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
    }
    return new DidResult(
        spec, format, data, effect, eventStudy, preTrend, bootstrap, randomization);
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
