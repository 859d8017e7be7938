package org.pioneereval.generator.internal;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;
import org.pioneereval.generator.CareSetting;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.generator.GeneratorErrors;
import org.pioneereval.generator.Outcome;

/**
 * The expected values of the data-generating process: everything the drops are sampled from and the
 * truth is computed from.
 *
 * <p><b>Admissions</b> (additive, so that level difference-in-differences is unbiased): the
 * expected rate per 1,000 per month of site i, method m, month t is
 *
 * <pre>
 *   r_imt = base_im + slope_m * (t - 2013-04) + seasonal_m(calendar month of t) + effect_imt
 *   effect_imt = delta_m * intensity_it
 *   delta_m = relativeEffect_m * mean over pioneers j of (base_jm + slope_m * (goLive_j - 2013-04))
 * </pre>
 *
 * i.e. the configured relative effect is turned into one additive shift per 1,000 by the pioneers'
 * deseasonalised counterfactual level at go-live. {@code intensity_it} is 0 before go-live and for
 * comparison sites, otherwise (1 for wave 1, waveEffectRatio for wave 2) x (1, or min(1, (e+1)/12)
 * for dynamic effects, e = months since go-live).
 *
 * <p><b>Other settings</b>: expected users per 1,000 per month u_ist = useBase_is + slope_s * (t -
 * 2013-04) + delta_s * intensity_it with the same convention for delta_s; expected cost per capita
 * is u_ist / 1000 x unitCost_s. Inpatient cost per capita is sum_m r_imt / 1000 x tariff_m.
 *
 * <p><b>Survey</b>: latent mean mu_ikw = intercept_k + siteEffect_ik + trend_k * (w - 2013) +
 * shift_k * intensity_i(January of w); response = 1 + #{thresholds below mu + N(0,1)}, whose
 * expectation is {@link #likertExpectation(double)}.
 */
public final class DataGeneratingProcess {
  private final GeneratorConfig config;
  private final List<SiteModel> sites;
  private final List<YearMonth> months;
  private final List<Integer> surveyWaves;
  private final double[] admissionShift = new double[AdmissionMethod.values().length];
  private final double[] admissionReference = new double[AdmissionMethod.values().length];
  private final double[] useShift = new double[CareSetting.values().length];
  private final double[] useReference = new double[CareSetting.values().length];

  private DataGeneratingProcess(GeneratorConfig config) {
    this.config = config.validate();
    this.sites = List.copyOf(drawSites(config));
    List<YearMonth> m = new ArrayList<>();
    for (YearMonth t = config.startMonth(); !t.isAfter(config.endMonth()); t = t.plusMonths(1)) {
      m.add(t);
    }
    this.months = List.copyOf(m);
    List<Integer> w = new ArrayList<>();
    for (int year = config.startMonth().getYear(); year <= config.endMonth().getYear(); year++) {
      if (!YearMonth.of(year, 1).isBefore(config.startMonth())
          && !YearMonth.of(year, 3).isAfter(config.endMonth())) {
        w.add(year);
      }
    }
    this.surveyWaves = List.copyOf(w);
    computeShifts();
    checkExpectationsNonNegative();
  }

  /** Draws the sites of {@code config} and derives the effect shifts. */
  public static DataGeneratingProcess of(GeneratorConfig config) {
    return new DataGeneratingProcess(config);
  }

  private static List<SiteModel> drawSites(GeneratorConfig config) {
    List<SiteModel> sites = new ArrayList<>();
    int pioneers = config.pioneerSites();
    for (int i = 1; i <= pioneers; i++) {
      int wave = i <= config.pioneerSitesWave1() ? 1 : 2;
      sites.add(
          drawSite(
              config,
              String.format("P%02d", i),
              String.format("Pioneer site %02d", i),
              wave,
              config.goLiveMonth(wave)));
    }
    for (int i = 1; i <= config.comparisonSites(); i++) {
      sites.add(
          drawSite(
              config,
              String.format("C%02d", i),
              String.format("Comparison site %02d", i),
              0,
              null));
    }
    return sites;
  }

  private static SiteModel drawSite(
      GeneratorConfig config, String code, String name, int wave, YearMonth goLive) {
    SplittableRandom r =
        RandomStreams.stream(config.seed(), code, RandomStreams.Purpose.SITE_PARAMETERS);
    String region = ModelParameters.REGIONS[r.nextInt(ModelParameters.REGIONS.length)];
    int imd = 1 + r.nextInt(10);
    double sizeFactor =
        ModelParameters.SITE_SIZE_MIN
            + (ModelParameters.SITE_SIZE_MAX - ModelParameters.SITE_SIZE_MIN) * r.nextDouble();
    int population = (int) Math.max(1, Math.round(config.patientsPerSite() * sizeFactor));
    double[] admissionBase = new double[AdmissionMethod.values().length];
    for (AdmissionMethod m : AdmissionMethod.values()) {
      double mean = m.meanBaseRate(wave > 0);
      double value;
      do {
        value = mean + m.siteSd() * r.nextGaussian();
      } while (value < ModelParameters.BASE_RATE_FLOOR * mean);
      admissionBase[m.ordinal()] = value;
    }
    double[] useBase = new double[CareSetting.values().length];
    for (CareSetting s : CareSetting.values()) {
      if (s != CareSetting.INPATIENT) {
        double sd = ModelParameters.useSiteSd(s);
        useBase[s.ordinal()] =
            ModelParameters.useBase(s) * RandomStreams.meanOneLogNormal(sd, r.nextGaussian());
      }
    }
    double[] surveyEffect = new double[SurveyItem.values().length];
    for (SurveyItem item : SurveyItem.values()) {
      surveyEffect[item.ordinal()] = ModelParameters.SURVEY_SITE_SD * r.nextGaussian();
    }
    return new SiteModel(
        code, name, wave, goLive, region, imd, population, admissionBase, useBase, surveyEffect);
  }

  private void computeShifts() {
    List<SiteModel> pioneers = sites.stream().filter(SiteModel::isPioneer).toList();
    for (AdmissionMethod m : AdmissionMethod.values()) {
      double level = 0;
      for (SiteModel s : pioneers) {
        level += s.admissionBase(m) + m.slopePerMonth() * monthsSinceBaseline(s.goLive());
      }
      level /= pioneers.size();
      admissionReference[m.ordinal()] = level;
      double relative = m.outcome() == null ? 0.0 : config.effect(m.outcome());
      admissionShift[m.ordinal()] = relative * level;
    }
    for (CareSetting setting : CareSetting.values()) {
      if (setting == CareSetting.INPATIENT) {
        continue;
      }
      double level = 0;
      for (SiteModel s : pioneers) {
        level +=
            s.useBase(setting)
                + ModelParameters.useSlope(setting) * monthsSinceBaseline(s.goLive());
      }
      level /= pioneers.size();
      useReference[setting.ordinal()] = level;
      useShift[setting.ordinal()] = config.settingEffect(setting) * level;
    }
  }

  private void checkExpectationsNonNegative() {
    for (SiteModel s : sites) {
      for (YearMonth t : months) {
        for (AdmissionMethod m : AdmissionMethod.values()) {
          if (counterfactualAdmissionRate(s, m, t) < 0) {
            throw new IllegalStateException("Negative counterfactual rate at " + s + " " + t);
          }
          if (expectedAdmissionRate(s, m, t) < 0) {
            throw GeneratorErrors.effectNotUsable(
                m.outcome() == null ? m.code() : m.outcome().columnName(),
                m.outcome() == null ? 0 : config.effect(m.outcome()),
                "the expected "
                    + m.code()
                    + " admission rate of site "
                    + s.code()
                    + " in "
                    + t
                    + " would be negative");
          }
        }
        for (CareSetting setting : CareSetting.values()) {
          if (setting != CareSetting.INPATIENT && expectedUse(s, setting, t) < 0) {
            throw GeneratorErrors.effectNotUsable(
                setting.code(),
                config.settingEffect(setting),
                "the expected "
                    + setting.code()
                    + " use of site "
                    + s.code()
                    + " in "
                    + t
                    + " would be negative");
          }
        }
      }
    }
  }

  /** Months from the baseline month to {@code t} (negative before it). */
  public static long monthsSinceBaseline(YearMonth t) {
    return ChronoUnit.MONTHS.between(ModelParameters.BASELINE_MONTH, t);
  }

  public GeneratorConfig config() {
    return config;
  }

  /** Pioneers P01.. (wave 1 first), then comparison sites C01... */
  public List<SiteModel> sites() {
    return sites;
  }

  /** Every month of the window, in order. */
  public List<YearMonth> months() {
    return months;
  }

  /** The survey waves (fieldwork years) whose January-March fieldwork lies in the window. */
  public List<Integer> surveyWaves() {
    return surveyWaves;
  }

  /** First month of a survey wave's fieldwork: the period start that decides treated-post. */
  public static YearMonth fieldworkStart(int wave) {
    return YearMonth.of(wave, 1);
  }

  /**
   * Share of the full wave-1 effect that applies to {@code site} in the period starting {@code
   * periodStart}: 0 before go-live and for comparison sites.
   */
  public double intensity(SiteModel site, YearMonth periodStart) {
    if (!isTreatedPost(site, periodStart)) {
      return 0.0;
    }
    double waveFactor = site.wave() == 1 ? 1.0 : config.waveEffectRatio();
    if (!config.dynamicEffects()) {
      return waveFactor;
    }
    long e = ChronoUnit.MONTHS.between(site.goLive(), periodStart);
    return waveFactor * Math.min(1.0, (e + 1) / (double) ModelParameters.RAMP_MONTHS);
  }

  /** A pioneer in a period starting on or after its go-live month. */
  public static boolean isTreatedPost(SiteModel site, YearMonth periodStart) {
    return site.isPioneer() && !periodStart.isBefore(site.goLive());
  }

  /** Additive shift per 1,000 of a full-intensity effect on admissions by {@code method}. */
  public double admissionShift(AdmissionMethod method) {
    return admissionShift[method.ordinal()];
  }

  /** The pioneers' mean deseasonalised counterfactual rate at go-live that delta_m scales. */
  public double admissionReferenceLevel(AdmissionMethod method) {
    return admissionReference[method.ordinal()];
  }

  /** Additive shift of users per 1,000 of a full-intensity effect on a setting. */
  public double useShift(CareSetting setting) {
    return useShift[setting.ordinal()];
  }

  /** The pioneers' mean counterfactual use at go-live that delta_s scales. */
  public double useReferenceLevel(CareSetting setting) {
    return useReference[setting.ordinal()];
  }

  /** E[Y(0)]: expected admissions per 1,000 without the programme. */
  public double counterfactualAdmissionRate(SiteModel s, AdmissionMethod m, YearMonth t) {
    return s.admissionBase(m)
        + m.slopePerMonth() * monthsSinceBaseline(t)
        + m.seasonal(t.getMonthValue());
  }

  /** E[Y]: expected admissions per 1,000 as assigned (with the effect where treated-post). */
  public double expectedAdmissionRate(SiteModel s, AdmissionMethod m, YearMonth t) {
    return counterfactualAdmissionRate(s, m, t) + admissionShift(m) * intensity(s, t);
  }

  /** Expected users per 1,000 of a non-inpatient setting without the programme. */
  public double counterfactualUse(SiteModel s, CareSetting setting, YearMonth t) {
    return s.useBase(setting) + ModelParameters.useSlope(setting) * monthsSinceBaseline(t);
  }

  /** Expected users per 1,000 of a non-inpatient setting as assigned. */
  public double expectedUse(SiteModel s, CareSetting setting, YearMonth t) {
    return counterfactualUse(s, setting, t) + useShift(setting) * intensity(s, t);
  }

  /** Expected cost per resident of one setting, GBP at 2017/18 prices, without the programme. */
  public double counterfactualCostPerCapita(SiteModel s, CareSetting setting, YearMonth t) {
    if (setting == CareSetting.INPATIENT) {
      double cost = 0;
      for (AdmissionMethod m : AdmissionMethod.values()) {
        cost += counterfactualAdmissionRate(s, m, t) / 1000.0 * m.tariff();
      }
      return cost;
    }
    return counterfactualUse(s, setting, t) / 1000.0 * ModelParameters.unitCost(setting);
  }

  /** Expected cost per resident of one setting, GBP at 2017/18 prices, as assigned. */
  public double expectedCostPerCapita(SiteModel s, CareSetting setting, YearMonth t) {
    if (setting == CareSetting.INPATIENT) {
      double cost = 0;
      for (AdmissionMethod m : AdmissionMethod.values()) {
        cost += expectedAdmissionRate(s, m, t) / 1000.0 * m.tariff();
      }
      return cost;
    }
    return expectedUse(s, setting, t) / 1000.0 * ModelParameters.unitCost(setting);
  }

  /** Latent mean of a survey item without the programme. */
  public double counterfactualLatentMean(SiteModel s, SurveyItem item, int wave) {
    return item.intercept()
        + s.surveySiteEffect(item)
        + item.trendPerWave() * (wave - ModelParameters.BASELINE_SURVEY_WAVE);
  }

  /** Latent mean of a survey item as assigned. */
  public double expectedLatentMean(SiteModel s, SurveyItem item, int wave) {
    return counterfactualLatentMean(s, item, wave)
        + config.effect(item.outcome()) * intensity(s, fieldworkStart(wave));
  }

  /** E[Likert] for latent mean mu: 1 + sum_k P(mu + N(0,1) > tau_k) = 1 + sum_k Phi(mu - tau_k). */
  public static double likertExpectation(double mu) {
    double e = 1.0;
    for (double tau : ModelParameters.LIKERT_THRESHOLDS) {
      e += standardNormalCdf(mu - tau);
    }
    return e;
  }

  /** The Likert category (1..5) of a latent score. */
  public static int likertCategory(double latentScore) {
    int category = 1;
    for (double tau : ModelParameters.LIKERT_THRESHOLDS) {
      if (latentScore > tau) {
        category++;
      }
    }
    return category;
  }

  static double standardNormalCdf(double x) {
    return 0.5 * Erf.erfc(-x / Math.sqrt(2.0));
  }

  /**
   * E[Y(0)] of an outcome in one cell; {@code periodStart} is the month (site-month outcomes) or
   * the fieldwork start of the wave (site-wave outcomes).
   */
  public double counterfactual(Outcome outcome, SiteModel s, YearMonth periodStart) {
    return outcomeValue(outcome, s, periodStart, true);
  }

  /** E[Y] as assigned of an outcome in one cell; see {@link #counterfactual}. */
  public double expected(Outcome outcome, SiteModel s, YearMonth periodStart) {
    return outcomeValue(outcome, s, periodStart, false);
  }

  private double outcomeValue(
      Outcome outcome, SiteModel s, YearMonth periodStart, boolean counterfactual) {
    switch (outcome) {
      case EMERGENCY_ADMISSIONS_RATE:
      case ELECTIVE_ADMISSIONS_RATE:
        AdmissionMethod m =
            outcome == Outcome.EMERGENCY_ADMISSIONS_RATE
                ? AdmissionMethod.EMERGENCY
                : AdmissionMethod.ELECTIVE;
        return counterfactual
            ? counterfactualAdmissionRate(s, m, periodStart)
            : expectedAdmissionRate(s, m, periodStart);
      case COST_PER_CAPITA:
        double cost = 0;
        for (CareSetting setting : CareSetting.values()) {
          cost +=
              counterfactual
                  ? counterfactualCostPerCapita(s, setting, periodStart)
                  : expectedCostPerCapita(s, setting, periodStart);
        }
        return cost;
      default:
        SurveyItem item = SurveyItem.of(outcome);
        int wave = periodStart.getYear();
        double mu =
            counterfactual
                ? counterfactualLatentMean(s, item, wave)
                : expectedLatentMean(s, item, wave);
        return likertExpectation(mu);
    }
  }
}
