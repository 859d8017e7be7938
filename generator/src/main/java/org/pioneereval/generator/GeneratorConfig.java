package org.pioneereval.generator;

import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of the synthetic data-generating process: study design, sizes and injected effects.
 * Immutable; every {@code with...} method returns a changed copy and validates its argument.
 *
 * <p>Defaults ({@link #defaults()}): seed 20131101, 3,000 patients per site (each site draws its
 * size from 0.7-1.3 times this), 40 comparison sites, 14 wave-1 pioneers going live in November
 * 2013 and 11 wave-2 pioneers going live in April 2015, months 2010-04 to 2018-03, 150 survey
 * respondents per site and wave, static effects equal in both waves, and effects close to the ICP
 * findings:
 *
 * <ul>
 *   <li>emergency admissions +2%, elective admissions -4% (relative to the pioneers' counterfactual
 *       level at go-live, applied as an additive shift per 1,000);
 *   <li>outpatient cost -20% (relative, same convention); A&amp;E, community, social care and
 *       prescribing 0; inpatient cost moves with the admission effects;
 *   <li>latent patient-experience scores: overall satisfaction -0.05, involved in decisions -0.15,
 *       care coordinated +0.10, knew whom to contact +0.15 (points on the N(mu, 1) latent scale).
 * </ul>
 *
 * <p>Only these settings change the output; how many threads write it does not (see {@link
 * ExtractGenerator#withParallelism(int)}).
 */
public final class GeneratorConfig {
  /** Default seed: the month the first pioneers went live. */
  public static final long SEED_DEFAULT = 20131101L;

  public static final int PATIENTS_PER_SITE_DEFAULT = 3000;
  public static final int COMPARISON_SITES_DEFAULT = 40;
  public static final int WAVE1_SITES_DEFAULT = 14;
  public static final int WAVE2_SITES_DEFAULT = 11;
  public static final YearMonth WAVE1_GO_LIVE_DEFAULT = YearMonth.of(2013, 11);
  public static final YearMonth WAVE2_GO_LIVE_DEFAULT = YearMonth.of(2015, 4);
  public static final YearMonth START_MONTH_DEFAULT = YearMonth.of(2010, 4);
  public static final YearMonth END_MONTH_DEFAULT = YearMonth.of(2018, 3);
  public static final int RESPONDENTS_PER_SITE_WAVE_DEFAULT = 150;
  public static final double WAVE_EFFECT_RATIO_DEFAULT = 1.0;

  /** Most comparison sites: C01..C99 (docs/EXTRACTS.md). */
  public static final int MAX_COMPARISON_SITES = 99;

  /** Most pioneer sites over both waves: P01..P25 (docs/EXTRACTS.md). */
  public static final int MAX_PIONEER_SITES = 25;

  private static final String SITE_CODES_REASON =
      "docs/EXTRACTS.md allows pioneer codes P01..P25 and comparison codes C01..C99";

  private static final YearMonth FIRST_SUPPORTED_MONTH = YearMonth.of(2009, 4);
  private static final YearMonth LAST_SUPPORTED_MONTH = YearMonth.of(2019, 3);

  private long seed = SEED_DEFAULT;
  private int patientsPerSite = PATIENTS_PER_SITE_DEFAULT;
  private int comparisonSites = COMPARISON_SITES_DEFAULT;
  private int wave1Sites = WAVE1_SITES_DEFAULT;
  private int wave2Sites = WAVE2_SITES_DEFAULT;
  private YearMonth wave1GoLive = WAVE1_GO_LIVE_DEFAULT;
  private YearMonth wave2GoLive = WAVE2_GO_LIVE_DEFAULT;
  private boolean dynamicEffects = false;
  private double waveEffectRatio = WAVE_EFFECT_RATIO_DEFAULT;
  private YearMonth startMonth = START_MONTH_DEFAULT;
  private YearMonth endMonth = END_MONTH_DEFAULT;
  private int respondentsPerSiteWave = RESPONDENTS_PER_SITE_WAVE_DEFAULT;
  private EnumMap<Outcome, Double> effects = new EnumMap<>(Outcome.class);
  private EnumMap<CareSetting, Double> settingEffects = new EnumMap<>(CareSetting.class);

  private GeneratorConfig() {
    effects.put(Outcome.EMERGENCY_ADMISSIONS_RATE, 0.02);
    effects.put(Outcome.ELECTIVE_ADMISSIONS_RATE, -0.04);
    effects.put(Outcome.OVERALL_SATISFACTION, -0.05);
    effects.put(Outcome.CARE_COORDINATED, 0.10);
    effects.put(Outcome.INVOLVED_IN_DECISIONS, -0.15);
    effects.put(Outcome.KNEW_WHOM_TO_CONTACT, 0.15);
    settingEffects.put(CareSetting.OUTPATIENT, -0.20);
    settingEffects.put(CareSetting.AE, 0.0);
    settingEffects.put(CareSetting.COMMUNITY, 0.0);
    settingEffects.put(CareSetting.SOCIAL_CARE, 0.0);
    settingEffects.put(CareSetting.PRESCRIBING, 0.0);
  }

  /** The defaults described in the class comment. */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig();
  }

  private GeneratorConfig copy() {
    GeneratorConfig c = new GeneratorConfig();
    c.seed = seed;
    c.patientsPerSite = patientsPerSite;
    c.comparisonSites = comparisonSites;
    c.wave1Sites = wave1Sites;
    c.wave2Sites = wave2Sites;
    c.wave1GoLive = wave1GoLive;
    c.wave2GoLive = wave2GoLive;
    c.dynamicEffects = dynamicEffects;
    c.waveEffectRatio = waveEffectRatio;
    c.startMonth = startMonth;
    c.endMonth = endMonth;
    c.respondentsPerSiteWave = respondentsPerSiteWave;
    c.effects = new EnumMap<>(effects);
    c.settingEffects = new EnumMap<>(settingEffects);
    return c;
  }

  /** The seed every random stream is derived from; the same seed gives byte-identical drops. */
  public GeneratorConfig withSeed(long seed) {
    GeneratorConfig c = copy();
    c.seed = seed;
    return c;
  }

  /** Mean cohort size; site i has round(patientsPerSite x U(0.7, 1.3)) residents (at least 1). */
  public GeneratorConfig withPatientsPerSite(int patientsPerSite) {
    requireRange(
        "patientsPerSite",
        patientsPerSite,
        1,
        10_000_000,
        "every site needs at least one resident, and ten million per site is beyond any NHS area");
    GeneratorConfig c = copy();
    c.patientsPerSite = patientsPerSite;
    return c;
  }

  /** Number of comparison sites C01..Cnn (1..99). */
  public GeneratorConfig withComparisonSites(int comparisonSites) {
    requireRange("comparisonSites", comparisonSites, 1, MAX_COMPARISON_SITES, SITE_CODES_REASON);
    GeneratorConfig c = copy();
    c.comparisonSites = comparisonSites;
    return c;
  }

  /**
   * Number of pioneer sites per wave: P01.. are wave 1, the next codes wave 2. Wave 1 needs at
   * least one site, wave 2 may be empty, together at most 25 (P01..P25).
   */
  public GeneratorConfig withPioneerSites(int wave1, int wave2) {
    requireRange(
        "wave-1 pioneer sites",
        wave1,
        1,
        MAX_PIONEER_SITES,
        SITE_CODES_REASON + ", and wave 1 needs at least one site");
    requireRange(
        "wave-2 pioneer sites",
        wave2,
        0,
        MAX_PIONEER_SITES - wave1,
        SITE_CODES_REASON + ", shared by both waves");
    GeneratorConfig c = copy();
    c.wave1Sites = wave1;
    c.wave2Sites = wave2;
    return c;
  }

  /** The go-live months of the two waves (go-live date = first day of the month). */
  public GeneratorConfig withGoLiveMonths(YearMonth wave1, YearMonth wave2) {
    Objects.requireNonNull(wave1, "wave1");
    Objects.requireNonNull(wave2, "wave2");
    if (wave2.isBefore(wave1)) {
      throw GeneratorErrors.wavesOutOfOrder(wave1, wave2);
    }
    GeneratorConfig c = copy();
    c.wave1GoLive = wave1;
    c.wave2GoLive = wave2;
    return c;
  }

  /**
   * Dynamic effects ramp up linearly over the first 12 months after go-live (1/12 of the full
   * effect in the go-live month, the full effect from month 12 on); static effects are full from
   * the go-live month.
   */
  public GeneratorConfig withDynamicEffects(boolean dynamic) {
    GeneratorConfig c = copy();
    c.dynamicEffects = dynamic;
    return c;
  }

  /** Wave-2 effect = ratio x wave-1 effect, for every outcome and setting. */
  public GeneratorConfig withWaveEffectRatio(double ratio) {
    if (!Double.isFinite(ratio)) {
      throw GeneratorErrors.ratioNotFinite(ratio);
    }
    GeneratorConfig c = copy();
    c.waveEffectRatio = ratio;
    return c;
  }

  /** First month of data (inclusive). */
  public GeneratorConfig withStartMonth(YearMonth start) {
    GeneratorConfig c = copy();
    c.startMonth = Objects.requireNonNull(start, "start");
    return c;
  }

  /** Last month of data (inclusive). */
  public GeneratorConfig withEndMonth(YearMonth end) {
    GeneratorConfig c = copy();
    c.endMonth = Objects.requireNonNull(end, "end");
    return c;
  }

  /** Survey responses per site per annual wave. */
  public GeneratorConfig withRespondentsPerSiteWave(int respondents) {
    requireRange(
        "respondentsPerSiteWave",
        respondents,
        1,
        1_000_000,
        "every survey drop needs at least one response");
    GeneratorConfig c = copy();
    c.respondentsPerSiteWave = respondents;
    return c;
  }

  /**
   * The wave-1 effect on {@code outcome}: for admission rates a relative change (0.02 = +2% of the
   * pioneers' counterfactual level at go-live, applied as an additive shift per 1,000); for survey
   * items a shift of the latent score in points. Cost per capita is derived and cannot be set.
   */
  public GeneratorConfig withEffect(Outcome outcome, double effect) {
    if (outcome == Outcome.COST_PER_CAPITA) {
      throw GeneratorErrors.effectIsDerived(outcome);
    }
    if (!Double.isFinite(effect)) {
      throw GeneratorErrors.effectNotUsable(outcome.columnName(), effect, "it is not finite");
    }
    GeneratorConfig c = copy();
    c.effects.put(outcome, effect);
    return c;
  }

  /**
   * The wave-1 relative effect on the use, and so the cost, of a non-inpatient setting (-0.20 = 20%
   * fewer outpatient attendances than the pioneers' counterfactual level at go-live).
   */
  public GeneratorConfig withSettingEffect(CareSetting setting, double relativeEffect) {
    if (setting == CareSetting.INPATIENT) {
      throw GeneratorErrors.inpatientEffectIsDerived();
    }
    if (!Double.isFinite(relativeEffect)) {
      throw GeneratorErrors.effectNotUsable(setting.code(), relativeEffect, "it is not finite");
    }
    GeneratorConfig c = copy();
    c.settingEffects.put(setting, relativeEffect);
    return c;
  }

  private static void requireRange(String setting, long value, long min, long max, String why) {
    if (value < min || value > max) {
      throw GeneratorErrors.countOutOfRange(setting, value, min, max, why);
    }
  }

  /**
   * Checks the settings that depend on each other (window, go-live months); the generator calls
   * this before writing anything.
   */
  public GeneratorConfig validate() {
    if (endMonth.isBefore(startMonth)
        || startMonth.isBefore(FIRST_SUPPORTED_MONTH)
        || endMonth.isAfter(LAST_SUPPORTED_MONTH)) {
      throw GeneratorErrors.windowOutOfRange(startMonth, endMonth);
    }
    checkGoLive(1, wave1GoLive);
    if (wave2Sites > 0) {
      checkGoLive(2, wave2GoLive);
    }
    return this;
  }

  private void checkGoLive(int wave, YearMonth goLive) {
    if (!goLive.isAfter(startMonth) || goLive.isAfter(endMonth)) {
      throw GeneratorErrors.goLiveOutOfWindow(wave, goLive, startMonth, endMonth);
    }
  }

  public long seed() {
    return seed;
  }

  public int patientsPerSite() {
    return patientsPerSite;
  }

  public int comparisonSites() {
    return comparisonSites;
  }

  public int pioneerSitesWave1() {
    return wave1Sites;
  }

  public int pioneerSitesWave2() {
    return wave2Sites;
  }

  /** Number of pioneer sites in both waves. */
  public int pioneerSites() {
    return wave1Sites + wave2Sites;
  }

  /** The go-live month of wave 1 or 2. */
  public YearMonth goLiveMonth(int wave) {
    if (wave == 1) {
      return wave1GoLive;
    }
    if (wave == 2) {
      return wave2GoLive;
    }
    throw new IllegalArgumentException("wave must be 1 or 2, got " + wave);
  }

  public boolean dynamicEffects() {
    return dynamicEffects;
  }

  public double waveEffectRatio() {
    return waveEffectRatio;
  }

  public YearMonth startMonth() {
    return startMonth;
  }

  public YearMonth endMonth() {
    return endMonth;
  }

  public int respondentsPerSiteWave() {
    return respondentsPerSiteWave;
  }

  /** The configured wave-1 effect on {@code outcome}; NaN for the derived cost per capita. */
  public double effect(Outcome outcome) {
    return outcome == Outcome.COST_PER_CAPITA ? Double.NaN : effects.getOrDefault(outcome, 0.0);
  }

  /** The configured wave-1 relative effect on a setting; NaN for the derived inpatient cost. */
  public double settingEffect(CareSetting setting) {
    return setting == CareSetting.INPATIENT
        ? Double.NaN
        : settingEffects.getOrDefault(setting, 0.0);
  }

  /** The configurable outcome effects, in enum order. */
  public Map<Outcome, Double> effects() {
    return Map.copyOf(effects);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GeneratorConfig c)) {
      return false;
    }
    return seed == c.seed
        && patientsPerSite == c.patientsPerSite
        && comparisonSites == c.comparisonSites
        && wave1Sites == c.wave1Sites
        && wave2Sites == c.wave2Sites
        && wave1GoLive.equals(c.wave1GoLive)
        && wave2GoLive.equals(c.wave2GoLive)
        && dynamicEffects == c.dynamicEffects
        && Double.compare(waveEffectRatio, c.waveEffectRatio) == 0
        && startMonth.equals(c.startMonth)
        && endMonth.equals(c.endMonth)
        && respondentsPerSiteWave == c.respondentsPerSiteWave
        && effects.equals(c.effects)
        && settingEffects.equals(c.settingEffects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        seed,
        patientsPerSite,
        comparisonSites,
        wave1Sites,
        wave2Sites,
        wave1GoLive,
        wave2GoLive,
        dynamicEffects,
        waveEffectRatio,
        startMonth,
        endMonth,
        respondentsPerSiteWave,
        effects,
        settingEffects);
  }

  @Override
  public String toString() {
    return "GeneratorConfig{seed="
        + seed
        + ", patientsPerSite="
        + patientsPerSite
        + ", comparisonSites="
        + comparisonSites
        + ", pioneers="
        + wave1Sites
        + "+"
        + wave2Sites
        + ", goLive="
        + wave1GoLive
        + "/"
        + wave2GoLive
        + ", dynamicEffects="
        + dynamicEffects
        + ", waveEffectRatio="
        + waveEffectRatio
        + ", window="
        + startMonth
        + ".."
        + endMonth
        + ", respondentsPerSiteWave="
        + respondentsPerSiteWave
        + ", effects="
        + effects
        + ", settingEffects="
        + settingEffects
        + "}";
  }
}
