package org.pioneereval.jobs.did;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.RegressionResult;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The JSON form of a {@link DidResult}: {@code specification}, {@code data}, and {@code effect}
 * (twfe, 2x2) or {@code event_study} (coefficients and {@code pre_trend_wald}), plus {@code
 * wild_cluster_bootstrap} and {@code randomization_inference} when run. Every estimate carries
 * {@code estimate, std_error, t_statistic, p_value, ci_lower, ci_upper} (95%) and the regression's
 * {@code degrees_of_freedom, n_observations, n_clusters}. Numbers that are not finite are {@code
 * null}. Field names are constants of this class, so tests and notebooks share them.
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
    result.effect().ifPresent(e -> root.set(EFFECT, effect(e)));
    result
        .eventStudy()
        .ifPresent(es -> root.set(EVENT_STUDY, eventStudy(es, result.preTrendWald().orElse(null))));
    result.wildBootstrap().ifPresent(b -> root.set(WILD_CLUSTER_BOOTSTRAP, bootstrap(b)));
    result.randomization().ifPresent(r -> root.set(RANDOMIZATION_INFERENCE, randomization(r)));
    return root;
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
    spec.put("fixed_effects", s.method() == DidMethod.TWO_BY_TWO ? "none" : "unit, time");
    spec.put("variance", s.variance().name());
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
