package org.pioneereval.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.YearMonth;

/** The config block of truth.json: every setting that changes the output, and back. */
final class ConfigJson {
  static final String SEED = "seed";
  static final String PATIENTS_PER_SITE = "patientsPerSite";
  static final String COMPARISON_SITES = "comparisonSites";
  static final String WAVE1_SITES = "pioneerSitesWave1";
  static final String WAVE2_SITES = "pioneerSitesWave2";
  static final String WAVE1_GO_LIVE = "wave1GoLive";
  static final String WAVE2_GO_LIVE = "wave2GoLive";
  static final String DYNAMIC_EFFECTS = "dynamicEffects";
  static final String WAVE_EFFECT_RATIO = "waveEffectRatio";
  static final String START_MONTH = "startMonth";
  static final String END_MONTH = "endMonth";
  static final String RESPONDENTS = "respondentsPerSiteWave";
  static final String EFFECTS = "effects";
  static final String SETTING_EFFECTS = "settingEffects";

  private ConfigJson() {}

  static void write(GeneratorConfig c, ObjectNode node) {
    node.put(SEED, c.seed());
    node.put(PATIENTS_PER_SITE, c.patientsPerSite());
    node.put(COMPARISON_SITES, c.comparisonSites());
    node.put(WAVE1_SITES, c.pioneerSitesWave1());
    node.put(WAVE2_SITES, c.pioneerSitesWave2());
    node.put(WAVE1_GO_LIVE, c.goLiveMonth(1).toString());
    node.put(WAVE2_GO_LIVE, c.goLiveMonth(2).toString());
    node.put(DYNAMIC_EFFECTS, c.dynamicEffects());
    node.put(WAVE_EFFECT_RATIO, c.waveEffectRatio());
    node.put(START_MONTH, c.startMonth().toString());
    node.put(END_MONTH, c.endMonth().toString());
    node.put(RESPONDENTS, c.respondentsPerSiteWave());
    ObjectNode effects = node.putObject(EFFECTS);
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.COST_PER_CAPITA) {
        effects.put(o.columnName(), c.effect(o));
      }
    }
    ObjectNode settings = node.putObject(SETTING_EFFECTS);
    for (CareSetting s : CareSetting.values()) {
      if (s != CareSetting.INPATIENT) {
        settings.put(s.code(), c.settingEffect(s));
      }
    }
  }

  static GeneratorConfig read(JsonNode node) {
    GeneratorConfig c =
        GeneratorConfig.defaults()
            .withSeed(required(node, SEED).asLong())
            .withPatientsPerSite(required(node, PATIENTS_PER_SITE).asInt())
            .withComparisonSites(required(node, COMPARISON_SITES).asInt())
            .withPioneerSites(
                required(node, WAVE1_SITES).asInt(), required(node, WAVE2_SITES).asInt())
            .withGoLiveMonths(
                YearMonth.parse(required(node, WAVE1_GO_LIVE).asText()),
                YearMonth.parse(required(node, WAVE2_GO_LIVE).asText()))
            .withDynamicEffects(required(node, DYNAMIC_EFFECTS).asBoolean())
            .withWaveEffectRatio(required(node, WAVE_EFFECT_RATIO).asDouble())
            .withStartMonth(YearMonth.parse(required(node, START_MONTH).asText()))
            .withEndMonth(YearMonth.parse(required(node, END_MONTH).asText()))
            .withRespondentsPerSiteWave(required(node, RESPONDENTS).asInt());
    JsonNode effects = required(node, EFFECTS);
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.COST_PER_CAPITA) {
        c = c.withEffect(o, required(effects, o.columnName()).asDouble());
      }
    }
    JsonNode settings = required(node, SETTING_EFFECTS);
    for (CareSetting s : CareSetting.values()) {
      if (s != CareSetting.INPATIENT) {
        c = c.withSettingEffect(s, required(settings, s.code()).asDouble());
      }
    }
    return c;
  }

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }
}
