package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  /**
   * 2 + 1 pioneers and 3 comparison sites, 2013-01..2015-12: financial years 2012/13 (3 months) to
   * 2015/16 (9 months) and survey waves 2013..2015.
   */
  private static final GeneratorConfig SMALL =
      GeneratorConfig.defaults()
          .withPatientsPerSite(200)
          .withComparisonSites(3)
          .withPioneerSites(2, 1)
          .withStartMonth(YearMonth.of(2013, 1))
          .withEndMonth(YearMonth.of(2015, 12))
          .withRespondentsPerSiteWave(20);

  /**
   * Per site: 4 population + 36 admissions + 36 costs + 3 survey drops + 1 patient register = 80
   * drops of 2 files; 6 sites give 960 files, plus the site register drop (2) and truth.json (1).
   */
  private static final int EXPECTED_FILES = 6 * 80 * 2 + 2 + 1;

  @Test
  void sameSeedGivesByteIdenticalTreesWhateverTheParallelism(@TempDir Path dir) {
    GenerationSummary one =
        new ExtractGenerator(SMALL).withParallelism(1).writeTo(dir.resolve("one"));
    GenerationSummary two =
        new ExtractGenerator(SMALL).withParallelism(2).writeTo(dir.resolve("two"));

    Map<String, String> first = TestDrops.checksums(dir.resolve("one"));
    Map<String, String> second = TestDrops.checksums(dir.resolve("two"));
    assertThat(first).hasSize(EXPECTED_FILES);
    assertThat(one.filesWritten()).isEqualTo(EXPECTED_FILES);
    assertThat(second).isEqualTo(first);
    assertThat(two.rowsByExtract()).isEqualTo(one.rowsByExtract());

    // The window starts in January: the first population drop (batch 2012-04) holds 3 months.
    List<String[]> population =
        TestDrops.rows(dir.resolve("one/drops/population/P01/2012-04/population_P01_2012-04.csv"));
    assertThat(population)
        .extracting(r -> r[1])
        .containsExactly("2013-01-01", "2013-02-01", "2013-03-01");
  }

  @Test
  void differentSeedGivesDifferentDataButTheSameLayout(@TempDir Path dir) {
    new ExtractGenerator(SMALL).writeTo(dir.resolve("a"));
    new ExtractGenerator(SMALL.withSeed(7L)).writeTo(dir.resolve("b"));

    Map<String, String> a = TestDrops.checksums(dir.resolve("a"));
    Map<String, String> b = TestDrops.checksums(dir.resolve("b"));
    assertThat(b.keySet()).isEqualTo(a.keySet());
    long differing = a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).count();
    // Every admissions and survey CSV holds random keys, so at least those 6 x 39 files differ.
    assertThat(differing).isGreaterThan(6 * 39);
    assertThat(b.get("truth.json")).isNotEqualTo(a.get("truth.json"));
  }

  @Test
  void changingTheSurveySizeLeavesAdmissionsUntouched(@TempDir Path dir) {
    new ExtractGenerator(SMALL).writeTo(dir.resolve("a"));
    new ExtractGenerator(SMALL.withRespondentsPerSiteWave(30)).writeTo(dir.resolve("b"));

    Map<String, String> a = TestDrops.checksums(dir.resolve("a"));
    Map<String, String> b = TestDrops.checksums(dir.resolve("b"));
    a.keySet().stream()
        .filter(k -> k.startsWith("drops/admissions") || k.startsWith("drops/costs"))
        .forEach(k -> assertThat(b.get(k)).as(k).isEqualTo(a.get(k)));
  }
}
