package org.pioneereval.generator.internal;

import java.util.SplittableRandom;

/**
 * The residents of one site: a fixed cohort (no births, deaths or migration) with age band, sex,
 * long-term-condition flag and a pseudonymous key, plus cumulative weights for choosing which
 * patient a spell or survey response belongs to. Older patients and those with a long-term
 * condition are admitted more often; see {@link AdmissionMethod#patientWeight}.
 */
final class Cohort {
  private final byte[] ageBand;
  private final byte[] sex;
  private final boolean[] ltc;
  private final byte[] imdQuintile;
  private final String[] keys;
  private final double[][] admissionCumulative;
  private final double[] surveyCumulative;

  private Cohort(int size) {
    ageBand = new byte[size];
    sex = new byte[size];
    ltc = new boolean[size];
    imdQuintile = new byte[size];
    keys = new String[size];
    admissionCumulative = new double[AdmissionMethod.values().length][size];
    surveyCumulative = new double[size];
  }

  static Cohort draw(SiteModel site, long seed, PseudonymousKeys keyMaker) {
    SplittableRandom r = RandomStreams.stream(seed, site.code(), RandomStreams.Purpose.COHORT);
    double[] ageCumulative = ModelParameters.cumulative(ModelParameters.AGE_BAND_SHARE);
    double[] sexCumulative = ModelParameters.cumulative(ModelParameters.SEX_SHARE);
    int n = site.population();
    Cohort c = new Cohort(n);
    double[] sums = new double[AdmissionMethod.values().length];
    double surveySum = 0;
    for (int i = 0; i < n; i++) {
      int band = ModelParameters.pick(ageCumulative, r.nextDouble());
      c.ageBand[i] = (byte) band;
      c.sex[i] = (byte) ModelParameters.pick(sexCumulative, r.nextDouble());
      c.ltc[i] = r.nextDouble() < ModelParameters.LTC_PROBABILITY[band];
      c.keys[i] = keyMaker.patientKey(site.code(), i);
      for (AdmissionMethod m : AdmissionMethod.values()) {
        sums[m.ordinal()] += m.patientWeight(band, c.ltc[i]);
        c.admissionCumulative[m.ordinal()][i] = sums[m.ordinal()];
      }
      surveySum += ModelParameters.SURVEY_AGE_WEIGHT[band];
      c.surveyCumulative[i] = surveySum;
    }
    drawDeprivation(site, seed, c);
    if (surveySum == 0) {
      // A cohort of children only (tiny test sites): let anyone respond rather than no one.
      for (int i = 0; i < n; i++) {
        c.surveyCumulative[i] = i + 1;
      }
    }
    return c;
  }

  /**
   * IMD quintiles around the site's (see {@link ModelParameters#IMD_UNIFORM_SHARE}), from their own
   * stream so that the cohort and every extract drawn before the patient register stay as they
   * were.
   */
  private static void drawDeprivation(SiteModel site, long seed, Cohort c) {
    SplittableRandom r = RandomStreams.stream(seed, site.code(), RandomStreams.Purpose.DEPRIVATION);
    int siteQuintile = (site.imdDecile() + 1) / 2;
    double[] shiftCumulative = ModelParameters.cumulative(ModelParameters.IMD_SHIFT_SHARE);
    for (int i = 0; i < c.size(); i++) {
      int quintile;
      if (r.nextDouble() < ModelParameters.IMD_UNIFORM_SHARE) {
        quintile = 1 + r.nextInt(5);
      } else {
        int shift = ModelParameters.pick(shiftCumulative, r.nextDouble()) - 1;
        quintile = Math.max(1, Math.min(5, siteQuintile + shift));
      }
      c.imdQuintile[i] = (byte) quintile;
    }
  }

  int size() {
    return keys.length;
  }

  /** A patient chosen with probability proportional to their weight for {@code method}. */
  int pickForAdmission(AdmissionMethod method, SplittableRandom r) {
    double[] cumulative = admissionCumulative[method.ordinal()];
    return ModelParameters.pick(cumulative, r.nextDouble() * cumulative[cumulative.length - 1]);
  }

  /** A survey respondent, adults weighted by their propensity to respond. */
  int pickRespondent(SplittableRandom r) {
    return ModelParameters.pick(
        surveyCumulative, r.nextDouble() * surveyCumulative[surveyCumulative.length - 1]);
  }

  String ageBand(int i) {
    return ModelParameters.AGE_BANDS[ageBand[i]];
  }

  String sex(int i) {
    return ModelParameters.SEXES[sex[i]];
  }

  boolean ltc(int i) {
    return ltc[i];
  }

  /** Index of the patient's age band in {@link ModelParameters#AGE_BANDS}. */
  int ageBandIndex(int i) {
    return ageBand[i];
  }

  int imdQuintile(int i) {
    return imdQuintile[i];
  }

  /**
   * The patient's admission weight for {@code method} over the mean weight of the site's residents:
   * the patient's expected share of the site's admissions is this over the cohort size.
   */
  double relativeAdmissionWeight(AdmissionMethod method, int i) {
    double[] cumulative = admissionCumulative[method.ordinal()];
    double mean = cumulative[cumulative.length - 1] / cumulative.length;
    return method.patientWeight(ageBand[i], ltc[i]) / mean;
  }

  String key(int i) {
    return keys[i];
  }
}
