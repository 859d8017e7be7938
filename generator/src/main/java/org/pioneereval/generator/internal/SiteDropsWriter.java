package org.pioneereval.generator.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pioneereval.contracts.PriceIndex;
import org.pioneereval.generator.CareSetting;

/**
 * Samples and writes every drop of one site from the {@link DataGeneratingProcess}: population per
 * financial year, admissions and costs per month, patient experience per survey wave, and the
 * patient register (once, after the admissions, whose realised pre-go-live emergency admissions
 * drive enrolment; see {@link ModelParameters#ENROLMENT_INTERCEPT}). Each extract draws from its
 * own stream of the site, so sites can be written in any order on any thread. Create one instance
 * per thread.
 */
public final class SiteDropsWriter {
  private final DataGeneratingProcess dgp;
  private final DropWriter drops;
  private final PseudonymousKeys keys;

  public SiteDropsWriter(DataGeneratingProcess dgp, Path root) {
    this.dgp = dgp;
    this.drops = new DropWriter(root);
    this.keys = new PseudonymousKeys(dgp.config().seed());
  }

  /** Writes the site register (one drop, site folder ALL, batch register). */
  public SiteTally writeSiteRegister() throws IOException {
    CsvBuilder csv = new CsvBuilder(Extracts.SITE_REGISTER_COLUMNS, dgp.sites().size());
    for (SiteModel s : dgp.sites()) {
      csv.text(s.code())
          .text(s.name())
          .text(s.isPioneer() ? Extracts.SITE_TYPE_PIONEER : Extracts.SITE_TYPE_COMPARISON)
          .nullableInteger(s.isPioneer() ? s.wave() : null);
      if (s.isPioneer()) {
        csv.date(s.goLive().atDay(1));
      } else {
        csv.empty();
      }
      csv.text(s.region()).integer(s.imdDecile());
      csv.endRow();
    }
    long rows =
        drops.write(
            Extracts.SITE_REGISTER,
            Extracts.REGISTER_SITE,
            Extracts.REGISTER_BATCH,
            dgp.config().startMonth().atDay(1),
            dgp.config().endMonth().atEndOfMonth(),
            csv);
    return new SiteTally(2, Map.of(Extracts.SITE_REGISTER, rows), List.of());
  }

  /** Writes every drop of {@code site}. */
  public SiteTally write(SiteModel site) throws IOException {
    Cohort cohort = Cohort.draw(site, dgp.config().seed(), keys);
    Map<String, Long> rows = new HashMap<>();
    long files = 0;
    files += writePopulation(site, rows);
    double[] inpatientCost = new double[dgp.months().size()];
    int[] priorEmergencies = new int[cohort.size()];
    files += writeAdmissions(site, cohort, inpatientCost, priorEmergencies, rows);
    files += writeCosts(site, inpatientCost, rows);
    files += writePatientExperience(site, cohort, rows);
    List<EnrolledPatient> enrolled = new ArrayList<>();
    files += writePatientRegister(site, cohort, priorEmergencies, enrolled, rows);
    return new SiteTally(files, rows, enrolled);
  }

  /**
   * The months whose emergency admissions count towards enrolment: the {@value
   * ModelParameters#ENROLMENT_PRIOR_MONTHS} months before the pioneer's go-live (those inside the
   * window); none for comparison sites.
   */
  private static boolean inEnrolmentPriorWindow(SiteModel site, YearMonth month) {
    return site.isPioneer()
        && month.isBefore(site.goLive())
        && !month.isBefore(site.goLive().minusMonths(ModelParameters.ENROLMENT_PRIOR_MONTHS));
  }

  /**
   * Writes the site's patient register (site folder = site code, batch register). Pioneer residents
   * are enrolled on a day of the go-live month with {@link ModelParameters#enrolmentProbability},
   * from the site's own enrolment stream.
   */
  private long writePatientRegister(
      SiteModel site,
      Cohort cohort,
      int[] priorEmergencies,
      List<EnrolledPatient> enrolled,
      Map<String, Long> rows)
      throws IOException {
    SplittableRandom r =
        RandomStreams.stream(dgp.config().seed(), site.code(), RandomStreams.Purpose.ENROLMENT);
    CsvBuilder csv = new CsvBuilder(Extracts.PATIENT_REGISTER_COLUMNS, cohort.size());
    AdmissionMethod[] methods = AdmissionMethod.values();
    for (int i = 0; i < cohort.size(); i++) {
      LocalDate enrolment = null;
      if (site.isPioneer()) {
        double p =
            ModelParameters.enrolmentProbability(
                cohort.ltc(i), cohort.ageBandIndex(i), priorEmergencies[i]);
        int day = 1 + r.nextInt(site.goLive().lengthOfMonth());
        if (r.nextDouble() < p) {
          enrolment = site.goLive().atDay(day);
          double[] weights = new double[methods.length];
          for (AdmissionMethod m : methods) {
            weights[m.ordinal()] = cohort.relativeAdmissionWeight(m, i);
          }
          enrolled.add(new EnrolledPatient(site, weights));
        }
      }
      csv.text(cohort.key(i))
          .text(site.code())
          .text(cohort.ageBand(i))
          .text(cohort.sex(i))
          .bool(cohort.ltc(i))
          .integer(cohort.imdQuintile(i));
      if (enrolment == null) {
        csv.empty();
      } else {
        csv.date(enrolment);
      }
      csv.text(Extracts.REGISTER_BATCH);
      csv.endRow();
    }
    long n =
        drops.write(
            Extracts.PATIENT_REGISTER,
            site.code(),
            Extracts.REGISTER_BATCH,
            dgp.config().startMonth().atDay(1),
            dgp.config().endMonth().atEndOfMonth(),
            csv);
    add(rows, Extracts.PATIENT_REGISTER, n);
    return 2;
  }

  private long writePopulation(SiteModel site, Map<String, Long> rows) throws IOException {
    long files = 0;
    List<YearMonth> months = dgp.months();
    int i = 0;
    while (i < months.size()) {
      int year = financialYear(months.get(i));
      CsvBuilder csv = new CsvBuilder(Extracts.POPULATION_COLUMNS, 12);
      String batch = year + "-04";
      YearMonth first = months.get(i);
      YearMonth last = first;
      for (; i < months.size() && financialYear(months.get(i)) == year; i++) {
        last = months.get(i);
        csv.text(site.code()).date(last.atDay(1)).integer(site.population()).text(batch);
        csv.endRow();
      }
      add(rows, Extracts.POPULATION, write(Extracts.POPULATION, site, batch, first, last, csv));
      files += 2;
    }
    return files;
  }

  private long writeAdmissions(
      SiteModel site,
      Cohort cohort,
      double[] inpatientCost,
      int[] priorEmergencies,
      Map<String, Long> rows)
      throws IOException {
    SplittableRandom r =
        RandomStreams.stream(dgp.config().seed(), site.code(), RandomStreams.Purpose.ADMISSIONS);
    RandomStreams.PoissonSampler poisson = new RandomStreams.PoissonSampler(r);
    double perThousand = site.population() / 1000.0;
    List<YearMonth> months = dgp.months();
    long files = 0;
    for (int t = 0; t < months.size(); t++) {
      YearMonth month = months.get(t);
      String batch = month.toString();
      int days = month.lengthOfMonth();
      CsvBuilder csv = new CsvBuilder(Extracts.ADMISSIONS_COLUMNS, (int) (perThousand * 15));
      int ordinal = 0;
      boolean tallyPrior = inEnrolmentPriorWindow(site, month);
      for (AdmissionMethod m : AdmissionMethod.values()) {
        int count = poisson.sample(perThousand * dgp.expectedAdmissionRate(site, m, month));
        for (int k = 0; k < count; k++) {
          int patient = cohort.pickForAdmission(m, r);
          if (tallyPrior && m == AdmissionMethod.EMERGENCY) {
            priorEmergencies[patient]++;
          }
          LocalDate admitted = month.atDay(1 + r.nextInt(days));
          double z = r.nextGaussian();
          int lengthOfStay;
          if (m.dayCaseShare() > 0 && r.nextDouble() < m.dayCaseShare()) {
            lengthOfStay = 0;
          } else {
            lengthOfStay =
                (int)
                    Math.min(
                        ModelParameters.MAX_LENGTH_OF_STAY,
                        Math.floor(m.losMedian() * Math.exp(m.losSigma() * z)));
          }
          inpatientCost[t] += m.tariff() * RandomStreams.meanOneLogNormal(m.costSigma(), z);
          String chapter =
              ModelParameters.ICD10_CHAPTERS[
                  ModelParameters.pick(m.chapterCumulative(), r.nextDouble())];
          csv.text(keys.spellKey(site.code(), month, ordinal++))
              .text(cohort.key(patient))
              .text(site.code())
              .date(admitted)
              .date(admitted.plusDays(lengthOfStay))
              .text(m.code())
              .text(cohort.ageBand(patient))
              .text(cohort.sex(patient))
              .bool(cohort.ltc(patient))
              .text(chapter)
              .integer(lengthOfStay)
              .text(batch);
          csv.endRow();
        }
      }
      add(rows, Extracts.ADMISSIONS, write(Extracts.ADMISSIONS, site, batch, month, month, csv));
      files += 2;
    }
    return files;
  }

  private long writeCosts(SiteModel site, double[] inpatientCost, Map<String, Long> rows)
      throws IOException {
    SplittableRandom r =
        RandomStreams.stream(dgp.config().seed(), site.code(), RandomStreams.Purpose.COSTS);
    RandomStreams.PoissonSampler poisson = new RandomStreams.PoissonSampler(r);
    double perThousand = site.population() / 1000.0;
    List<YearMonth> months = dgp.months();
    long files = 0;
    for (int t = 0; t < months.size(); t++) {
      YearMonth month = months.get(t);
      String batch = month.toString();
      int priceYear = financialYear(month);
      double toCash = 1.0 / PriceIndex.toBaseYearFactor(priceYear);
      CsvBuilder csv = new CsvBuilder(Extracts.COSTS_COLUMNS, 6);
      for (CareSetting setting : CareSetting.values()) {
        double constantPrices;
        if (setting == CareSetting.INPATIENT) {
          constantPrices = inpatientCost[t];
        } else {
          int users = poisson.sample(perThousand * dgp.expectedUse(site, setting, month));
          double sum = 0;
          for (int k = 0; k < users; k++) {
            sum +=
                RandomStreams.meanOneLogNormal(ModelParameters.USER_COST_SIGMA, r.nextGaussian());
          }
          constantPrices = sum * ModelParameters.unitCost(setting);
        }
        csv.text(site.code())
            .date(month.atDay(1))
            .text(setting.code())
            .decimal(constantPrices * toCash, 2)
            .integer(priceYear)
            .text(batch);
        csv.endRow();
      }
      add(rows, Extracts.COSTS, write(Extracts.COSTS, site, batch, month, month, csv));
      files += 2;
    }
    return files;
  }

  private long writePatientExperience(SiteModel site, Cohort cohort, Map<String, Long> rows)
      throws IOException {
    SplittableRandom r =
        RandomStreams.stream(dgp.config().seed(), site.code(), RandomStreams.Purpose.SURVEY);
    int respondents = dgp.config().respondentsPerSiteWave();
    SurveyItem[] items = SurveyItem.values();
    double[] mu = new double[items.length];
    long files = 0;
    for (int wave : dgp.surveyWaves()) {
      YearMonth first = DataGeneratingProcess.fieldworkStart(wave);
      YearMonth last = first.plusMonths(2);
      String batch = first.toString();
      LocalDate start = first.atDay(1);
      int fieldworkDays = (int) (last.atEndOfMonth().toEpochDay() - start.toEpochDay()) + 1;
      for (SurveyItem item : items) {
        mu[item.ordinal()] = dgp.expectedLatentMean(site, item, wave);
      }
      CsvBuilder csv = new CsvBuilder(Extracts.PATIENT_EXPERIENCE_COLUMNS, respondents);
      for (int j = 0; j < respondents; j++) {
        int person = cohort.pickRespondent(r);
        LocalDate returned = start.plusDays(r.nextInt(fieldworkDays));
        csv.text(keys.responseKey(site.code(), wave, j))
            .text(site.code())
            .integer(wave)
            .date(returned)
            .text(cohort.ageBand(person))
            .text(cohort.sex(person))
            .bool(cohort.ltc(person));
        for (SurveyItem item : items) {
          int category =
              DataGeneratingProcess.likertCategory(mu[item.ordinal()] + r.nextGaussian());
          boolean missing = r.nextDouble() < ModelParameters.ITEM_NONRESPONSE;
          csv.nullableInteger(missing ? null : category);
        }
        double weight =
            ModelParameters.SURVEY_WEIGHT_MIN
                + (ModelParameters.SURVEY_WEIGHT_MAX - ModelParameters.SURVEY_WEIGHT_MIN)
                    * r.nextDouble();
        csv.decimal(weight, 4).text(batch);
        csv.endRow();
      }
      add(
          rows,
          Extracts.PATIENT_EXPERIENCE,
          write(Extracts.PATIENT_EXPERIENCE, site, batch, first, last, csv));
      files += 2;
    }
    return files;
  }

  private long write(
      String extract, SiteModel site, String batch, YearMonth first, YearMonth last, CsvBuilder csv)
      throws IOException {
    return drops.write(extract, site.code(), batch, first.atDay(1), last.atEndOfMonth(), csv);
  }

  private static void add(Map<String, Long> rows, String extract, long n) {
    rows.merge(extract, n, Long::sum);
  }

  private static int financialYear(YearMonth month) {
    return PriceIndex.financialYearOf(month.getYear(), month.getMonthValue());
  }
}
