package org.pioneereval.generator;

import java.nio.file.Path;
import java.time.YearMonth;

/**
 * Generations shared by several test classes (surefire reuses one JVM), so that each is written
 * once per build. They live under target/test-generations and are replaced at the start of every
 * run; on a busy disk, creating and deleting the 27,000 small files of the default design is the
 * slowest part of the suite.
 */
final class TestGenerations {
  private TestGenerations() {}

  /**
   * A short window with large cohorts and enlarged effects, so that the effects stand out of the
   * sampling noise: 14 + 11 pioneers and 3 comparison sites with 5,000 residents, 2013-04 to
   * 2016-03, emergency admissions +25%, overall satisfaction -0.30 latent points.
   */
  static final GeneratorConfig LARGE_EFFECTS_CONFIG =
      GeneratorConfig.defaults()
          .withPatientsPerSite(5000)
          .withComparisonSites(3)
          .withStartMonth(YearMonth.of(2013, 4))
          .withEndMonth(YearMonth.of(2016, 3))
          .withEffect(Outcome.EMERGENCY_ADMISSIONS_RATE, 0.25)
          .withEffect(Outcome.OVERALL_SATISFACTION, -0.30);

  private static GenerationSummary defaults;
  private static GenerationSummary largeEffects;

  /** {@link GeneratorConfig#defaults()}, written to target/test-generations/defaults. */
  static synchronized GenerationSummary defaults() {
    if (defaults == null) {
      defaults = generate(GeneratorConfig.defaults(), "defaults");
    }
    return defaults;
  }

  /** {@link #LARGE_EFFECTS_CONFIG}, written to target/test-generations/large-effects. */
  static synchronized GenerationSummary largeEffects() {
    if (largeEffects == null) {
      largeEffects = generate(LARGE_EFFECTS_CONFIG, "large-effects");
    }
    return largeEffects;
  }

  private static GenerationSummary generate(GeneratorConfig config, String name) {
    Path root = Path.of("target", "test-generations", name);
    TestDrops.deleteRecursively(root);
    GenerationSummary s = new ExtractGenerator(config).writeTo(root);
    System.out.printf(
        "Generated %s: %d files, rows %s, %.1f s%n",
        name, s.filesWritten(), s.rowsByExtract(), s.elapsed().toMillis() / 1000.0);
    return s;
  }
}
