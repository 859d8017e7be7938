package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The default configuration (written once per build to target/test-generations/defaults): 65 sites
 * x 96 months, about 275,000 spells. On an idle 2-core machine it takes 2-4 s (budget 20 s); the
 * assertion allows 60 s because writing 27,000 small files is disk-bound when other builds share
 * the disk.
 */
class DefaultGenerationTest {
  @Test
  void defaultConfigurationHasTheExpectedSizeAndIsQuick() {
    GenerationSummary s = TestGenerations.defaults();

    assertThat(s.rowsByExtract())
        .containsEntry("site_register", 65L)
        .containsEntry("population", 6_240L)
        .containsEntry("costs", 37_440L)
        .containsEntry("patient_experience", 78_000L);
    // 65 sites x 96 months x about 3,000 residents x (7.5..7.9 + 5.0 + 1.5) / 1,000 per month.
    assertThat(s.rowsByExtract().get("admissions")).isBetween(240_000L, 310_000L);
    // One patient-register row per resident: 65 sites x 3,000 x U(0.7, 1.3).
    assertThat(s.rowsByExtract().get("patient_register")).isBetween(65 * 2_100L, 65 * 3_900L);
    // Register drop (2 files), 65 sites x 209 drops (208 + the patient register) x 2 files,
    // truth.json.
    assertThat(s.filesWritten()).isEqualTo(2 + 65 * 209 * 2 + 1);
    assertThat(s.elapsed().toSeconds()).isLessThan(60);
  }
}
