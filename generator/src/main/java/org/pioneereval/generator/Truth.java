package org.pioneereval.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The known answer of one generation: the true effect of the programme on every {@link Outcome}
 * (see {@link OutcomeTruth} for the definitions), with the config and seed that produced it.
 *
 * <p>truth.json layout:
 *
 * <pre>
 * {"format": "pioneer-eval-truth/1",
 *  "seed": 20131101,
 *  "twoByTwoPostStart": "2015-04",
 *  "config": {"seed": ..., "patientsPerSite": ..., ..., "effects": {...}, "settingEffects": {...}},
 *  "outcomes": [{"name": "emergency_admissions_rate", "outcome": "EMERGENCY_ADMISSIONS_RATE",
 *                "unit": "...", "panelLevel": "SITE_MONTH", "trueAtt": ..., "trueAttWave1": ...,
 *                "trueAttWave2": ..., "trueAtt2x2": ..., "relativeEffect": ...,
 *                "counterfactualMeanTreatedPost": ..., "configuredEffect": ...,
 *                "effectReferenceLevel": ..., "treatedPostCells": ...}, ...],
 *  "cohort": [{"name": "emergency_admissions", "outcome": "EMERGENCY_ADMISSIONS", "unit": "...",
 *              "trueEffectPerPatientYear": ..., "trueRateRatio": ...,
 *              "counterfactualPerPatientYear": ..., "enrolled": ..., "enrolledWave1": ...,
 *              "enrolledWave2": ...}, ...]}
 * </pre>
 *
 * The {@code cohort} section is the truth of the patients enrolled in the programme ({@link
 * CohortTruth}); a truth.json written before it existed loads with an empty {@link #cohort()}.
 *
 * <p>Numbers that do not exist (a wave without sites, the configured effect of the derived cost per
 * capita) are written as {@code null} and read back as NaN.
 */
public final class Truth {
  /** Value of the "format" field. */
  public static final String FORMAT = "pioneer-eval-truth/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final GeneratorConfig config;
  private final YearMonth twoByTwoPostStart;
  private final Map<Outcome, OutcomeTruth> outcomes;
  private final Map<CohortOutcome, CohortTruth> cohort;

  private Truth(
      GeneratorConfig config,
      YearMonth twoByTwoPostStart,
      Map<Outcome, OutcomeTruth> outcomes,
      Map<CohortOutcome, CohortTruth> cohort) {
    this.config = config;
    this.twoByTwoPostStart = twoByTwoPostStart;
    this.outcomes = Collections.unmodifiableMap(outcomes);
    this.cohort = Collections.unmodifiableMap(cohort);
  }

  /**
   * A truth for every outcome, without a cohort section; {@code outcomes} must hold each {@link
   * Outcome} once.
   */
  public static Truth of(
      GeneratorConfig config, YearMonth twoByTwoPostStart, Collection<OutcomeTruth> outcomes) {
    return of(config, twoByTwoPostStart, outcomes, List.of());
  }

  /**
   * A truth for every outcome and the enrolled cohort; {@code cohort} holds each {@link
   * CohortOutcome} once, or is empty.
   */
  public static Truth of(
      GeneratorConfig config,
      YearMonth twoByTwoPostStart,
      Collection<OutcomeTruth> outcomes,
      Collection<CohortTruth> cohort) {
    EnumMap<Outcome, OutcomeTruth> map = new EnumMap<>(Outcome.class);
    for (OutcomeTruth t : outcomes) {
      if (map.put(t.outcome(), t) != null) {
        throw new IllegalStateException("Two truths for " + t.outcome());
      }
    }
    if (map.size() != Outcome.values().length) {
      throw new IllegalStateException("Truth misses outcomes: has only " + map.keySet());
    }
    EnumMap<CohortOutcome, CohortTruth> cohortMap = new EnumMap<>(CohortOutcome.class);
    for (CohortTruth t : cohort) {
      if (cohortMap.put(t.outcome(), t) != null) {
        throw new IllegalStateException("Two cohort truths for " + t.outcome());
      }
    }
    if (!cohortMap.isEmpty() && cohortMap.size() != CohortOutcome.values().length) {
      throw new IllegalStateException(
          "Cohort truth misses outcomes: has only " + cohortMap.keySet());
    }
    return new Truth(config, twoByTwoPostStart, map, cohortMap);
  }

  /** The truth of one outcome. */
  public OutcomeTruth outcome(Outcome outcome) {
    return outcomes.get(outcome);
  }

  /** All outcomes, in enum order. */
  public Map<Outcome, OutcomeTruth> outcomes() {
    return outcomes;
  }

  /**
   * The truth of the enrolled cohort per {@link CohortOutcome}, in enum order; empty for a truth
   * written without one.
   */
  public Map<CohortOutcome, CohortTruth> cohort() {
    return cohort;
  }

  public GeneratorConfig config() {
    return config;
  }

  public long seed() {
    return config.seed();
  }

  /** First month of the post period of the "2x2" comparison (the last wave's go-live). */
  public YearMonth twoByTwoPostStart() {
    return twoByTwoPostStart;
  }

  /** Writes truth.json (pretty-printed, deterministic). */
  public void write(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("seed", config.seed());
    root.put("twoByTwoPostStart", twoByTwoPostStart.toString());
    ConfigJson.write(config, root.putObject("config"));
    ArrayNode list = root.putArray("outcomes");
    for (OutcomeTruth t : outcomes.values()) {
      ObjectNode o = list.addObject();
      o.put("name", t.name());
      o.put("outcome", t.outcome().name());
      o.put("unit", t.unit());
      o.put("panelLevel", t.panelLevel().name());
      putNumber(o, "trueAtt", t.trueAtt());
      putNumber(o, "trueAttWave1", t.trueAttWave1());
      putNumber(o, "trueAttWave2", t.trueAttWave2());
      putNumber(o, "trueAtt2x2", t.trueAtt2x2());
      putNumber(o, "relativeEffect", t.relativeEffect());
      putNumber(o, "counterfactualMeanTreatedPost", t.counterfactualMeanTreatedPost());
      putNumber(o, "configuredEffect", t.configuredEffect());
      putNumber(o, "effectReferenceLevel", t.effectReferenceLevel());
      o.put("treatedPostCells", t.treatedPostCells());
    }
    if (!cohort.isEmpty()) {
      ArrayNode cohortList = root.putArray("cohort");
      for (CohortTruth t : cohort.values()) {
        ObjectNode o = cohortList.addObject();
        o.put("name", t.name());
        o.put("outcome", t.outcome().name());
        o.put("unit", t.unit());
        putNumber(o, "trueEffectPerPatientYear", t.trueEffectPerPatientYear());
        putNumber(o, "trueRateRatio", t.trueRateRatio());
        putNumber(o, "counterfactualPerPatientYear", t.counterfactualPerPatientYear());
        o.put("enrolled", t.enrolled());
        o.put("enrolledWave1", t.enrolledWave1());
        o.put("enrolledWave2", t.enrolledWave2());
      }
    }
    try {
      byte[] bytes = JSON.writeValueAsBytes(root);
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static void putNumber(ObjectNode o, String field, double value) {
    if (Double.isFinite(value)) {
      o.put(field, value);
    } else {
      o.putNull(field);
    }
  }

  /** Reads a truth.json written by {@link #write(Path)}. */
  public static Truth read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw GeneratorErrors.truthNotReadable(file, "it is missing or not JSON", e);
    }
    try {
      if (!FORMAT.equals(ConfigJson.required(root, "format").asText())) {
        throw new IllegalArgumentException(
            "format is '" + root.get("format").asText() + "', expected '" + FORMAT + "'");
      }
      GeneratorConfig config = ConfigJson.read(ConfigJson.required(root, "config"));
      YearMonth post = YearMonth.parse(ConfigJson.required(root, "twoByTwoPostStart").asText());
      EnumMap<Outcome, OutcomeTruth> map = new EnumMap<>(Outcome.class);
      for (JsonNode o : ConfigJson.required(root, "outcomes")) {
        Outcome outcome = Outcome.fromColumnName(ConfigJson.required(o, "name").asText());
        map.put(
            outcome,
            new OutcomeTruth(
                outcome,
                number(o, "trueAtt"),
                number(o, "trueAttWave1"),
                number(o, "trueAttWave2"),
                number(o, "trueAtt2x2"),
                number(o, "relativeEffect"),
                number(o, "counterfactualMeanTreatedPost"),
                number(o, "configuredEffect"),
                number(o, "effectReferenceLevel"),
                ConfigJson.required(o, "treatedPostCells").asLong()));
      }
      if (map.size() != Outcome.values().length) {
        throw new IllegalArgumentException("it lists only " + map.keySet());
      }
      EnumMap<CohortOutcome, CohortTruth> cohortMap = new EnumMap<>(CohortOutcome.class);
      JsonNode cohortList = root.get("cohort");
      if (cohortList != null && !cohortList.isNull()) {
        for (JsonNode o : cohortList) {
          CohortOutcome outcome =
              CohortOutcome.fromOutcomeName(ConfigJson.required(o, "name").asText());
          cohortMap.put(
              outcome,
              new CohortTruth(
                  outcome,
                  number(o, "trueEffectPerPatientYear"),
                  number(o, "trueRateRatio"),
                  number(o, "counterfactualPerPatientYear"),
                  ConfigJson.required(o, "enrolled").asLong(),
                  ConfigJson.required(o, "enrolledWave1").asLong(),
                  ConfigJson.required(o, "enrolledWave2").asLong()));
        }
        if (cohortMap.size() != CohortOutcome.values().length) {
          throw new IllegalArgumentException("its cohort section lists only " + cohortMap.keySet());
        }
      }
      return new Truth(config, post, map, cohortMap);
    } catch (RuntimeException e) {
      throw GeneratorErrors.truthNotReadable(file, e.getMessage(), e);
    }
  }

  private static double number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
