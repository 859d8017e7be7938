package org.pioneereval.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.jobs.estimate.EstimateSelection;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PioneerEvalException;

/** The nightly configuration file: what it accepts and how it reports every problem at once. */
class NightlyConfigTest {

  @TempDir Path work;

  @Test
  void theExampleConfigurationLoadsWithItsDefaults() throws IOException {
    Files.createDirectories(work.resolve("pioneer-eval-data/extracts"));
    Path example = Path.of("..", "conf", "nightly.example.yaml");
    Path copy = work.resolve("nightly.yaml");
    Files.writeString(
        copy,
        Files.readString(example)
            .replace("data: pioneer-eval-data", "data: " + work.resolve("pioneer-eval-data")));

    NightlyConfig config = NightlyConfig.load(copy);

    assertThat(config.dataPath()).isEqualTo(work.resolve("pioneer-eval-data/extracts"));
    assertThat(config.quarantineWarningPercent()).isEqualTo(1.0);
    assertThat(config.notebooks()).isNull();
  }

  @Test
  void everyProblemIsListedWithItsKey() throws IOException {
    Path file =
        yaml(
            "lake: ftp://host/lake\n"
                + "reports: s3a://bucket/reports\n"
                + "quarantine_warning_percent: 120\n"
                + "notebooks: "
                + work.resolve("no-notebooks-here")
                + "\n"
                + "schedule: nightly\n");

    assertThatThrownBy(() -> NightlyConfig.load(file))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("unknown key 'schedule'")
        .hasMessageContaining("data: missing")
        .hasMessageContaining("lake: scheme 'ftp' is not supported")
        .hasMessageContaining("reports: 's3a://bucket/reports' must be a local folder")
        .hasMessageContaining("quarantine_warning_percent: 120.0 is outside 0 to 100")
        .hasMessageContaining("notebooks: folder " + work.resolve("no-notebooks-here"))
        .hasMessageContaining("has no execute.sh");
  }

  @Test
  void notebooksAreANamedFolderNoneOrNotRunForALakeOnAnObjectStore() throws IOException {
    Path notebooks = Files.createDirectories(work.resolve("checkout/notebooks"));
    Files.writeString(notebooks.resolve("execute.sh"), "#!/bin/sh\n");
    Files.createDirectories(work.resolve("data"));
    String base = "data: " + work.resolve("data") + "\nreports: " + work.resolve("reports") + "\n";

    NightlyConfig local = NightlyConfig.load(yaml(base + "lake: lake\nnotebooks: " + notebooks));
    assertThat(local.notebooksFolder()).contains(notebooks);
    assertThat(NightlyConfig.load(yaml(base + "lake: lake\nnotebooks: none")).notebooksFolder())
        .isEmpty();
    assertThat(
            NightlyConfig.load(yaml(base + "lake: s3a://bucket/lake\nnotebooks: " + notebooks))
                .notebooksFolder())
        .isEmpty();
  }

  @Test
  void outcomesEstimatorsAndComparisonGroupAreChosenByName() throws IOException {
    Files.createDirectories(work.resolve("data"));
    String base = "data: " + work.resolve("data") + "\nreports: reports\nlake: lake\n";

    NightlyConfig chosen =
        NightlyConfig.load(
            yaml(
                base
                    + "outcomes: [emergency_admissions_rate, OVERALL_SATISFACTION]\n"
                    + "estimators: [did_2x2, staggered]\n"
                    + "comparison_group: not_yet_treated\n"));
    NightlyConfig everything = NightlyConfig.load(yaml(base));
    NightlyConfig explicitAll =
        NightlyConfig.load(
            yaml(base + "outcomes: all\nestimators: [all]\ncomparison_group: never_treated\n"));

    assertThat(chosen.estimates().outcomes())
        .containsExactly(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, PanelOutcome.OVERALL_SATISFACTION);
    assertThat(chosen.estimates().estimators())
        .containsExactly(EstimateSelection.Method.DID_2X2, EstimateSelection.Method.STAGGERED);
    assertThat(chosen.estimates().comparisonGroup()).isEqualTo(ComparisonGroup.NOT_YET_TREATED);
    assertThat(everything.estimates()).isEqualTo(EstimateSelection.ALL);
    assertThat(explicitAll.estimates()).isEqualTo(EstimateSelection.ALL);
    // the hash of a configuration without the keys is the one it had before they existed
    assertThat(explicitAll.hash()).isEqualTo(everything.hash());
    assertThat(everything.hash())
        .isEqualTo(
            new NightlyConfig(everything.data(), everything.lake(), everything.reports(), 1.0, null)
                .hash());
    assertThat(chosen.hash()).isNotEqualTo(everything.hash());
  }

  @Test
  void unknownOutcomesEstimatorsAndComparisonGroupsAreListedWithTheAllowedNames()
      throws IOException {
    Files.createDirectories(work.resolve("data"));
    Path file =
        yaml(
            "data: "
                + work.resolve("data")
                + "\nreports: reports\nlake: lake\n"
                + "outcomes: [emergency_admissions, cost_per_capita]\n"
                + "estimators: [staggered, cs]\n"
                + "comparison_group: last_treated\n");

    assertThatThrownBy(() -> NightlyConfig.load(file))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining(
            "outcomes: unknown value 'emergency_admissions' (allowed: emergency_admissions_rate,"
                + " elective_admissions_rate, cost_per_capita, overall_satisfaction,"
                + " care_coordinated, involved_in_decisions, knew_whom_to_contact, or 'all'"
                + " alone)")
        .hasMessageContaining(
            "estimators: unknown value 'cs' (allowed: twfe, did_2x2, staggered, outcome_models,"
                + " matched_cohort, patient_panel, or 'all' alone)")
        .hasMessageContaining("estimators: choose twfe or did_2x2 (or both)")
        .hasMessageContaining(
            "comparison_group: unknown comparison group 'last_treated' (allowed: never_treated,"
                + " not_yet_treated)");
    assertThatThrownBy(
            () ->
                NightlyConfig.load(
                    yaml(
                        "data: "
                            + work.resolve("data")
                            + "\nreports: r\nlake: l\noutcomes: []\nestimators: {a: 1}\n")))
        .hasMessageContaining("outcomes: empty; list at least one of emergency_admissions_rate,")
        .hasMessageContaining("estimators: expected a list of names, found OBJECT");
  }

  @Test
  void commandLineChoicesReplaceTheFilesAndAreValidatedTheSameWay() throws IOException {
    Files.createDirectories(work.resolve("data"));
    NightlyConfig file =
        NightlyConfig.load(
            yaml(
                "data: "
                    + work.resolve("data")
                    + "\nreports: reports\nlake: lake\nestimators: [twfe, outcome_models]\n"));

    NightlyConfig overridden =
        file.withEstimateOverrides("cost_per_capita, care_coordinated", null, "not_yet_treated");

    assertThat(overridden.estimates().outcomes())
        .containsExactly(PanelOutcome.COST_PER_CAPITA, PanelOutcome.CARE_COORDINATED);
    assertThat(overridden.estimates().estimators())
        .containsExactly(EstimateSelection.Method.TWFE, EstimateSelection.Method.OUTCOME_MODELS);
    assertThat(overridden.estimates().comparisonGroup()).isEqualTo(ComparisonGroup.NOT_YET_TREATED);
    assertThat(file.withEstimateOverrides(null, "all", null).estimates().estimators())
        .hasSize(EstimateSelection.Method.values().length);
    assertThatThrownBy(() -> file.withEstimateOverrides(null, "twfe,bacon", null))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("(after command-line overrides)")
        .hasMessageContaining("estimators: unknown value 'bacon' (allowed: twfe, did_2x2,");
  }

  private Path yaml(String text) throws IOException {
    Path file = Files.createTempFile(work, "nightly", ".yaml");
    Files.writeString(file, text);
    return file;
  }
}
