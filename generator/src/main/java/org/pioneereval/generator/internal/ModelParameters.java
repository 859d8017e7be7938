package org.pioneereval.generator.internal;

import java.time.YearMonth;
import org.pioneereval.generator.CareSetting;

/**
 * The fixed numbers of the data-generating process that are not configuration: population mix,
 * non-inpatient care use and unit costs, survey thresholds. Admission parameters live in {@link
 * AdmissionMethod}, survey item parameters in {@link SurveyItem}. The generator README lists them
 * all with their sources.
 */
public final class ModelParameters {
  private ModelParameters() {}

  /** Time origin of every secular trend: rates' base levels are their expected values here. */
  public static final YearMonth BASELINE_MONTH = YearMonth.of(2013, 4);

  /** Time origin of the survey trend. */
  public static final int BASELINE_SURVEY_WAVE = 2013;

  /** Months of linear ramp-up of a dynamic effect. */
  public static final int RAMP_MONTHS = 12;

  /** Site size: round(patientsPerSite x U(min, max)). */
  public static final double SITE_SIZE_MIN = 0.7;

  public static final double SITE_SIZE_MAX = 1.3;

  /** Truncation of site base rates: redraw below this fraction of the population mean. */
  public static final double BASE_RATE_FLOOR = 0.3;

  public static final String[] REGIONS = {
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West"
  };

  public static final String[] AGE_BANDS = {"0-17", "18-44", "45-64", "65-74", "75-84", "85+"};

  /** England's resident age mix, roughly (ONS mid-2015 estimates). */
  public static final double[] AGE_BAND_SHARE = {0.21, 0.36, 0.25, 0.09, 0.06, 0.03};

  /** Probability of a long-term condition on record, by age band. */
  public static final double[] LTC_PROBABILITY = {0.05, 0.15, 0.35, 0.55, 0.70, 0.80};

  public static final String[] SEXES = {"F", "M", "U"};
  public static final double[] SEX_SHARE = {0.505, 0.493, 0.002};

  /** Relative propensity to answer the survey, by age band (adults only). */
  public static final double[] SURVEY_AGE_WEIGHT = {0.0, 0.6, 1.0, 1.4, 1.3, 1.0};

  public static final String[] ICD10_CHAPTERS = {
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII"
  };

  /** Longest length of stay written (days). */
  public static final int MAX_LENGTH_OF_STAY = 365;

  // Non-inpatient settings, indexed by CareSetting.ordinal() (INPATIENT entries unused).
  // Use per 1,000 residents per month at the baseline month; unit cost in GBP at 2017/18 prices.
  // At baseline these give, per resident per month: outpatient 18.0, A&E 4.5, community 11.4,
  // social care 15.4, prescribing 13.3, plus inpatient about 28.7: about GBP 91 in total.
  private static final double[] USE_BASE = {0, 150, 30, 60, 11, 360};
  private static final double[] USE_SLOPE = {0, 0.3, 0.06, 0.05, -0.01, 0.4};
  private static final double[] USE_SITE_SD = {0, 0.10, 0.15, 0.15, 0.15, 0.08};
  private static final double[] UNIT_COST = {0, 120, 150, 190, 1400, 37};

  /** Sigma of the mean-one lognormal cost of one user of a non-inpatient setting. */
  public static final double USER_COST_SIGMA = 1.0;

  /** Cut points of the latent score: Likert k+1 when the score exceeds k thresholds. */
  public static final double[] LIKERT_THRESHOLDS = {-1.2, -0.4, 0.4, 1.3};

  /** Between-site sd of the latent survey score, per item. */
  public static final double SURVEY_SITE_SD = 0.15;

  /** Probability that a single item is left unanswered (missing completely at random). */
  public static final double ITEM_NONRESPONSE = 0.03;

  public static final double SURVEY_WEIGHT_MIN = 0.5;
  public static final double SURVEY_WEIGHT_MAX = 2.0;

  /**
   * A resident's IMD quintile: with probability {@value #IMD_UNIFORM_SHARE} any quintile 1..5
   * (people living in areas unlike their site's), otherwise the site's quintile ceil(decile / 2)
   * shifted by -1, 0 or +1 with these probabilities (clamped to 1..5).
   */
  public static final double IMD_UNIFORM_SHARE = 0.15;

  static final double[] IMD_SHIFT_SHARE = {0.25, 0.50, 0.25};

  /**
   * Enrolment in the programme at a pioneer's go-live month, confounded on prior utilisation:
   * P(enrolled) = logistic(intercept + ltc x {@value #ENROLMENT_LTC} + [age band 65+] x {@value
   * #ENROLMENT_AGE_65_PLUS} + min(E, {@value #ENROLMENT_PRIOR_EMERGENCY_CAP}) x {@value
   * #ENROLMENT_PER_PRIOR_EMERGENCY}), E = the patient's realised emergency admissions in the 12
   * months before go-live. The intercept makes about 8% of a pioneer's residents enrolled at the
   * default emergency rates (7.9 per 1,000 per month, mean E about 0.09): solved numerically with E
   * ~ Poisson(12 x rate / 1,000 x weight / mean weight) over the age, LTC mix of the cohort.
   */
  public static final double ENROLMENT_INTERCEPT = -2.97;

  public static final double ENROLMENT_LTC = 0.7;
  public static final double ENROLMENT_AGE_65_PLUS = 0.5;
  public static final double ENROLMENT_PER_PRIOR_EMERGENCY = 0.9;
  public static final int ENROLMENT_PRIOR_EMERGENCY_CAP = 3;

  /** Index in {@link #AGE_BANDS} of the first band aged 65 or over ("65-74"). */
  public static final int FIRST_BAND_65_PLUS = 3;

  /** Months before go-live whose emergency admissions drive enrolment. */
  public static final int ENROLMENT_PRIOR_MONTHS = 12;

  /** The enrolment probability of a patient; see {@link #ENROLMENT_INTERCEPT}. */
  public static double enrolmentProbability(boolean ltc, int ageBand, int priorEmergencies) {
    double linear =
        ENROLMENT_INTERCEPT
            + (ltc ? ENROLMENT_LTC : 0.0)
            + (ageBand >= FIRST_BAND_65_PLUS ? ENROLMENT_AGE_65_PLUS : 0.0)
            + ENROLMENT_PER_PRIOR_EMERGENCY
                * Math.min(priorEmergencies, ENROLMENT_PRIOR_EMERGENCY_CAP);
    return 1.0 / (1.0 + Math.exp(-linear));
  }

  /** Users per 1,000 residents per month of a non-inpatient setting at the baseline month. */
  public static double useBase(CareSetting setting) {
    return nonInpatient(setting, USE_BASE);
  }

  /** Additive change of use per 1,000 per month. */
  public static double useSlope(CareSetting setting) {
    return nonInpatient(setting, USE_SLOPE);
  }

  /** Sd of the log of a site's mean-one multiplicative use factor. */
  public static double useSiteSd(CareSetting setting) {
    return nonInpatient(setting, USE_SITE_SD);
  }

  /** Expected cost of one user, GBP at 2017/18 prices. */
  public static double unitCost(CareSetting setting) {
    return nonInpatient(setting, UNIT_COST);
  }

  private static double nonInpatient(CareSetting setting, double[] values) {
    if (setting == CareSetting.INPATIENT) {
      throw new IllegalStateException("Inpatient cost is built from spells, not from use rates");
    }
    return values[setting.ordinal()];
  }

  /** Normalised cumulative sums of {@code weights}. */
  static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    for (int i = 0; i < c.length; i++) {
      c[i] /= sum;
    }
    c[c.length - 1] = 1.0;
    return c;
  }

  /** The index i with cumulative[i-1] <= u < cumulative[i], for u in [0, total). */
  static int pick(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
