package org.pioneereval.jobs.did;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pioneereval.estimators.AggregatedEffect;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.Exclusion;
import org.pioneereval.estimators.GoodmanBaconDecomposition;
import org.pioneereval.estimators.GroupTimeEffect;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.RegressionResult;
import org.pioneereval.estimators.SunAbrahamResult;
import org.pioneereval.estimators.UniformBands;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The JSON form of a {@link DidResult}: {@code specification}, {@code data}, and {@code effect}
 * (twfe, 2x2) or {@code event_study} (coefficients and {@code pre_trend_wald}), {@code
 * callaway_sant_anna} (cs: {@code att_gt}, {@code aggregation} with {@code overall} and {@code
 * effects}, {@code pre_test}, {@code exclusions}, {@code multiplier_bootstrap}), {@code
 * sun_abraham} or {@code goodman_bacon}, plus {@code wild_cluster_bootstrap} and {@code
 * randomization_inference} when run. Every estimate carries {@code estimate, std_error,
 * t_statistic, p_value, ci_lower, ci_upper} (95%) and the regression's {@code degrees_of_freedom,
 * n_observations, n_clusters}. Numbers that are not finite are {@code null}. Field names are
 * constants of this class, so tests and notebooks share them.
 */
public final class DidJson {

  public static final String SPECIFICATION = "specification";
  public static final String DATA = "data";
  public static final String EFFECT = "effect";
  public static final String EVENT_STUDY = "event_study";
  public static final String COEFFICIENTS = "coefficients";
  public static final String PRE_TREND_WALD = "pre_trend_wald";
  public static final String WILD_CLUSTER_BOOTSTRAP = "wild_cluster_bootstrap";
  public static final String RANDOMIZATION_INFERENCE = "randomization_inference";
  public static final String EVENT_TIME = "event_time";
  public static final String ESTIMATE = "estimate";
  public static final String STD_ERROR = "std_error";
  public static final String T_STATISTIC = "t_statistic";
  public static final String P_VALUE = "p_value";
  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";
  public static final String DEGREES_OF_FREEDOM = "degrees_of_freedom";
  public static final String N_OBSERVATIONS = "n_observations";
  public static final String N_CLUSTERS = "n_clusters";
  public static final String CALLAWAY_SANT_ANNA = "callaway_sant_anna";
  public static final String ATT_GT = "att_gt";
  public static final String AGGREGATION = "aggregation";
  public static final String OVERALL = "overall";
  public static final String EFFECTS = "effects";
  public static final String KEY = "key";
  public static final String PRE_TEST = "pre_test";
  public static final String EXCLUSIONS = "exclusions";
  public static final String MULTIPLIER_BOOTSTRAP = "multiplier_bootstrap";
  public static final String UNIFORM_LOWER = "uniform_ci_lower";
  public static final String UNIFORM_UPPER = "uniform_ci_upper";
  public static final String SUN_ABRAHAM = "sun_abraham";
  public static final String EVENT_TIME_EFFECTS = "event_time_effects";
  public static final String ATT = "att";
  public static final String GOODMAN_BACON = "goodman_bacon";
  public static final String TWFE_ESTIMATE = "twfe_estimate";
  public static final String BY_TYPE = "by_type";
  public static final String COMPARISONS = "comparisons";
  public static final String WEIGHT = "weight";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DidJson() {}

  /** Pretty-printed JSON text of the result. */
  public static String toJson(DidResult result) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(result)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a DiD result", e);
    }
  }

  /** Writes {@link #toJson} to {@code file}, creating its folder. */
  public static void write(DidResult result, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(result), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw PipelineErrors.didJsonNotWritable(file, e);
    }
  }

  static ObjectNode tree(DidResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.set(SPECIFICATION, specification(result));
    DidResult.DataSummary d = result.data();
    ObjectNode data = root.putObject(DATA);
    data.put("rows_read", d.rowsRead());
    data.put("rows_used", d.rowsUsed());
    data.put("rows_dropped_missing", d.rowsDroppedMissing());
    data.put("units", d.units());
    data.put("periods", d.periods());
    data.put("clusters", d.clusters());
    data.put("treated_units", d.treatedUnits());
    data.put("computation", d.computation().name().toLowerCase(Locale.ROOT));
    result.effect().ifPresent(e -> root.set(EFFECT, effect(e)));
    result
        .eventStudy()
        .ifPresent(es -> root.set(EVENT_STUDY, eventStudy(es, result.preTrendWald().orElse(null))));
    result.wildBootstrap().ifPresent(b -> root.set(WILD_CLUSTER_BOOTSTRAP, bootstrap(b)));
    result.randomization().ifPresent(r -> root.set(RANDOMIZATION_INFERENCE, randomization(r)));
    result
        .callawaySantAnna()
        .ifPresent(cs -> root.set(CALLAWAY_SANT_ANNA, callawaySantAnna(result, cs)));
    result.sunAbraham().ifPresent(sa -> root.set(SUN_ABRAHAM, sunAbraham(sa)));
    result.goodmanBacon().ifPresent(b -> root.set(GOODMAN_BACON, goodmanBacon(b)));
    return root;
  }

  private static ObjectNode callawaySantAnna(
      DidResult result, DidResult.CallawaySantAnnaOutput cs) {
    GroupTimeEffects gt = cs.groupTime();
    ObjectNode node = JSON.createObjectNode();
    node.put(
        "standard_errors",
        "analytic, sqrt(mean(IF^2)/n), n = "
            + (gt.design() == org.pioneereval.estimators.SamplingDesign.REPEATED_CROSS_SECTIONS
                ? "observations"
                : "units"));
    node.put("n", gt.unitCount());
    node.put("ci_level", 0.95);
    UniformBands cellBands = cs.groupTimeBands().orElse(null);
    ArrayNode cells = node.putArray(ATT_GT);
    int b = 0;
    for (GroupTimeEffect e : gt.effects()) {
      ObjectNode row = cells.addObject();
      row.put("group", e.group());
      row.put("period", e.period());
      row.put("base_period", e.basePeriod());
      row.put(EVENT_TIME, e.eventTime());
      row.put("post_treatment", e.postTreatment());
      normal(row, e.att(), e.standardError());
      if (cellBands != null && !Double.isNaN(e.standardError())) {
        number(row, UNIFORM_LOWER, cellBands.lower(b));
        number(row, UNIFORM_UPPER, cellBands.upper(b));
        b++;
      }
      row.put("treated_units", e.treatedUnits());
      row.put("comparison_units", e.comparisonUnits());
    }
    AggregatedEffects a = cs.aggregation();
    ObjectNode agg = node.putObject(AGGREGATION);
    agg.put("type", a.type().name().toLowerCase(java.util.Locale.ROOT));
    normal(agg.putObject(OVERALL), a.overallAtt(), a.overallStandardError());
    ArrayNode effects = agg.putArray(EFFECTS);
    UniformBands aggBands = cs.aggregationBands().orElse(null);
    List<AggregatedEffect> list = a.effects();
    for (int k = 0; k < list.size(); k++) {
      ObjectNode row = effects.addObject();
      row.put(KEY, list.get(k).key());
      normal(row, list.get(k).att(), list.get(k).standardError());
      if (aggBands != null) {
        number(row, UNIFORM_LOWER, aggBands.lower(k));
        number(row, UNIFORM_UPPER, aggBands.upper(k));
      }
    }
    cs.preTest()
        .ifPresentOrElse(
            t -> {
              ObjectNode pre = node.putObject(PRE_TEST);
              pre.put("hypothesis", "every pre-treatment ATT(g,t) is zero (did's Wald test)");
              number(pre, "statistic", t.statistic());
              pre.put("df", t.degreesOfFreedom());
              number(pre, P_VALUE, t.pValue());
            },
            () -> node.putNull(PRE_TEST));
    exclusions(node, gt.exclusions());
    if (cellBands != null) {
      ObjectNode boot = node.putObject(MULTIPLIER_BOOTSTRAP);
      boot.put("draws", cellBands.iterations());
      boot.put("seed", cellBands.seed());
      boot.put("cluster", result.specification().clusterColumn());
      boot.put("multipliers", cellBands.multipliers());
      number(boot, "critical_value_att_gt", cellBands.criticalValue());
      if (aggBands != null) {
        number(boot, "critical_value_aggregation", aggBands.criticalValue());
      }
      ArrayNode se = boot.putArray("att_gt_std_errors");
      for (double v : cellBands.standardErrors()) {
        se.add(v);
      }
    }
    return node;
  }

  private static void normal(ObjectNode node, double estimate, double se) {
    NormalInterval ci = NormalInterval.of(estimate, se);
    number(node, ESTIMATE, estimate);
    number(node, STD_ERROR, se);
    number(node, "z", ci.z());
    number(node, P_VALUE, ci.pValue());
    number(node, CI_LOWER, ci.lower());
    number(node, CI_UPPER, ci.upper());
  }

  private static void exclusions(ObjectNode node, List<Exclusion> exclusions) {
    ArrayNode out = node.putArray(EXCLUSIONS);
    for (Exclusion x : exclusions) {
      ObjectNode row = out.addObject();
      row.put("reason", x.reason().name());
      row.put("group", x.group());
      row.put("period", x.period());
      row.put("units", x.units());
      row.put("detail", x.detail());
    }
  }

  private static ObjectNode sunAbraham(SunAbrahamResult sa) {
    ObjectNode node = JSON.createObjectNode();
    RegressionResult r = sa.regression();
    node.put("reference_period", sa.referencePeriod());
    node.put("variance", r.varianceType().name());
    number(node, DEGREES_OF_FREEDOM, r.degreesOfFreedom());
    node.put(N_OBSERVATIONS, r.nObservations());
    node.put(N_CLUSTERS, r.nClusters());
    ArrayNode coefficients = node.putArray(EVENT_TIME_EFFECTS);
    for (EventStudyCoefficient c : sa.eventTimeEffects()) {
      ObjectNode row = coefficients.addObject();
      row.put(EVENT_TIME, c.eventTime());
      number(row, ESTIMATE, c.estimate());
      number(row, STD_ERROR, c.standardError());
      number(row, T_STATISTIC, c.tStatistic());
      number(row, P_VALUE, c.pValue());
      number(row, CI_LOWER, c.ciLower());
      number(row, CI_UPPER, c.ciUpper());
    }
    SunAbrahamResult.WeightedEffect att = sa.att();
    ObjectNode a = node.putObject(ATT);
    number(a, ESTIMATE, att.estimate());
    number(a, STD_ERROR, att.standardError());
    number(a, T_STATISTIC, att.tStatistic());
    number(a, P_VALUE, att.pValue());
    exclusions(node, sa.exclusions());
    return node;
  }

  private static ObjectNode goodmanBacon(GoodmanBaconDecomposition.Result r) {
    ObjectNode node = JSON.createObjectNode();
    number(node, TWFE_ESTIMATE, r.twfeEstimate());
    ArrayNode types = node.putArray(BY_TYPE);
    for (GoodmanBaconDecomposition.TypeSummary t : r.byType().values()) {
      ObjectNode row = types.addObject();
      row.put("type", t.type().name());
      number(row, WEIGHT, t.weight());
      number(row, "average_estimate", t.averageEstimate());
    }
    ArrayNode comparisons = node.putArray(COMPARISONS);
    for (GoodmanBaconDecomposition.Comparison c : r.comparisons()) {
      ObjectNode row = comparisons.addObject();
      row.put("treated_group", c.treatedGroup());
      row.put("comparison_group", c.comparisonGroup());
      row.put("type", c.type().name());
      number(row, ESTIMATE, c.estimate());
      number(row, WEIGHT, c.weight());
    }
    exclusions(node, r.exclusions());
    return node;
  }

  private static ObjectNode specification(DidResult result) {
    DidSpecification s = result.specification();
    ObjectNode spec = JSON.createObjectNode();
    spec.put("input", s.input().toAbsolutePath().normalize().toString());
    spec.put("format", result.format().label());
    spec.put("estimator", s.method().optionValue());
    spec.put("outcome", s.outcome());
    spec.put("unit", s.unit());
    spec.put("time", s.time());
    spec.put("treatment", s.treatment().orElse(null));
    spec.put("cohort", s.cohort().orElse(null));
    spec.put("cohort_never_treated", s.cohort().isPresent() ? "empty or 0" : null);
    spec.put("cluster", s.clusterColumn());
    spec.put("weights", s.weights().orElse(null));
    ArrayNode covariates = spec.putArray("covariates");
    s.covariates().forEach(covariates::add);
    if (s.method() == DidMethod.CALLAWAY_SANT_ANNA) {
      spec.put(
          "sampling", DidSpecification.optionValue(DidSpecification.SAMPLING_VALUES, s.sampling()));
      spec.put(
          "control_group",
          DidSpecification.optionValue(DidSpecification.CONTROL_GROUP_VALUES, s.controlGroup()));
      spec.put(
          "base_period",
          DidSpecification.optionValue(DidSpecification.BASE_PERIOD_VALUES, s.basePeriod()));
      spec.put("anticipation", s.anticipation());
      spec.put(
          "est_method",
          DidSpecification.optionValue(DidSpecification.EST_METHOD_VALUES, s.estimationMethod()));
      spec.put(
          "aggregation",
          DidSpecification.optionValue(DidSpecification.AGGREGATION_VALUES, s.aggregation()));
    } else {
      spec.put("fixed_effects", s.method() == DidMethod.TWO_BY_TWO ? "none" : "unit, time");
    }
    if (s.method() != DidMethod.CALLAWAY_SANT_ANNA && s.method() != DidMethod.GOODMAN_BACON) {
      spec.put("variance", s.variance().name());
    }
    if (s.method() == DidMethod.EVENT_STUDY) {
      spec.put("reference_period", s.referencePeriod());
      ArrayNode window = spec.putArray("window");
      window.add(s.windowFirst());
      window.add(s.windowLast());
      spec.put("endpoints", s.binEndpoints() ? "binned" : "trimmed");
    }
    if (s.bootstrapDraws() > 0) {
      spec.put("bootstrap_draws", s.bootstrapDraws());
    }
    if (s.randomizationPermutations() > 0) {
      spec.put("ri_permutations", s.randomizationPermutations());
    }
    if (s.bootstrapDraws() > 0 || s.randomizationPermutations() > 0) {
      spec.put("seed", s.seed());
    }
    return spec;
  }

  private static ObjectNode effect(DidEstimate e) {
    ObjectNode node = JSON.createObjectNode();
    number(node, ESTIMATE, e.estimate());
    number(node, STD_ERROR, e.standardError());
    number(node, T_STATISTIC, e.tStatistic());
    number(node, P_VALUE, e.pValue());
    number(node, CI_LOWER, e.ciLower());
    number(node, CI_UPPER, e.ciUpper());
    node.put("ci_level", 0.95);
    number(node, DEGREES_OF_FREEDOM, e.degreesOfFreedom());
    node.put(N_OBSERVATIONS, e.nObservations());
    node.put(N_CLUSTERS, e.nClusters());
    node.put("variance", e.varianceType().name());
    return node;
  }

  private static ObjectNode eventStudy(EventStudyResult es, WaldTest preTrend) {
    ObjectNode node = JSON.createObjectNode();
    RegressionResult r = es.regression();
    node.put("reference_period", es.referencePeriod());
    number(node, DEGREES_OF_FREEDOM, r.degreesOfFreedom());
    node.put(N_OBSERVATIONS, r.nObservations());
    node.put(N_CLUSTERS, r.nClusters());
    node.put("variance", r.varianceType().name());
    ArrayNode coefficients = node.putArray(COEFFICIENTS);
    for (EventStudyCoefficient c : es.coefficients()) {
      ObjectNode row = coefficients.addObject();
      row.put(EVENT_TIME, c.eventTime());
      number(row, ESTIMATE, c.estimate());
      number(row, STD_ERROR, c.standardError());
      number(row, T_STATISTIC, c.tStatistic());
      number(row, P_VALUE, c.pValue());
      number(row, CI_LOWER, c.ciLower());
      number(row, CI_UPPER, c.ciUpper());
    }
    if (preTrend != null) {
      ObjectNode wald = node.putObject(PRE_TREND_WALD);
      wald.put("hypothesis", "every lead (event time < 0) is zero");
      number(wald, "statistic", preTrend.statistic());
      wald.put("df1", preTrend.df1());
      number(wald, "df2", preTrend.df2());
      number(wald, P_VALUE, preTrend.pValue());
    } else {
      node.putNull(PRE_TREND_WALD);
    }
    return node;
  }

  private static ObjectNode bootstrap(BootstrapResult b) {
    ObjectNode node = JSON.createObjectNode();
    node.put(
        "method", "wild cluster bootstrap-t, " + (b.restricted() ? "restricted" : "unrestricted"));
    node.put("weights", b.weights().name());
    node.put("draws", b.draws());
    number(node, "null_value", b.nullValue());
    number(node, T_STATISTIC, b.tStatistic());
    number(node, P_VALUE, b.pValue());
    number(node, CI_LOWER, b.ciLower());
    number(node, CI_UPPER, b.ciUpper());
    node.put("ci_level", b.level());
    node.put(N_CLUSTERS, b.nClusters());
    return node;
  }

  private static ObjectNode randomization(RandomizationResult r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("method", "permutation of adoption paths across clusters");
    node.put("permutations", r.permutations());
    number(node, ESTIMATE, r.estimate());
    number(node, P_VALUE, r.pValue());
    node.put(N_CLUSTERS, r.nClusters());
    node.put("treated_clusters", r.treatedClusters());
    return node;
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
