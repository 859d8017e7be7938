package org.pioneereval.jobs.cli;

import org.pioneereval.generator.GeneratorConfig;
import picocli.CommandLine.Option;

/** The synthetic data set's size and effects, shared by {@code generate} and {@code demo}. */
final class GenerateOptions {

  @Option(names = "--seed", description = "Random seed (default: 20131101).")
  Long seed;

  @Option(names = "--patients-per-site", description = "Mean residents per site (default: 3000).")
  Integer patientsPerSite;

  @Option(names = "--comparison-sites", description = "Comparison sites (default: 40).")
  Integer comparisonSites;

  @Option(
      names = "--pioneer-sites",
      arity = "2",
      description = "Pioneer sites in wave 1 and wave 2 (default: 14 11).")
  int[] pioneerSites;

  @Option(
      names = "--dynamic-effects",
      description = "Effects ramp up over the first 12 months after go-live.")
  boolean dynamicEffects;

  @Option(
      names = "--wave2-effect-ratio",
      description = "Wave-2 effect as a multiple of wave 1 (default: 1.0).")
  Double waveRatio;

  @Option(
      names = "--respondents-per-site-wave",
      description = "Survey responses per site and wave (default: 150).")
  Integer respondents;

  GeneratorConfig config() {
    GeneratorConfig config = GeneratorConfig.defaults();
    if (seed != null) {
      config = config.withSeed(seed);
    }
    if (patientsPerSite != null) {
      config = config.withPatientsPerSite(patientsPerSite);
    }
    if (comparisonSites != null) {
      config = config.withComparisonSites(comparisonSites);
    }
    if (pioneerSites != null) {
      config = config.withPioneerSites(pioneerSites[0], pioneerSites[1]);
    }
    if (dynamicEffects) {
      config = config.withDynamicEffects(true);
    }
    if (waveRatio != null) {
      config = config.withWaveEffectRatio(waveRatio);
    }
    if (respondents != null) {
      config = config.withRespondentsPerSiteWave(respondents);
    }
    return config.validate();
  }
}
