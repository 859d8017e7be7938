package org.pioneereval.generator.internal;

import org.pioneereval.contracts.SpellTariff;
import org.pioneereval.generator.Outcome;

/**
 * The three admission methods and their model parameters.
 *
 * <p>Rates are per 1,000 residents per month. The site's base rate (the deseasonalised expected
 * rate in {@link ModelParameters#BASELINE_MONTH}) is drawn from N(mean, siteSd) with the pioneer
 * mean for pioneer sites (DOMAIN.md: 7.9 vs 7.5 emergency admissions per 1,000 per month before the
 * programme), redrawn below 30% of the mean so that no rate can become negative. The secular slope
 * of emergency admissions, 0.015 per month, is +12% of 7.5 over the 60 months 2013-2018 where no
 * programme ran. Spell cost is the tariff ({@link SpellTariff}, 2017/18 prices) times a mean-one
 * lognormal; length of stay is lognormal around the median and shares its normal draw with the
 * cost, so long stays are expensive. The tariffs are {@link SpellTariff}'s, defined once in the
 * data contracts.
 */
public enum AdmissionMethod {
  EMERGENCY(
      "emergency",
      Outcome.EMERGENCY_ADMISSIONS_RATE,
      7.5,
      7.9,
      1.0,
      0.015,
      seasonalCosine(0.5),
      0.9,
      3.0,
      1.0,
      0.0,
      new double[] {0.7, 0.6, 0.9, 1.6, 2.8, 4.5},
      2.5,
      new double[] {
        2, 2, 1, 3, 3, 3, 0.5, 0.5, 12, 14, 10, 3, 4, 7, 2, 0.5, 0.5, 18, 12, 0.5, 2, 0.5
      }),
  ELECTIVE(
      "elective",
      Outcome.ELECTIVE_ADMISSIONS_RATE,
      5.0,
      5.0,
      0.6,
      0.004,
      // Jan..Dec: dips in August and December (holidays), sums to zero.
      new double[] {0.1, 0.1, 0.2, -0.1, 0.0, 0.1, 0.1, -0.3, 0.1, 0.1, 0.1, -0.5},
      0.8,
      2.5,
      0.8,
      0.65,
      new double[] {0.3, 0.6, 1.2, 2.0, 2.2, 1.6},
      1.6,
      new double[] {
        0.5, 14, 3, 2, 0.5, 2, 9, 1, 7, 2, 18, 2, 9, 7, 0.2, 0.1, 0.5, 5, 2, 0.1, 15, 0.1
      }),
  OTHER(
      "other",
      null,
      1.5,
      1.5,
      0.25,
      0.0,
      new double[12],
      0.7,
      2.5,
      0.7,
      0.0,
      new double[] {1.2, 2.5, 0.4, 0.3, 0.3, 0.3},
      1.0,
      new double[] {
        0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 55, 12, 1, 5, 3, 0.5,
        10, 0.5
      });

  private final String code;
  private final Outcome outcome;
  private final double comparisonMean;
  private final double pioneerMean;
  private final double siteSd;
  private final double slopePerMonth;
  private final double[] seasonal;
  private final double tariff;
  private final double costSigma;
  private final double losMedian;
  private final double losSigma;
  private final double dayCaseShare;
  private final double[] ageWeight;
  private final double ltcMultiplier;
  private final double[] chapterCumulative;

  AdmissionMethod(
      String code,
      Outcome outcome,
      double comparisonMean,
      double pioneerMean,
      double siteSd,
      double slopePerMonth,
      double[] seasonal,
      double costSigma,
      double losMedian,
      double losSigma,
      double dayCaseShare,
      double[] ageWeight,
      double ltcMultiplier,
      double[] chapterWeight) {
    this.code = code;
    this.outcome = outcome;
    this.comparisonMean = comparisonMean;
    this.pioneerMean = pioneerMean;
    this.siteSd = siteSd;
    this.slopePerMonth = slopePerMonth;
    this.seasonal = seasonal;
    this.tariff = SpellTariff.gbp(code);
    this.costSigma = costSigma;
    this.losMedian = losMedian;
    this.losSigma = losSigma;
    this.dayCaseShare = dayCaseShare;
    this.ageWeight = ageWeight;
    this.ltcMultiplier = ltcMultiplier;
    this.chapterCumulative = ModelParameters.cumulative(chapterWeight);
  }

  private static double[] seasonalCosine(double amplitude) {
    double[] s = new double[12];
    for (int m = 0; m < 12; m++) {
      s[m] = amplitude * Math.cos(2 * Math.PI * m / 12.0);
    }
    return s;
  }

  /** The {@code admission_method} value. */
  public String code() {
    return code;
  }

  /** The outcome measuring this method's rate, or null for "other". */
  public Outcome outcome() {
    return outcome;
  }

  /** Population mean of the site base rate (per 1,000 per month) for the site type. */
  public double meanBaseRate(boolean pioneer) {
    return pioneer ? pioneerMean : comparisonMean;
  }

  public double siteSd() {
    return siteSd;
  }

  /** Additive secular change of the expected rate per month. */
  public double slopePerMonth() {
    return slopePerMonth;
  }

  /** Additive seasonal term for calendar month 1..12 (mean zero over the year). */
  public double seasonal(int calendarMonth) {
    return seasonal[calendarMonth - 1];
  }

  /** Expected cost of one spell, GBP at 2017/18 prices: the national {@link SpellTariff}. */
  public double tariff() {
    return tariff;
  }

  public double costSigma() {
    return costSigma;
  }

  public double losMedian() {
    return losMedian;
  }

  public double losSigma() {
    return losSigma;
  }

  /** Share of spells with length of stay 0 regardless of the lognormal draw (day cases). */
  public double dayCaseShare() {
    return dayCaseShare;
  }

  /** Relative admission propensity of a patient of age band {@code band} (index of AGE_BANDS). */
  public double patientWeight(int band, boolean ltc) {
    return ageWeight[band] * (ltc ? ltcMultiplier : 1.0);
  }

  /** Cumulative probabilities of ICD-10 chapters I..XXII. */
  double[] chapterCumulative() {
    return chapterCumulative;
  }
}
