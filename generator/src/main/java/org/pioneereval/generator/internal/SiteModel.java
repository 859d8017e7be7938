package org.pioneereval.generator.internal;

import java.time.YearMonth;
import org.pioneereval.generator.CareSetting;

/**
 * One site and the parameters drawn for it: register fields, cohort size, base admission rates and
 * use of the other settings at the baseline month, and latent survey site effects.
 */
public final class SiteModel {
  private final String code;
  private final String name;
  private final int wave;
  private final YearMonth goLive;
  private final String region;
  private final int imdDecile;
  private final int population;
  private final double[] admissionBase;
  private final double[] useBase;
  private final double[] surveySiteEffect;

  SiteModel(
      String code,
      String name,
      int wave,
      YearMonth goLive,
      String region,
      int imdDecile,
      int population,
      double[] admissionBase,
      double[] useBase,
      double[] surveySiteEffect) {
    this.code = code;
    this.name = name;
    this.wave = wave;
    this.goLive = goLive;
    this.region = region;
    this.imdDecile = imdDecile;
    this.population = population;
    this.admissionBase = admissionBase;
    this.useBase = useBase;
    this.surveySiteEffect = surveySiteEffect;
  }

  public String code() {
    return code;
  }

  public String name() {
    return name;
  }

  public boolean isPioneer() {
    return wave > 0;
  }

  /** 1 or 2 for pioneers, 0 for comparison sites. */
  public int wave() {
    return wave;
  }

  /** The go-live month, or null for comparison sites. */
  public YearMonth goLive() {
    return goLive;
  }

  public String region() {
    return region;
  }

  public int imdDecile() {
    return imdDecile;
  }

  /** Cohort size N_i, the population of every month. */
  public int population() {
    return population;
  }

  /** Deseasonalised expected rate per 1,000 per month at the baseline month. */
  public double admissionBase(AdmissionMethod method) {
    return admissionBase[method.ordinal()];
  }

  /** Expected users per 1,000 per month of a non-inpatient setting at the baseline month. */
  public double useBase(CareSetting setting) {
    return useBase[setting.ordinal()];
  }

  /** The site's latent-score shift for a survey item. */
  public double surveySiteEffect(SurveyItem item) {
    return surveySiteEffect[item.ordinal()];
  }

  @Override
  public String toString() {
    return code;
  }
}
