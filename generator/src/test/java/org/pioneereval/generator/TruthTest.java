package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.generator.internal.AdmissionMethod;
import org.pioneereval.generator.internal.DataGeneratingProcess;
import org.pioneereval.generator.internal.ModelParameters;
import org.pioneereval.generator.internal.SiteModel;
import org.pioneereval.generator.internal.SurveyItem;
import org.pioneereval.generator.internal.TruthCalculator;

/** The truth follows from the configured effects exactly (no sampling involved). */
class TruthTest {
  private static final GeneratorConfig DEFAULTS = GeneratorConfig.defaults();

  /** Wave 1: 14 sites x 53 months (2013-11..2018-03); wave 2: 11 x 36 (2015-04..2018-03). */
  private static final int WAVE1_CELLS = 14 * 53;

  private static final int WAVE2_CELLS = 11 * 36;

  private static Truth truthOf(GeneratorConfig config) {
    return TruthCalculator.compute(DataGeneratingProcess.of(config));
  }

  @Test
  void staticEffectIsConfiguredRelativeEffectTimesReferenceLevel() {
    Truth truth = truthOf(DEFAULTS);
    for (Outcome o :
        new Outcome[] {Outcome.EMERGENCY_ADMISSIONS_RATE, Outcome.ELECTIVE_ADMISSIONS_RATE}) {
      OutcomeTruth t = truth.outcome(o);
      double expected = DEFAULTS.effect(o) * t.effectReferenceLevel();
      assertThat(t.trueAtt()).isCloseTo(expected, within(1e-12));
      assertThat(t.trueAttWave1()).isCloseTo(expected, within(1e-12));
      assertThat(t.trueAttWave2()).isCloseTo(expected, within(1e-12));
      assertThat(t.trueAtt2x2()).isCloseTo(expected, within(1e-12));
      assertThat(t.treatedPostCells()).isEqualTo(WAVE1_CELLS + WAVE2_CELLS);
      assertThat(t.relativeEffect())
          .isCloseTo(t.trueAtt() / t.counterfactualMeanTreatedPost(), within(1e-15));
    }
    // The reference level is the pioneers' mean deseasonalised counterfactual at go-live:
    // about 7.9 + 0.015 x 7 (wave 1) or 7.9 + 0.015 x 24 (wave 2), so 8.0 to 8.3 give or take
    // the 25 site draws (sd 1 / 5 = 0.2).
    OutcomeTruth emergency = truth.outcome(Outcome.EMERGENCY_ADMISSIONS_RATE);
    assertThat(emergency.effectReferenceLevel()).isBetween(7.4, 8.8);
    assertThat(emergency.trueAtt()).isBetween(0.148, 0.176);
  }

  @Test
  void referenceLevelIsRecomputedFromTheSiteDraws() {
    DataGeneratingProcess dgp = DataGeneratingProcess.of(DEFAULTS);
    double level = 0;
    int n = 0;
    for (SiteModel s : dgp.sites()) {
      if (s.isPioneer()) {
        level +=
            s.admissionBase(AdmissionMethod.ELECTIVE)
                + 0.004 * DataGeneratingProcess.monthsSinceBaseline(s.goLive());
        n++;
      }
    }
    assertThat(n).isEqualTo(25);
    assertThat(truthOf(DEFAULTS).outcome(Outcome.ELECTIVE_ADMISSIONS_RATE).trueAtt())
        .isCloseTo(-0.04 * level / n, within(1e-12));
  }

  @Test
  void waveRatioScalesWave2AndTheOverallMeanIsCellWeighted() {
    Truth truth = truthOf(DEFAULTS.withWaveEffectRatio(0.5));
    OutcomeTruth t = truth.outcome(Outcome.EMERGENCY_ADMISSIONS_RATE);
    double delta = 0.02 * t.effectReferenceLevel();
    assertThat(t.trueAttWave1()).isCloseTo(delta, within(1e-12));
    assertThat(t.trueAttWave2()).isCloseTo(0.5 * delta, within(1e-12));
    assertThat(t.trueAtt())
        .isCloseTo(
            delta * (WAVE1_CELLS + 0.5 * WAVE2_CELLS) / (WAVE1_CELLS + WAVE2_CELLS), within(1e-12));
    // 2x2 window 2015-04..2018-03: 14 wave-1 and 11 wave-2 sites, 36 months each.
    assertThat(t.trueAtt2x2()).isCloseTo(delta * (14 + 0.5 * 11) / 25, within(1e-12));
  }

  @Test
  void dynamicEffectsRampOverTwelveMonths() {
    OutcomeTruth t =
        truthOf(DEFAULTS.withDynamicEffects(true)).outcome(Outcome.ELECTIVE_ADMISSIONS_RATE);
    double delta = -0.04 * t.effectReferenceLevel();
    // Mean of min(1, (e + 1) / 12) over e = 0..52: (78 / 12 + 41) / 53.
    assertThat(t.trueAttWave1()).isCloseTo(delta * (6.5 + 41) / 53, within(1e-12));
    // e = 0..35: (6.5 + 24) / 36.
    assertThat(t.trueAttWave2()).isCloseTo(delta * (6.5 + 24) / 36, within(1e-12));
    // In the 2x2 window wave 1 is fully ramped, wave 2 ramps as above.
    assertThat(t.trueAtt2x2())
        .isCloseTo(delta * (14 * 36 + 11 * (6.5 + 24)) / (25 * 36), within(1e-12));
  }

  @Test
  void costTruthIsTheTariffWeightedAdmissionEffectsPlusOutpatientEffect() {
    DataGeneratingProcess dgp = DataGeneratingProcess.of(DEFAULTS);
    double expected =
        dgp.admissionShift(AdmissionMethod.EMERGENCY) / 1000 * 2400
            + dgp.admissionShift(AdmissionMethod.ELECTIVE) / 1000 * 1500
            + dgp.useShift(CareSetting.OUTPATIENT) / 1000 * 120;
    OutcomeTruth t = truthOf(DEFAULTS).outcome(Outcome.COST_PER_CAPITA);
    assertThat(t.trueAtt()).isCloseTo(expected, within(1e-9));
    // Outpatient -20% of about 150 per 1,000 at GBP 120 dominates: about -3.6 GBP per resident.
    assertThat(t.trueAtt()).isBetween(-4.5, -2.5);
    assertThat(t.counterfactualMeanTreatedPost()).isBetween(80.0, 120.0);
    assertThat(t.configuredEffect()).isNaN();
  }

  @Test
  void surveyTruthIsTheExactLikertExpectationDifference() {
    DataGeneratingProcess dgp = DataGeneratingProcess.of(DEFAULTS);
    double sum = 0;
    int n = 0;
    for (SiteModel s : dgp.sites()) {
      for (int wave = 2011; wave <= 2018; wave++) {
        if (s.isPioneer() && !YearMonth.of(wave, 1).isBefore(s.goLive())) {
          double mu = dgp.counterfactualLatentMean(s, SurveyItem.KNEW_WHOM_TO_CONTACT, wave);
          sum +=
              DataGeneratingProcess.likertExpectation(mu + 0.15)
                  - DataGeneratingProcess.likertExpectation(mu);
          n++;
        }
      }
    }
    OutcomeTruth t = truthOf(DEFAULTS).outcome(Outcome.KNEW_WHOM_TO_CONTACT);
    assertThat(n).isEqualTo(14 * 5 + 11 * 3).isEqualTo((int) t.treatedPostCells());
    assertThat(t.trueAtt()).isCloseTo(sum / n, within(1e-12));
    // A shift of 0.15 latent points moves the mean score by 0.15 x sum of normal densities at the
    // thresholds (about 0.95 near mu = 0.6): about 0.14.
    assertThat(t.trueAtt()).isBetween(0.13, 0.155);
    assertThat(ModelParameters.LIKERT_THRESHOLDS).containsExactly(-1.2, -0.4, 0.4, 1.3);
    assertThat(t.trueAtt2x2()).isPositive();
  }

  @Test
  void zeroEffectsGiveZeroTruth() {
    GeneratorConfig none = DEFAULTS;
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.COST_PER_CAPITA) {
        none = none.withEffect(o, 0.0);
      }
    }
    none = none.withSettingEffect(CareSetting.OUTPATIENT, 0.0);
    for (OutcomeTruth t : truthOf(none).outcomes().values()) {
      assertThat(t.trueAtt()).as(t.name()).isEqualTo(0.0);
    }
  }

  @Test
  void truthFileRoundTripsWithConfigAndNullsForMissingWaves(@TempDir Path dir) {
    GeneratorConfig config =
        DEFAULTS
            .withSeed(99L)
            .withPioneerSites(5, 0)
            .withDynamicEffects(true)
            .withWaveEffectRatio(0.5)
            .withSettingEffect(CareSetting.AE, 0.1);
    Truth truth = truthOf(config);
    Path file = dir.resolve("truth.json");
    truth.write(file);
    Truth read = Truth.read(file);
    assertThat(read.config()).isEqualTo(config);
    assertThat(read.seed()).isEqualTo(99L);
    assertThat(read.twoByTwoPostStart()).isEqualTo(YearMonth.of(2013, 11));
    assertThat(read.outcomes()).isEqualTo(truth.outcomes());
    OutcomeTruth e = read.outcome(Outcome.EMERGENCY_ADMISSIONS_RATE);
    assertThat(e.trueAttWave2()).isNaN();
    assertThat(e.unit()).isEqualTo("admissions per 1,000 population per month");
    assertThat(e.name()).isEqualTo("emergency_admissions_rate");
  }

  @Test
  void aTruthFileWithoutACohortSectionLoadsWithAnEmptyCohort(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("truth.json");
    truthOf(DEFAULTS).write(file);
    assertThat(Files.readString(file)).doesNotContain("\"cohort\"");

    Truth read = Truth.read(file);
    assertThat(read.cohort()).isEmpty();
    assertThat(read.outcomes()).hasSize(Outcome.values().length);
  }

  @Test
  void truthFileOfAGenerationHoldsEveryDocumentedField(@TempDir Path dir) throws Exception {
    GenerationSummary s =
        new ExtractGenerator(
                DEFAULTS.withPatientsPerSite(50).withComparisonSites(2).withPioneerSites(1, 1))
            .writeTo(dir);
    String json = Files.readString(s.truthFile());
    for (String field :
        new String[] {
          "\"name\"",
          "\"unit\"",
          "\"trueAtt\"",
          "\"trueAttWave1\"",
          "\"trueAttWave2\"",
          "\"trueAtt2x2\"",
          "\"relativeEffect\"",
          "\"counterfactualMeanTreatedPost\"",
          "\"config\"",
          "\"seed\"",
          "\"cohort\"",
          "\"trueEffectPerPatientYear\"",
          "\"trueRateRatio\"",
          "\"counterfactualPerPatientYear\"",
          "\"enrolled\"",
          "\"enrolledWave1\"",
          "\"enrolledWave2\""
        }) {
      assertThat(json).contains(field);
    }
    Truth read = Truth.read(s.truthFile());
    assertThat(read.outcome(Outcome.COST_PER_CAPITA).unit())
        .isEqualTo("GBP per resident per month at 2017/18 prices");
    assertThat(read.cohort()).containsOnlyKeys(CohortOutcome.values());
    assertThat(read.cohort().get(CohortOutcome.INPATIENT_COST).unit())
        .isEqualTo("GBP per patient-year at 2017/18 prices (spells x national spell tariff)");
  }

  @Test
  void userErrorsSayWhatToDo(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> DEFAULTS.withEffect(Outcome.COST_PER_CAPITA, 0.1))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("cannot be set directly")
        .hasMessageContaining("withSettingEffect(CareSetting.OUTPATIENT");
    assertThatThrownBy(() -> DEFAULTS.withSettingEffect(CareSetting.INPATIENT, 0.1))
        .hasMessageContaining("moves with the admission-rate effects");
    assertThatThrownBy(() -> DEFAULTS.withComparisonSites(100))
        .hasMessageContaining("comparisonSites is 100 but must be between 1 and 99")
        .hasMessageContaining("C01..C99");
    assertThatThrownBy(() -> DEFAULTS.withPioneerSites(14, 12))
        .hasMessageContaining("wave-2 pioneer sites is 12 but must be between 0 and 11")
        .hasMessageContaining("P01..P25");
    assertThatThrownBy(() -> new ExtractGenerator(DEFAULTS.withStartMonth(YearMonth.of(2005, 4))))
        .hasMessageContaining("2009-04..2019-03");
    assertThatThrownBy(
            () ->
                new ExtractGenerator(
                    DEFAULTS.withGoLiveMonths(YearMonth.of(2010, 4), YearMonth.of(2015, 4))))
        .hasMessageContaining("Wave 1 goes live in 2010-04")
        .hasMessageContaining("pre-period");
    assertThatThrownBy(
            () ->
                new ExtractGenerator(DEFAULTS.withEffect(Outcome.ELECTIVE_ADMISSIONS_RATE, -3.0))
                    .writeTo(dir.resolve("negative")))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("would be negative")
        .hasMessageContaining("Choose a smaller effect");
    Files.createDirectories(dir.resolve("used/drops/admissions"));
    assertThatThrownBy(() -> new ExtractGenerator(DEFAULTS).writeTo(dir.resolve("used")))
        .hasMessageContaining("already holds drops")
        .hasMessageContaining("Delete the folder or choose an empty root");
    assertThatThrownBy(() -> Truth.read(dir.resolve("missing.json")))
        .hasMessageContaining("Cannot read the truth file");
  }
}
