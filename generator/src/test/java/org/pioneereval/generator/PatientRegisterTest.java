package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.SpellTariff;
import org.pioneereval.generator.internal.AdmissionMethod;
import org.pioneereval.generator.internal.DataGeneratingProcess;
import org.pioneereval.generator.internal.ModelParameters;
import org.pioneereval.generator.internal.SiteModel;

/**
 * The patient register: one row per resident, keyed like the admissions; enrolment at pioneers'
 * go-live, confounded on prior emergency admissions; and the cohort truth recomputed here from the
 * register and the model's public expected rates.
 */
class PatientRegisterTest {

  // Columns of the patient register and of the admissions extract (docs/EXTRACTS.md order).
  private static final int KEY = 0;
  private static final int SITE = 1;
  private static final int AGE_BAND = 2;
  private static final int SEX = 3;
  private static final int LTC = 4;
  private static final int IMD = 5;
  private static final int ENROLMENT = 6;
  private static final int BATCH = 7;
  private static final int ADMISSION_PATIENT = 1;
  private static final int ADMISSION_METHOD = 5;

  /** Default parameters with 4 + 3 pioneers and 4 comparison sites of about 3,000 residents. */
  private static final GeneratorConfig SMALL_SITE_COUNT =
      GeneratorConfig.defaults().withComparisonSites(4).withPioneerSites(4, 3);

  @TempDir static Path dir;
  private static Path root;
  private static Map<String, List<String[]>> registers;
  private static Map<String, YearMonth> goLive;

  @BeforeAll
  static void generate() {
    root = new ExtractGenerator(SMALL_SITE_COUNT).writeTo(dir.resolve("small")).root();
    registers = registers(root);
    goLive = goLiveMonths(root);
  }

  private static Map<String, List<String[]>> registers(Path root) {
    Map<String, List<String[]>> bySite = new HashMap<>();
    for (Path csv : TestDrops.csvFiles(root, "patient_register")) {
      List<String[]> rows = TestDrops.rows(csv);
      bySite.put(rows.get(0)[SITE], rows);
    }
    return bySite;
  }

  private static Map<String, YearMonth> goLiveMonths(Path root) {
    Map<String, YearMonth> months = new HashMap<>();
    for (String[] site : TestDrops.allRows(root, "site_register")) {
      if (!site[4].isEmpty()) {
        months.put(site[0], YearMonth.from(LocalDate.parse(site[4])));
      }
    }
    return months;
  }

  private static boolean enrolled(String[] patient) {
    return !patient[ENROLMENT].isEmpty();
  }

  @Test
  void everyResidentIsListedOnceWithTheAttributesTheAdmissionsCarry() {
    assertThat(registers).hasSize(11);
    for (String[] population : TestDrops.allRows(root, "population")) {
      assertThat(registers.get(population[0])).hasSize(Integer.parseInt(population[2]));
    }
    Map<String, String> attributes = new HashMap<>();
    for (List<String[]> register : registers.values()) {
      for (String[] p : register) {
        String previous =
            attributes.put(p[KEY], p[SITE] + "," + p[AGE_BAND] + "," + p[SEX] + "," + p[LTC]);
        assertThat(previous).as("patient_key %s listed twice", p[KEY]).isNull();
        assertThat(p[BATCH]).isEqualTo("register");
      }
    }
    for (String[] spell : TestDrops.allRows(root, "admissions")) {
      assertThat(attributes.get(spell[ADMISSION_PATIENT]))
          .isEqualTo(spell[2] + "," + spell[6] + "," + spell[7] + "," + spell[8]);
    }
  }

  @Test
  void aboutEightPercentOfPioneerResidentsAndNobodyAtComparisonSitesIsEnrolled() {
    long pioneerResidents = 0;
    long enrolledAtPioneers = 0;
    for (Map.Entry<String, List<String[]>> site : registers.entrySet()) {
      long enrolled = site.getValue().stream().filter(PatientRegisterTest::enrolled).count();
      if (site.getKey().startsWith("P")) {
        pioneerResidents += site.getValue().size();
        enrolledAtPioneers += enrolled;
      } else {
        assertThat(enrolled).as(site.getKey()).isZero();
      }
    }
    assertThat(enrolledAtPioneers / (double) pioneerResidents).isBetween(0.06, 0.10);
  }

  @Test
  void enrolmentDatesLieInTheSitesGoLiveMonth() {
    long enrolled = 0;
    for (Map.Entry<String, List<String[]>> site : registers.entrySet()) {
      for (String[] p : site.getValue()) {
        if (enrolled(p)) {
          enrolled++;
          assertThat(YearMonth.from(LocalDate.parse(p[ENROLMENT])))
              .isEqualTo(goLive.get(site.getKey()));
        }
      }
    }
    assertThat(enrolled).isPositive();
  }

  @Test
  void enrolledPatientsHadAtLeastTwiceThePriorEmergencyAdmissionsOfTheOthers() {
    Map<String, Integer> prior = new HashMap<>();
    for (Map.Entry<String, YearMonth> site : goLive.entrySet()) {
      for (int k = 1; k <= 12; k++) {
        String batch = site.getValue().minusMonths(k).toString();
        Path csv =
            root.resolve(
                "drops/admissions/"
                    + site.getKey()
                    + "/"
                    + batch
                    + "/admissions_"
                    + site.getKey()
                    + "_"
                    + batch
                    + ".csv");
        for (String[] spell : TestDrops.rows(csv)) {
          if (spell[ADMISSION_METHOD].equals("emergency")) {
            prior.merge(spell[ADMISSION_PATIENT], 1, Integer::sum);
          }
        }
      }
    }
    double[] sum = new double[2];
    long[] count = new long[2];
    for (String site : goLive.keySet()) {
      for (String[] p : registers.get(site)) {
        int group = enrolled(p) ? 1 : 0;
        sum[group] += prior.getOrDefault(p[KEY], 0);
        count[group]++;
      }
    }
    double enrolledMean = sum[1] / count[1];
    double othersMean = sum[0] / count[0];
    assertThat(enrolledMean).isGreaterThanOrEqualTo(2 * othersMean);
  }

  @Test
  void deprivationQuintilesClusterAroundTheSitesDecile() {
    Map<String, Integer> siteDecile = new HashMap<>();
    for (String[] site : TestDrops.allRows(root, "site_register")) {
      siteDecile.put(site[0], Integer.parseInt(site[6]));
    }
    long residents = 0;
    long withinOne = 0;
    int[] seen = new int[6];
    for (Map.Entry<String, List<String[]>> site : registers.entrySet()) {
      int siteQuintile = (siteDecile.get(site.getKey()) + 1) / 2;
      for (String[] p : site.getValue()) {
        int quintile = Integer.parseInt(p[IMD]);
        seen[quintile]++;
        residents++;
        if (Math.abs(quintile - siteQuintile) <= 1) {
          withinOne++;
        }
      }
    }
    // 85% are within one quintile by construction, plus those of the 15% uniform draws that are.
    assertThat(withinOne / (double) residents).isGreaterThan(0.88);
    assertThat(Arrays.stream(seen, 1, 6)).allSatisfy(n -> assertThat(n).isPositive());
  }

  /**
   * The cohort truth recomputed from the written register and site register with the model's public
   * expected rates: patient i's expected admissions of method m in month t = rate_imt / 1000 x w_im
   * / mean over the site's residents of w_jm, summed over the 12 months from go-live.
   */
  @Test
  void cohortTruthEqualsARecomputationFromTheRegisterAndTheExpectedRates(@TempDir Path tiny) {
    GeneratorConfig config =
        GeneratorConfig.defaults()
            .withPatientsPerSite(400)
            .withComparisonSites(2)
            .withPioneerSites(2, 1)
            .withStartMonth(YearMonth.of(2012, 1))
            .withEndMonth(YearMonth.of(2016, 12))
            .withDynamicEffects(true)
            .withEffect(Outcome.EMERGENCY_ADMISSIONS_RATE, -0.20)
            .withEffect(Outcome.ELECTIVE_ADMISSIONS_RATE, 0.10);
    GenerationSummary s = new ExtractGenerator(config).writeTo(tiny);
    Map<String, List<String[]>> tinyRegisters = registers(s.root());
    DataGeneratingProcess dgp = DataGeneratingProcess.of(config);
    List<String> bands = Arrays.asList(ModelParameters.AGE_BANDS);
    AdmissionMethod[] methods = AdmissionMethod.values();

    double[] assigned = new double[3];
    double[] counterfactual = new double[3];
    long enrolled = 0;
    long wave1 = 0;
    for (SiteModel site : dgp.sites()) {
      List<String[]> register = tinyRegisters.get(site.code());
      double[] meanWeight = new double[methods.length];
      for (String[] p : register) {
        for (AdmissionMethod m : methods) {
          meanWeight[m.ordinal()] +=
              m.patientWeight(bands.indexOf(p[AGE_BAND]), Boolean.parseBoolean(p[LTC]))
                  / register.size();
        }
      }
      for (String[] p : register) {
        if (!enrolled(p)) {
          continue;
        }
        enrolled++;
        wave1 += site.wave() == 1 ? 1 : 0;
        for (int e = 0; e < 12; e++) {
          YearMonth t = site.goLive().plusMonths(e);
          for (AdmissionMethod m : methods) {
            double relative =
                m.patientWeight(bands.indexOf(p[AGE_BAND]), Boolean.parseBoolean(p[LTC]))
                    / meanWeight[m.ordinal()];
            double y1 = dgp.expectedAdmissionRate(site, m, t) / 1000 * relative;
            double y0 = dgp.counterfactualAdmissionRate(site, m, t) / 1000 * relative;
            int index = m.code().equals("emergency") ? 0 : m.code().equals("elective") ? 1 : -1;
            if (index >= 0) {
              assigned[index] += y1;
              counterfactual[index] += y0;
            }
            assigned[2] += y1 * SpellTariff.gbp(m.code());
            counterfactual[2] += y0 * SpellTariff.gbp(m.code());
          }
        }
      }
    }

    Map<CohortOutcome, CohortTruth> truth = Truth.read(s.truthFile()).cohort();
    assertThat(enrolled).isPositive();
    CohortOutcome[] outcomes = {
      CohortOutcome.EMERGENCY_ADMISSIONS,
      CohortOutcome.ELECTIVE_ADMISSIONS,
      CohortOutcome.INPATIENT_COST
    };
    for (int k = 0; k < 3; k++) {
      CohortTruth t = truth.get(outcomes[k]);
      double effect = (assigned[k] - counterfactual[k]) / enrolled;
      assertThat(t.trueEffectPerPatientYear())
          .as(t.name())
          .isCloseTo(effect, within(1e-9 * Math.abs(effect)));
      assertThat(t.trueRateRatio())
          .as(t.name())
          .isCloseTo(assigned[k] / counterfactual[k], within(1e-9));
      assertThat(t.counterfactualPerPatientYear())
          .as(t.name())
          .isCloseTo(counterfactual[k] / enrolled, within(1e-9 * counterfactual[k] / enrolled));
      assertThat(t.enrolled()).isEqualTo(enrolled);
      assertThat(t.enrolledWave1()).isEqualTo(wave1);
      assertThat(t.enrolledWave2()).isEqualTo(enrolled - wave1);
    }
    // The configured effects point the right way: fewer emergency, more elective admissions.
    assertThat(truth.get(CohortOutcome.EMERGENCY_ADMISSIONS).trueRateRatio()).isLessThan(1.0);
    assertThat(truth.get(CohortOutcome.ELECTIVE_ADMISSIONS).trueRateRatio()).isGreaterThan(1.0);
  }
}
